"""Faults: probes, the 503 page while the database is unreachable, cached pages, recovery."""

from __future__ import annotations

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom.cache import RETRY_SECONDS
from newsroom.roles import EDITOR
from tests.builders import article_build, article_full_build
from tests.pages import parse, text_of
from tests.redis_server import RedisServer
from tests.staff import PASSWORD, form_data, staff_build

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def anonymous():
    """A client that gets the 500/503 page as a visitor would, instead of the exception."""
    return Client(raise_request_exception=False)


class database_unreachable:
    """Make the database unreachable, then bring it back.

    On PostgreSQL the connection really goes to a port where nothing listens
    (a new connection is refused, as when the server is stopped). The SQLite
    test database lives in memory and cannot be closed without being lost, so
    there every connection attempt fails as SQLite's does for a missing file.
    """

    def __enter__(self):
        self.saved = dict(connection.settings_dict)
        if connection.vendor == "postgresql":
            connection.close()
            connection.settings_dict.update(HOST="127.0.0.1", PORT="9")  # nothing listens
        else:
            error = OperationalError("unable to open database file")
            self.patches = [
                mock.patch.object(connection, name, side_effect=error)
                for name in ("ensure_connection", "_cursor")
            ]
            for patch in self.patches:
                patch.start()
        return self

    def __exit__(self, *exc):
        if connection.vendor == "postgresql":
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(self.saved)
        else:
            for patch in self.patches:
                patch.stop()


def test_liveness_and_readiness_answer(anonymous):
    assert anonymous.get("/healthz").json() == {"status": "ok"}
    assert anonymous.get("/readyz").json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
    }


def test_lost_database_gives_503_in_the_readers_language_cached_pages_stay_and_it_recovers(
    anonymous,
):
    article = article_full_build()
    cached_ar = article.get_absolute_url("ar")
    assert anonymous.get(cached_ar).status_code == 200  # now in the page cache

    with database_unreachable():
        with pytest.raises(OperationalError):
            connection.ensure_connection()
        # Cached: still served, without the database.
        response = anonymous.get(cached_ar)
        assert response.status_code == 200
        assert article.title_ar in response.content.decode()
        # Not cached: a 503 page in the visitor's language, no stack trace.
        uncached = {
            "ru": (article.get_absolute_url("ru"), "Временно недоступно"),
            "ar": ("/ar/search/?q=x", "غير متاح مؤقتًا"),
            "en": (article.get_absolute_url("en"), "Temporarily unavailable"),
        }
        for code, (url, words) in uncached.items():
            response = anonymous.get(url)
            assert response.status_code == 503
            assert response["Retry-After"]
            html = response.content.decode()
            assert f'lang="{code}"' in html and words in html
            assert "Traceback" not in html and "OperationalError" not in html
        # The probes tell the process from the database and the cache.
        assert anonymous.get("/healthz").status_code == 200
        ready = anonymous.get("/readyz")
        assert ready.status_code == 503
        assert ready.json() == {"status": "unavailable", "database": "unavailable", "cache": "ok"}

    # Back: the next requests work with no restart.
    assert anonymous.get(article.get_absolute_url("ru")).status_code == 200
    assert anonymous.get("/readyz").status_code == 200


def test_an_editor_whose_save_fails_gets_back_what_they_typed(anonymous, admin_user):
    anonymous.force_login(admin_user)
    with database_unreachable():
        response = anonymous.post(
            "/admin/articles/article/add/",
            {"title_ar": "عنوان لم يحفظ", "body_ar": "<p>نص <b>طويل</b></p>", "password": "x"},
        )
    assert response.status_code == 503
    html = response.content.decode()
    assert "عنوان لم يحفظ" in html
    assert "&lt;p&gt;نص &lt;b&gt;طويل&lt;/b&gt;&lt;/p&gt;" in html  # shown escaped, as text
    assert 'name="password"' not in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_postgresql_cuts_off_slow_statements():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "15s"
    with pytest.raises(OperationalError), connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 100")
        cursor.execute("SELECT pg_sleep(2)")
    connection.close()


@pytest.fixture
def own_redis(tmp_path, settings):
    """The cache in a Redis of this test's own (never the shared one), to stop and start."""
    server = RedisServer(tmp_path).start()
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    yield server
    server.stop()


def served_from_the_cache(client, url: str) -> bool:
    """Is ``url`` answered without a single database query (from the page cache)?"""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries) == 0


def test_with_redis_down_pages_are_served_staff_publish_and_caching_resumes(own_redis):
    reader, editor_client = Client(), Client()
    article_build(title_ar="خبر قبل العطل")
    waiting = article_build(
        title_ar="خبر نشر أثناء العطل",
        status=Article.Status.IN_REVIEW,
        published_at=timezone.now() - timedelta(minutes=1),
    )
    editor = staff_build(role=EDITOR)
    assert served_from_the_cache(reader, "/ar/")
    search = "/ar/search/?q=خبر"
    assert served_from_the_cache(reader, search)

    own_redis.stop()  # restarting, failing over: nothing answers on its port
    for url in ("/ar/", search, "/en/", "/ar/feed/rss/", "/sitemap.xml"):
        assert reader.get(url).status_code == 200, url
    assert "خبر قبل العطل" in text_of(parse(reader.get("/ar/")))
    ready = reader.get("/readyz")
    assert ready.status_code == 200  # still serving: the load balancer keeps it
    assert ready.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}

    # Staff log in and publish.
    login = editor_client.post(
        "/admin/login/?next=/admin/", {"username": editor.username, "password": PASSWORD}
    )
    assert login.status_code == 302 and login["Location"] == "/admin/"
    assert editor_client.get("/admin/").status_code == 200
    change = reverse("admin:articles_article_change", args=[waiting.pk])
    data = {**form_data(editor_client.get(change).content.decode()), "_transition": "publish"}
    assert editor_client.post(change, data).status_code == 302
    assert Article.objects.get(pk=waiting.pk).status == Article.Status.PUBLISHED
    assert "خبر نشر أثناء العطل" in text_of(parse(reader.get("/ar/")))

    # Back, with the pages it saved before going down: none of them is shown
    # stale, and pages are cached again, with no restart.
    own_redis.start()
    assert own_redis.keys()  # it did bring its old pages back
    for _ in range(3):
        assert "خبر نشر أثناء العطل" in text_of(parse(reader.get("/ar/")))
    deadline = time.monotonic() + RETRY_SECONDS + 3
    while not served_from_the_cache(reader, "/ar/") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert served_from_the_cache(reader, "/ar/")
    assert "خبر نشر أثناء العطل" in text_of(parse(reader.get("/ar/")))
    assert served_from_the_cache(reader, search)
    assert reader.get("/readyz").json() == {"status": "ok", "database": "ok", "cache": "ok"}
