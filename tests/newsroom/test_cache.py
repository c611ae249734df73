import os

from newsroom.cache import RedisCache

#: A Redis database of its own (CI and this machine run Redis on 127.0.0.1:6379).
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


def test_one_redis_client_serves_every_operation():
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": "test-cache-client"})
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    cache.set("answer", {"value": 42}, 10)
    assert cache.get_many(["answer", "missing"]) == {"answer": {"value": 42}}
    assert cache._cache.get_client() is client
    cache.delete("answer")
    assert cache.get("answer") is None


def test_replicas_get_clients_of_their_own():
    cache = RedisCache(f"{REDIS_URL},redis://127.0.0.1:6379/14", {})
    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()
    assert reader is not writer
    assert cache._cache.get_client() is reader
