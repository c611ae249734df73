"""Any language can be an article's original: status, the queue, side by side, the outdated
diff, PO/XLIFF round trips, publishing and the public pages all work from the article's own
original language (here Russian and English), and changing it recomputes the states."""

import lxml.html
import polib
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from translate.storage import xliff

from articles.models import Article
from articles.workflow import article_save
from newsroom.exchange import ImportRefused, export_po, export_xliff, translations_import
from newsroom.models import TranslationState
from newsroom.roles import EDITOR, TRANSLATOR
from newsroom.translation_states import translation_states_stale
from newsroom.translations import (
    TranslationStatus,
    field_states,
    target_languages,
    translation_status,
)
from people.models import Person
from tests.builders import article_build
from tests.staff import form_data, staff_build

pytestmark = pytest.mark.django_db

MISSING, OUTDATED, UP_TO_DATE = (
    TranslationStatus.MISSING,
    TranslationStatus.OUTDATED,
    TranslationStatus.UP_TO_DATE,
)

ORIGINALS = {
    "ru": {
        "title_ru": "Лавров обсудил с Гутерришем гуманитарные вопросы",
        "slug_ru": "lavrov-guterres",
        "standfirst_ru": "Министр иностранных дел России провёл телефонный разговор.",
        "body_ru": "<p>Стороны обсудили работу ООН.</p><p>Второй абзац.</p>",
    },
    "en": {
        "title_en": "Lavrov and Guterres discuss humanitarian issues",
        "slug_en": "lavrov-guterres",
        "standfirst_en": "Russia's foreign minister held a telephone call.",
        "body_en": "<p>The sides discussed the work of the UN.</p><p>Second paragraph.</p>",
    },
}
ARABIC = {
    "title": "لافروف وغوتيريش يبحثان المسائل الإنسانية",
    "standfirst": "أجرى وزير الخارجية الروسي اتصالاً هاتفياً.",
    "body": "<p>بحث الجانبان عمل الأمم المتحدة.</p>",
}


def original_article(language: str, **fields) -> Article:
    article = Article(original_language=language, status=Article.Status.DRAFT)
    for name, value in {**ORIGINALS[language], **fields}.items():
        setattr(article, name, value)
    return article_save(article=article, user=None, changed=())


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def post_change(client, article, **changes):
    html = client.get(change_url(article)).content.decode()
    data = {**form_data(html), **changes}
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Article.objects.get(pk=article.pk)


@pytest.fixture(params=["ru", "en"])
def original(request):
    return request.param


def test_status_and_stored_states_count_from_the_articles_own_language(original):
    article = original_article(original)
    assert set(target_languages(article)) == {"ar", "ru", "en"} - {original}
    for language in target_languages(article):
        assert translation_status(article, language) == MISSING
    stored = set(TranslationState.objects.values_list("language", flat=True))
    assert stored == {"ar", "ru", "en"} - {original}  # nothing to translate into the original
    assert translation_states_stale() == []


def test_an_arabic_translator_sees_it_in_the_queue_and_the_source_beside_each_field(
    client, original
):
    article = original_article(original)
    translator = staff_build(role=TRANSLATOR, languages=("ar",))
    client.force_login(translator)
    parts = client.get(reverse("translations:queue")).context["parts"]
    rows = [row for row in parts[0].rows if row.obj.pk == article.pk]
    assert rows and rows[0].statuses == [("ar", MISSING)]

    page = lxml.html.fromstring(client.get(change_url(article)).content.decode())
    (source,) = page.cssselect('[data-translation-source="title_ar"]')
    text = source.cssselect(".translation-source-text")[0]
    assert text.get("lang") == original and text.get("dir") == "ltr"
    assert text.text_content().strip() == ORIGINALS[original][f"title_{original}"]


