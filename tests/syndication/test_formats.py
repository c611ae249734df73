"""Every published article, in each public language, validates as ninjs 3.1, ninjs 2.2 and
NewsML-G2 2.35 against the official schemas: the demo articles and a sample of the corpus."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import etree

from articles.models import Article
from devdata.corpus import corpus_generate
from devdata.demo import load_demo
from syndication.formats import WireFormat, item_write
from syndication.newsml import NAR
from syndication.wire import wire_item, wire_queryset, withdrawal_item
from tests.builders import article_full_build
from tests.syndication.standards import NEWSML_XSD, newsml_errors, ninjs_errors

pytestmark = pytest.mark.django_db

FORMATS = list(WireFormat)


def errors_of(body: bytes, wire_format: str) -> list[str]:
    if wire_format == WireFormat.NEWSML_G2:
        return newsml_errors(body)
    return ninjs_errors(json.loads(body), wire_format)


def validate_public(articles, wire_format: str) -> tuple[int, dict]:
    """Validate every public language of ``articles`` in ``wire_format``: (items, errors)."""
    items, problems = 0, {}
    for article in wire_queryset(articles):
        languages = article.translated_languages()
        assert languages
        for language in languages:
            body, _type = item_write(wire_item(article, language), wire_format)
            items += 1
            if errors := errors_of(body, wire_format):
                problems[(article.pk, language)] = errors
    return items, problems


@pytest.mark.parametrize("wire_format", FORMATS)
def test_every_demo_article_validates_in_every_language(wire_format):
    load_demo()
    demo = Article.objects.live()
    items, problems = validate_public(demo, wire_format)
    assert problems == {}
    # Every demo article is public in all three languages.
    assert items == demo.count() * 3
    print(f"demo, {wire_format}: {demo.count()} articles, {items} items validated, 0 errors")


@pytest.mark.parametrize("wire_format", FORMATS)
def test_a_corpus_sample_validates_in_every_language(wire_format):
    corpus_generate(articles=60, batch_size=60, seed=15)
    live = Article.objects.live().order_by("pk")
    sample = live
    items, problems = validate_public(sample, wire_format)
    assert problems == {}
    languages = {
        code: sum(1 for a in sample if code in a.translated_languages())
        for code in ("ar", "ru", "en")
    }
    assert languages["ru"] and languages["en"], languages
    print(f"corpus sample, {wire_format}: {sample.count()} articles {languages}, {items} items")


def test_an_item_says_only_its_own_language():
    article = article_full_build(standfirst_ru="Лид", title_en="English title")
    ru = json.loads(item_write(wire_item(article, "ru"), WireFormat.NINJS_3_1)[0])
    assert ru["language"] == "ru"
    assert ru["headlines"] == [{"role": "main", "value": article.title_ru}]
    assert ru["descriptions"][0]["value"] == "Лид"
    assert ru["people"][0]["name"] == article.people.get().name_ru
    assert ru["uri"].endswith(f":article:{article.pk}:ru")
    en = json.loads(item_write(wire_item(article, "en"), WireFormat.NINJS_2_2)[0])
    assert en["headlines"][0]["value"] == "English title"
    assert "descriptions" not in en  # no English standfirst: nothing borrowed from Arabic
    assert en["altids"] == [{"role": "webUrl", "value": en["altids"][0]["value"]}]
    assert (
        en["altids"][0]["value"].startswith("http://") and "/en/news/" in en["altids"][0]["value"]
    )


@pytest.mark.parametrize("wire_format", FORMATS)
def test_an_embargoed_item_validates(wire_format):
    item = wire_item(article_full_build(), "ar", embargoed=timezone.now() + timedelta(hours=3))
    assert errors_of(item_write(item, wire_format)[0], wire_format) == []


@pytest.mark.parametrize("wire_format", FORMATS)
def test_a_withdrawal_validates(wire_format):
    item = withdrawal_item(42, "ru")
    assert errors_of(item_write(item, wire_format)[0], wire_format) == []


def test_an_embargo_is_marked_in_every_format():
    article = article_full_build()
    until = timezone.now() + timedelta(hours=3)
    item = wire_item(article, "ar", embargoed=until)
    assert "embargoedUntil" in json.loads(item_write(item, WireFormat.NINJS_3_1)[0])
    assert "embargoed" in json.loads(item_write(item, WireFormat.NINJS_2_2)[0])
    document = etree.fromstring(item_write(item, WireFormat.NEWSML_G2)[0])
    assert document.find(f"{{{NAR}}}itemMeta/{{{NAR}}}embargoed") is not None


def test_a_withdrawal_says_canceled():
    item = withdrawal_item(42, "ru")
    assert json.loads(item_write(item, WireFormat.NINJS_3_1)[0])["pubStatus"] == "canceled"
    document = etree.fromstring(item_write(item, WireFormat.NEWSML_G2)[0])
    status = document.find(f"{{{NAR}}}itemMeta/{{{NAR}}}pubStatus")
    assert status.get("qcode") == "stat:canceled"


def test_the_body_is_well_formed_xhtml_in_newsml():
    article = article_full_build(
        body_ar="<p>نص <strong>مهم</strong> و<a href='https://example.org/?a=1&amp;b=2'>رابط</a>"
        "</p><ul><li>أ</li><li>ب</li></ul><blockquote><p>«اقتباس»</p></blockquote>"
    )
    body, _type = item_write(wire_item(article, "ar"), WireFormat.NEWSML_G2)
    document = etree.fromstring(body)
    xhtml = "{http://www.w3.org/1999/xhtml}"
    paragraphs = document.findall(f".//{xhtml}body/{xhtml}p")
    assert paragraphs[0].findtext(f"{xhtml}strong") == "مهم"
    assert paragraphs[0].find(f"{xhtml}a").get("href") == "https://example.org/?a=1&b=2"
    assert [li.text for li in document.iter(f"{xhtml}li")] == ["أ", "ب"]


@pytest.mark.parametrize(
    "example", sorted((NEWSML_XSD.parent.parent / "examples").glob("*.xml")), ids=lambda p: p.name
)
def test_the_xsd_accepts_the_iptc_examples(example):
    """The copied schema is the official one: the IPTC's own examples pass it."""
    assert newsml_errors(example.read_bytes()) == []
