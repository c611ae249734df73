from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from articles import caching, workflow
from articles.models import Article
from newsroom.content import content_delete, content_save
from newsroom.exchange import export_po, translations_import
from newsroom.roles import EDITOR
from tests.builders import article_build, person_build, tag_build
from tests.newsroom.test_exchange import edited_po
from tests.pages import parse, text_of
from tests.staff import staff_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return article_build(title_ar="العنوان الأول")


@pytest.fixture
def editor():
    return staff_build(role=EDITOR)


def test_second_request_is_served_from_the_cache(client, article, django_assert_num_queries):
    url = article.get_absolute_url("ar")
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content


def test_pages_carry_validators_and_cdn_cache_control(client, article, settings):
    response = client.get(article.get_absolute_url("ar"))
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "public" in response["Cache-Control"]
    assert f"max-age={settings.NEWSROOM_PAGE_MAX_AGE}" in response["Cache-Control"]


def test_repeat_visit_with_etag_gets_304(client, article):
    url = article.get_absolute_url("ar")
    etag = client.get(url)["ETag"]
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_repeat_visit_with_last_modified_gets_304(client, article):
    url = article.get_absolute_url("ar")
    modified = client.get(url)["Last-Modified"]
    assert client.get(url, headers={"if-modified-since": modified}).status_code == 304


def test_stale_etag_gets_the_new_page(client, article, editor):
    url = article.get_absolute_url("ar")
    etag = client.get(url)["ETag"]
    article.title_ar = "عنوان معدل"
    workflow.article_save(article=article, user=editor, changed={"title_ar"})
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "عنوان معدل" in response.content.decode()


def test_cache_is_per_language(client):
    article_build(title_en="English title", body_en="<p>x</p>", slug_en="english")
    assert "English title" not in client.get("/ar/").content.decode()
    assert "English title" in client.get("/en/").content.decode()


def test_edit_invalidates_at_once(client, article, editor):
    assert "العنوان الأول" in client.get("/ar/").content.decode()
    article.title_ar = "العنوان الثاني"
    workflow.article_save(article=article, user=editor, changed={"title_ar"})
    body = client.get("/ar/").content.decode()
    assert "العنوان الثاني" in body
    assert "العنوان الأول" not in body


def test_unpublish_invalidates_at_once(client, article, editor):
    url = article.get_absolute_url("ar")
    assert client.get(url).status_code == 200
    workflow.article_unpublish(article=article, user=editor)
    assert client.get(url).status_code == 404
    assert "العنوان الأول" not in client.get("/ar/").content.decode()


def test_publish_invalidates_at_once(client, editor):
    article = article_build(title_ar="خبر قادم", status=Article.Status.DRAFT)
    assert "خبر قادم" not in client.get("/ar/").content.decode()
    workflow.article_publish(article=article, user=editor)
    assert "خبر قادم" in client.get("/ar/").content.decode()


def test_related_changes_invalidate(client, article, editor):
    person = person_build(name_ar="اسم قديم")
    workflow.article_save(
        article=article, user=editor, changed={"people"}, m2m={"people": [person]}
    )
    assert "اسم قديم" in client.get(article.get_absolute_url("ar")).content.decode()
    person.name_ar = "اسم جديد"
    content_save(obj=person, user=editor, changed={"name_ar"})
    assert "اسم جديد" in client.get(article.get_absolute_url("ar")).content.decode()
    url = person.get_absolute_url("ar")
    assert client.get(url).status_code == 200
    workflow.article_save(article=article, user=editor, changed={"people"}, m2m={"people": []})
    assert "اسم جديد" not in client.get(article.get_absolute_url("ar")).content.decode()
    assert client.get(url).status_code == 404  # no public article mentions them any more
    tag = tag_build(name_ar="وسم قديم")
    workflow.article_save(article=article, user=editor, changed={"tags"}, m2m={"tags": [tag]})
    assert "وسم قديم" in client.get(article.get_absolute_url("ar")).content.decode()
    content_delete(objects=[tag])
    assert "وسم قديم" not in client.get(article.get_absolute_url("ar")).content.decode()


def test_an_imported_translation_invalidates_at_once(client, article):
    assert client.get(article.get_absolute_url("ru")).status_code == 404
    exported = export_po([article], "ru")
    data = edited_po(exported, {"title": "Заголовок", "body": "<p>Текст.</p>"})
    translations_import(data=data, file_format="po", language="ru")
    article.refresh_from_db()
    assert "Заголовок" in client.get(article.get_absolute_url("ru")).content.decode()


def test_content_changed_can_be_called_by_any_write_path(client, article):
    assert "العنوان الأول" in client.get("/ar/").content.decode()
    Article.objects.filter(pk=article.pk).update(title_ar="تحديث مباشر")  # no signal
    assert "تحديث مباشر" not in client.get("/ar/").content.decode()
    caching.content_changed()
    assert "تحديث مباشر" in client.get("/ar/").content.decode()


def test_scheduled_article_appears_when_its_time_comes_without_a_save(client):
    moment = timezone.now() + timedelta(minutes=5)
    article_build(title_ar="خبر مجدول", published_at=moment)
    assert "خبر مجدول" not in client.get("/ar/").content.decode()
    later = moment + timedelta(seconds=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("articles.caching.time.time", return_value=later.timestamp()),
    ):
        assert "خبر مجدول" in client.get("/ar/").content.decode()


def test_error_pages_and_redirects_are_not_cached(client, article):
    url = f"/ar/news/{article.pk}/wrong/"
    assert client.get(url).status_code == 301
    assert "Cache-Control" not in client.get("/ar/news/999/x/")


