"""Operational endpoints."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers: the app process answers, through all its middleware.

    It touches neither the database nor the cache, so a failing dependency
    does not take every process out of the balancer at once; ``make bench``
    also uses it as the baseline of a minimal Django view.
    """
    return HttpResponse(b"ok\n", content_type="text/plain")
