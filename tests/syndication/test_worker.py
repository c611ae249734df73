"""The real task queue: ``manage.py qcluster`` as its own process against the test database
delivers to a subscriber that is down (connection refused), then back but failing (503), then
well. Prints the retry timeline."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from syndication.models import Delivery, Partner, Subscription
from tests.builders import article_full_build
from tests.syndication.receiver import Receiver

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker is another process: it needs a database both can reach (the "
        "PostgreSQL pass of CI); SQLite tests use an in-memory database",
    ),
]


def database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.5)
    raise AssertionError(f"waited {seconds} s for {what}")


@pytest.fixture
def worker(tmp_path):
    log = (tmp_path / "qcluster.log").open("w")
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "NEWSROOM_DELIVERY_RETRY_BASE_SECONDS": "2",
        "NEWSROOM_QUEUE_WORKERS": "2",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    yield process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    log.close()
    print((tmp_path / "qcluster.log").read_text()[-2000:])


def test_deliveries_survive_a_subscriber_that_is_down_then_back(worker):
    receiver = Receiver(8163)  # not started yet: connections are refused
    partner = Partner.objects.create(name="Wire partner")
    subscription = Subscription.objects.create(
        partner=partner, url=receiver.url, languages=["ar", "en"]
    )
    started = time.time()
    article = article_full_build()
    first, second = Delivery.objects.order_by("pk")
    try:
        wait_for(lambda: first.tries.exists(), 60, "the first attempt (refused)")
        receiver.statuses = [503]  # back, but failing once more
        receiver.start()
        wait_for(
            lambda: not Delivery.objects.exclude(state=Delivery.State.DELIVERED).exists(),
            150,
            "both deliveries to get through",
        )
    finally:
        receiver.stop()
    # In order, the same delivery id and bytes on every try of the first one.
    bodies = [json.loads(r.body) for r in receiver.received]
    assert [b["language"] for b in bodies] == ["ar", "ar", "en"]
    ids = [r.headers["X-Newsroom-Delivery"] for r in receiver.received]
    assert ids[0] == ids[1] == str(first.delivery_id) != ids[2] == str(second.delivery_id)
    assert all(b["uri"].endswith(f":article:{article.pk}:{b['language']}") for b in bodies)
    tries = list(first.tries.order_by("started_at"))
    assert [t.status_code for t in tries] == [None, 503, 200]
    assert "refused" in tries[0].error.lower()
    print(f"\nretry timeline of {subscription} (seconds after the publication):")
    for delivery in (first, second):
        for attempt in delivery.tries.order_by("started_at"):
            outcome = attempt.status_code or attempt.error
            print(
                f"  {delivery.language} delivery {delivery.delivery_id}: "
                f"+{attempt.started_at.timestamp() - started:5.1f} s  {outcome}"
            )
