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
from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

VERSION_KEY = "newsroom:content-version"


def _next_publication() -> float | None:
    """When the next scheduled article goes public (a timestamp), if any."""
    from articles.models import Article

    moment = (
        Article.objects.scheduled()
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


def _renewed(state: dict | None) -> dict:
    """``state`` as read from the cache, renewed when missing or a scheduled time has passed."""
    if state is None or (state["next_publication"] or float("inf")) <= time.time():
        try:
            state = _bump()
        except DatabaseError:
            # Database unreachable: keep serving what is cached under the known
            # version; the next request after recovery renews it.
            if state is None:
                raise
    return state


def content_state() -> dict:
    """The current content version, renewed when a scheduled publication time has passed."""
    return _renewed(cache.get(VERSION_KEY))


def _page_key(request) -> str:
    # Pages hold absolute URLs (canonical, hreflang, Open Graph), so the
    # scheme and host are part of what a page is.
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"newsroom:page:{translation.get_language()}:{digest}"


def cached_public_page(view):
    """Cache a public GET page per language and address; answer 304 to a matching validator.

    A page is stored with the content version it was made under, beside (not
    inside) the version's key, so one round trip to the shared cache (``MGET``)
    brings both; a page of an older version is made again. It is stored as its
    status, headers and body bytes rather than a pickled response object:
    smaller, faster to load, and one body chunk (a feed writes its response in
    hundreds of small pieces, which the server would otherwise send one by one).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        seconds = settings.NEWSROOM_PAGE_CACHE_SECONDS
        key = _page_key(request)
        if seconds:
            found = cache.get_many([VERSION_KEY, key])
            state, page = _renewed(found.get(VERSION_KEY)), found.get(key)
        else:
            state, page = content_state(), None
        if page is not None and page[0] == state["version"]:
            _version, status, headers, body = page
            response = HttpResponse(body, status=status, headers=headers)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            if hasattr(response, "render"):
                response.render()
            body = response.content
            response["ETag"] = f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'
            response["Last-Modified"] = http_date(state["changed_at"])
            patch_cache_control(response, public=True, max_age=settings.NEWSROOM_PAGE_MAX_AGE)
            if seconds:
                page = (state["version"], response.status_code, list(response.items()), body)
                cache.set(key, page, seconds)
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
