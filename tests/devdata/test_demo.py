import hashlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from reversion.models import Revision

from articles.models import Article, Photo, PhotoCredit, Source, Tag
from articles.revisions import article_versions
from devdata.demo import SEED_FILE, parse_seed
from newsroom.translations import TranslationStatus, translation_statuses
from people.models import Organisation, Person

pytestmark = pytest.mark.django_db


def in_arabic(message: str) -> str:
    """A message as the Arabic admin shows it (the newsroom's language)."""
    with translation.override("ar"):
        return gettext(message)


#: The seed article as the newsroom supplied it; the demo quotes it verbatim.
SEED_SHA256 = "c16357e24a50d7618cee32b7ba6bb3c53ca3e1776f7f3c05088a433ac46a26de"


def snapshot() -> dict:
    """Every row of every project table, for comparing two states of the database."""
    rows = {}
    for app_label in ("articles", "people", "newsroom"):
        for model in apps.get_app_config(app_label).get_models():
            rows[model._meta.label] = list(model.objects.order_by("pk").values())
            for field in model._meta.many_to_many:
                rows[f"{model._meta.label}.{field.name}"] = sorted(
                    model.objects.values_list("pk", f"{field.name}__pk")
                )
    return rows


def test_the_bundled_seed_is_the_one_the_newsroom_supplied():
    assert hashlib.sha256(SEED_FILE.read_bytes()).hexdigest() == SEED_SHA256
    seed = parse_seed()
    assert seed.title == (
        "لافروف وغوتيريش يبحثان إمكانيات الأمم المتحدة في حل المسائل الإنسانية في قره باغ"
    )
    assert seed.date == "٠٤ ديسمبر ٢٠٢٠"
    assert len(seed.paragraphs) == 7
    assert seed.paragraphs[0].startswith("ناقش وزير الخارجية الروسي سيرغي لافروف")
    assert (seed.photo_credit, seed.source) == ("وزارة الخارجية الروسية", "تاس")


def test_loaddemo_twice_gives_the_same_rows():
    call_command("loaddemo")
    first = snapshot()
    call_command("loaddemo")
    assert snapshot() == first


def test_demo_article_is_the_seed_in_arabic_with_translations():
    call_command("loaddemo", seed_only=True)
    seed = parse_seed()
    article = Article.objects.get()
    assert article.title_ar == seed.title
    assert seed.title.startswith("لافروف وغوتيريش")
    assert article.standfirst_ar == seed.paragraphs[0]
    for paragraph in seed.paragraphs[1:]:
        assert paragraph.replace('"', "&quot;") in article.body_ar or paragraph in article.body_ar
    assert article.published_at.date().isoformat() == "2020-12-04"
    assert article.status == Article.Status.PUBLISHED
    assert article.translated_languages() == ["ar", "ru", "en"]
    assert article.title_ru.startswith("Лавров и Гутерриш")
    assert article.title_en.startswith("Lavrov and Guterres")


def test_demo_people_organisations_source_credit_photo_and_tags():
    call_command("loaddemo", seed_only=True)
    article = Article.objects.get()
    assert {p.name_en for p in article.people.all()} == {
        "Sergey Lavrov",
        "António Guterres",
        "Maria Zakharova",
        "Stéphane Dujarric",
        "Vladimir Putin",
    }
    assert (
        Person.objects.get(slug="sergey-lavrov").role_en == "Minister of Foreign Affairs of Russia"
    )
    assert set(Organisation.objects.values_list("name_en", flat=True)) == {
        "United Nations",
        "Ministry of Foreign Affairs of the Russian Federation",
        "TASS Russian News Agency",
    }
    source = Source.objects.get()
    assert (source.name_ar, source.name_ru, source.name_en) == ("تاس", "ТАСС", "TASS")
    credit = PhotoCredit.objects.get()
    assert (credit.name_ar, credit.name_ru, credit.name_en) == (
        "وزارة الخارجية الروسية",
        "МИД России",
        "Russian Foreign Ministry",
    )
    photo = Photo.objects.get()
    assert article.lead_photo == photo
    assert (photo.width, photo.height) == (1600, 900)
    assert photo.caption_ar and photo.alt_text_ru and photo.alt_text_en
    tags = Tag.objects.filter(slug="nagorno-karabakh").get()
    assert (tags.name_ar, tags.name_ru, tags.name_en) == (
        "ناغورني قره باغ",
        "Нагорный Карабах",
        "Nagorno-Karabakh",
    )
    assert article.tags.count() == 4
    assert all(t.name_ar and t.name_ru and t.name_en for t in Tag.objects.all())


def test_demo_translations_are_up_to_date():
    call_command("loaddemo", seed_only=True)
    article = Article.objects.get()
    assert translation_statuses([article]) == {
        (article.pk, "ru"): TranslationStatus.UP_TO_DATE,
        (article.pk, "en"): TranslationStatus.UP_TO_DATE,
    }
    statuses = translation_statuses(Person.objects.all())
    assert set(statuses.values()) == {TranslationStatus.UP_TO_DATE}


def test_the_demo_article_has_an_author_and_its_first_revision(admin_client):
    call_command("loaddemo", seed_only=True)
    call_command("loaddemo", seed_only=True)  # a rerun adds neither a revision nor an account
    article = Article.objects.get()
    author = article.created_by
    assert author.username == "system"
    assert not author.is_active and not author.has_usable_password()  # nobody logs in as it
    assert Revision.objects.count() == 1
    version = article_versions(article).get()
    loaded = in_arabic("Loaded the demo content")
    assert (version.revision.user, version.revision.get_comment()) == (author, loaded)
    assert version.field_dict["title_ar"] == article.title_ar
    url = reverse("admin:articles_article_revisions", args=[article.pk])
    page = admin_client.get(url).content.decode()  # the Arabic admin
    # What the revision was, in the reader's words (articles.revision_notes): imported.
    assert in_arabic("Imported") in page and in_arabic("No revisions yet.") not in page


def test_a_demo_loaded_before_gets_its_author_and_revision_and_a_change_its_own():
    call_command("loaddemo", seed_only=True)
    # As a database loaded before the demo kept revisions: no author, no revision.
    Revision.objects.all().delete()
    Article.objects.update(created_by=None)
    call_command("loaddemo", seed_only=True)
    article = Article.objects.get()
    assert article.created_by.username == "system"
    assert [v.revision.get_comment() for v in article_versions(article)] == [
        in_arabic("Loaded the demo content")
    ]
    Article.objects.update(title_en="Edited")  # a newer demo differs from what is stored
    call_command("loaddemo", seed_only=True)
    assert [v.revision.get_comment() for v in article_versions(article)] == [
        in_arabic("Updated the demo content"),
        in_arabic("Loaded the demo content"),
    ]
