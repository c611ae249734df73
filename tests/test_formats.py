"""Dates in each language's format wherever a person reads one; machine formats stay machine."""

import json
import re
from datetime import UTC, datetime

import feedparser
import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from tests.builders import article_full_build
from tests.pages import parse, text_of

pytestmark = pytest.mark.django_db

#: The seed article's date (4 December 2020), as a reader of each language writes it.
READER_DATES = {"ar": "٠٤ ديسمبر ٢٠٢٠", "ru": "4 декабря 2020", "en": "4 December 2020"}


@pytest.fixture
def demo():
    call_command("loaddemo", seed_only=True)
    return Article.objects.get()


@pytest.mark.parametrize("language", ["ar", "ru", "en"])
def test_article_and_home_pages_write_the_date_as_the_language_does(client, demo, language):
    article = parse(client.get(demo.get_absolute_url(language)))
    (time,) = article.cssselect("main .meta time")
    assert time.text == READER_DATES[language]
    assert time.get("datetime").startswith("2020-12-04T")  # machine-readable, whatever the language
    home = parse(client.get(f"/{language}/"))
    assert home.cssselect(".lead-story time")[0].text == READER_DATES[language]


def test_arabic_dates_in_western_digits_when_configured(client, demo, settings):
    settings.NEWSROOM_ARABIC_INDIC_DIGITS = False
    page = parse(client.get(demo.get_absolute_url("ar")))
    assert page.cssselect("main .meta time")[0].text == "04 ديسمبر 2020"


#: RFC 822 as RSS requires it: English day and month names, Western digits.
RFC_822 = re.compile(
    r"^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}$", re.ASCII
)
ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d", re.ASCII)


@pytest.mark.parametrize("language", ["ar", "ru", "en"])
def test_feeds_json_ld_and_sitemaps_keep_machine_dates(client, language):
    article = article_full_build(published_at=datetime(2020, 12, 4, 9, 30, tzinfo=UTC))
    rss = client.get(f"/{language}/feed/rss/").content.decode()
    (pub_date,) = re.findall(r"<pubDate>([^<]*)</pubDate>", rss)
    assert RFC_822.match(pub_date), pub_date
    assert feedparser.parse(rss).entries[0].published_parsed[:3] == (2020, 12, 4)
    atom = feedparser.parse(client.get(f"/{language}/feed/atom/").content)
    assert atom.entries[0].published == "2020-12-04T09:30:00+00:00"
    page = parse(client.get(article.get_absolute_url(language)))
    data = json.loads(page.cssselect('script[type="application/ld+json"]')[0].text)
    assert data["datePublished"] == "2020-12-04T09:30:00+00:00"
    sitemap = client.get("/sitemap-articles.xml", headers={"accept-language": language})
    for lastmod in re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap.content.decode()):
        assert ISO_DATE.match(lastmod), lastmod


#: How the admin writes 1 December 2026, 22:18 UTC in its lists and read-only fields
#: (Arabic in Arabic-Indic digits, as the public site: NEWSROOM_ARABIC_INDIC_DIGITS).
ADMIN_DATES = {
    "ar": "٠١ ديسمبر ٢٠٢٦، ١٠:١٨ م",
    "ru": "1 декабря 2026, 22:18",
    "en": "1 December 2026, 22:18",
}


@pytest.mark.parametrize("language", ["ar", "ru", "en"])
def test_the_admin_writes_dates_in_the_languages_format(admin_client, language):
    article = article_full_build(published_at=datetime(2026, 12, 1, 22, 18, tzinfo=UTC))
    Article.objects.filter(pk=article.pk).update(
        created_at=datetime(2026, 12, 1, 22, 18, tzinfo=UTC)
    )
    headers = {"accept-language": language}
    changelist = parse(
        admin_client.get(reverse("admin:articles_article_changelist"), headers=headers)
    )
    assert ADMIN_DATES[language] in text_of(changelist.get_element_by_id("result_list"))
    form = parse(
        admin_client.get(
            reverse("admin:articles_article_change", args=[article.pk]), headers=headers
        )
    )
    (created,) = form.cssselect(".field-created_at_display .readonly")
    assert created.text_content().strip() == ADMIN_DATES[language]
    # The inputs keep a format the admin's date widgets write and the form reads back.
    (date_input,) = form.cssselect("input[name=published_at_0]")
    assert date_input.get("value") in ("2026-12-01", "01.12.2026")


def test_an_arabic_admin_with_western_digits_writes_them(admin_client, settings):
    settings.NEWSROOM_ARABIC_INDIC_DIGITS = False  # a Maghreb newsroom
    article_full_build(published_at=datetime(2026, 12, 1, 22, 18, tzinfo=UTC))
    changelist = parse(
        admin_client.get(
            reverse("admin:articles_article_changelist"), headers={"accept-language": "ar"}
        )
    )
    assert "01 ديسمبر 2026، 10:18 م" in text_of(changelist.get_element_by_id("result_list"))


def test_the_desk_writes_arabic_dates_in_arabic_digits(admin_client):
    article_full_build(published_at=datetime(2026, 12, 1, 22, 18, tzinfo=UTC))
    desk = admin_client.get(
        reverse("admin:articles_article_desk"), headers={"accept-language": "ar"}
    )
    assert "٠١ ديسمبر ٢٠٢٦، ١٠:١٨ م" in desk.content.decode()
