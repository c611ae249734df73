"""Public page caching: pages invalidated by what they show, per-page cache, HTTP validators.

While a page is made, the objects it loads and the lists it reads are collected
(``newsroom.dependencies``), and the stored page is indexed under their keys in
its language. ``pages_follow`` follows every change the services announce
(``newsroom.events``) and drops only the pages that show what changed, in the
languages touched, plus the lists an article enters, leaves or moves in; the
HTTP caches in front (``newsroom.purge``) are purged by the same keys. A
site-wide *content version* still exists for the writes that announce nothing
precise (``content_changed()``: bulk loads, a restore): a page of an older
version is made again. A scheduled article becomes public without any save, so
the version's record also remembers the next scheduled publication time (or the
next time a breaking-news banner starts or expires), and the first request
after it drops the lists that article enters (or the pages that show banners).

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
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.http import HttpResponse, QueryDict
from django.http.request import split_domain_port
from django.urls.converters import get_converters
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, urlencode

from articles import search
from newsroom import dependencies, purge
from newsroom.events import ALL_LANGUAGES, Change, ContentChanged, languages_changed

VERSION_KEY = "newsroom:content-version"
#: Counts invalidations: a page made while one happened is not stored (it may show
#: what was just changed, read before the change committed).
INVALIDATIONS_KEY = "newsroom:invalidations"
#: A stored page: (content version, status, headers, body, when it was made).
PAGE_FIELDS = 5
#: A tag every page carries in the HTTP caches' headers (never indexed here): purging it
#: purges every page (``content_changed``).
EVERY_PAGE = "*"

# Set when the shared cache did not take the last new content version or did not
# drop what an invalidation named (it was down): pages it kept from before may be
# stale, so the next request stores a new version before it reads any.
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
    """Invalidate every cached public page (now, and again when the transaction commits).

    For writes that announce nothing precise (a bulk load, a restore, a direct
    ``UPDATE``); the services' events invalidate only what they changed (``pages_follow``).
    """
    _bump()
    purge.purge([EVERY_PAGE])
    # Another process could cache the old content before our transaction
    # commits; the second bump drops whatever it cached meanwhile.
    transaction.on_commit(_bump)
    transaction.on_commit(lambda: purge.purge([EVERY_PAGE]))


def _drop(tags: set[str], hard: bool = False) -> None:
    global _version_lost
    if not dependencies.invalidate(cache, tags):
        _version_lost = True
    purge.purge(tags, hard=hard)
    try:
        cache.incr(INVALIDATIONS_KEY)
    except ValueError:  # not there yet (or the cache is down: then nothing is stored anyway)
        cache.add(INVALIDATIONS_KEY, 1, timeout=None)


def invalidate(
    keys: Iterable[str], languages: Iterable[str] = ALL_LANGUAGES, *, hard: bool = False
) -> None:
    """Drop every cached page and fragment that depends on one of ``keys`` in one of
    ``languages`` (now, and again when the transaction commits), here and in the HTTP
    caches in front (``newsroom.purge``: softly, or ``hard`` for what must be gone at once)."""
    tags = dependencies.tags_of(keys, languages)
    if tags:
        _drop(tags, hard)
        transaction.on_commit(lambda: _drop(tags, hard))


#: Article fields whose change never moves an article into or out of a list, nor
#: within one (what a teaser shows of them is covered by the article's own key).
_LIST_NEUTRAL = ("standfirst",)


def article_list_keys(article) -> set[str]:
    """The lists ``article`` is part of: every unrestricted list, and the list of each object
    it refers to (its section, source, tags, people, organisations…)."""
    keys = {dependencies.ALL_LISTS}
    for field in type(article)._meta.get_fields():
        if getattr(field, "auto_created", False) or not field.is_relation:
            continue
        if field.many_to_one and field.concrete:
            pk = getattr(article, field.attname)
            if pk is not None:
                keys.add(dependencies.list_key(field.related_model, pk))
        elif field.many_to_many:
            related = field.related_model
            keys.update(
                dependencies.list_key(related, pk)
                for pk in getattr(article, field.name).values_list("pk", flat=True)
            )
    return keys


def _moves_in_lists(article, fields: frozenset[str] | None) -> bool:
    """Could writing ``fields`` of ``article`` move it into, out of or within a list?"""
    from articles.models import TRANSLATION_REQUIRED, Article

    if article.status != Article.Status.PUBLISHED:
        return False  # not in any list; a scheduled one enters when its time comes
    if fields is None:
        return True
    for name in fields:
        base, _, language = name.rpartition("_")
        if language not in ALL_LANGUAGES:
            if name not in _LIST_NEUTRAL:
                return True  # the date, the section, the tags…
        elif base == "slug" or (base in TRANSLATION_REQUIRED and not getattr(article, name)):
            return True  # a language gained (its slug is written) or lost
    return False


def pages_follow(sender, event: ContentChanged, **kwargs) -> None:
    """Follow ``newsroom.events.content_changed``: drop the pages that show what changed."""
    from articles.models import Article, BreakingNews

    if event.kind == Change.RECORDED:  # a translation record changes no page
        return
    if event.bulk or not event.pks or (event.model is Article and not event.objects):
        content_changed()  # a bulk load, or deleted articles whose lists are gone with them
        return
    fields = event.fields
    # A slug written (or unknown fields) changes the links to the object in every
    # language's pages (the language switcher, hreflang alternates).
    crossing = fields is None or any(name.startswith("slug") for name in fields)
    languages = ALL_LANGUAGES if crossing else event.languages & languages_changed(fields)
    # Gone from the public site: never served stale by an HTTP cache, not even in grace.
    hard = event.kind in (Change.UNPUBLISHED, Change.DELETED)
    invalidate({dependencies.object_key(event.model, pk) for pk in event.pks}, languages, hard=hard)
    # A part of an article (a byline, an update note): the article's pages show it.
    parents = {getattr(obj, "article_id", None) for obj in event.objects} - {None}
    if event.model is not Article and parents:
        invalidate({dependencies.object_key(Article, pk) for pk in parents}, languages)
    if event.model is not Article:
        # The pages that show whichever objects of the model exist (the section menu,
        # the banner): a new one is on none of them yet.
        invalidate({dependencies.model_key(event.model)}, languages, hard=hard)
    if event.model is Article:
        entering = event.kind != Change.UPDATED
        lists = set()
        for article in event.objects:
            if entering or _moves_in_lists(article, fields):
                lists |= article_list_keys(article)
        invalidate(
            lists, event.languages if fields is None else languages_changed(fields), hard=hard
        )
    if event.model in (Article, BreakingNews):
        # An article scheduled, a banner starting or expiring: the next time pages change.
        _reschedule()
        transaction.on_commit(_reschedule)


def _reschedule() -> None:
    """Note when the next scheduled article goes public (a save may have scheduled one)."""
    state = cache.get(VERSION_KEY)
    if state is None:
        _bump()
    else:
        state = {**state, "next_publication": _next_publication()}
        cache.set_many({VERSION_KEY: state}, timeout=None)


def _banners_due(since: float) -> bool:
    """Has a breaking-news banner started or expired since ``since`` (a timestamp)?"""
    from articles.models import BreakingNews

    start = datetime.fromtimestamp(since - 1, tz=UTC)
    now = datetime.fromtimestamp(time.time(), tz=UTC)
    return BreakingNews.objects.filter(
        Q(starts_at__gte=start, starts_at__lte=now) | Q(expires_at__gte=start, expires_at__lte=now)
    ).exists()


def _publish_due(state: dict) -> dict:
    """Scheduled articles whose time has come enter their lists: drop those lists (and the
    pages that show banners, when one started or expired)."""
    from articles.models import Article, BreakingNews

    due = Article.objects.filter(
        status=Article.Status.PUBLISHED,
        # (a second early: a timestamp's float may not give back every microsecond)
        published_at__gte=datetime.fromtimestamp(state["next_publication"] - 1, tz=UTC),
        published_at__lte=datetime.fromtimestamp(time.time(), tz=UTC),
    ).prefetch_related(None)
    keys = set()
    for article in due:
        keys.add(dependencies.object_key(Article, article.pk))
        keys |= article_list_keys(article)
    if _banners_due(state["next_publication"]):
        keys.add(dependencies.model_key(BreakingNews))  # a banner started or expired
    invalidate(keys)
    state = {**state, "next_publication": _next_publication(), "changed_at": time.time()}
    cache.set_many({VERSION_KEY: state}, timeout=None)
    return state


def _renewed(state: dict | None) -> dict:
    """``state`` as read from the cache, renewed when missing or a scheduled time has passed."""
    try:
        if state is None or _version_lost:
            state = _bump()
        elif (state["next_publication"] or float("inf")) <= time.time():
            state = _publish_due(state)
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


def _store(key: str, page: tuple, tags: set[str], seconds: int, invalidations) -> None:
    """Store ``page`` under ``key``, indexed under ``tags``, unless something was invalidated
    since ``invalidations`` was read (the page may show what was read before it committed)."""
    dependencies.index_add(cache, key, tags, seconds)  # indexed before it is there
    cache.set(key, page, seconds)
    if cache.get(INVALIDATIONS_KEY) != invalidations:
        cache.delete(key)


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
            found = cache.get_many([VERSION_KEY, key, INVALIDATIONS_KEY])
            state, page = _renewed(found.get(VERSION_KEY)), found.get(key)
            if state is not found.get(VERSION_KEY):  # renewed: what was read may be dropped now
                page = None
                found[INVALIDATIONS_KEY] = cache.get(INVALIDATIONS_KEY)
        else:
            state, page, found = content_state(), None, {}
        pending = None
        if page is not None and len(page) == PAGE_FIELDS and page[0] == state["version"]:
            _version, status, headers, body, made_at = page
            response = HttpResponse(body, status=status, headers=headers)
            response[HIT_HEADER] = "hit"
        else:
            with dependencies.collecting() as keys:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming or response.cookies:
                    return response
                if hasattr(response, "render"):
                    response.render()
            body = response.content
            made_at = time.time()
            response["ETag"] = f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'
            response["Last-Modified"] = http_date(made_at)
            patch_cache_control(response, public=True, max_age=settings.NEWSROOM_PAGE_MAX_AGE)
            tags = dependencies.tags_of(keys, [translation.get_language()])
            # The HTTP caches in front are told what the page depends on, to purge it by that.
            for name, value in purge.headers(tags | {EVERY_PAGE}).items():
                response[name] = value
            if seconds:
                headers = list(response.items())
                page = (state["version"], response.status_code, headers, body, made_at)
                pending = (key, page, tags, seconds, found.get(INVALIDATIONS_KEY))
                if FAST_PATH not in settings.MIDDLEWARE:
                    _store(*pending)
                    pending = None
        conditional = get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=int(made_at),
            response=response,
        )
        if pending is not None:
            # Stored by the fast path once every middleware has added its headers.
            (conditional or response)._newsroom_page = pending
        return conditional or response

    return wrapper


#: Says whether the page came from the page cache ("hit") or was made ("miss").
HIT_HEADER = "X-Page-Cache"
#: The fast path's dotted path in ``MIDDLEWARE`` (first of all).
FAST_PATH = "articles.caching.CachedPageMiddleware"


class CachedPageMiddleware:
    """The page cache's fast path, first of all middleware: an anonymous GET or HEAD for a
    cached page is answered from one cache read, before any other middleware runs.

    Only the canonical address of a language's page is looked up (``/ar/…``, its query
    string exactly as the page cache writes it); anything else, a request with a session,
    or a page not cached goes through the whole stack as before. A page is stored here,
    once every middleware has added its headers (security, CSP, ``Vary``…), so the fast
    answer carries exactly the headers the ordinary one would.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        fast = self.lookup(request)
        if fast is not None:
            return fast
        response = self.get_response(request)
        pending = getattr(response, "_newsroom_page", None)
        if pending is not None:
            key, page, tags, seconds, invalidations = pending
            if response.status_code == 200:
                page = (*page[:2], list(response.items()), *page[3:])
            _store(key, page, tags, seconds, invalidations)
            response[HIT_HEADER] = "miss"
        return response

    def lookup(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or not settings.NEWSROOM_PAGE_CACHE_SECONDS
        ):
            return None
        language = request.path_info.split("/", 2)[1]
        if language not in self.languages:
            return None
        try:
            host = request.get_host()
        except Exception:  # DisallowedHost and the like: the ordinary path answers them
            return None
        key = (
            f"newsroom:page:{language}:"
            + hashlib.sha256(
                f"{request.scheme}://{host}{request.get_full_path()}".encode()
            ).hexdigest()
        )
        found = cache.get_many([VERSION_KEY, key])
        state, page = found.get(VERSION_KEY), found.get(key)
        if (
            page is None
            or len(page) != PAGE_FIELDS  # stored by another release
            or state is None
            or _version_lost
            or page[0] != state["version"]
            or (state["next_publication"] or float("inf")) <= time.time()
        ):
            return None
        _version, status, headers, body, made_at = page
        response = HttpResponse(body, status=status, headers=headers)
        response[HIT_HEADER] = "hit"
        return (
            get_conditional_response(
                request, etag=response["ETag"], last_modified=int(made_at), response=response
            )
            or response
        )
