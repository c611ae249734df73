"""The shared page cache and its content version (articles/caching.py)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles import caching
from articles.models import Article
from tests.builders import article_build, person_build, tag_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    """Turn the page cache on, starting empty."""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_second_request_is_served_from_the_cache_without_queries(
    client, page_cache, django_assert_num_queries
):
    article_build(title_ar="خبر أول")
    first = client.get("/ar/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/ar/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "خبر أول" in second.content.decode()


def test_saving_an_article_makes_cached_pages_stale(
    client, page_cache, django_capture_on_commit_callbacks
):
    article = article_build(title_ar="العنوان القديم")
    assert "العنوان القديم" in client.get("/ar/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article.title_ar = "العنوان الجديد"
        article.save()
    response = client.get("/ar/")
    assert response["X-Page-Cache"] == "miss"
    assert "العنوان الجديد" in response.content.decode()


@pytest.mark.parametrize("change", ["delete", "person", "m2m"])
def test_other_content_changes_bump_the_version(
    page_cache, django_capture_on_commit_callbacks, change
):
    article = article_build()
    before = caching.content_version()
    with django_capture_on_commit_callbacks(execute=True):
        if change == "delete":
            article.delete()
        elif change == "person":
            person_build()
        else:
            article.people.add(person_build())
    assert caching.content_version() > before


def test_nothing_is_bumped_before_the_commit(page_cache, django_capture_on_commit_callbacks):
    before = caching.content_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article_build()
    assert caching.content_version() == before
    assert callbacks  # run at commit


def test_a_scheduled_article_appears_when_its_time_comes(client, page_cache):
    article = article_build(title_ar="خبر مجدول", published_at=timezone.now() + timedelta(hours=2))
    assert "خبر مجدول" not in client.get("/ar/").content.decode()
    assert client.get("/ar/")["X-Page-Cache"] == "hit"
    # Time passes: the article's date is now behind us, and so is the next
    # scheduled time the cache remembered (no save, no signal).
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    cache.set(caching.NEXT_SCHEDULED_KEY, 1.0, timeout=None)
    response = client.get("/ar/")
    assert response["X-Page-Cache"] == "miss"
    assert "خبر مجدول" in response.content.decode()


def test_signed_in_staff_never_get_a_cached_page(admin_client, page_cache):
    admin_client.get("/ar/")
    assert "X-Page-Cache" not in admin_client.get("/ar/")


@pytest.mark.parametrize("path", ["/admin/login/", "/healthz"])
def test_only_public_language_pages_are_cached(client, page_cache, path):
    client.get(path)
    assert "X-Page-Cache" not in client.get(path)


def test_missing_pages_and_posts_are_not_cached(client, page_cache):
    client.get("/ar/news/999999/")
    assert client.get("/ar/news/999999/").status_code == 404
    assert "X-Page-Cache" not in client.get("/ar/news/999999/")
    assert "X-Page-Cache" not in client.post("/ar/")


def test_a_cached_page_tells_shared_caches_how_long_to_keep_it(client, page_cache):
    response = client.get("/ar/")
    assert "s-maxage=300" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_the_page_cache_can_be_turned_off(client, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    client.get("/ar/")
    assert "X-Page-Cache" not in client.get("/ar/")


def test_a_lost_version_starts_again_above_the_old_one(page_cache):
    old = caching.content_version()
    cache.delete(caching.CONTENT_VERSION_KEY)
    assert caching.content_version() > old


def test_healthz_answers_through_the_middleware(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.fixture
def count_cache(settings):
    settings.NEWSROOM_COUNT_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_list_counts_are_cached_until_content_changes(
    client, count_cache, django_assert_num_queries, django_capture_on_commit_callbacks
):
    for n in range(3):
        article_build(title_ar=f"خبر {n}")
    client.get("/ar/")
    with django_assert_num_queries(1):  # the list; its count comes from the cache
        response = client.get("/ar/")
    assert response.context["paginator"].count == 3
    with django_capture_on_commit_callbacks(execute=True):
        article_build(title_ar="خبر جديد")
    with django_assert_num_queries(2):
        response = client.get("/ar/")
    assert response.context["paginator"].count == 4


def test_each_list_has_its_own_cached_count(client, count_cache):
    tagged = article_build()
    article_build()
    tag = tag_build()
    tagged.tags.add(tag)
    assert client.get("/ar/").context["paginator"].count == 2
    assert client.get(tag.get_absolute_url("ar")).context["paginator"].count == 1
    assert client.get("/ar/").context["paginator"].count == 2
