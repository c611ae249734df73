"""CDN purge backends against a fake CDN API on loopback: what a change sends, and that a
CDN that fails never fails the save."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles import workflow
from newsroom import purge
from newsroom.roles import EDITOR
from tests.builders import article_build
from tests.staff import staff_build
from tests.varnish_server import ports

pytestmark = pytest.mark.django_db


class FakeCdn(BaseHTTPRequestHandler):
    received: list  # (method, path, headers, body)
    status = 200

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        self.received.append((self.command, self.path, dict(self.headers), body))
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"success": true}')

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn():
    handler = type("Handler", (FakeCdn,), {"received": []})
    server = ThreadingHTTPServer(("127.0.0.1", ports(3)[2]), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_cloudflare_and_fastly_purge_the_tags_of_what_changed(client, cdn, settings):
    handler, api = cdn
    settings.NEWSROOM_PURGE_BACKENDS = {
        "cloudflare": {
            "BACKEND": "newsroom.purge.CloudflareBackend",
            "API_URL": api,
            "ZONE_ID": "zone1",
            "BEARER_TOKEN": "secret-token",
        },
        "fastly": {
            "BACKEND": "newsroom.purge.FastlyBackend",
            "API_URL": api,
            "SERVICE_ID": "svc1",
            "API_KEY": "fastly-key",
        },
    }
    editor = staff_build(role=EDITOR)
    story = article_build(title_ar="خبر")
    page = client.get(story.get_absolute_url("ar"))
    shown = set(page["Cache-Tag"].split())
    assert shown == set(page["Surrogate-Key"].split()) == set(page["xkey"].split())
    handler.received.clear()

    story.title_ar = "خبر معدل"
    workflow.article_save(article=story, user=editor, changed={"title_ar"})
    flare = [r for r in handler.received if r[1] == "/zones/zone1/purge_cache"]
    fastly = [r for r in handler.received if r[1] == "/service/svc1/purge"]
    assert flare and fastly
    assert flare[0][2]["Authorization"] == "Bearer secret-token"
    purged = set().union(*(set(r[3]["tags"]) for r in flare))
    article_tag = purge.token(f"ar|articles.article:{story.pk}")
    assert article_tag in purged and article_tag in shown
    assert purge.token(f"en|articles.article:{story.pk}") not in purged  # Arabic only
    assert fastly[0][2]["Fastly-Key"] == "fastly-key"
    assert fastly[0][2]["Fastly-Soft-Purge"] == "1"  # an edit: soft
    assert article_tag in fastly[0][2]["Surrogate-Key"].split()

    handler.received.clear()
    workflow.article_unpublish(article=story, user=editor)
    fastly = [r for r in handler.received if r[1] == "/service/svc1/purge"]
    assert fastly and all("Fastly-Soft-Purge" not in r[2] for r in fastly)  # removal: hard


def test_a_failing_cdn_never_fails_the_save(cdn, settings, caplog):
    handler, api = cdn
    handler.status = 500
    settings.NEWSROOM_PURGE_BACKENDS = {
        "cloudflare": {
            "BACKEND": "newsroom.purge.CloudflareBackend",
            "API_URL": api,
            "ZONE_ID": "z",
            "BEARER_TOKEN": "t",
        }
    }
    story = article_build(title_ar="خبر")
    story.title_ar = "خبر معدل"
    workflow.article_save(article=story, user=staff_build(role=EDITOR), changed={"title_ar"})
    story.refresh_from_db()
    assert story.title_ar == "خبر معدل"
    assert "Purging" in caplog.text