def test_version_is_shared_through_the_cache(article):
    before = caching.content_state()["version"]
    caching.content_changed()
    assert caching.content_state()["version"] != before


def test_cache_is_per_host(client, article, settings):
    settings.ALLOWED_HOSTS = ["news.example.org", "testserver"]
    url = article.get_absolute_url("ar")
    client.get(url)
    page = client.get(url, headers={"host": "news.example.org"}).content.decode()
    assert 'rel="canonical" href="http://news.example.org/ar/news/' in page


class CountingCache:
    """Wraps the configured cache and counts its reads: each one is a round trip to Redis."""

    def __init__(self, cache):
        self.cache, self.reads = cache, 0

    def get(self, *args, **kwargs):
        self.reads += 1
        return self.cache.get(*args, **kwargs)

    def get_many(self, *args, **kwargs):
        self.reads += 1
        return self.cache.get_many(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.cache, name)


def test_a_cached_page_costs_one_cache_read(client, article, monkeypatch):
    url = article.get_absolute_url("ar")
    first = client.get(url)
    counting = CountingCache(caching.cache)
    monkeypatch.setattr(caching, "cache", counting)
    second = client.get(url)
    assert counting.reads == 1
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_a_cached_feed_is_sent_in_one_piece(client, article):
    """A feed is written in many small pieces; sent from the cache, it is one body chunk."""
    url = "/ar/feed/rss/"
    first = client.get(url)
    second = client.get(url)
    assert second.content == first.content
    assert len(second._container) == 1


class WritingCache:
    """Wraps the configured cache and records the keys it is asked to store."""

    def __init__(self, cache):
        self.cache, self.stored = cache, []

    def set(self, key, *args, **kwargs):
        self.stored.append(key)
        return self.cache.set(key, *args, **kwargs)

    def set_many(self, data, *args, **kwargs):
        self.stored.extend(data)
        return self.cache.set_many(data, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.cache, name)


@pytest.fixture
def writes(monkeypatch):
    """The page keys the page cache stores from now on."""
    writing = WritingCache(caching.cache)
    monkeypatch.setattr(caching, "cache", writing)
    return writing.stored


JUNK = [
    "utm_source=newsletter",
    "utm_source=x&utm_medium=social&utm_campaign=spring",
    "fbclid=IwAR0abc",
    "gclid=Cj0KCQ",
    "zz=1&aa=2",
    "a",
    "=",
    "page=1",
    "page=01",
    "page=1&fbclid=x",
    *(f"r{n}={n * 7919}" for n in range(40)),
]


def test_junk_query_strings_are_answered_from_the_canonical_page(
    client, article, writes, django_assert_num_queries
):
    canonical = client.get("/ar/")
    assert len(writes) == 1
    for junk in JUNK:
        with django_assert_num_queries(0):
            response = client.get(f"/ar/?{junk}")
        assert response.status_code == 200
        assert response.content == canonical.content, junk
    assert len(writes) == 1  # no new cache entry


def test_a_junk_address_fills_the_canonical_entry_with_the_canonical_page(
    client, article, django_assert_num_queries
):
    first = client.get("/ar/?utm_source=newsletter&fbclid=abc")
    assert "utm_source" not in first.content.decode()  # its canonical link is the clean one
    with django_assert_num_queries(0):
        canonical = client.get("/ar/")
    assert canonical.content == first.content


def test_page_numbers_and_search_queries_get_their_own_correct_pages(client, writes):
    article_build(title_ar="خبر قديم")
    for n in range(20):  # a page of newer ones
        article_build(title_ar="خبر جديد", slug_ar=f"khabar-{n}")
    first, second = client.get("/ar/"), client.get("/ar/?page=2")
    assert "خبر قديم" in text_of(parse(second))
    assert "خبر قديم" not in text_of(parse(first))
    for variant in ("page=02", "page=+2", "page=2&utm_source=x", "utm_source=y&page=2"):
        assert client.get(f"/ar/?{variant}").content == second.content, variant
    assert client.get("/ar/?page=99").status_code == 404

    search = client.get("/ar/search/?q=خبر")
    assert "خبر جديد" in text_of(parse(search))
    for variant in ("q=%20%20خبر%20", "q=خبر&utm_source=x", "fbclid=1&q=خبر"):
        assert client.get(f"/ar/search/?{variant}").content == search.content, variant
    other = text_of(parse(client.get("/ar/search/?q=قديم")))
    assert "خبر قديم" in other
    assert "خبر جديد" not in other
    assert "خبر قديم" in text_of(parse(client.get("/ar/search/?q=خبر&page=2")))
    pages = [key for key in writes if key.startswith("newsroom:page:")]
    assert len(pages) == 5  # home 1 and 2, two searches, the first one's page 2


def test_an_overlong_search_query_is_cut_and_cached_once(client, article, writes):
    long = "كلمة " * 500
    first = client.get("/ar/search/", {"q": long})
    again = client.get("/ar/search/", {"q": long + "وأكثر"})
    assert again.content == first.content
    assert len([key for key in writes if key.startswith("newsroom:page:")]) == 1


def test_addresses_that_only_look_different_are_not_cached_apart(client, article, writes):
    url = article.get_absolute_url("ar")
    page = client.get(url)
    variant = url.replace(f"/{article.pk}/", f"/000{article.pk}/")
    assert client.get(variant).status_code == 200
    assert client.get(url, headers={"host": "testserver:1234"}).status_code == 200
    assert client.get(url, headers={"host": "TestServer"}).status_code == 200
    pages = [key for key in writes if key.startswith("newsroom:page:")]
    assert len(pages) == 1
    assert client.get(url).content == page.content
