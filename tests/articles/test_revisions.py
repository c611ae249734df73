"""Revisions: every admin save keeps one; compare two, restore one as a new revision."""

import lxml.html
import pytest
from django.urls import reverse

from articles.models import Article
from articles.revisions import article_versions
from newsroom.roles import EDITOR, TRANSLATOR
from tests.builders import article_build, person_build, photo_build, tag_build
from tests.staff import form_data, staff_build

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def revisions_url(article):
    return reverse("admin:articles_article_revisions", args=[article.pk])


def restore_url(article, version):
    return reverse("admin:articles_article_revision_restore", args=[article.pk, version.pk])


def save(client, article, **changes):
    data = form_data(client.get(change_url(article)).content.decode())
    data.update(changes)
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:3000]


@pytest.fixture
def edited(client):
    """An article saved twice by an editor: Arabic and Russian text, people, tags, photo."""
    editor = staff_build(role=EDITOR)
    article = article_build(status=Article.Status.DRAFT, created_by=editor)
    lavrov, guterres = person_build(name_ar="لافروف"), person_build(name_ar="غوتيريش")
    un, tass = tag_build(name_ar="الأمم المتحدة"), tag_build(name_ar="تاس")
    photo = photo_build(caption_ar="صورة")
    client.force_login(editor)
    save(
        client,
        article,
        title_ar="لافروف يلتقي غوتيريش",
        body_ru="<p>Первая версия.</p>",
        people=[str(lavrov.pk)],
        tags=[str(un.pk)],
    )
    save(
        client,
        article,
        title_ar="لافروف وغوتيريش يبحثان الأزمة",
        body_ru="<p>Вторая версия.</p>",
        people=[str(lavrov.pk), str(guterres.pk)],
        tags=[str(tass.pk)],
        lead_photo=str(photo.pk),
    )
    return article, editor, {"un": un, "tass": tass, "guterres": guterres, "photo": photo}


def test_every_save_keeps_a_revision_with_all_languages_people_tags_and_photo(edited):
    article, editor, _things = edited
    versions = list(article_versions(article))
    assert len(versions) == 3  # made, then saved twice
    newest = versions[0].field_dict
    assert newest["title_ar"] == "لافروف وغوتيريش يبحثان الأزمة"
    assert newest["body_ru"] == "<p>Вторая версия.</p>"
    assert len(newest["people"]) == 2
    assert newest["lead_photo_id"] == _things["photo"].pk
    assert versions[0].revision.user == editor


def test_compare_shows_a_readable_diff_per_field_and_language(client, edited):
    article, _editor, _things = edited
    new, old, _made = article_versions(article)
    response = client.get(revisions_url(article), {"old": old.pk, "new": new.pk})
    assert response.status_code == 200
    rows = {(d.field, d.code): d for d in response.context["diff"]}
    title = rows[("title", "ar")]
    assert "<del>يلتقي غوتيريش</del>" in title.html
    assert "<ins>وغوتيريش يبحثان الأزمة</ins>" in title.html
    body = rows[("body", "ru")]
    assert (body.old, body.new) == ("Первая версия.", "Вторая версия.")
    assert rows[("tags", "")].old == "الأمم المتحدة"
    assert rows[("tags", "")].new == "تاس"
    assert "غوتيريش" in rows[("people", "")].new
    assert ("title", "en") not in rows  # unchanged fields are left out


