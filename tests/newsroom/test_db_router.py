"""Public reads go to the read replica when one is configured (newsroom/db_router.py)."""

import pytest
from django.db import connections, router, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from newsroom.db_router import REPLICA, PrimaryPinMiddleware, primary_pinned
from tests.builders import article_build


@pytest.fixture
def replica(transactional_db):
    """A second alias on the same test database, a mirror of ``default``.

    It shares the test's database connection (as Django's live-server tests
    share SQLite's in-memory one); the test commits, as production does, so
    that reads outside a transaction may go to the replica.
    """
    connections.settings[REPLICA] = {
        **connections["default"].settings_dict,
        "TEST": {"MIRROR": "default"},
    }
    mirror = connections[REPLICA]
    connections["default"].ensure_connection()
    mirror.connection = connections["default"].connection
    yield mirror
    mirror.connection = None  # the connection belongs to default
    del connections[REPLICA]
    del connections.settings[REPLICA]


def test_reads_go_to_the_replica_and_writes_to_the_primary(replica):
    with CaptureQueriesContext(connections["default"]) as primary_queries:
        article = article_build(title_ar="خبر على الأساسي")
    assert any(q["sql"].startswith("INSERT") for q in primary_queries.captured_queries)

    with (
        CaptureQueriesContext(replica) as replica_queries,
        CaptureQueriesContext(connections["default"]) as primary_queries,
    ):
        found = Article.objects.public("ar").get()
    assert found == article
    assert found._state.db == REPLICA
    assert len(replica_queries) == 1
    assert len(primary_queries) == 0
    assert router.db_for_write(Article) == "default"


def test_transactions_and_pinned_blocks_read_the_primary(replica):
    with transaction.atomic():
        assert Article.objects.all().db == "default"
    with primary_pinned():
        assert Article.objects.all().db == "default"
    assert Article.objects.all().db == REPLICA


@pytest.mark.parametrize(
    ("method", "cookies", "pinned"),
    [
        ("get", {}, False),
        ("head", {}, False),
        ("post", {}, True),
        ("get", {"sessionid": "x"}, True),
    ],
)
def test_writes_and_signed_in_users_are_pinned_to_the_primary(replica, method, cookies, pinned):
    request = getattr(RequestFactory(), method)("/ar/")
    request.COOKIES.update(cookies)
    seen = []
    PrimaryPinMiddleware(lambda request: seen.append(Article.objects.all().db))(request)
    assert seen == ["default" if pinned else REPLICA]


def test_without_a_replica_everything_uses_the_primary():
    assert REPLICA not in connections.settings
    assert router.db_for_read(Article) == "default"
    assert router.db_for_write(Article) == "default"


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate(REPLICA, "articles")
