"""Two app servers, one PostgreSQL, one Redis: a publication shows everywhere at once.

Runs two gunicorn servers (separate OS processes) on the test database with
the page cache on in Redis, publishes an article through the first one's admin
and reads it through the second one.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

import lxml.html
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone
from redis import Redis

from tests.builders import article_build

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql"
        or not os.environ.get("REDIS_URL"),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL) shared by two servers; "
        "CI runs it in its PostgreSQL + Redis pass",
    ),
    pytest.mark.django_db(transaction=True),  # the servers see committed rows only
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One gunicorn app server on the test database, with the page cache in Redis."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "newsroom.wsgi:application",
                "--workers=1",
                f"--bind=127.0.0.1:{self.port}",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def wait(self) -> None:
        for _ in range(150):
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=1).read()  # noqa: S310
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        pytest.fail(f"gunicorn did not start:\n{self.log.read_text()}")

    def get(self, path: str) -> tuple[int, str, str | None]:
        """Status, page text and ETag of an anonymous GET."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:  # noqa: S310
                return response.status, response.read().decode(), response.headers["ETag"]
        except urllib.error.HTTPError as error:
            return error.code, "", None

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def servers(tmp_path):
    """Two app servers sharing this test's database and a fresh Redis key prefix."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@"
            f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "CACHE_KEY_PREFIX": f"scale-out-{uuid.uuid4().hex}",
        "NEWSROOM_PAGE_CACHE_SECONDS": "600",
        "DJANGO_STATIC_ROOT": str(settings.STATIC_ROOT),  # the session's collectstatic
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    started = [Server(env, tmp_path / f"server-{name}.log") for name in ("a", "b")]
    try:
        for server in started:
            server.wait()
        yield started
    finally:
        for server in started:
            server.stop()
        redis = Redis.from_url(os.environ["REDIS_URL"])
        for key in redis.scan_iter(f"{env['CACHE_KEY_PREFIX']}:*"):
            redis.delete(key)


def editor_session() -> str:
    """A signed-in superuser's session cookie (sessions live in the shared database)."""
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "x")
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def publish_through_admin(server: Server, article_id: int) -> None:
    """Move the article's date into the past with ``server``'s own admin change form."""
    url = f"{server.url}/admin/articles/article/{article_id}/change/"
    cookie = f"{settings.SESSION_COOKIE_NAME}={editor_session()}"
    form_page = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
    with urllib.request.urlopen(form_page, timeout=10) as response:  # noqa: S310
        set_cookies = response.headers.get_all("Set-Cookie")
        page = lxml.html.fromstring(response.read().decode())
    csrf = next(c for c in set_cookies if c.startswith("csrftoken=")).split(";", 1)[0]
    fields = [
        (name, value)
        for name, value in page.get_element_by_id("article_form").form_values()
        if name not in {"published_at_0", "published_at_1"} and not name.startswith("_")
    ]
    past = timezone.now() - timedelta(minutes=5)
    fields += [
        ("published_at_0", past.strftime("%Y-%m-%d")),
        ("published_at_1", past.strftime("%H:%M:%S")),
        ("_save", "1"),
    ]
    save = urllib.request.Request(  # noqa: S310
        url,
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Cookie": f"{cookie}; {csrf}", "Referer": url},
    )
    with urllib.request.urlopen(save, timeout=10) as response:  # noqa: S310
        # The admin redirects to the changelist after a successful save.
        assert response.url.endswith("/admin/articles/article/"), response.read().decode()


def test_publishing_through_one_server_shows_through_the_other_at_once(servers):
    a, b = servers
    article = article_build(
        title_ar="خبر عاجل من الخادم الأول",
        published_at=timezone.now() + timedelta(days=1),  # scheduled: not public yet
    )
    path = article.get_absolute_url("ar")
    assert b.get(path)[0] == 404
    status, before, etag = b.get("/ar/")
    assert status == 200
    assert "خبر عاجل" not in before
    assert b.get("/ar/")[2] == etag  # b serves its page from Redis now
    assert "خبر عاجل" not in a.get("/ar/")[1]  # and a caches its own (its host differs)

    publish_through_admin(a, article.pk)

    status, after, new_etag = b.get("/ar/")
    assert status == 200
    assert new_etag != etag
    assert "خبر عاجل من الخادم الأول" in after
    assert b.get(path)[0] == 200
    assert "خبر عاجل من الخادم الأول" in a.get("/ar/")[1]