def test_restore_brings_back_the_content_as_a_new_revision(client, edited):
    article, editor, things = edited
    Article.objects.filter(pk=article.pk).update(status=Article.Status.IN_REVIEW)
    _new, old, _made = article_versions(article)
    response = client.post(restore_url(article, old), {"languages": ["ar", "ru"], "common": "on"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_ar == "لافروف يلتقي غوتيريش"
    assert article.body_ru == "<p>Первая версия.</p>"
    assert [t.pk for t in article.tags.all()] == [things["un"].pk]
    assert article.people.count() == 1
    assert article.lead_photo is None
    assert article.status == Article.Status.IN_REVIEW  # content only, never the state
    versions = list(article_versions(article))
    assert len(versions) == 4
    assert versions[0].revision.user == editor
    assert versions[0].field_dict["title_ar"] == "لافروف يلتقي غوتيريش"


def test_a_translator_can_compare_but_not_restore(client, edited):
    article, _editor, _things = edited
    _new, old, _made = article_versions(article)
    client.force_login(staff_build(role=TRANSLATOR, languages=("ru",)))
    response = client.get(revisions_url(article))
    assert response.status_code == 200
    assert not response.context["can_restore"]
    assert client.get(restore_url(article, old)).status_code == 403
    assert client.post(restore_url(article, old), {"languages": ["ar"]}).status_code == 403
    article.refresh_from_db()
    assert article.title_ar == "لافروف وغوتيريش يبحثان الأزمة"


def test_revisions_of_a_missing_article_are_not_found(client):
    client.force_login(staff_build(role=EDITOR))
    response = client.get(reverse("admin:articles_article_revisions", args=[999999]))
    assert response.status_code == 404


def test_the_diff_keeps_paragraphs_apart(client):
    editor = staff_build(role=EDITOR)
    article = article_build(status=Article.Status.DRAFT, created_by=editor)
    client.force_login(editor)
    save(client, article, body_ar="<p>زار الوزير الأرخبيل.</p><p>وقال إنه &quot;سعيد&quot;.</p>")
    save(client, article, body_ar="<p>زار الوزير الأرخبيل.</p><p>وأكد إنه &quot;سعيد&quot;.</p>")
    new, old, _made = article_versions(article)
    response = client.get(revisions_url(article), {"old": old.pk, "new": new.pk})
    body = {(d.field, d.code): d for d in response.context["diff"]}[("body", "ar")]
    cell = lxml.html.fragment_fromstring(body.html, create_parent="td")
    assert [e.text_content() for e in cell.iter("del")] == ["وقال"]
    assert [e.text_content() for e in cell.iter("ins")] == ["وأكد"]
    assert cell.text_content().split() == [
        "زار",
        "الوزير",
        "الأرخبيل.",
        "وقال",
        "وأكد",
        "إنه",
        '"سعيد".',
    ]
    assert len(cell.findall("br")) == 1  # the paragraph break is shown
    assert body.old.splitlines() == ["زار الوزير الأرخبيل.", 'وقال إنه "سعيد".']


# --- Restore, language by language ------------------------------------------------------

A1 = {"title_ar": "لافروف يلتقي غوتيريش", "body_ar": "<p>بحث الجانبان الأزمة.</p>"}
A2 = {"title_ar": "لافروف يلتقي غوتيريش في نيويورك", "body_ar": "<p>بحث الجانبان الحرب.</p>"}
RU = {"title_ru": "Лавров встретился с Гутеррешем", "body_ru": "<p>Стороны обсудили кризис.</p>"}


@pytest.fixture
def translated_after_an_arabic_edit(client):
    """A published article: made (version 0), Arabic written (version 1), its Arabic edited
    (version 2), then translated into Russian (version 3). Version 1 has no Russian."""
    editor = staff_build(role=EDITOR)
    article = article_build(status=Article.Status.PUBLISHED, created_by=editor)
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the English admin
    save(client, article, **A1)
    save(client, article, **A2)
    save(client, article, **RU)
    article.refresh_from_db()
    assert article.translated_languages() == ["ar", "ru"]
    return article, editor


def restore_page(client, article, version):
    response = client.get(restore_url(article, version))
    assert response.status_code == 200
    return response.content.decode()


def listed_changes(html: str) -> dict[str, tuple[bool, set[str]]]:
    """Per group on the confirmation: is it ticked, and which fields does it list."""
    groups = {}
    for group in lxml.html.fromstring(html).cssselect("[data-restore-group]"):
        checkbox = group.cssselect("input[type=checkbox]")[0]
        rows = {row.get("data-change") for row in group.cssselect("[data-change]")}
        groups[group.get("data-restore-group")] = (checkbox.get("checked") is not None, rows)
    return groups


def test_the_confirmation_lists_exactly_the_fields_that_will_change(
    client, translated_after_an_arabic_edit
):
    article, _editor = translated_after_an_arabic_edit
    _v3, _v2, first, _made = article_versions(article)
    html = restore_page(client, article, first)
    # Arabic: the edit to undo, ticked. Russian: version 1 had none, so restoring it
    # would empty the translation: listed, not ticked, and said. English: the same.
    assert listed_changes(html) == {
        "ar": (True, {"title_ar", "body_ar"}),
        "ru": (False, {"title_ru", "slug_ru", "body_ru"}),
    }
    doc = lxml.html.fromstring(html)
    warning = doc.cssselect('[data-restore-group="ru"] [data-empties]')[0].text_content()
    assert "no longer be public in Russian" in warning
    title = doc.cssselect('[data-change="title_ar"] td')[0]
    assert (title.get("lang"), title.get("dir")) == ("ar", "rtl")
    assert [e.text_content() for e in title.iter("del")] == ["في نيويورك"]
    assert "English" in doc.text_content()  # named as the same in this version as now


def test_restoring_an_arabic_edit_keeps_the_russian_translation(
    client, translated_after_an_arabic_edit
):
    article, editor = translated_after_an_arabic_edit
    _v3, _v2, first, _made = article_versions(article)
    data = form_data(restore_page(client, article, first), "restore-form")
    response = client.post(restore_url(article, first), data)  # as offered: Arabic only
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title_ar, article.body_ar) == (A1["title_ar"], A1["body_ar"])
    assert (article.title_ru, article.body_ru) == (RU["title_ru"], RU["body_ru"])
    assert article.status == Article.Status.PUBLISHED
    assert client.get(article.get_absolute_url("ru")).status_code == 200  # still on /ru/
    newest = article_versions(article).first()
    assert newest.revision.user == editor
    assert "Arabic" in newest.revision.get_comment()
    assert newest.field_dict["title_ru"] == RU["title_ru"]


def test_restore_with_nothing_ticked_changes_nothing(client, translated_after_an_arabic_edit):
    article, _editor = translated_after_an_arabic_edit
    _v3, _v2, first, _made = article_versions(article)
    response = client.post(restore_url(article, first), {})
    assert response.status_code == 200
    assert "Tick what to restore." in response.content.decode()
    article.refresh_from_db()
    assert article.title_ar == A2["title_ar"]
    assert article_versions(article).count() == 4


def test_restoring_an_address_another_article_took_since_is_refused(
    client, translated_after_an_arabic_edit
):
    article, _editor = translated_after_an_arabic_edit
    _v3, _v2, first, _made = article_versions(article)
    old_slug = first.field_dict["slug_ar"]
    Article.objects.filter(pk=article.pk).update(slug_ar="عنوان-جديد")
    article_build(slug_ar=old_slug)
    response = client.post(restore_url(article, first), {"languages": ["ar"]})
    assert response.status_code == 200
    assert "Another article already uses this address." in response.content.decode()
    article.refresh_from_db()
    assert (article.slug_ar, article.title_ar) == ("عنوان-جديد", A2["title_ar"])
    assert article_versions(article).count() == 4
