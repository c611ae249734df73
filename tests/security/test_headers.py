"""Security headers on public pages (cached or not), the admin, errors and probes."""

import re

import pytest
from django.test import Client

from tests.builders import article_full_build

pytestmark = pytest.mark.django_db


def assert_secure_headers(response):
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_public_pages_carry_the_headers_from_the_cache_too(client):
    article = article_full_build()
    for _ in range(2):  # rendered, then from the page cache
        response = client.get(article.get_absolute_url("ar"))
        assert response.status_code == 200
        assert_secure_headers(response)
        assert "nonce-" not in response["Content-Security-Policy"]  # cached pages hold none


@pytest.mark.parametrize("url", ["/ar/no-such-page/", "/healthz", "/readyz", "/sitemap.xml"])
def test_other_responses_carry_the_headers(url):
    assert_secure_headers(Client(raise_request_exception=False).get(url))


def test_the_admin_import_map_carries_the_nonce_of_its_header(admin_client):
    article = article_full_build()
    response = admin_client.get(f"/admin/articles/article/{article.pk}/change/")
    assert_secure_headers(response)
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    assert f'<script type="importmap" nonce="{nonce}">' in html
    # Every inline script carries it; no inline event handler is rendered.
    for match in re.finditer(r"<script(?![^>]*\bsrc=)([^>]*)>", html):
        assert f'nonce="{nonce}"' in match.group(1) or "application/json" in match.group(1)
    assert not re.search(r"\son[a-z]+=", html)


def test_each_request_gets_a_new_nonce(admin_client):
    article = article_full_build()
    url = f"/admin/articles/article/{article.pk}/change/"
    first, second = (admin_client.get(url)["Content-Security-Policy"] for _ in range(2))
    assert first != second