def test_translating_into_arabic_and_changing_the_original_shows_the_diff(client, original):
    article = original_article(original)
    client.force_login(staff_build(role=TRANSLATOR, languages=("ar",)))
    article = post_change(
        client,
        article,
        title_ar=ARABIC["title"],
        standfirst_ar=ARABIC["standfirst"],
        body_ar=ARABIC["body"],
    )
    assert translation_status(article, "ar") == UP_TO_DATE

    client.force_login(staff_build(role=EDITOR))
    body = ORIGINALS[original][f"body_{original}"].replace("</p><p>", " (updated)</p><p>", 1)
    article = post_change(client, article, **{f"body_{original}": body})
    assert translation_status(article, "ar") == OUTDATED
    (state,) = [s for s in field_states(article, "ar") if s.field == "body"]
    assert state.source_changed and state.source_language == original

    client.force_login(staff_build(role=TRANSLATOR, languages=("ar",)))
    page = lxml.html.fromstring(client.get(change_url(article)).content.decode())
    (diff,) = page.cssselect('[data-translation-source="body_ar"] .translation-diff')
    assert "(updated)" in diff.text_content()
    assert diff.cssselect("p[lang]")[0].get("lang") == original


def _edit_po(data: bytes, values: dict) -> bytes:
    catalogue = polib.pofile(data.decode())
    for entry in catalogue:
        entry.msgstr = values[entry.msgctxt.rsplit(":", 1)[-1]]
    return str(catalogue).encode()


def _edit_xliff(data: bytes, values: dict) -> bytes:
    store = xliff.xlifffile.parsestring(data)
    for unit in store.units:
        unit.target = values[unit.getid().rsplit(":", 1)[-1]]
    return bytes(store)


@pytest.mark.parametrize("file_format", ["po", "xliff"])
def test_po_and_xliff_round_trip_into_arabic(original, file_format):
    article = original_article(original)
    if file_format == "po":
        data = export_po([article], "ar")
        catalogue = polib.pofile(data.decode())
        assert catalogue.metadata["X-Source-Language"] == original
        assert {e.msgid for e in catalogue} == {
            ORIGINALS[original][f"{name}_{original}"] for name in ("title", "standfirst", "body")
        }
        edited = _edit_po(data, ARABIC)
    else:
        data = export_xliff([article], "ar")
        assert f'source-language="{original}"'.encode() in data
        edited = _edit_xliff(data, ARABIC)
    assert translations_import(data=edited, file_format=file_format, language="ar") == 3
    article.refresh_from_db()
    assert article.title_ar == ARABIC["title"]
    assert translation_status(article, "ar") == UP_TO_DATE
    other = ({"ru", "en"} - {original}).pop()
    assert translation_status(article, other) == MISSING


def test_a_file_into_the_original_language_has_nothing_and_imports_nothing(original):
    article = original_article(original)
    assert list(polib.pofile(export_po([article], original).decode())) == []
    # A file made for Arabic, sent back as if it were the original language's.
    catalogue = polib.pofile(export_po([article], "ar").decode())
    catalogue.metadata["Language"] = original
    for entry in catalogue:
        entry.msgstr = "x"
    before = list(Article.objects.values())
    with translation.override("en"), pytest.raises(ImportRefused, match="its original"):
        translations_import(data=str(catalogue).encode(), file_format="po", language=original)
    assert list(Article.objects.values()) == before


def test_a_mixed_export_names_several_source_languages(original):
    arabic = article_build(status=Article.Status.DRAFT)
    other = original_article(original)
    catalogue = polib.pofile(
        export_po([arabic, other], "en" if original == "ru" else "ru").decode()
    )
    assert catalogue.metadata["X-Source-Language"] == "mul"


def test_published_it_is_public_in_its_original_and_in_arabic_once_translated(client, original):
    article = original_article(original)
    editor = staff_build(role=EDITOR)
    from articles.workflow import article_publish

    article = article_publish(article=article, user=editor)
    assert client.get(article.get_absolute_url(original)).status_code == 200
    home = client.get(f"/{original}/").content.decode()
    assert ORIGINALS[original][f"title_{original}"] in home
    assert client.get(f"/ar/news/{article.pk}/-/").status_code == 404
    assert ORIGINALS[original][f"title_{original}"] not in client.get("/ar/").content.decode()

    article.title_ar, article.body_ar = ARABIC["title"], ARABIC["body"]
    article = article_save(article=article, user=editor, changed={"title_ar", "body_ar"})
    response = client.get(article.get_absolute_url("ar"))
    assert response.status_code == 200
    assert ARABIC["title"] in response.content.decode()


