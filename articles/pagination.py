"""Pagination whose "page 1 of N" does not count the whole archive on every request."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.utils import translation
from django.utils.functional import cached_property

from articles.caching import content_state
from newsroom import dependencies


class CachedCountPaginator(Paginator):
    """A paginator whose total is kept in the shared cache until content changes.

    Counting every public article (or every article of a big tag) is the most
    expensive query of a list page. The count is kept under the content version
    and indexed under the keys of the lists it counts
    (``newsroom.dependencies.list_keys``), which every article entering or
    leaving them drops (``articles.caching``); it is keyed by the list's SQL
    without the "now" of the visibility rule. ``NEWSROOM_COUNT_CACHE_SECONDS`` (0: off) is how
    long a count is kept. ``visible_at`` is the "now" the list's visibility rule used
    (``public(at=...)``), which the key leaves out.
    """

    def __init__(self, object_list, per_page, *args, visible_at: datetime | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.visible_at = visible_at

    @property
    def count(self) -> int:
        return self.counted

    def database_count(self) -> int:
        """What the database counts when the cache has no count."""
        return Paginator.count.func(self)

    @cached_property
    def counted(self) -> int:
        seconds = settings.NEWSROOM_COUNT_CACHE_SECONDS
        query = getattr(self.object_list, "query", None)
        if not seconds or query is None:
            return self.database_count()
        # The parameter as the database gets it (SQLite: a string; PostgreSQL: as is).
        adapt = connections[self.object_list.db].ops.adapt_datetimefield_value
        now = {self.visible_at, adapt(self.visible_at)} - {None}
        try:
            sql, params = query.sql_with_params()
        except EmptyResultSet:
            # A list nothing can match (``none()``, ``pk__in=[]``) has no SQL to key
            # the count by; Django counts it as 0 without asking the database.
            return self.database_count()
        params = tuple("<now>" if param in now else param for param in params)
        digest = hashlib.blake2b(
            f"{type(self).__name__}|{sql}|{params!r}".encode(), digest_size=16
        ).hexdigest()
        key = f"newsroom:count:{content_state()['version']}:{digest}"
        # The lists counted: the page depends on them, and the count is dropped with them.
        lists = dependencies.list_keys(self.object_list)
        dependencies.depends_on(*lists)
        count = cache.get(key)
        if count is None:
            count = self.database_count()
            tags = dependencies.tags_of(lists, [translation.get_language()])
            dependencies.index_add(cache, key, tags, seconds)
            cache.set(key, count, seconds)
        return count


class SearchPaginator(CachedCountPaginator):
    """Search results: counted up to ``COUNT_LIMIT``, past which the page says "more than".

    A common word matches a large share of the archive, and counting every match
    means reading every matching document (half a second for "الأمم" at 100,000
    articles). Like most search engines, count what a reader can page through
    and say when there is more: the count stops at the limit plus one.
    """

    COUNT_LIMIT = 1000

    def database_count(self) -> int:
        # Unordered: the database may stop at the limit instead of sorting every match.
        return self.object_list.order_by()[: self.COUNT_LIMIT + 1].count()

    @property
    def count(self) -> int:
        return min(self.counted, self.COUNT_LIMIT)

    @property
    def more_than_counted(self) -> bool:
        """Are there more results than ``count`` (which is then the limit)?"""
        return self.counted > self.COUNT_LIMIT
