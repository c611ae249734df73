"""Bylines and author pages, updates and corrections, related stories and Hijri dates, as a
reader, an editor and a translator meet them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.bylines import byline_delete
from articles.models import Article, ArticleNote, Byline
from newsroom.content import content_save
from newsroom.queue import translation_queue
from newsroom.roles import EDITOR, TRANSLATOR
from newsroom.translations import TranslationStatus, translation_status
from tests.builders import (
    article_build,
    article_full_build,
    byline_build,
    note_build,
    person_build,
    tag_build,
)
from tests.pages import parse, text_of
from tests.staff import form_data, staff_build

pytestmark = pytest.mark.django_db


def jsonld(page, kind: str) -> dict:
    for script in page.cssselect('script[type="application/ld+json"]'):
        data = json.loads(script.text)
        if data.get("@type") == kind:
            return data
    raise AssertionError(f"no {kind} JSON-LD")


@pytest.fixture
def credited():
    """A public article in three languages with a writer, an editor and the Russian translator."""
    article = article_full_build()
    writer = person_build(name_ru="Лейла", name_en="Leila", slug="leila", role_en="Correspondent")
    editor = person_build(name_ru="Карим", name_en="Karim", slug="karim")
    translator = person_build(name_ar="آنا", name_ru="Анна", name_en="Anna", slug="anna")
    byline_build(article, writer, position=0)
    byline_build(article, editor, role="editor", position=1)
    byline_build(article, translator, role="translator", language="ru", position=2)
    return article, writer, editor, translator


def test_the_byline_links_each_author_and_credits_the_translator_on_their_version(client, credited):
    article, _writer, _editor, _translator = credited
    english = parse(client.get(article.get_absolute_url("en")))
    byline = english.cssselect(".byline")[0]
    assert [a.text_content() for a in byline.cssselect("a")] == ["Leila", "Karim"]
    assert byline.cssselect("a")[0].get("href") == "/en/author/leila/"
    assert "Writer:" in text_of(byline) and "Editor:" in text_of(byline)
    russian = parse(client.get(article.get_absolute_url("ru")))
    names = [a.text_content() for a in russian.cssselect(".byline a")]
    assert names == ["Лейла", "Карим", "Анна"]
    assert "Перевод:" in text_of(russian.cssselect(".byline")[0])
    data = jsonld(english, "NewsArticle")
    assert data["author"] == [
        {"@type": "Person", "name": "Leila", "url": "http://testserver/en/author/leila/"}
    ]
    assert data["editor"][0]["name"] == "Karim" and "translator" not in data
    assert jsonld(russian, "NewsArticle")["translator"][0]["url"].endswith("/ru/author/anna/")
    # The translator has an author page in Russian only.
    assert client.get("/ru/author/anna/").status_code == 200
    assert client.get("/en/author/anna/").status_code == 404
    assert client.get("/ar/author/anna/").status_code == 404


def test_the_author_page_lists_their_public_articles_with_feed_json_ld_and_hreflang(
    client, credited
):
    article, writer, _editor, _translator = credited
    draft = article_build(title_ar="مسودة سرية", status=Article.Status.DRAFT)
    byline_build(draft, writer)
    only_arabic = article_build(title_ar="خبر بالعربية فقط")
    byline_build(only_arabic, writer)
    response = client.get("/en/author/leila/")
    page = parse(response)
    titles = [a.text_content() for a in page.cssselect(".teaser-title a")]
    assert titles == [article.title_en]
    assert page.cssselect("h1")[0].text_content() == "Leila"
    person = jsonld(page, "Person")
    assert person["url"] == "http://testserver/en/author/leila/"
    assert person["jobTitle"] == "Correspondent"
    hreflangs = {link.get("hreflang") for link in page.cssselect('link[rel="alternate"][hreflang]')}
    assert hreflangs == {"ar", "ru", "en", "x-default"}
    arabic = [a.text_content() for a in parse(client.get("/ar/author/leila/")).cssselect("h2 a")]
    assert "خبر بالعربية فقط" in arabic and "مسودة سرية" not in arabic
    feed = feedparser.parse(client.get("/en/author/leila/rss/").content)
    assert [entry.title for entry in feed.entries] == [article.title_en]
    atom = feedparser.parse(client.get("/ar/author/leila/atom/").content)
    assert "مسودة سرية" not in [entry.title for entry in atom.entries]
    # Nobody credited on anything public has no author page.
    nobody = person_build(name_en="Nobody", slug="nobody")
    byline_build(draft, nobody)
    assert client.get("/en/author/nobody/").status_code == 404


def test_a_translator_byline_needs_its_language():
    article = article_build()
    with pytest.raises(ValidationError, match="language"):
        byline_build(article, person_build(), role="translator")
    assert not Byline.objects.exists()


def test_notes_show_updated_and_json_ld_carries_date_modified_and_the_correction(client):
    article = article_full_build()
    earlier = timezone.now() - timedelta(minutes=30)
    note_build(
        article,
        kind="update",
        text_ar="أضيفت تفاصيل.",
        text_en="Details added.",
        noted_at=earlier - timedelta(minutes=5),
    )
    note_build(
        article,
        kind="correction",
        text_ar="صُحّح الاسم.",
        text_en="The name was corrected.",
        noted_at=earlier,
    )
    page = parse(client.get(article.get_absolute_url("en")))
    notes = page.cssselect("#notes li")
    assert [text_of(n.cssselect(".note-kind")[0]) for n in notes] == ["Correction", "Update"]
    assert "The name was corrected." in text_of(notes[0])
    assert text_of(page.cssselect(".updated")[0]).startswith("Updated")
    data = jsonld(page, "NewsArticle")
    assert data["dateModified"] >= earlier.isoformat()[:16]
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "The name was corrected.",
            "datePublished": earlier.isoformat(),
        }
    ]
    # Not yet translated into Russian: the Russian page shows no note and no «Updated».
    russian = parse(client.get(article.get_absolute_url("ru")))
    assert russian.cssselect("#notes") == [] and russian.cssselect(".updated") == []
    assert "correction" not in jsonld(russian, "NewsArticle")


def test_a_note_in_arabic_puts_its_translations_in_the_queue_and_a_translator_clears_it(client):
    article = article_full_build()
    note = note_build(article, text_ar="صُحّح تاريخ الاجتماع.")
    assert translation_status(note, "ru") == TranslationStatus.MISSING
    queue = {part.model: part for part in translation_queue(languages=["ru"])}
    assert [row.obj for row in queue[ArticleNote].rows] == [note]
    assert queue[ArticleNote].counts["ru"]["missing"] == 1
    translator = staff_build(role=TRANSLATOR, languages=("ru",))
    client.force_login(translator)
    url = reverse("admin:articles_articlenote_change", args=[note.pk])
    data = form_data(client.get(url).content.decode(), "articlenote_form")
    data["text_ru"] = "Исправлена дата встречи."
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    note.refresh_from_db()
    assert note.text_ru == "Исправлена дата встречи."
    assert note.text_ar == "صُحّح تاريخ الاجتماع."  # the translator's form could not touch it
    assert translation_status(note, "ru") == TranslationStatus.UP_TO_DATE
    assert "Исправлена дата встречи." in client.get(article.get_absolute_url("ru")).content.decode()


def test_an_editor_adds_a_note_on_the_article_form_and_the_cached_page_shows_it(client):
    article = article_full_build()
    page_url = article.get_absolute_url("ar")
    assert "#notes" not in client.get(page_url).content.decode()  # cached now
    client.force_login(staff_build(role=EDITOR))
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url).content.decode())
    data.update(
        {
            "notes-TOTAL_FORMS": "1",
            "notes-0-kind": "correction",
            "notes-0-noted_at_0": "2020-01-01",
            "notes-0-noted_at_1": "10:00:00",
            "notes-0-text_ar": "صُحّح اسم الوزير.",
            "bylines-TOTAL_FORMS": "1",
            "bylines-0-person": str(article.people.first().pk),
            "bylines-0-role": "writer",
            "bylines-0-position": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    note = ArticleNote.objects.get()
    assert translation_status(note, "en") == TranslationStatus.MISSING  # recorded as content
    client.logout()
    html = client.get(page_url).content.decode()
    assert "صُحّح اسم الوزير." in html
    assert f"/ar/author/{article.people.first().slug}/" in html


def test_a_note_is_refused_on_an_article_that_is_not_published():
    draft = article_build(status=Article.Status.DRAFT)
    with pytest.raises(ValidationError) as refused:
        note_build(draft)
    assert refused.value.messages == ["تضاف التحديثات والتصحيحات إلى المقالات المنشورة فقط."]
    assert not ArticleNote.objects.exists()


def test_the_corrections_page_and_feeds_list_public_corrections_in_their_language(client):
    article = article_full_build()
    note_build(article, kind="correction", text_ar="تصحيح أول.", text_en="First correction.")
    note_build(article, kind="update", text_ar="تحديث عادي.", text_en="Routine update.")
    hidden = article_build(status=Article.Status.UNPUBLISHED)
    ArticleNote.objects.create(article=hidden, kind="correction", text_en="Hidden correction.")
    page = parse(client.get("/en/corrections/"))
    assert [text_of(p) for p in page.cssselect(".correction .note-text")] == ["First correction."]
    assert page.cssselect(".correction a")[0].get("href").endswith("#notes")
    assert "تصحيح أول." in client.get("/ar/corrections/").content.decode()
    assert "First correction." not in client.get("/ru/corrections/").content.decode()
    rss = feedparser.parse(client.get("/en/corrections/rss/").content)
    assert [entry.summary for entry in rss.entries] == ["First correction."]
    assert rss.entries[0].title == f"Correction: {article.title_en}"
    atom = feedparser.parse(client.get("/ar/corrections/atom/").content)
    assert [entry.summary for entry in atom.entries] == ["تصحيح أول."]


def test_related_stories_share_subjects_first_and_are_public_in_the_language(client):
    tag = tag_build(name_en="Energy")
    article = article_full_build(m2m={})
    article.tags.add(tag)
    sharing = article_full_build(title_en="Sharing a tag")
    sharing.tags.add(tag)
    article_full_build(title_en="Same section")
    untranslated = article_build(title_ar="بالعربية فقط", section=article.section)
    untranslated.tags.add(tag)
    draft = article_full_build(title_en="Draft sharing", status=Article.Status.DRAFT)
    draft.tags.add(tag)
    page = parse(client.get(article.get_absolute_url("en")))
    related = [text_of(a) for a in page.cssselect(".related .teaser-title a")]
    assert related[0] == "Sharing a tag"
    assert "Same section" in related
    assert "Draft sharing" not in related and article.title_en not in related
    arabic = parse(client.get(article.get_absolute_url("ar")))
    assert "بالعربية فقط" in [text_of(a) for a in arabic.cssselect(".related .teaser-title a")]


def test_the_hijri_date_stands_beside_the_gregorian_on_arabic_pages(client, settings):
    article = article_full_build(published_at=datetime(2020, 12, 4, 12, tzinfo=UTC))
    arabic = parse(client.get(article.get_absolute_url("ar")))
    assert text_of(arabic.cssselect(".hijri")[0]) == "(١٩ ربيع الثاني ١٤٤٢ هـ)"
    assert parse(client.get(article.get_absolute_url("en"))).cssselect(".hijri") == []
    settings.NEWSROOM_HIJRI_DATES = False
    call_command("loaddemo", seed_only=True)  # any change refreshes the cached pages
    assert parse(client.get(article.get_absolute_url("ar"))).cssselect(".hijri") == []


def test_the_demo_gives_a_front_page_with_authors_notes_and_translations(client):
    call_command("loaddemo")
    assert Article.objects.public("ru").count() == Article.objects.public("ar").count() == 7
    for language in ("ar", "ru", "en"):
        home = parse(client.get(f"/{language}/"))
        # the lead story (its own headline) and six teasers, each article once
        assert len({a.get("href") for a in home.cssselect(".teaser-title a, .lead-title a")}) == 7
    assert ArticleNote.objects.count() == 3
    assert {b.role for b in Byline.objects.all()} == set(Byline.Role.values)
    corrections = parse(client.get("/en/corrections/"))
    assert len(corrections.cssselect(".correction")) == 2  # a correction and a clarification
    seed = Article.objects.get(slug_en__startswith="lavrov")
    russian = text_of(parse(client.get(seed.get_absolute_url("ru"))).cssselect(".byline")[0])
    assert "Анна Волкова" in russian and "James Carter" not in russian


def test_cached_pages_follow_a_renamed_author_and_a_removed_byline(client, credited):
    article, writer, _editor, _translator = credited
    assert "Leila" in client.get("/en/author/leila/").content.decode()  # cached now
    assert "Leila" in client.get(article.get_absolute_url("en")).content.decode()
    writer.name_en = "Leila H."
    content_save(obj=writer, changed=["name_en"])
    assert "Leila H." in client.get("/en/author/leila/").content.decode()
    assert "Leila H." in client.get(article.get_absolute_url("en")).content.decode()
    byline_delete(bylines=list(writer.bylines.all()))
    assert client.get("/en/author/leila/").status_code == 404
    assert "Leila H." not in client.get(article.get_absolute_url("en")).content.decode()
