"""No lost edits: concurrent saves of the admin's article form."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from newsroom.roles import EDITOR, TRANSLATOR
from tests.builders import article_build, person_build
from tests.staff import form_data, staff_build

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def opened_by(user, article) -> tuple[Client, dict]:
    """A browser of ``user`` with the article's change form open."""
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client, form_data(client.get(change_url(article)).content.decode())


@pytest.fixture
def article():
    return article_build(status=Article.Status.DRAFT, title_ar="العنوان الأول")


def test_the_second_save_of_the_same_field_is_refused_naming_who_and_keeping_the_text(article):
    first = staff_build(role=EDITOR, first_name="Amal", last_name="Haddad")
    second = staff_build(role=EDITOR)
    client_a, form_a = opened_by(first, article)
    client_b, form_b = opened_by(second, article)

    response = client_a.post(change_url(article), {**form_a, "title_ar": "عنوان أمل"})
    assert response.status_code == 302
    response = client_b.post(
        change_url(article),
        {**form_b, "title_ar": "عنوان الثاني", "body_ar": "<p>نص كتبه الثاني</p>"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Amal Haddad saved this article" in html
    assert "عنوان الثاني" in html  # what they typed is still in the form
    assert "نص كتبه الثاني" in html
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.title_ar == "عنوان أمل"
    assert "نص كتبه الثاني" not in fresh.body_ar

    # Having seen the warning, saving the returned form again keeps their version.
    response = client_b.post(change_url(article), form_data(html))
    assert response.status_code == 302
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.title_ar == "عنوان الثاني"
    assert fresh.body_ar == "<p>نص كتبه الثاني</p>"


def test_a_translator_and_an_editor_editing_different_languages_both_keep_their_work(article):
    editor = staff_build(role=EDITOR)
    translator = staff_build(role=TRANSLATOR, languages=("ru",))
    lavrov = person_build(name_ar="لافروف")
    editor_client, editor_form = opened_by(editor, article)
    translator_client, translator_form = opened_by(translator, article)

    response = translator_client.post(
        change_url(article),
        {**translator_form, "title_ru": "Первый заголовок", "body_ru": "<p>Перевод.</p>"},
    )
    assert response.status_code == 302
    response = editor_client.post(
        change_url(article),
        {**editor_form, "title_ar": "عنوان المحرر", "people": [str(lavrov.pk)]},
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    fresh = Article.objects.get(pk=article.pk)
    assert fresh.title_ar == "عنوان المحرر"
    assert list(fresh.people.all()) == [lavrov]
    assert fresh.title_ru == "Первый заголовок"
    assert fresh.body_ru == "<p>Перевод.</p>"


def test_two_editors_changing_different_fields_are_merged(article):
    first, second = staff_build(role=EDITOR), staff_build(role=EDITOR)
    client_a, form_a = opened_by(first, article)
    client_b, form_b = opened_by(second, article)
    assert (
        client_a.post(change_url(article), {**form_a, "standfirst_ar": "ملخص"}).status_code == 302
    )
    assert client_b.post(change_url(article), {**form_b, "title_en": "Headline"}).status_code == 302
    fresh = Article.objects.get(pk=article.pk)
    assert (fresh.standfirst_ar, fresh.title_en, fresh.title_ar) == (
        "ملخص",
        "Headline",
        "العنوان الأول",
    )
