"""The shared Redis cache: one client per connection pool, and no fault of Redis is ours.

Django's ``RedisCache`` builds a new ``redis.Redis`` client for every cache
operation (``RedisCacheClient.get_client``). A client is cheap to keep — it
holds no connection of its own, it borrows one from its pool per command and is
safe to share between threads — but not cheap to build: on a cached page,
building two of them cost more than the two round trips to Redis. This backend
keeps one client per pool.

The cache is an accelerator, not a part of the site's correctness: while Redis
does not answer (restarting, failing over, unreachable, out of memory) every
operation answers as an empty cache would — nothing found, nothing stored
(``set_many`` returns the keys it did not store, as Django documents) — so
pages are made for every request instead of failing. After a failure Redis is
left alone for ``RETRY_SECONDS``, so that a server that does not answer at all
costs one socket timeout now and then rather than one per operation; then the
next operation tries it again, and the pool's connections reconnect by
themselves. A warning is logged when Redis fails (at most once per
``WARNING_SECONDS``) and when it answers again.
"""

from __future__ import annotations

import logging
import time
from functools import wraps

from django.core.cache.backends import redis as django_redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

#: Seconds a Redis that failed is left alone before the next operation tries it again.
RETRY_SECONDS = 2.0
#: At most one warning per this many seconds while Redis keeps failing.
WARNING_SECONDS = 60.0


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class Outage:
    """Whether one Redis location answers, as every thread of this process last saw it."""

    def __init__(self, location: str) -> None:
        # Named in warnings by host, port and database: never with its password.
        self.location = ",".join(url.rpartition("@")[2] for url in location.split(","))
        self.since: float | None = None  # when it started failing (None: it answers)
        self.retry_at = 0.0  # monotonic time before which it is not tried
        self.warned_at = float("-inf")

    def resting(self) -> bool:
        """Is Redis being left alone after a failure?"""
        return self.since is not None and time.monotonic() < self.retry_at

    def failed(self, error: Exception) -> None:
        now = time.monotonic()
        if self.since is None:
            self.since = now
        self.retry_at = now + RETRY_SECONDS
        if now - self.warned_at >= WARNING_SECONDS:
            self.warned_at = now
            logger.warning(
                "The cache at %s does not answer (%s: %s); pages are served uncached "
                "until it does.",
                self.location,
                type(error).__name__,
                error,
            )

    def answered(self) -> None:
        if self.since is not None:
            logger.warning(
                "The cache at %s answers again after %.0f seconds.",
                self.location,
                time.monotonic() - self.since,
            )
            self.since, self.warned_at = None, float("-inf")


#: One outage record per Redis location, shared by the cache objects of every thread.
_outages: dict[str, Outage] = {}


def _missing(key, *args, **kwargs):
    raise ValueError(f"Key '{key}' not found")  # what incr() says of a key it does not find


#: What each operation answers while Redis does not: what an empty cache would.
FALLBACKS = {
    "add": lambda *args, **kwargs: False,
    "get": lambda key, default=None, version=None: default,
    "set": lambda *args, **kwargs: None,
    "touch": lambda *args, **kwargs: False,
    "delete": lambda *args, **kwargs: False,
    "get_many": lambda *args, **kwargs: {},
    "has_key": lambda *args, **kwargs: False,
    "incr": _missing,
    "set_many": lambda data, *args, **kwargs: list(data),  # the keys not stored
    "delete_many": lambda *args, **kwargs: None,
    "clear": lambda *args, **kwargs: None,
    "index_add": lambda *args, **kwargs: None,
    "index_drop": lambda *args, **kwargs: None,  # None: not done (newsroom.dependencies)
}


def _tolerant(name: str):
    """Django's ``RedisCache.<name>``, answering as an empty cache while Redis does not."""
    operation, fallback = getattr(RedisCache, name), FALLBACKS[name]

    @wraps(operation)
    def tolerant(self, *args, **kwargs):
        outage = self._outage
        if outage.resting():
            return fallback(*args, **kwargs)
        try:
            result = operation(self, *args, **kwargs)
        except RedisError as error:  # refused, timed out, read-only replica, out of memory…
            outage.failed(error)
            return fallback(*args, **kwargs)
        if outage.since is not None:
            outage.answered()
        return result

    return tolerant


#: Drops every entry whose key is a member of the index sets KEYS, and the sets
#: themselves, in one round trip (in slices: Lua's unpack() has a limit).
_INDEX_DROP = """
local members = redis.call('SUNION', unpack(KEYS))
for i = 1, #members, 1000 do
  redis.call('UNLINK', unpack(members, i, math.min(i + 999, #members)))
end
redis.call('UNLINK', unpack(KEYS))
return #members
"""


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        location = ",".join(self._servers)
        self._outage = _outages.setdefault(location, Outage(location))

    # The dependency index of newsroom.dependencies: one Redis set per key.
    def index_add(self, entry_key: str, index_keys: list[str], timeout: int) -> None:
        """Add ``entry_key`` to the sets ``index_keys``, kept ``timeout`` seconds (one trip)."""
        member = self.make_and_validate_key(entry_key)
        pipeline = self._cache.get_client(write=True).pipeline(transaction=False)
        for index_key in index_keys:
            made = self.make_and_validate_key(index_key)
            pipeline.sadd(made, member)
            pipeline.expire(made, timeout)
        pipeline.execute()

    def index_drop(self, index_keys: list[str]) -> int:
        """Delete every entry indexed in ``index_keys``; how many there were."""
        made = [self.make_and_validate_key(key) for key in index_keys]
        client = self._cache.get_client(write=True)
        return client.eval(_INDEX_DROP, len(made), *made)


for _name in FALLBACKS:
    setattr(RedisCache, _name, _tolerant(_name))
