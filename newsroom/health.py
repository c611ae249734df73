"""Health and faults: liveness and readiness probes, and the 503 page for a lost database.

``/healthz`` says only that the process answers (a load balancer restarts it
when it does not); ``/readyz`` also asks the database and the cache, each
reported on its own, so an orchestrator stops sending readers to a process
that cannot serve them — which a lost cache does not make it (it serves
uncached, "degraded"). When the database is unreachable a request that
needs it gets a 503 page in the reader's language instead of a stack trace;
pages already in the cache never touch the database and keep being served.
"""

import sys
import uuid

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error

#: Seconds a client is told to wait before trying again after a 503.
RETRY_AFTER = 30
#: Errors that mean the database is unreachable or overloaded, not that our code is wrong.
UNAVAILABLE = (OperationalError, InterfaceError)


@never_cache
def liveness(request):
    """The process is up and answering; nothing else is asked."""
    return JsonResponse({"status": "ok"})


@never_cache
def readiness(request):
    """Whether the database and the cache answer, each reported separately.

    Only the database decides the status code: without it the process cannot
    serve (503); without the cache it serves every page, uncached (200,
    "degraded"). The cache is shared by every app server, so a 503 for it
    would take them all out of the load balancer at once.
    """
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    if not checks["database"]:
        status = "unavailable"
    else:
        status = "ok" if all(checks.values()) else "degraded"
    return JsonResponse(
        {
            "status": status,
            **{name: "ok" if ok else "unavailable" for name, ok in checks.items()},
        },
        status=503 if status == "unavailable" else 200,
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        # The request's end closes a broken connection; the next request reconnects.
        return False


def _cache_ok() -> bool:
    # A cache that does not answer stores nothing (newsroom.cache), so the value is not read back.
    key = f"newsroom:readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", 5)
        return cache.get(key) == "1"
    except Exception:  # any other backend's failure (connection, timeout) too
        return False


def server_error_or_unavailable(request, template_name="500.html"):
    """``handler500``: a 503 page while the database is unreachable, else the 500 page."""
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        # No request context: its processors (the user, messages) need the database.
        context = {"submitted": _submitted_text(request)}
        response = HttpResponse(loader.render_to_string("503.html", context), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response
    return server_error(request, template_name)


def _submitted_text(request) -> list[tuple[str, str]]:
    """What an editor typed in the form whose save failed, to show back (escaped) on the 503 page.

    Only to the browser that just sent it; never passwords or the CSRF token.
    """
    if request.method != "POST":
        return []
    return [
        (name, value)
        for name, values in request.POST.lists()
        for value in values
        if value.strip()
        and "password" not in name
        and not name.startswith(("csrfmiddlewaretoken", "_", "initial-"))
    ]
