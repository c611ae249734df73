"""The channels: the authenticated push endpoint, the drop folder, polling a feed URL (a real
server on loopback), and ``manage.py ingest``."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Source
from tests.builders import content_build
from wire.channels import drop_folder_process, poll_agency
from wire.models import Agency, IngestLog, WireItem

pytestmark = pytest.mark.django_db

STANDARDS = Path(__file__).parent / "standards"
ITEM = json.dumps(
    {
        "uri": "urn:push:1",
        "language": "en",
        "headlines": [{"role": "main", "value": "Pushed headline"}],
        "bodies": [{"contenttype": "text/html", "value": "<p>Body.</p>"}],
    }
).encode()


@pytest.fixture
def agency():
    source = content_build(Source, slug="agency", name_ar="وكالة", name_en="Agency")
    return Agency.objects.create(
        name="Agency", slug="agency", source=source, language="en", push_secret="s3cret-token"
    )


def post(client, slug, body, **headers):
    return client.post(
        reverse("wire:push", args=[slug]), body, content_type="application/json", headers=headers
    )


# --- Push -------------------------------------------------------------------------------------


def test_a_push_with_the_agencys_token_lands(client, agency):
    response = post(client, "agency", ITEM, authorization="Bearer s3cret-token")
    assert response.status_code == 202
    assert response.json()["results"][0]["result"] == "ok"
    assert Article.objects.get().title_en == "Pushed headline"


def test_a_push_signed_with_hmac_lands(client, agency):
    signature = hmac.new(b"s3cret-token", ITEM, hashlib.sha256).hexdigest()
    response = post(client, "agency", ITEM, x_wire_signature=f"sha256={signature}")
    assert response.status_code == 202
    assert WireItem.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"authorization": "Bearer wrong"},
        {"authorization": "Basic s3cret-token"},
        {"x_wire_signature": "sha256=" + "0" * 64},
        # Signed with the right key, but over another body.
        {"x_wire_signature": "sha256=" + hmac.new(b"s3cret-token", b"{}", "sha256").hexdigest()},
    ],
)
def test_nothing_else_may_post(client, agency, headers):
    response = post(client, "agency", ITEM, **headers)
    assert response.status_code == 403
    assert not Article.objects.exists() and not IngestLog.objects.exists()


def test_another_agencys_token_does_not_open_this_one(client, agency):
    Agency.objects.create(
        name="Other", slug="other", source=agency.source, language="ru", push_secret="other"
    )
    assert post(client, "agency", ITEM, authorization="Bearer other").status_code == 403


def test_push_needs_post_and_a_known_active_agency(client, agency):
    assert client.get(reverse("wire:push", args=["agency"])).status_code == 405
    assert post(client, "nobody", ITEM, authorization="Bearer x").status_code == 404
    agency.active = False
    agency.save()
    assert post(client, "agency", ITEM, authorization="Bearer s3cret-token").status_code == 404


def test_a_pushed_bad_item_is_refused_in_the_answer_and_the_log(client, agency):
    response = post(
        client, "agency", b"{broken", authorization="Bearer s3cret-token", accept_language="en"
    )
    assert response.status_code == 202
    (result,) = response.json()["results"]
    assert result["result"] == "error" and "Malformed JSON" in result["message"]


# --- Drop folder and the command ---------------------------------------------------------------


def test_the_drop_folder_ingests_and_moves_each_delivery(agency, tmp_path):
    folder = tmp_path / "agency"
    folder.mkdir()
    (folder / "good.json").write_bytes(ITEM)
    (folder / "bad.xml").write_bytes(b"<newsItem>")
    (folder / "notes.txt").write_text("ignored")
    lines = drop_folder_process(tmp_path)
    assert sorted(line.level for line in lines) == ["error", "ok"]
    assert (folder / "done" / "good.json").exists()
    assert (folder / "failed" / "bad.xml").exists()
    assert (folder / "notes.txt").exists()
    assert drop_folder_process(tmp_path) == []  # nothing left to do


def test_manage_py_ingest_works_without_a_worker(agency):
    out = StringIO()
    call_command(
        "ingest",
        str(STANDARDS / "ninjs/examples/3.1"),
        str(STANDARDS / "newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml"),
        agency="agency",
        stdout=out,
    )
    output = out.getvalue()
    # 3.1's 001 and 004 share one uri: a draft, then "already ingested" (the note).
    assert "5 ingested, 1 notes, 3 refused." in output
    assert "Already ingested" in output
    assert Article.objects.count() == 5


# --- Polling --------------------------------------------------------------------------------------


class FeedHandler(BaseHTTPRequestHandler):
    body = ITEM

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server():
    server = ThreadingHTTPServer(("127.0.0.1", 8153), FeedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:8153/feed.json"
    server.shutdown()
    server.server_close()


def test_polling_an_allowed_feed_ingests_it(agency, feed_server, settings):
    settings.WIRE_POLL_HOSTS = ["127.0.0.1"]
    agency.feed_url = feed_server
    (line,) = poll_agency(agency)
    assert line.level == "ok" and line.channel == "poll"
    assert Article.objects.get().title_en == "Pushed headline"
    (again,) = poll_agency(agency)
    assert "Already ingested" in again.message


def test_polling_a_host_not_allowed_fetches_nothing(agency, feed_server, settings):
    settings.WIRE_POLL_HOSTS = ["feeds.example.org"]
    agency.feed_url = feed_server
    (line,) = poll_agency(agency)
    assert line.level == "error" and "not in the allowed feed hosts" in line.message
    assert not Article.objects.exists()


def test_polling_needs_https_away_from_loopback(agency, settings):
    settings.WIRE_POLL_HOSTS = ["feeds.example.org"]
    agency.feed_url = "http://feeds.example.org/feed.json"
    (line,) = poll_agency(agency)
    assert "HTTPS" in line.message


def test_polling_refuses_an_oversized_feed(agency, feed_server, settings):
    settings.WIRE_POLL_HOSTS = ["127.0.0.1"]
    settings.WIRE_MAX_DELIVERY_BYTES = 50
    agency.feed_url = feed_server
    (line,) = poll_agency(agency)
    assert "larger than 50 bytes" in line.message
    assert not Article.objects.exists()


def test_the_worker_runs_the_drop_folder_and_the_feeds_every_minute(agency, tmp_path, settings):
    """The queue's schedules name jobs that exist and run: a delivery dropped in an
    agency's folder lands through the job the worker calls."""
    from django.utils.module_loading import import_string
    from django_q.models import Schedule

    schedules = {s.name: s for s in Schedule.objects.filter(name__startswith="wire: ")}
    assert sorted(schedules) == ["wire: drop folder", "wire: poll agency feeds"]
    assert {s.minutes for s in schedules.values()} == {1}
    jobs = {name: import_string(s.func) for name, s in schedules.items()}
    settings.WIRE_DROP_FOLDER = str(tmp_path)
    (tmp_path / "agency").mkdir()
    (tmp_path / "agency" / "good.json").write_bytes(ITEM)
    assert jobs["wire: drop folder"]() == 1
    assert (tmp_path / "agency" / "done" / "good.json").exists()
    assert Article.objects.count() == 1
    assert jobs["wire: poll agency feeds"]() == 0  # no agency has a feed
