"""Pagination whose "page 1 of N" does not count the whole archive on every request."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

from articles.caching import content_state


class CachedCountPaginator(Paginator):
    """A paginator whose total is kept in the shared cache until content changes.

    Counting every public article (or every article of a big tag) is the most
    expensive query of a list page. Within one content version the set of
    public articles cannot change (saves, deletes, workflow transitions and
    scheduled times all move the version on, see ``articles.caching``), so the
    count is kept under the version, keyed by the list's SQL without the "now"
    of the visibility rule. ``NEWSROOM_COUNT_CACHE_SECONDS`` (0: off) is how
    long a count is kept.
    """

    @cached_property
    def count(self) -> int:
        seconds = settings.NEWSROOM_COUNT_CACHE_SECONDS
        query = getattr(self.object_list, "query", None)
        if not seconds or query is None:
            return super().count
        visible_at = self.object_list._hints.get("visible_at")
        # The parameter as the database gets it (SQLite: a string; PostgreSQL: as is).
        adapt = connections[self.object_list.db].ops.adapt_datetimefield_value
        now = {visible_at, adapt(visible_at)} - {None}
        sql, params = query.sql_with_params()
        params = tuple("<now>" if param in now else param for param in params)
        digest = hashlib.blake2b(f"{sql}|{params!r}".encode(), digest_size=16).hexdigest()
        key = f"newsroom:count:{content_state()['version']}:{digest}"
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, seconds)
        return count
