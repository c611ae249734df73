"""Faults: probes, the 503 page while the database is unreachable, cached pages, recovery."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.builders import article_full_build

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