def test_the_title_is_required_in_the_original_language():
    with pytest.raises(ValidationError) as error:
        article_save(
            article=Article(original_language="ru", title_ar="عنوان", body_ar="<p>نص</p>"),
            user=None,
            changed=(),
        )
    assert "title_ru" in error.value.message_dict
    assert not Article.objects.exists()


def test_the_editor_chooses_the_original_language_in_the_form(admin_client):
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        {"original_language": "en", "title_en": "Agency copy", "body_en": "<p>Text.</p>"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.original_language == "en"
    assert set(
        TranslationState.objects.filter(object_id=article.pk).values_list("language", flat=True)
    ) == {"ar", "ru"}


# --- Changing the original language after translations exist --------------------------------


def test_changing_the_original_keeps_translations_that_were_in_step():
    """An Arabic article with up-to-date Russian and English: an editor corrects the
    original to Russian. Arabic (which Russian translated) and English stay up to date."""
    editor = staff_build(role=EDITOR)
    article = article_build(
        title_ar=ARABIC["title"],
        body_ar=ARABIC["body"],
        standfirst_ar=ARABIC["standfirst"],
        status=Article.Status.DRAFT,
    )
    for values in ORIGINALS.values():
        for name, value in values.items():
            setattr(article, name, value)
    article = article_save(
        article=article, user=editor, changed=set(ORIGINALS["ru"]) | set(ORIGINALS["en"])
    )
    assert translation_status(article, "ru") == UP_TO_DATE
    assert translation_status(article, "en") == UP_TO_DATE

    article.original_language = "ru"
    article = article_save(article=article, user=editor, changed={"original_language"})
    assert set(target_languages(article)) == {"ar", "en"}
    assert translation_status(article, "ar") == UP_TO_DATE
    assert translation_status(article, "en") == UP_TO_DATE
    assert translation_states_stale() == []
    states = dict(
        TranslationState.objects.filter(object_id=article.pk).values_list("language", "status")
    )
    assert states == {"ar": UP_TO_DATE, "en": UP_TO_DATE}

    # Then the Russian original changes: both translations are outdated, with the diff.
    article.body_ru = "<p>Новый текст.</p>"
    article = article_save(article=article, user=editor, changed={"body_ru"})
    assert translation_status(article, "ar") == OUTDATED
    assert translation_status(article, "en") == OUTDATED
    (state,) = [s for s in field_states(article, "en") if s.field == "body"]
    assert state.source_then == ORIGINALS["ru"]["body_ru"]


def test_changing_the_original_outdates_translations_that_were_not_in_step():
    """Russian was outdated (Arabic changed after it): making Russian the original leaves
    Arabic and English outdated, with no cross-language diff."""
    editor = staff_build(role=EDITOR)
    article = article_build(title_ar=ARABIC["title"], body_ar=ARABIC["body"])
    article.title_ru, article.body_ru = "Заголовок", "<p>Текст.</p>"
    article.title_en, article.body_en = "Title", "<p>Text.</p>"
    article = article_save(
        article=article, user=editor, changed={"title_ru", "body_ru", "title_en", "body_en"}
    )
    article.body_ar = "<p>نص معدّل.</p>"
    article = article_save(article=article, user=editor, changed={"body_ar"})
    assert translation_status(article, "ru") == OUTDATED

    article.original_language = "ru"
    article = article_save(article=article, user=editor, changed={"original_language"})
    assert translation_status(article, "ar") == OUTDATED
    assert translation_status(article, "en") == OUTDATED
    body_states = [s for s in field_states(article, "ar") if s.field == "body"]
    assert body_states and not body_states[0].source_changed  # no diff between languages
    title = next(s for s in field_states(article, "en") if s.field == "title")
    assert title.status == UP_TO_DATE  # the titles were in step
    assert translation_states_stale() == []


def test_other_translated_models_keep_arabic_as_their_source():
    person = Person(name_ar="لافروف", name_ru="Лавров", slug="lavrov")
    assert set(target_languages(person)) == {"ru", "en"}
