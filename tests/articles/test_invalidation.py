"""Precise invalidation: after each kind of change, every page that shows what changed is
fresh on the next request, and a page that does not show it is still served from the cache
(no database query at all)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, Section
from newsroom.content import content_save
from newsroom.roles import EDITOR
from tests.builders import article_build, content_build, person_build, tag_build
from tests.staff import staff_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return staff_build(role=EDITOR)


@pytest.fixture
def site():
    """Two sections, two tags, a person; a story in each section, and one in English too."""
    politics = content_build(Section, name_ar="سياسة", name_en="Politics", slug="politics")
    sport = content_build(Section, name_ar="رياضة", name_en="Sport", slug="sport")
    elections, football = tag_build(name_ar="انتخابات"), tag_build(name_ar="كرة القدم")
    minister = person_build(name_ar="الوزير الأول")
    story = article_build(
        title_ar="خبر السياسة",
        title_en="Politics story",
        body_en="<p>Text.</p>",
        slug_en="politics-story",
        section=politics,
        m2m={"tags": [elections], "people": [minister]},
    )
    match = article_build(title_ar="خبر الرياضة", section=sport, m2m={"tags": [football]})
    return {
        "politics": politics,
        "sport": sport,
        "elections": elections,
        "football": football,
        "minister": minister,
        "story": story,
        "match": match,
    }


def pages(site):
    return {
        "home": "/ar/",
        "story": site["story"].get_absolute_url("ar"),
        "story_en": site["story"].get_absolute_url("en"),
        "match": site["match"].get_absolute_url("ar"),
        "politics": site["politics"].get_absolute_url("ar"),
        "sport": site["sport"].get_absolute_url("ar"),
        "elections": site["elections"].get_absolute_url("ar"),
        "football": site["football"].get_absolute_url("ar"),
        "minister": site["minister"].get_absolute_url("ar"),
        "feed": "/ar/feed/rss/",
    }


def warm(client, urls):
    for url in urls.values():
        assert client.get(url).status_code == 200, url


def assert_cached(client, urls, names, django_assert_num_queries):
    for name in names:
        with django_assert_num_queries(0):
            assert client.get(urls[name]).status_code == 200, name


def assert_fresh(client, urls, names, text):
    for name in names:
        assert text in client.get(urls[name]).content.decode(), name


def test_editing_a_title_refreshes_the_pages_that_show_it_only(
    client, site, editor, django_assert_num_queries
):
    urls = pages(site)
    warm(client, urls)
    story = site["story"]
    story.title_ar = "عنوان السياسة الجديد"
    workflow.article_save(article=story, user=editor, changed={"title_ar"})
    assert_fresh(
        client,
        urls,
        # (the match's page lists it among its related stories)
        ["home", "story", "match", "politics", "elections", "minister", "feed"],
        "عنوان السياسة الجديد",
    )
    # Not shown there, or another language: still from the cache.
    assert_cached(client, urls, ["sport", "football", "story_en"], django_assert_num_queries)


def test_publishing_refreshes_the_lists_it_enters_only(
    client, site, editor, django_assert_num_queries
):
    urls = pages(site)
    new = article_build(
        title_ar="خبر عاجل",
        status=Article.Status.DRAFT,
        section=site["politics"],
        m2m={"tags": [site["elections"]]},
    )
    warm(client, urls)
    workflow.article_publish(article=new, user=editor)
    assert_fresh(client, urls, ["home", "politics", "elections", "feed"], "خبر عاجل")
    assert_cached(
        client, urls, ["story", "match", "sport", "football", "minister"], django_assert_num_queries
    )


def test_unpublishing_removes_it_everywhere_at_once(
    client, site, editor, django_assert_num_queries
):
    urls = pages(site)
    warm(client, urls)
    workflow.article_unpublish(article=site["match"], user=editor)
    assert client.get(urls["match"]).status_code == 404
    # (the story's page listed it among its related stories)
    for name in ("home", "sport", "feed", "story"):
        assert "خبر الرياضة" not in client.get(urls[name]).content.decode(), name
    assert client.get(urls["football"]).status_code == 404  # no public article of that tag
    assert_cached(
        client,
        urls,
        ["politics", "elections", "minister", "story_en"],
        django_assert_num_queries,
    )


@pytest.mark.parametrize(
    ("obj", "field", "shown_on", "not_shown_on"),
    [
        ("minister", "name_ar", ["story", "minister"], ["match", "home", "sport"]),
        ("elections", "name_ar", ["story", "elections"], ["match", "sport", "football"]),
        # A section is named in the menu of every page of its language.
        ("politics", "name_ar", ["story", "politics", "home", "match", "sport", "football"], []),
    ],
)
def test_renaming_reaches_every_page_that_shows_the_name(
    client, site, editor, obj, field, shown_on, not_shown_on, django_assert_num_queries
):
    urls = pages(site)
    warm(client, urls)
    target = site[obj]
    setattr(target, field, "اسم جديد تماما")
    content_save(obj=target, user=editor, changed={field})
    assert_fresh(client, urls, shown_on, "اسم جديد تماما")
    assert_cached(client, urls, [*not_shown_on, "story_en"], django_assert_num_queries)


def test_a_translation_refreshes_its_language_and_leaves_the_others_cached(
    client, site, editor, django_assert_num_queries
):
    urls = pages(site)
    match = site["match"]
    warm(client, urls)
    ru_home = "/ru/"
    assert "Спорт" not in client.get(ru_home).content.decode()
    match.title_ru, match.body_ru, match.slug_ru = "Спортивная новость", "<p>Текст.</p>", "sport-ru"
    workflow.article_save(article=match, user=editor, changed={"title_ru", "body_ru", "slug_ru"})
    assert "Спортивная новость" in client.get(ru_home).content.decode()
    assert client.get(match.get_absolute_url("ru")).status_code == 200
    # The Arabic page now links to the Russian one (its language switcher).
    assert match.get_absolute_url("ru") in client.get(urls["match"]).content.decode()
    # An edit of the English text only touches English pages (warmed again first: the
    # Russian slug reached every page linking to the match, the story's related ones too).
    warm(client, urls)
    story = site["story"]
    story.title_en = "New English title"
    workflow.article_save(article=story, user=editor, changed={"title_en"})
    assert "New English title" in client.get(urls["story_en"]).content.decode()
    assert_cached(client, urls, ["story", "politics", "elections"], django_assert_num_queries)


def test_a_scheduled_article_enters_its_lists_when_its_time_comes(
    client, site, editor, django_assert_num_queries
):
    urls = pages(site)
    moment = timezone.now() + timedelta(minutes=5)
    article_build(
        title_ar="خبر مجدول",
        published_at=moment,
        section=site["sport"],
        m2m={"tags": [site["football"]]},
    )
    warm(client, urls)
    later = moment + timedelta(seconds=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("articles.caching.time.time", return_value=later.timestamp()),
    ):
        assert_fresh(client, urls, ["home", "sport", "football", "feed"], "خبر مجدول")
        assert_cached(
            client, urls, ["story", "politics", "elections", "minister"], django_assert_num_queries
        )
