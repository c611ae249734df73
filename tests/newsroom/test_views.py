"""The translation file pages of the admin: the export action and the import page,
with every refused case through the view (the database re-read, unchanged)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from translate.storage import xliff

from articles.models import Article, Section
from newsroom.exchange import ImportRefused, export_po, translations_import
from newsroom.roles import EDITOR, TRANSLATOR
from newsroom.translations import TranslationStatus, translation_status
from tests.builders import article_build, person_build
from tests.newsroom.test_exchange import (
    REFUSED_CASES,
    TRANSLATION,
    edited_po,
    edited_xliff,
    refused_cases,
)
from tests.newsroom.test_exchange import snapshot as _snapshot
from tests.staff import staff_build

pytestmark = pytest.mark.django_db

IMPORT_URL = "translations:import"


def snapshot():
    """Every article and person as stored (read in one language: requests switch it)."""
    with translation.override("ar"):
        return _snapshot()


@pytest.fixture
def article():
    return article_build(
        title_ar="لافروف وغوتيريش يبحثان «المسائل» الإنسانية",
        standfirst_ar="ناقش وزير الخارجية الروسي، عبر الهاتف، إمكانيات المنظمة.",
        body_ar="<p>وجاء في بيان: رحّب غوتيريش بدور روسيا.</p><p>فقرة ثانية.</p>",
    )


@pytest.fixture
def translator():
    return staff_build(role=TRANSLATOR, languages=("ru",))


def export(client, articles, language="ru", file_format="po"):
    """Run the changelist action through its intermediate page, as a browser does."""
    url = reverse("admin:articles_article_changelist")
    selection = {"action": "export_for_translation", "_selected_action": [a.pk for a in articles]}
    page = client.post(url, selection)
    assert page.status_code == 200
    assert b'id="translation_export_form"' in page.content
    return client.post(
        url, {**selection, "apply": "1", "language": language, "file_format": file_format}
    )


def upload(client, data: bytes, file_format="po", language="ru"):
    name = "article.po" if file_format == "po" else "article.xlf"
    return client.post(
        reverse(IMPORT_URL),
        {"file": SimpleUploadedFile(name, data), "file_format": file_format, "language": language},
        headers={"accept-language": "en"},
    )


@pytest.mark.parametrize(("file_format", "edit"), [("po", edited_po), ("xliff", edited_xliff)])
def test_a_translator_exports_translates_and_imports(
    client, article, translator, file_format, edit
):
    client.force_login(translator)
    response = export(client, [article], file_format=file_format)
    assert response.status_code == 200
    extension = "po" if file_format == "po" else "xlf"
    assert response["Content-Disposition"] == f'attachment; filename="article-ru.{extension}"'
    response = upload(client, edit(response.content, TRANSLATION), file_format)
    assert response.status_code == 302
    assert response["Location"] == reverse("translations:queue")
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.title_ru == TRANSLATION["title"]
    assert fresh.body_ru == TRANSLATION["body"]
    assert fresh.title_ar == article.title_ar
    assert translation_status(fresh, "ru") == TranslationStatus.UP_TO_DATE


def test_the_exported_xliff_is_read_by_translate_toolkit(admin_client, article):
    data = export(admin_client, [article], file_format="xliff").content
    store = xliff.xlifffile.parsestring(data)
    assert store.gettargetlanguage() == "ru"
    assert next(u.source for u in store.units) == article.title_ar


def test_the_export_page_asks_again_for_a_missing_language(admin_client, article):
    url = reverse("admin:articles_article_changelist")
    response = admin_client.post(
        url,
        {
            "action": "export_for_translation",
            "_selected_action": [article.pk],
            "apply": "1",
            "file_format": "po",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["language"]


def test_people_can_be_exported_too(admin_client):
    person = person_build(name_ar="لافروف")
    response = admin_client.post(
        reverse("admin:people_person_changelist"),
        {
            "action": "export_for_translation",
            "_selected_action": [person.pk],
            "apply": "1",
            "language": "en",
            "file_format": "po",
        },
    )
    assert f"people.person:{person.pk}:name".encode() in response.content


@pytest.mark.parametrize("case", REFUSED_CASES)
def test_a_refused_import_shows_the_reason_and_changes_nothing(client, article, translator, case):
    data, file_format, message = refused_cases(article)[case]
    before = snapshot()
    client.force_login(translator)
    response = upload(client, data, file_format)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert message in errors
    assert message in response.content.decode().replace("&quot;", '"')
    assert snapshot() == before


def test_a_translator_cannot_import_into_another_language(client, article, translator):

    data = edited_po(export_po([article], "en"), TRANSLATION)
    before = snapshot()
    client.force_login(translator)
    response = upload(client, data, language="en")  # forged: English is not offered
    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    assert snapshot() == before


def test_the_service_refuses_a_translator_another_language(article, translator):

    data = edited_po(export_po([article], "en"), TRANSLATION)
    with pytest.raises(ImportRefused), translation.override("en"):
        translations_import(data=data, file_format="po", language="en", user=translator)
    assert Article.objects.get(pk=article.pk).title_en in (None, "")


def test_a_translator_cannot_import_into_an_archived_article(client, article, translator):

    data = edited_po(export_po([article], "ru"), TRANSLATION)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.ARCHIVED)
    before = snapshot()
    client.force_login(translator)
    response = upload(client, data)
    assert "You may not change entry" in " ".join(response.context["form"].non_field_errors())
    assert snapshot() == before


def test_a_translator_imports_people_but_not_sections(client, translator):
    person = person_build(name_ar="لافروف")
    section = Section.objects.create(name_ar="العالم", slug="world")
    client.force_login(translator)
    response = upload(client, edited_po(export_po([section], "ru"), {"name": "Мир"}))
    assert "You may not change entry" in " ".join(response.context["form"].non_field_errors())
    assert Section.objects.get(pk=section.pk).name_ru in (None, "")
    response = upload(client, edited_po(export_po([person], "ru"), {"name": "Лавров"}))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name_ru == "Лавров"


def test_an_editor_imports_people(client):

    person = person_build(name_ar="لافروف")
    data = edited_po(export_po([person], "ru"), {"name": "Лавров"})
    client.force_login(staff_build(role=EDITOR))
    assert upload(client, data).status_code == 302
    person.refresh_from_db()
    assert person.name_ru == "Лавров"


def test_a_translator_without_languages_cannot_open_the_import(client):
    client.force_login(staff_build(role=TRANSLATOR))
    assert client.get(reverse(IMPORT_URL)).status_code == 403


def test_the_import_page_offers_only_the_translators_languages(client, translator):
    client.force_login(translator)
    form = client.get(reverse(IMPORT_URL)).context["form"]
    assert [code for code, _name in form.fields["language"].choices] == ["ru"]
