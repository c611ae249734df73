"""List counts kept in the shared cache until content changes (articles/pagination.py)."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.pagination import CachedCountPaginator
from tests.builders import article_build, tag_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def count_cache(settings):
    settings.NEWSROOM_COUNT_CACHE_SECONDS = 300
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0  # see the count, not a cached page


def test_a_list_count_is_cached_until_content_changes(client, count_cache):
    for n in range(3):
        article_build(title_ar=f"خبر {n}")
    with CaptureQueriesContext(connection) as first:
        response = client.get("/ar/")
    assert response.context["paginator"].count == 3
    with CaptureQueriesContext(connection) as second:
        response = client.get("/ar/")
    assert response.context["paginator"].count == 3
    assert len(second) == len(first) - 1  # no COUNT(*) the second time
    assert not any("COUNT(" in q["sql"] for q in second.captured_queries)
    article_build(title_ar="خبر جديد")  # moves the content version on
    assert client.get("/ar/").context["paginator"].count == 4


def test_each_list_has_its_own_cached_count(client, count_cache):
    tagged = article_build()
    article_build()
    tag = tag_build()
    tagged.tags.add(tag)
    assert client.get("/ar/").context["paginator"].count == 2
    assert client.get(tag.get_absolute_url("ar")).context["paginator"].count == 1
    assert client.get("/ar/").context["paginator"].count == 2


def test_each_language_has_its_own_cached_count(client, count_cache):
    article_build()
    article_build(title_en="News", body_en="<p>Text.</p>", slug_en="news")
    assert client.get("/ar/").context["paginator"].count == 2
    assert client.get("/en/").context["paginator"].count == 1


@pytest.mark.parametrize("nothing", ["none", "empty in"])
def test_a_list_nothing_can_match_counts_zero_with_the_count_cache_on(
    django_assert_num_queries, nothing
):
    assert settings.NEWSROOM_COUNT_CACHE_SECONDS > 0  # the default readers get
    public = Article.objects.public("ar").for_listing()
    articles = public.none() if nothing == "none" else public.filter(pk__in=[])
    paginator = CachedCountPaginator(articles, 20)
    with django_assert_num_queries(0):  # nothing to ask the database
        assert paginator.count == 0
        assert list(paginator.page(1)) == []


@pytest.mark.parametrize("page", ["home", "tag", "search"])
def test_every_public_list_keeps_its_count_across_requests(client, count_cache, page):
    """Each list's "now" (a new one per request) is left out of the count's key."""
    tag = tag_build()
    for n in range(2):
        article_build(title_ar=f"لافروف {n}").tags.add(tag)
    path = {"home": "/ar/", "tag": tag.get_absolute_url("ar"), "search": "/ar/search/?q=لافروف"}
    assert client.get(path[page]).context["paginator"].count == 2
    with CaptureQueriesContext(connection) as second:
        assert client.get(path[page]).context["paginator"].count == 2
    assert not any("COUNT(" in q["sql"] for q in second.captured_queries)
