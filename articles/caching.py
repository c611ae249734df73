"""Page caching that every app process shares, invalidated when content changes.

Whole public pages are kept in the default cache (Redis when ``REDIS_URL`` is
set) together with the *content version* they were rendered under. Saving or
deleting any article, person, tag or other content bumps that version in the
same shared cache, so every process, on every server, stops serving the old
pages at once; they are rendered again on the next request. A CDN in front is
purged on publish the same way (see the README's production topology).

This is deliberately small: one version for all content, one middleware.
"""

from __future__ import annotations

import hashlib
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property

CONTENT_VERSION_KEY = "newsroom:content-version"
#: When the next scheduled article goes public (a Unix time; -1: none is scheduled).
NEXT_SCHEDULED_KEY = "newsroom:next-scheduled"
#: The apps whose models appear on public pages.
CONTENT_APPS = ("articles", "people", "taggit")


def content_version() -> int:
    """The current content version, shared by every process through the cache.

    A scheduled article going public changes pages without any save, so the
    version also moves on when the time of the next scheduled article passes.
    """
    return _version_from(cache.get_many([CONTENT_VERSION_KEY, NEXT_SCHEDULED_KEY]))


def _version_from(values: dict) -> int:
    """The content version from a ``get_many`` of its keys, set up or moved on as needed."""
    version, due = values.get(CONTENT_VERSION_KEY), values.get(NEXT_SCHEDULED_KEY)
    if version is None:
        # Start from the clock, not 1, so that a version key lost to eviction
        # never brings back pages cached under an old number.
        cache.add(CONTENT_VERSION_KEY, time.time_ns() // 1000, timeout=None)
    if due is None:
        next_scheduled_store()
    elif 0 <= due <= time.time():
        content_version_bump()
    elif version is not None:
        return version
    return cache.get(CONTENT_VERSION_KEY)


def content_version_bump() -> None:
    """Make every cached page stale, in every process."""
    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:  # no version yet (or it was evicted): start a new one
        cache.set(CONTENT_VERSION_KEY, time.time_ns() // 1000, timeout=None)
    next_scheduled_store()


def next_scheduled_store() -> None:
    """Remember when the next scheduled article goes public."""
    from articles.models import Article

    due = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    cache.set(NEXT_SCHEDULED_KEY, due.timestamp() if due else -1, timeout=None)


def content_changed(sender, **kwargs) -> None:
    """Signal receiver: bump the version once the change is committed."""
    if kwargs.get("raw") or kwargs.get("action", "post_").startswith("pre_"):
        return  # loaddata, or the "before" half of an m2m change
    # After the commit, so no process can cache the old page again in between.
    transaction.on_commit(content_version_bump, using=kwargs.get("using"))


def connect_signals() -> None:
    """Bump the content version on every save, delete or m2m change of content models."""
    for app_label in CONTENT_APPS:
        if not apps.is_installed(app_label):
            continue
        for model in apps.get_app_config(app_label).get_models():
            uid = f"newsroom-content-version-{model._meta.label_lower}"
            post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    content_changed,
                    sender=field.remote_field.through,
                    dispatch_uid=f"{uid}-{field.name}-m2m",
                )


class CachedCountPaginator(Paginator):
    """A paginator whose total is kept in the shared cache until content changes.

    Counting every public article (or every article of a big tag) for "page 1
    of N" is the most expensive query of a list page. Within one content
    version the set of public articles cannot change (saves, deletes and
    scheduled times all move the version on), so the count is cached under the
    version, keyed by the list's SQL without the "now" of the visibility rule.
    ``NEWSROOM_COUNT_CACHE_SECONDS`` (0: off) is how long a count is kept.
    """

    @cached_property
    def count(self) -> int:
        seconds = settings.NEWSROOM_COUNT_CACHE_SECONDS
        query = getattr(self.object_list, "query", None)
        if not seconds or query is None:
            return super().count
        visible_at = self.object_list._hints.get("visible_at")
        # The parameter as the database gets it (SQLite: a string; PostgreSQL: as is).
        now = {
            visible_at,
            connections[self.object_list.db].ops.adapt_datetimefield_value(visible_at),
        }
        sql, params = query.sql_with_params()
        params = tuple("<now>" if param in now else param for param in params)
        digest = hashlib.blake2b(f"{sql}|{params!r}".encode(), digest_size=16).hexdigest()
        key = f"newsroom:count:{content_version()}:{digest}"
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, seconds)
        return count


def page_cache_key(request: HttpRequest) -> str:
    """The cache key of a public page: host, path and query string."""
    address = f"{request.get_host()}{request.get_full_path()}".encode()
    return f"newsroom:page:{hashlib.blake2b(address, digest_size=16).hexdigest()}"


def is_cacheable_request(request: HttpRequest) -> bool:
    """An anonymous reader's GET or HEAD of a public page (under a language prefix)."""
    if request.method not in {"GET", "HEAD"}:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return False  # staff (previews, the admin) always get a fresh page
    prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)
    return request.path_info.startswith(prefixes)


def is_cacheable_response(response: HttpResponse) -> bool:
    """A complete 200 response that sets no cookie and does not forbid caching."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


class PageCacheMiddleware:
    """Serve anonymous readers' public pages from the shared cache.

    ``NEWSROOM_PAGE_CACHE_SECONDS`` (0 turns the cache off) is how long a page
    is kept; the content version makes a kept page stale as soon as content
    changes. Responses get ``Cache-Control: s-maxage`` for a CDN that is purged
    on publish, and ``max-age=0`` so browsers check back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.NEWSROOM_PAGE_CACHE_SECONDS
        if not seconds or not is_cacheable_request(request):
            return self.get_response(request)
        key = page_cache_key(request)
        # One round trip: the version, the next scheduled time and the page.
        values = cache.get_many([CONTENT_VERSION_KEY, NEXT_SCHEDULED_KEY, key])
        version = _version_from(values)
        entry = values.get(key)
        if entry is not None and entry[0] == version:
            response = HttpResponse(entry[1], headers=entry[2])
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if is_cacheable_response(response):
            if "Cache-Control" not in response:
                patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
            if request.method == "GET":
                # Kept with the version it was rendered under: a page rendered
                # while content changed is simply never served.
                cache.set(key, (version, response.content, dict(response.items())), seconds)
            response["X-Page-Cache"] = "miss"
        return response
