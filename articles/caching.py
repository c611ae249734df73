"""Public page caching: a site-wide content version, per-page cache, HTTP validators.

Every cached page's key holds the current *content version*, a value kept in
the shared cache (Redis in production), so bumping it with
``content_changed()`` invalidates every page in every process at once.
``pages_follow`` calls it for every change the services announce
(``newsroom.events``: saves, transitions, imports, deletes, bulk loads). A
scheduled article becomes public, and a breaking-news banner starts or expires,
without any save, so the version also remembers the next such time and renews
itself once that time has passed.

A page is cached under its canonical address: the parameters of its query
string that it reads (declared per route, made canonical: ``?page=02`` is
``?page=2``, ``?page=1`` no page at all, a search query's spaces folded), and
nothing else. Any other parameter (``utm_source``, ``fbclid``, junk) is
dropped before the view sees the request, so such an address is answered with
the canonical page's bytes and adds nothing to the cache. Addresses that only
look different (``/news/007/…``, ``Host: site:1234``) are served uncached.

The shared cache is an accelerator: while it does not answer (see
``newsroom.cache``) pages are made for every request, and a content version
the cache did not take is stored again once it answers.
"""

from __future__ import annotations

import copy
import hashlib
import re
import time
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, transaction
from django.http import HttpResponse, QueryDict
from django.http.request import split_domain_port
from django.urls.converters import get_converters
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, urlencode

from articles import search
from newsroom.events import Change, ContentChanged

VERSION_KEY = "newsroom:content-version"

# Set when the shared cache did not take the last new content version (it was
# down): pages it kept from before may be stale, so the next request stores a
# new version before it reads any.
_version_lost = False


def _next_publication() -> float | None:
    """When the public pages next change by themselves (a timestamp), if ever: the next
    scheduled article goes public, or a breaking-news banner starts or expires."""
    from articles.models import Article, BreakingNews

    now = timezone.now()
    moments = [
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first(),
        *(
            BreakingNews.objects.filter(**{f"{field}__gt": now})
            .order_by(field)
            .values_list(field, flat=True)
            .first()
            for field in ("starts_at", "expires_at")
        ),
    ]
    moments = [moment for moment in moments if moment]
    return min(moments).timestamp() if moments else None


def _bump() -> dict:
    global _version_lost
    state = {
        "version": time.time_ns(),
        "changed_at": time.time(),
        "next_publication": _next_publication(),
    }
    # set_many() says which keys the cache did not take (newsroom.cache: all, while it is down).
    _version_lost = bool(cache.set_many({VERSION_KEY: state}, timeout=None))
    return state


def content_changed() -> None:
    """Invalidate every cached public page (now, and again when the transaction commits)."""
    _bump()
    # Another process could cache the old content before our transaction
    # commits; the second bump drops whatever it cached meanwhile.
    transaction.on_commit(_bump)


def pages_follow(sender, event: ContentChanged, **kwargs) -> None:
    """Follow ``newsroom.events.content_changed``: changed content makes every page stale."""
    if event.kind != Change.RECORDED:  # a translation record changes no page
        content_changed()


def _renewed(state: dict | None) -> dict:
    """``state`` as read from the cache, renewed when missing or a scheduled time has passed."""
    due = state is None or (state["next_publication"] or float("inf")) <= time.time()
    if due or _version_lost:
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


def _page_number(value: str) -> str | None:
    """``02``, ``+2`` and ``٢`` are page 2, as the paginator reads them; page 1 is no page."""
    try:
        number = int(value)
    except ValueError:
        return value  # "last", or a 404 (never cached)
    return None if number == 1 else str(number)


def _search_query(value: str) -> str | None:
    """The words of a search query, spaces folded, cut to what the search reads."""
    return " ".join(value.split())[: search.QUERY_LENGTH].strip() or None


#: The query parameters a page may be declared to read, and how each is made
#: canonical (``None``: as if absent).
PARAMETERS: dict[str, Callable[[str], str | None]] = {
    "page": _page_number,  # list pages (ListView's page_kwarg)
    "p": _page_number,  # paginated sitemaps
    "q": _search_query,
}
#: What a paginated list page reads.
PAGED = ("page",)


def _canonical_request(request, names: tuple[str, ...]):
    """``request`` with only the query parameters ``names`` (sorted), each made canonical."""
    pairs = []
    for name in names:
        value = request.GET.get(name)
        if value is not None and (value := PARAMETERS[name](value)) is not None:
            pairs.append((name, value))
    query_string = urlencode(pairs)
    if request.META.get("QUERY_STRING", "") == query_string:
        return request
    # A copy, so that middleware and logs still see what the client asked for.
    canonical = copy.copy(request)
    canonical.GET = QueryDict(query_string)
    canonical.META = {**request.META, "QUERY_STRING": query_string}
    return canonical


#: A parameter in a route: ``<int:pk>``, ``<slug>``.
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _is_canonical_address(request, host: str) -> bool:
    """Is the address as the site writes it (host and path), not one that only looks different?"""
    domain, port = split_domain_port(host)
    if host != (f"{domain}:{port}" if port else domain) or port not in ("", request.get_port()):
        return False  # upper case, a trailing dot, a port the server is not on
    # The path the route makes of what it captured, as reverse() would without
    # searching the resolver: "/news/007/" captures 7, which makes "/news/7/".
    # (A regular-expression route never matches: its pages are not cached.)
    match, converters = request.resolver_match, get_converters()
    path = ROUTE_PARAMETER.sub(
        lambda part: converters[part["converter"] or "str"].to_url(
            match.captured_kwargs[part["name"]]
        ),
        match.route,
    )
    return f"/{path}" == request.path_info


def _page_key(request, host: str) -> str:
    # Pages hold absolute URLs (canonical, hreflang, Open Graph), so the
    # scheme and host are part of what a page is.
    address = f"{request.scheme}://{host}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"newsroom:page:{translation.get_language()}:{digest}"


def cached_public_page(view, *, query: Iterable[str] = ()):
    """Cache a public GET page per language and canonical address; answer 304 to a validator.

    ``query`` names the query parameters the page reads (``PARAMETERS``); the
    view never sees any other, and the page is cached once per canonical value
    of those.

    A page is stored with the content version it was made under, beside (not
    inside) the version's key, so one round trip to the shared cache (``MGET``)
    brings both; a page of an older version is made again. It is stored as its
    status, headers and body bytes rather than a pickled response object:
    smaller, faster to load, and one body chunk (a feed writes its response in
    hundreds of small pieces, which the server would otherwise send one by one).
    """
    names = tuple(sorted(query))
    if unknown := set(names) - PARAMETERS.keys():
        raise ImproperlyConfigured(f"No canonical form for the query parameters {unknown}.")

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        request = _canonical_request(request, names)
        host = request.get_host()
        seconds = settings.NEWSROOM_PAGE_CACHE_SECONDS
        if not _is_canonical_address(request, host):
            seconds = 0
        key = _page_key(request, host)
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
