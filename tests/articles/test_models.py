from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from articles.models import Article, Tag
from people.models import Organisation
from tests.builders import article_build, article_full_build, person_build, tag_build

pytestmark = pytest.mark.django_db


def test_translated_fields_save_and_read_per_language():
    article = article_build(title_ar="عنوان", title_ru="Заголовок", title_en="Headline")
    article = Article.objects.get(pk=article.pk)
    assert (article.title_ar, article.title_ru, article.title_en) == (
        "عنوان",
        "Заголовок",
        "Headline",
    )
    for code, expected in (("ar", "عنوان"), ("ru", "Заголовок"), ("en", "Headline")):
        with translation.override(code):
            assert article.title == expected


def test_no_fallback_to_another_language():
    article = article_build(title_ar="عنوان")
    with translation.override("en"):
        assert Article.objects.get(pk=article.pk).title == ""


def test_slug_is_made_from_the_title_in_each_language():
    article = Article(
        title_ar="لافروف وغوتيريش", title_en="Lavrov and Guterres", body_ar="<p>x</p>"
    )
    article.full_clean()
    assert article.slug_ar == "لافروف-وغوتيريش"
    assert article.slug_en == "lavrov-and-guterres"
    assert article.slug_ru is None


def test_duplicate_slug_in_one_language_is_refused_with_a_clear_error():
    article_build(slug_ar="خبر")
    duplicate = Article(title_ar="آخر", body_ar="<p>x</p>", slug_ar="خبر")
    with pytest.raises(ValidationError) as error, translation.override("en"):
        duplicate.full_clean()
    assert "Another article already uses this address." in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_same_slug_in_different_languages_and_many_empty_slugs_are_fine():
    article_build(slug_ar="same", title_ru="", slug_ru=None)
    article_build(slug_ar="other", slug_en="same")
    assert Article.objects.filter(slug_ru__isnull=True).count() == 2


def test_tag_names_are_unique_per_language_ignoring_case():
    tag_build(name_ar="الأمم المتحدة", name_en="United Nations")
    with pytest.raises(ValidationError) as error, translation.override("en"):
        Tag(name_ar="وسم آخر", name_en="united nations", slug="other").full_clean()
    assert "A tag with this name already exists." in str(error.value)
    # Tags without a Russian name do not collide with each other.
    tag_build(name_ar="وسم ثالث")
    assert Tag.objects.filter(name_ru__isnull=True).count() == 2


def test_published_article_needs_a_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title_ar="x", status=Article.Status.PUBLISHED, published_at=None)


def test_absolute_url_per_language_carries_id_and_that_languages_slug():
    article = article_build(slug_ar="خبر", title_en="News", slug_en="news")
    assert article.get_absolute_url("ar") == f"/ar/news/{article.pk}/%D8%AE%D8%A8%D8%B1/"
    assert article.get_absolute_url("en") == f"/en/news/{article.pk}/news/"


def public_in(obj) -> set[str]:
    """The languages ``obj`` has a public page in, by its model's visibility rule."""
    return {code for code in ("ar", "ru", "en") if type(obj).objects.public(code).filter(pk=obj.pk)}


def test_tags_sources_people_and_organisations_are_public_only_with_a_public_article():
    draft = article_full_build(status=Article.Status.DRAFT, body_en="")
    tag, person = draft.tags.get(), draft.people.get()
    organisation, source = draft.organisations.get(), draft.source
    for subject in (tag, person, organisation, source):
        assert public_in(subject) == set(), subject
    # Published, but with no English body: public in Arabic and Russian only.
    Article.objects.filter(pk=draft.pk).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1)
    )
    for subject in (tag, person, organisation, source):
        assert public_in(subject) == {"ar", "ru"}, subject
    # Scheduled for tomorrow: not yet.
    Article.objects.filter(pk=draft.pk).update(published_at=timezone.now() + timedelta(days=1))
    assert public_in(tag) == set()


def test_a_bio_or_description_of_its_own_makes_a_person_or_organisation_public():
    person = person_build(name_ru="Мария Захарова", bio_ru="<p>Официальный представитель.</p>")
    organisation = Organisation.objects.create(
        name_ar="الأمم المتحدة", name_en="UN", slug="un", description_en="The United Nations."
    )
    assert public_in(person) == {"ru"}  # named in Arabic too, but with no bio there
    assert public_in(organisation) == {"en"}
    nameless = person_build(bio_en="<p>No English name.</p>")
    assert public_in(nameless) == set()


def test_public_languages_are_annotated_in_one_query(django_assert_num_queries):
    article = article_full_build()
    tag = article.tags.get()
    with django_assert_num_queries(1):
        found = Tag.objects.with_public_languages().get(pk=tag.pk)
    assert (found.public_in_ar, found.public_in_ru, found.public_in_en) == (True, True, True)


def test_a_photo_is_named_by_its_caption_never_by_its_file():
    from articles.models import PhotoCredit
    from tests.builders import photo_build

    both = photo_build(caption_ar="لافروف في نيويورك", caption_en="Lavrov in New York")
    arabic_only = photo_build(caption_ar="غوتيريش")
    credit = PhotoCredit.objects.create(name_ar="تاس", name_en="TASS")
    uncaptioned = photo_build(credit=credit)
    with translation.override("en"):
        assert str(both) == "Lavrov in New York"
        assert str(arabic_only) == "غوتيريش"  # another language's caption rather than nothing
        named = str(uncaptioned)
        assert "TASS" in named
        assert str(uncaptioned.created_at.year) in named
    with translation.override("ar"):
        assert str(both) == "لافروف في نيويورك"
        assert "تاس" in str(uncaptioned)
    for photo in (both, arabic_only, uncaptioned, photo_build()):
        assert "photos/" not in str(photo)
        assert photo.image.name.rsplit("/", 1)[-1] not in str(photo)


def test_live_and_scheduled_split_the_published_articles_as_is_scheduled_does():
    now = timezone.now()
    live = article_build(published_at=now - timedelta(minutes=1))
    scheduled = article_build(published_at=now + timedelta(minutes=1))
    article_build(status=Article.Status.DRAFT)
    article_build(status=Article.Status.UNPUBLISHED, published_at=now - timedelta(days=1))
    assert list(Article.objects.live()) == [live]
    assert list(Article.objects.scheduled()) == [scheduled]
    assert scheduled.is_scheduled and not live.is_scheduled
    with translation.override("en"):
        assert scheduled.get_state_display() == "Scheduled"
        assert live.get_state_display() == "Published"
    assert list(Article.objects.live(at=now + timedelta(minutes=2))) == [scheduled, live]


def test_an_article_is_translated_into_the_languages_it_is_public_in(client):
    """A title that makes no slug ("!!!") leaves the language without an address."""
    article = article_build(
        title_en="!!!", body_en="<p>Text</p>", title_ru="Да", body_ru="<p>Т</p>"
    )
    assert article.slug_en is None
    public = {code for code in ("ar", "ru", "en") if Article.objects.public(code).exists()}
    assert set(article.translated_languages()) == public == {"ar", "ru"}
    page = client.get(article.get_absolute_url("ar")).content.decode()
    assert 'hreflang="ru"' in page and 'hreflang="en"' not in page
