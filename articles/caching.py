"""Public page caching: a site-wide content version, per-page cache, HTTP validators.

Every cached page's key holds the current *content version*, a value kept in
the shared cache (Redis in production), so bumping it with
``content_changed()`` invalidates every page in every process at once. The
article save path calls it (``articles.signals``); the editorial workflow
calls it too after a publish, edit or unpublish. A scheduled article becomes
public without any save, so the version also remembers the next scheduled
publication time and renews itself once that time has passed.
"""

from __future__ import annotations

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

VERSION_KEY = "newsroom:content-version"


def _next_publication() -> float | None:
    """When the next scheduled article goes public (a timestamp), if any."""
    from articles.models import Article

    moment = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return moment.timestamp() if moment else None


def _bump() -> dict:
    state = {
        "version": time.time_ns(),
        "changed_at": time.time(),
        "next_publication": _next_publication(),
    }
    cache.set(VERSION_KEY, state, timeout=None)
    return state


def content_changed() -> None:
    """Invalidate every cached public page (now, and again when the transaction commits)."""
    _bump()
    # Another process could cache the old content before our transaction
    # commits; the second bump drops whatever it cached meanwhile.
    transaction.on_commit(_bump)


def content_state() -> dict:
    """The current content version, renewed when a scheduled publication time has passed."""
    state = cache.get(VERSION_KEY)
    if state is None or (state["next_publication"] or float("inf")) <= time.time():
        state = _bump()
    return state


def cached_public_page(view):
    """Cache a public GET page per language and address; answer 304 to a matching validator."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        state = content_state()
        # Pages hold absolute URLs (canonical, hreflang, Open Graph), so the
        # scheme and host are part of what a page is.
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        key = f"newsroom:page:{state['version']}:{translation.get_language()}:{digest}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            if hasattr(response, "render"):
                response.render()
            response["ETag"] = (
                f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
            )
            response["Last-Modified"] = http_date(state["changed_at"])
            patch_cache_control(response, public=True, max_age=settings.NEWSROOM_PAGE_MAX_AGE)
            cache.set(key, response, settings.NEWSROOM_PAGE_CACHE_SECONDS)
        return (
            get_conditional_response(
                request,
                etag=response["ETag"],
                last_modified=int(state["changed_at"]),
                response=response,
            )
            or response
        )

    return wrapper
