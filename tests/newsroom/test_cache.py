import logging
import os
import socket
import time

import pytest

from newsroom.cache import RETRY_SECONDS, RedisCache
from tests.redis_server import RedisServer

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


@pytest.fixture
def redis_server(tmp_path):
    """A Redis of this test's own, to stop and start again."""
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


def test_a_redis_that_does_not_answer_is_an_empty_cache_until_it_answers_again(
    redis_server, caplog
):
    cache = RedisCache(redis_server.url, {"OPTIONS": {"socket_timeout": 0.5}})
    cache.set("kept", "before", 60)
    client = cache._cache.get_client()

    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="newsroom.cache"):
        for _ in range(20):
            assert cache.get("kept") is None
            assert cache.get("kept", "default") == "default"
            assert cache.get_many(["kept", "other"]) == {}
            assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]  # the keys not stored
            assert cache.set("c", 3) is None
            assert cache.add("d", 4) is False
            assert cache.delete("kept") is False
            with pytest.raises(ValueError):
                cache.incr("counter")
    warnings = [r for r in caplog.records if "does not answer" in r.getMessage()]
    assert len(warnings) == 1  # once, not once per operation
    assert str(redis_server.port) in warnings[0].getMessage()

    redis_server.start()  # on the same port, with what it saved
    deadline = time.monotonic() + RETRY_SECONDS + 3
    while cache.get("kept") != "before" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert cache.get("kept") == "before"
    cache.set("after", "yes", 60)
    assert cache.get("after") == "yes"
    assert cache._cache.get_client() is client  # the same client, no restart
    assert any("answers again" in r.getMessage() for r in caplog.records)


def test_a_redis_that_hangs_costs_one_socket_timeout_not_one_per_operation():
    with socket.socket() as silent:  # accepts connections and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        port = silent.getsockname()[1]
        cache = RedisCache(
            f"redis://127.0.0.1:{port}/0",
            {"OPTIONS": {"socket_timeout": 0.3, "socket_connect_timeout": 0.3}},
        )
        started = time.monotonic()
        for _ in range(50):
            assert cache.get_many(["page", "version"]) == {}
            cache.set("page", "x", 60)
        assert time.monotonic() - started < 1.5
