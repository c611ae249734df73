"""PO and XLIFF round trips: export → edit → import, and every refused import."""

import polib
import pytest
from django.core.management import call_command
from django.utils import translation
from translate.storage import xliff

from articles.models import Article
from articles.revisions import article_versions
from newsroom.exchange import ImportRefused, export_po, export_xliff, translations_import
from newsroom.models import TranslationRecord
from newsroom.roles import TRANSLATOR
from newsroom.translations import TranslationStatus, translation_status
from people.models import Person
from tests.builders import article_build
from tests.staff import staff_build

pytestmark = pytest.mark.django_db

RUSSIAN_BODY = "<p>«Лавров» и ёжик — проверка: ЁЁ, щ, ъ.</p>"


@pytest.fixture
def article():
    return article_build(
        title_ar="لافروف وغوتيريش يبحثان «المسائل» الإنسانية",
        standfirst_ar="ناقش وزير الخارجية الروسي، عبر الهاتف، إمكانيات المنظمة.",
        body_ar="<p>وجاء في بيان: رحّب غوتيريش بدور روسيا.</p><p>فقرة ثانية.</p>",
    )


def snapshot():
    return list(Article.objects.order_by("pk").values()) + list(Person.objects.values())


def edited_po(data: bytes, values: dict[str, str]) -> bytes:
    catalogue = polib.pofile(data.decode())
    for entry in catalogue:
        field = entry.msgctxt.rsplit(":", 1)[-1]
        if field in values:
            entry.msgstr = values[field]
    return str(catalogue).encode()


def edited_xliff(data: bytes, values: dict[str, str]) -> bytes:
    store = xliff.xlifffile.parsestring(data)
    for unit in store.units:
        field = unit.getid().rsplit(":", 1)[-1]
        if field in values:
            unit.target = values[field]
    return bytes(store)


TRANSLATION = {
    "title": "Лавров и Гутерриш обсудили «гуманитарные» вопросы",
    "standfirst": "Министр иностранных дел России по телефону обсудил возможности ООН.",
    "body": RUSSIAN_BODY,
}


@pytest.mark.parametrize(
    ("file_format", "export", "edit"),
    [("po", export_po, edited_po), ("xliff", export_xliff, edited_xliff)],
)
def test_round_trip_keeps_every_character(article, file_format, export, edit):
    exported = export([article], "ru")
    assert article.title_ar.encode() in exported or "«المسائل»" in exported.decode()
    written = translations_import(
        data=edit(exported, TRANSLATION), file_format=file_format, language="ru"
    )
    assert written == 3
    article.refresh_from_db()
    assert article.title_ru == TRANSLATION["title"]
    assert article.standfirst_ru == TRANSLATION["standfirst"]
    assert article.body_ru == RUSSIAN_BODY
    assert article.slug_ru  # made from the new title
    assert translation_status(article, "ru") == TranslationStatus.UP_TO_DATE
    # Re-exporting gives back exactly the Arabic and Russian text.
    again = export([article], "ru").decode()
    for text in (article.title_ar, article.standfirst_ar, TRANSLATION["title"]):
        assert text in again


def test_exported_xliff_is_read_by_translate_toolkit(article):
    store = xliff.xlifffile.parsestring(export_xliff([article], "en"))
    assert store.getsourcelanguage() == "ar"
    assert store.gettargetlanguage() == "en"
    units = {u.getid().rsplit("\x04", 1)[-1]: u for u in store.units}
    assert units[f"articles.article:{article.pk}:title"].source == article.title_ar
    assert units[f"articles.article:{article.pk}:body"].source == article.body_ar


def test_demo_content_round_trips_through_po(db):
    call_command("loaddemo", seed_only=True)
    demo = Article.objects.get()
    people = list(Person.objects.all())
    data = export_po([demo, *people], "ru")
    translations_import(data=data, file_format="po", language="ru")
    demo_after = Article.objects.get()
    assert demo_after.body_ru == demo.body_ru
    assert [p.name_ru for p in Person.objects.all()] == [p.name_ru for p in people]


