"""The translators' desk through the admin's real views: statuses recorded where
translations are saved, the queue, the changelist badges and filters, side-by-side
editing, the languages that go live, and fallbacks that say where they come from."""

from datetime import timedelta

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section, Tag
from articles.workflow import article_save
from newsroom.content import translation_confirm
from newsroom.roles import EDITOR, TRANSLATOR
from newsroom.translations import (
    TranslationStatus,
    field_states,
    translation_status,
)
from people.models import Person
from tests.builders import article_build, person_build, tag_build
from tests.staff import form_data, staff_build

pytestmark = pytest.mark.django_db

S = Article.Status
MISSING, OUTDATED, UP_TO_DATE = (
    TranslationStatus.MISSING,
    TranslationStatus.OUTDATED,
    TranslationStatus.UP_TO_DATE,
)


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def post_change(client, obj, **changes):
    """Open the change form as the logged-in user, change some fields, save."""
    html = client.get(change_url(obj)).content.decode()
    data = {**form_data(html, f"{obj._meta.model_name}_form"), **changes}
    response = client.post(change_url(obj), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return type(obj).objects.get(pk=obj.pk)


@pytest.fixture
def editor():
    return staff_build(role=EDITOR)


@pytest.fixture
def translator():
    return staff_build(role=TRANSLATOR, languages=("ru",))


# --- Statuses recorded where translations are saved --------------------------------------


def test_article_status_cycle_through_the_admin(client, editor, translator):
    article = article_build(title_ar="عنوان", body_ar="<p>نص، وفاصلة.</p>", created_by=editor)
    assert translation_status(article, "ru") == MISSING

    client.force_login(translator)
    article = post_change(client, article, title_ru="Заголовок", body_ru="<p>Текст.</p>")
    assert translation_status(article, "ru") == UP_TO_DATE
    assert translation_status(article, "en") == MISSING

    client.force_login(editor)  # a comma more in the Arabic body
    article = post_change(client, article, body_ar="<p>نص، وفاصلة،</p>")
    assert translation_status(article, "ru") == OUTDATED

    client.force_login(translator)
    article = post_change(client, article, body_ru="<p>Текст,</p>")
    assert translation_status(article, "ru") == UP_TO_DATE
    assert article.body_ar == "<p>نص، وفاصلة،</p>"


def test_an_editor_saving_arabic_and_russian_together_records_russian(client, editor):
    article = article_build(created_by=editor)
    client.force_login(editor)
    article = post_change(client, article, title_ru="Заголовок", body_ru="<p>Текст.</p>")
    assert translation_status(article, "ru") == UP_TO_DATE
    article = post_change(client, article, title_ar="عنوان آخر")
    assert translation_status(article, "ru") == OUTDATED


def test_a_translator_saving_unchanged_fields_confirms_them(client, editor, translator):
    article = article_build(
        title_ar="عنوان", title_ru="Заголовок", body_ru="<p>Текст.</p>", created_by=editor
    )
    assert translation_status(article, "ru") == OUTDATED  # never recorded
    client.force_login(translator)
    post_change(client, article)
    assert translation_status(article, "ru") == UP_TO_DATE
    assert translation_status(article, "en") == MISSING


@pytest.mark.parametrize("kind", ["person", "tag"])
def test_person_and_tag_status_cycle_through_the_admin(admin_client, kind):
    obj = person_build(name_ar="سيرغي لافروف") if kind == "person" else tag_build(name_ar="وسم")
    assert translation_status(obj, "ru") == MISSING
    obj = post_change(admin_client, obj, name_ru="Сергей Лавров")
    assert translation_status(obj, "ru") == UP_TO_DATE
    obj = post_change(admin_client, obj, name_ar=obj.name_ar + " ")
    obj = post_change(admin_client, obj, name_ar=obj.name_ar.strip() + "،")
    assert translation_status(obj, "ru") == OUTDATED
    obj = post_change(admin_client, obj, name_ru="Сергей Лавров,")
    assert translation_status(obj, "ru") == UP_TO_DATE


# --- The queue ----------------------------------------------------------------------------


def queue_articles(html: str) -> list[int]:
    part = lxml.html.fromstring(html).cssselect("[data-queue=article]")[0]
    return [int(row.get("data-queue-row")) for row in part.cssselect("[data-queue-row]")]


def queue_setup(editor):
    now = timezone.now()

    def build(status, when, **fields):
        return article_build(status=status, published_at=when, created_by=editor, **fields)

    draft = build(S.DRAFT, None)
    published = build(S.PUBLISHED, now - timedelta(days=2))
    outdated = build(S.PUBLISHED, now - timedelta(days=1), title_ru="Старый", body_ru="<p>т</p>")
    translation_confirm(obj=outdated, language="ru")
    outdated.body_ar = "<p>نص جديد.</p>"
    article_save(article=outdated, user=editor, changed={"body_ar"})
    scheduled = build(S.PUBLISHED, now + timedelta(days=1))
    review = build(S.IN_REVIEW, None)
    done = build(S.PUBLISHED, now - timedelta(hours=3), title_ru="Готово", body_ru="<p>т</p>")
    translation_confirm(obj=done, language="ru")
    build(S.ARCHIVED, None)
    return [scheduled, outdated, published, review, draft], done


def test_the_queue_lists_published_and_scheduled_first_then_review_then_drafts(
    client, editor, translator
):
    expected, done = queue_setup(editor)
    person_build(name_ar="لافروف")
    client.force_login(translator)
    response = client.get(reverse("translations:queue"), headers={"accept-language": "ru"})
    html = response.content.decode()
    assert response.status_code == 200
    assert queue_articles(html) == [a.pk for a in expected]
    assert done.pk not in queue_articles(html)
    part = response.context["parts"][0]
    assert part.counts == {"ru": {"missing": 4, "outdated": 1}} and part.total == 5
    people = next(p for p in response.context["parts"] if p.model is Person)
    assert people.counts == {"ru": {"missing": 1, "outdated": 0}}
    assert "لافروف (ar)" in html  # no Russian name yet: says which language it shows


def test_an_editor_sees_every_language_in_the_queue(client, editor):
    queue_setup(editor)
    client.force_login(editor)
    parts = client.get(reverse("translations:queue")).context["parts"]
    assert set(parts[0].counts) == {
        "ar",
        "ru",
        "en",
    }  # Arabic too: an article may be written in another
    assert parts[0].counts["en"]["missing"] == 6


def test_a_translator_without_languages_has_an_empty_queue(client):
    client.force_login(staff_build(role=TRANSLATOR))
    response = client.get(reverse("translations:queue"))
    assert response.status_code == 200 and response.context["parts"] == []


def test_the_queue_is_for_staff_only(client):
    response = client.get(reverse("translations:queue"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_queue_query_count_does_not_grow(client, editor, translator, django_assert_num_queries):
    client.force_login(translator)
    url = reverse("translations:queue")
    count_queries(client, url)  # warm the content type cache
    for n in range(3):
        article_build(created_by=editor, title_ar=f"خبر {n}")
        person_build(name_ar=f"شخص {n}")
    few = count_queries(client, url)
    for n in range(20):
        article_build(created_by=editor, title_ar=f"خبر آخر {n}")
        tag_build()
    assert count_queries(client, url) == few
    with django_assert_num_queries(few):
        client.get(url)


# --- Changelist -----------------------------------------------------------------------------


def test_the_changelist_shows_badges_and_filters_by_status(client, editor):
    [scheduled, outdated, *_rest], done = queue_setup(editor)
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    response = client.get(url)
    html = response.content.decode()
    assert 'data-translation="ru" data-status="outdated"' in html
    assert 'data-translation="en" data-status="missing"' in html

    def listed(**params):
        return {a.pk for a in client.get(url, params).context["cl"].result_list}

    assert listed(translation_ru="outdated") == {outdated.pk}
    assert listed(translation_ru="up_to_date") == {done.pk}
    assert scheduled.pk in listed(translation_ru="missing")
    assert outdated.pk not in listed(translation_ru="missing")
    assert len(listed(translation_en="missing")) == 7


def test_the_person_changelist_filters_by_status(admin_client):
    lavrov = person_build(name_ar="لافروف", name_ru="Лавров")
    translation_confirm(obj=lavrov, language="ru")
    other = person_build(name_ar="غوتيريش")
    url = reverse("admin:people_person_changelist")
    found = admin_client.get(url, {"translation_ru": "missing"}).context["cl"].result_list
    assert [p.pk for p in found] == [other.pk]


@pytest.mark.parametrize("how_many", [3, 30])
def test_the_changelist_with_a_status_filter_keeps_its_query_count(
    client, editor, django_assert_max_num_queries, how_many
):
    for n in range(how_many):
        article_build(created_by=editor, title_ar=f"خبر {n}")
    client.force_login(editor)
    with django_assert_max_num_queries(11):
        response = client.get(
            reverse("admin:articles_article_changelist"), {"translation_ru": "missing"}
        )
    assert len(response.context["cl"].result_list) == how_many


# --- Side by side, going live, fallbacks ----------------------------------------------------


def test_the_change_form_shows_the_source_beside_the_field_and_what_changed(
    client, editor, translator
):
    article = article_build(
        title_ar="عنوان", body_ar="<p>قال الوزير اليوم.</p>", title_ru="Т", body_ru="<p>т</p>"
    )
    translation_confirm(obj=article, language="ru")
    article.body_ar = "<p>قال الوزير أمس.</p>"
    article.save()
    client.force_login(translator)
    html = client.get(change_url(article)).content.decode()
    doc = lxml.html.fromstring(html)
    body = doc.cssselect('[data-translation-source="body_ru"]')[0]
    assert body.get("data-status") == "outdated"
    source = body.cssselect(".translation-source-text")[0]
    assert (source.get("lang"), source.get("dir")) == ("ar", "rtl")
    assert body.cssselect("del")[0].text_content() == "اليوم."
    assert body.cssselect("ins")[0].text_content() == "أمس."
    title = doc.cssselect('[data-translation-source="title_ru"]')[0]
    assert title.get("data-status") == "up_to_date" and not title.cssselect("del")
    assert not doc.cssselect('[data-translation-source$="_en"]')  # not this translator's
    assert doc.get_element_by_id("id_title_ru").get("dir") == "ltr"
    assert doc.get_element_by_id("id_title_ar").get("dir") == "rtl"


def test_what_changed_in_the_source_keeps_its_paragraphs_apart(client, translator):
    article = article_build(
        body_ar="<p>زار الوزير الأرخبيل.</p><p>وقال إنه سعيد.</p>", title_ru="Т", body_ru="<p>т</p>"
    )
    translation_confirm(obj=article, language="ru")
    article.body_ar = "<p>زار الوزير الأرخبيل.</p><p>وأكد إنه سعيد.</p>"
    article.save()
    client.force_login(translator)
    doc = lxml.html.fromstring(client.get(change_url(article)).content.decode())
    diff = doc.cssselect('[data-translation-source="body_ru"] .translation-diff')[0]
    assert [e.text_content() for e in diff.iter("del")] == ["وقال"]
    assert [e.text_content() for e in diff.iter("ins")] == ["وأكد"]
    assert "الأرخبيل." in diff.text_content().split()
    assert diff.cssselect("br")  # the paragraph break is shown


def test_the_arabic_admin_is_right_to_left(client, translator):
    article = article_build()
    client.force_login(translator)
    html = client.get(change_url(article), headers={"accept-language": "ar"}).content.decode()
    assert '<html lang="ar" dir="rtl"' in html


def test_the_change_form_says_which_languages_go_live(client, editor):
    article = article_build(status=S.DRAFT, title_ru="Заголовок", body_ru="<p>т</p>")
    article.title_en = "Title only"
    article.save()
    client.force_login(editor)
    doc = lxml.html.fromstring(client.get(change_url(article)).content.decode())
    ready = {
        li.get("data-language"): li.get("data-ready")
        for li in doc.cssselect("[data-going-live] li")
    }
    assert ready == {"ar": "1", "ru": "1", "en": "0"}


def test_lists_say_which_language_a_fallback_name_comes_from(admin_client):
    person_build(name_ar="لافروف", name_ru="Лавров")
    person_build(name_ar="غوتيريش")
    url = reverse("admin:people_person_changelist")
    html = admin_client.get(url, headers={"accept-language": "ru"}).content.decode()
    assert "Лавров" in html and "Лавров (" not in html
    assert "غوتيريش (ar)" in html
    html = admin_client.get(url, headers={"accept-language": "ar"}).content.decode()
    assert "غوتيريش (ar)" not in html and "غوتيريش" in html


def test_the_admin_index_links_to_the_queue_and_the_import(client, translator):
    client.force_login(translator)
    html = client.get(reverse("admin:index")).content.decode()
    assert reverse("translations:queue") in html
    assert reverse("translations:import") in html


def test_tags_fallback_in_the_tag_changelist(admin_client):
    Tag.objects.create(name_ar="وسم خاص", slug="special")
    html = admin_client.get(
        reverse("admin:articles_tag_changelist"), headers={"accept-language": "en"}
    ).content.decode()
    assert "وسم خاص (ar)" in html


# --- Translators on the other translated models ----------------------------------------------


def test_a_translator_translates_a_person_and_nothing_else_whatever_they_post(client, translator):
    person = person_build(name_ar="سيرغي لافروف", role_ar="وزير الخارجية")
    client.force_login(translator)
    html = client.get(change_url(person)).content.decode()
    assert "name_ru" in form_data(html, "person_form")
    assert "name_ar" not in form_data(html, "person_form")  # disabled
    forged = {
        **form_data(html, "person_form", with_disabled=True),
        "name_ru": "Сергей Лавров",
        "name_ar": "اسم مزور",
        "name_en": "Forged",
        "slug": "forged",
    }
    response = client.post(change_url(person), forged)
    assert response.status_code == 302, response.content.decode()[:3000]
    fresh = Person.objects.get(pk=person.pk)
    assert fresh.name_ru == "Сергей Лавров"
    assert (fresh.name_ar, fresh.name_en, fresh.slug) == ("سيرغي لافروف", None, person.slug)
    assert translation_status(fresh, "ru") == MISSING  # the role is still to translate
    fresh = post_change(client, fresh, role_ru="министр иностранных дел")
    assert translation_status(fresh, "ru") == UP_TO_DATE


def test_a_translator_cannot_add_or_delete_people_nor_change_sections(client, translator):
    person = person_build()
    section = Section.objects.create(name_ar="العالم", slug="world")
    client.force_login(translator)
    assert client.get(reverse("admin:people_person_add")).status_code == 403
    assert client.get(reverse("admin:people_person_delete", args=[person.pk])).status_code == 403
    html = client.get(change_url(section)).content.decode()
    assert 'name="name_ru"' not in html  # view only


def test_a_translation_of_arabic_changed_meanwhile_stays_outdated(client, editor, translator):
    article = article_build(title_ar="عنوان", body_ar="<p>نص قديم.</p>", created_by=editor)
    client.force_login(translator)
    opened = form_data(client.get(change_url(article)).content.decode())
    Article.objects.filter(pk=article.pk).update(body_ar="<p>نص جديد.</p>")  # an editor, meanwhile
    response = client.post(
        change_url(article), {**opened, "title_ru": "Заголовок", "body_ru": "<p>Старый текст.</p>"}
    )
    assert response.status_code == 302
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.body_ru == "<p>Старый текст.</p>"
    states = {s.field: s.status for s in field_states(fresh, "ru")}
    assert states == {"title": UP_TO_DATE, "body": OUTDATED}
