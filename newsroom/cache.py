"""The shared Redis cache, with one client per connection pool instead of one per call.

Django's ``RedisCache`` builds a new ``redis.Redis`` client for every cache
operation (``RedisCacheClient.get_client``). A client is cheap to keep — it
holds no connection of its own, it borrows one from its pool per command and is
safe to share between threads — but not cheap to build: on a cached page,
building two of them cost more than the two round trips to Redis. This backend
keeps one client per pool; everything else is Django's.
"""

from __future__ import annotations

from django.core.cache.backends import redis as django_redis


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


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
