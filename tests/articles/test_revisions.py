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
    assert len(versions) == 2
    newest = versions[0].field_dict
    assert newest["title_ar"] == "لافروف وغوتيريش يبحثان الأزمة"
    assert newest["body_ru"] == "<p>Вторая версия.</p>"
    assert len(newest["people"]) == 2
    assert newest["lead_photo_id"] == _things["photo"].pk
    assert versions[0].revision.user == editor


def test_compare_shows_a_readable_diff_per_field_and_language(client, edited):
    article, _editor, _things = edited
    new, old = article_versions(article)
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
    _new, old = article_versions(article)
    response = client.post(revisions_url(article), {"restore": old.pk})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_ar == "لافروف يلتقي غوتيريش"
    assert article.body_ru == "<p>Первая версия.</p>"
    assert [t.pk for t in article.tags.all()] == [things["un"].pk]
    assert article.people.count() == 1
    assert article.lead_photo is None
    assert article.status == Article.Status.IN_REVIEW  # content only, never the state
    versions = list(article_versions(article))
    assert len(versions) == 3
    assert versions[0].revision.user == editor
    assert versions[0].field_dict["title_ar"] == "لافروف يلتقي غوتيريش"


def test_a_translator_can_compare_but_not_restore(client, edited):
    article, _editor, _things = edited
    _new, old = article_versions(article)
    client.force_login(staff_build(role=TRANSLATOR, languages=("ru",)))
    response = client.get(revisions_url(article))
    assert response.status_code == 200
    assert not response.context["can_restore"]
    assert client.post(revisions_url(article), {"restore": old.pk}).status_code == 403
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
    new, old = article_versions(article)
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