def refused_cases(article):
    po = export_po([article], "ru")
    good = edited_po(po, TRANSLATION)
    key = f"articles.article:{article.pk}"
    return {
        "malformed": (b'msgid "unterminated\nmsgstr', "po", "not a readable PO file"),
        "malformed-xliff": (b"<xliff><file", "xliff", "not a readable XLIFF file"),
        "other-language": (good.replace(b"Language: ru", b"Language: en"), "po", "not for “ru”"),
        "source-changed": (
            good.replace("فقرة ثانية".encode(), "فقرة معدلة".encode()),
            "po",
            f"{key}:body has changed since the export",
        ),
        "script": (
            edited_po(po, {"body": "<p>x<script>alert(1)</script></p>"}),
            "po",
            f"{key}:body contains HTML that is not allowed",
        ),
        "handler": (
            edited_po(po, {"body": '<p onclick="alert(1)">x</p>'}),
            "po",
            f"{key}:body contains HTML that is not allowed",
        ),
        "js-link": (
            edited_po(po, {"body": '<p><a href="javascript:alert(1)">x</a></p>'}),
            "po",
            f"{key}:body contains HTML that is not allowed",
        ),
        "html-in-title": (edited_po(po, {"title": "<b>x</b>"}), "po", f"{key}:title is plain text"),
        "nul": (edited_po(po, {"title": "a\x00b"}), "po", f"{key}:title contains control"),
        "too-long": (edited_po(po, {"title": "я" * 301}), "po", f"{key}:title is longer"),
        "unknown-object": (
            good.replace(f'"{key}:'.encode(), b'"articles.article:999999:'),
            "po",
            "no longer exists",
        ),
        "unknown-field": (
            good.replace(f"{key}:title".encode(), f"{key}:status".encode()),
            "po",
            "does not name a translatable field",
        ),
    }


REFUSED_CASES = [
    "malformed",
    "malformed-xliff",
    "other-language",
    "source-changed",
    "script",
    "handler",
    "js-link",
    "html-in-title",
    "nul",
    "too-long",
    "unknown-object",
    "unknown-field",
]


@pytest.mark.parametrize("case", REFUSED_CASES)
def test_refused_imports_name_the_problem_and_change_nothing(article, case):
    data, file_format, message = refused_cases(article)[case]
    before = snapshot()
    with pytest.raises(ImportRefused) as error, translation.override("en"):
        translations_import(data=data, file_format=file_format, language="ru")
    assert message in " ".join(error.value.messages)
    assert snapshot() == before


def test_an_imported_translation_is_kept_as_a_revision_naming_the_translator(article):
    translator = staff_build(role=TRANSLATOR, languages=("ru",))
    translations_import(
        data=edited_po(export_po([article], "ru"), TRANSLATION),
        file_format="po",
        language="ru",
        user=translator,
    )
    latest = article_versions(article).first()
    assert latest.revision.user == translator
    assert latest.field_dict["title_ru"] == TRANSLATION["title"]
    assert latest.field_dict["title_ar"] == article.title_ar


def test_a_translators_import_vouches_only_for_the_entries_in_the_file(article):
    translator = staff_build(role=TRANSLATOR, languages=("ru",))
    article.title_ru, article.body_ru = "Старый заголовок", "<p>Старый текст.</p>"
    article.save()  # written without a record: outdated
    catalogue = polib.pofile(export_po([article], "ru").decode())
    for entry in list(catalogue):
        if entry.msgctxt.endswith(":standfirst"):
            entry.msgstr = TRANSLATION["standfirst"]
        else:
            catalogue.remove(entry)  # a CAT tool sending back only what it changed
    translations_import(
        data=str(catalogue).encode(), file_format="po", language="ru", user=translator
    )
    recorded = TranslationRecord.objects.filter(object_id=article.pk, language="ru")
    assert set(recorded.values_list("field", flat=True)) == {"standfirst"}
    article.refresh_from_db()
    assert translation_status(article, "ru") == TranslationStatus.OUTDATED


@pytest.mark.parametrize("key", ["auth.user:1:username", "sessions.session:1:session_data"])
def test_an_entry_naming_a_model_that_is_not_translated_is_refused(client, article, key):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from newsroom.roles import TRANSLATOR
    from tests.staff import staff_build

    translator = staff_build(role=TRANSLATOR, languages=("ru",))
    catalogue = polib.pofile(export_po([article], "ru").decode())
    catalogue.append(polib.POEntry(msgctxt=key, msgid=translator.username, msgstr="root"))
    with translation.override("ar"):
        before = snapshot()
    client.force_login(translator)
    response = client.post(
        reverse("translations:import"),
        {
            "file": SimpleUploadedFile("ru.po", str(catalogue).encode()),
            "file_format": "po",
            "language": "ru",
        },
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert f"Entry {key} does not name a translatable field." in response.content.decode()
    with translation.override("ar"):  # the request left English active
        assert snapshot() == before
    translator.refresh_from_db()
    assert translator.username != "root"
