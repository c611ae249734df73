"""Translation status: missing → up to date → outdated → up to date, for every model."""

import pytest

from articles.models import Article, Photo, PhotoCredit, Section, Source, Tag
from newsroom.translation_records import translation_record, translation_record_changes
from newsroom.translations import (
    TranslationStatus,
    field_states,
    translatable_fields,
    translation_status,
    translation_statuses,
)
from people.models import Organisation, Person
from tests.builders import article_build, person_build, photo_build, tag_build

pytestmark = pytest.mark.django_db

MISSING, OUTDATED, UP_TO_DATE = (
    TranslationStatus.MISSING,
    TranslationStatus.OUTDATED,
    TranslationStatus.UP_TO_DATE,
)


def builders():
    return {
        Article: lambda: article_build(title_ar="عنوان", body_ar="<p>نص، وفاصلة.</p>"),
        Person: lambda: person_build(name_ar="سيرغي لافروف", role_ar="وزير"),
        Organisation: lambda: Organisation.objects.create(name_ar="الأمم المتحدة", slug="un"),
        Source: lambda: Source.objects.create(name_ar="تاس", slug="tass"),
        PhotoCredit: lambda: PhotoCredit.objects.create(name_ar="وزارة الخارجية"),
        Photo: lambda: photo_build(caption_ar="تعليق", alt_text_ar="وصف"),
        Tag: lambda: tag_build(name_ar="وسم"),
        Section: lambda: Section.objects.create(name_ar="العالم", slug="world"),
    }


@pytest.mark.parametrize("model", list(builders()), ids=lambda m: m.__name__)
def test_status_cycle_for_every_translatable_model(model):
    obj = builders()[model]()
    fields = [f for f in translatable_fields(model) if getattr(obj, f"{f}_ar")]
    assert fields
    assert translation_status(obj, "ru") == MISSING

    for field in fields:  # the translator fills in Russian and saves
        setattr(obj, f"{field}_ru", f"перевод {field}")
    obj.save()
    translation_record_changes(obj=obj, changed=[f"{f}_ru" for f in fields])
    assert translation_status(obj, "ru") == UP_TO_DATE
    assert translation_status(obj, "en") == MISSING

    source = fields[-1]  # an editor changes a comma in the Arabic source
    setattr(obj, f"{source}_ar", getattr(obj, f"{source}_ar") + "،")
    obj.save()
    obj = model.objects.get(pk=obj.pk)
    assert translation_status(obj, "ru") == OUTDATED
    changed = [s for s in field_states(obj, "ru") if s.status == OUTDATED]
    assert [s.field for s in changed] == [source]
    assert changed[0].source_then != changed[0].source

    translation_record(obj=obj, language="ru")  # the translator saves Russian again
    assert translation_status(obj, "ru") == UP_TO_DATE


def test_a_comma_in_the_arabic_body_outdates_russian_and_english():
    article = article_build(
        title_ar="عنوان",
        body_ar="<p>نص</p>",
        title_ru="Заголовок",
        body_ru="<p>Текст</p>",
        title_en="Title",
        body_en="<p>Text</p>",
    )
    for language in ("ru", "en"):
        translation_record(obj=article, language=language)
    article.body_ar = "<p>نص،</p>"
    article.save()
    statuses = translation_statuses([article])
    assert statuses == {(article.pk, "ru"): OUTDATED, (article.pk, "en"): OUTDATED}


def test_saving_only_arabic_records_no_translation():
    article = article_build(title_ru="Заголовок", body_ru="<p>Текст</p>")
    translation_record_changes(obj=article, changed=["title_ar", "body_ar"])
    assert translation_status(article, "ru") == OUTDATED  # never recorded as translated


def test_statuses_for_many_objects_take_one_query(django_assert_num_queries):
    articles = [article_build() for _ in range(5)]
    with django_assert_num_queries(1):
        statuses = translation_statuses(articles)
    assert set(statuses.values()) == {MISSING}


def test_an_object_is_as_behind_as_its_most_behind_field():
    """Missing beats outdated beats up to date; an empty source field counts for nothing."""
    article = article_build(
        title_ar="عنوان", standfirst_ar="", body_ar="<p>نص</p>", title_ru="Заголовок"
    )
    translation_record(obj=article, language="ru")
    assert translation_status(article, "ru") == MISSING  # the body has no Russian yet
    article.body_ru = "<p>Текст</p>"
    article.save()
    translation_record(obj=article, language="ru", fields=["body"])
    assert translation_status(article, "ru") == UP_TO_DATE  # the empty standfirst is ignored
    article.title_ar = "عنوان جديد"
    article.save()
    assert translation_status(article, "ru") == OUTDATED
    article.body_ru = ""
    article.save()
    assert translation_statuses([article], ["ru"]) == {(article.pk, "ru"): MISSING}
    assert {s.field: s.status for s in field_states(article, "ru")} == {
        "title": OUTDATED,
        "body": MISSING,
    }
