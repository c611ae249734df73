from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from tests.builders import article_build, article_full_build, empty_page_cache

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def validated(response, schema: str):
    """The response parsed as XML, after validating it against a shipped schema."""
    assert response.status_code == 200
    document = etree.fromstring(response.content)
    xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / schema)))
    xsd.assertValid(document)
    return document


def test_sitemap_index_validates_and_names_every_sitemap(client):
    article_full_build()
    index = validated(client.get("/sitemap.xml"), "siteindex.xsd")
    locations = index.xpath("//sm:loc/text()", namespaces=NS)
    assert "http://testserver/sitemap-articles.xml" in locations
    assert "http://testserver/sitemap-people.xml" in locations


def test_article_sitemap_validates_and_lists_alternates(client):
    article = article_full_build()
    only_arabic = article_build()
    document = validated(client.get("/sitemap-articles.xml"), "sitemap.xsd")
    urls = {
        url.findtext("sm:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link", namespaces=NS)
        }
        for url in document.findall("sm:url", namespaces=NS)
    }
    full = {
        code: "http://testserver" + article.get_absolute_url(code) for code in ("ar", "ru", "en")
    }
    for code in ("ar", "ru", "en"):
        assert urls[full[code]] == {**full, "x-default": full["ar"]}
    arabic = "http://testserver" + only_arabic.get_absolute_url("ar")
    assert set(urls[arabic]) == {"ar", "x-default"}
    assert len(urls) == 4


@pytest.mark.parametrize("status", ["draft", "unpublished", "archived"])
def test_sitemap_lists_only_public_articles(client, status):
    article = article_build(status=status)
    article_build(published_at=timezone.now() + timedelta(days=1))  # scheduled
    body = client.get("/sitemap-articles.xml").content.decode()
    assert f"/news/{article.pk}/" not in body
    assert "<url>" not in body


@pytest.mark.parametrize(
    "section", ["home", "sections", "tags", "sources", "people", "organisations"]
)
def test_other_sitemaps_validate(client, section):
    article_full_build()
    document = validated(client.get(f"/sitemap-{section}.xml"), "sitemap.xsd")
    assert document.findall("sm:url", namespaces=NS)


def test_news_sitemap_lists_the_last_two_days_per_language(client):
    recent = article_full_build()
    old = article_build(published_at=timezone.now() - timedelta(days=3))
    article_build(status="draft")
    document = validated(client.get("/sitemap-news.xml"), "sitemap.xsd")
    entries = {
        url.findtext("sm:loc", namespaces=NS): (
            url.findtext(".//news:language", namespaces=NS),
            url.findtext(".//news:title", namespaces=NS),
        )
        for url in document.findall("sm:url", namespaces=NS)
    }
    assert entries == {
        "http://testserver" + recent.get_absolute_url(code): (
            code,
            getattr(recent, f"title_{code}"),
        )
        for code in ("ar", "ru", "en")
    }
    assert f"/news/{old.pk}/" not in client.get("/sitemap-news.xml").content.decode()


def test_sitemap_query_count_is_constant(client, django_assert_num_queries):
    article_full_build()
    empty_page_cache()
    with django_assert_num_queries(4):  # public ids in each language, then the articles
        client.get("/sitemap-articles.xml")
    for _ in range(5):
        article_full_build(people=2, tags=2)
    empty_page_cache()
    with django_assert_num_queries(4):
        client.get("/sitemap-articles.xml")
