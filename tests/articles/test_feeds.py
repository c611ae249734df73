from datetime import timedelta

import feedparser
import lxml.html
import pytest
from django.utils import timezone

from tests.builders import article_build, article_full_build, empty_page_cache, tag_build

pytestmark = pytest.mark.django_db


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize(("path", "version"), [("feed/rss/", "rss20"), ("feed/atom/", "atom10")])
@pytest.mark.parametrize("language", ["ar", "ru", "en"])
def test_site_feeds_parse_and_carry_public_articles(client, path, version, language):
    article = article_full_build()
    feed = parsed(client, f"/{language}/{path}")
    assert feed.version == version
    assert feed.feed.language == language if version == "rss20" else True
    (entry,) = feed.entries
    assert entry.title == getattr(article, f"title_{language}")
    assert entry.link == "http://testserver" + article.get_absolute_url(language)
    assert entry.published_parsed


@pytest.mark.parametrize("path", ["feed/rss/", "feed/atom/"])
def test_feeds_leave_out_what_is_not_public(client, path):
    public = article_build(title_ar="منشور")
    article_build(title_ar="مسودة", status="draft")
    article_build(title_ar="غير منشور", status="unpublished")
    article_build(title_ar="مجدول", published_at=timezone.now() + timedelta(hours=2))
    assert [e.title for e in parsed(client, f"/ar/{path}").entries] == [public.title_ar]
    assert parsed(client, f"/en/{path}").entries == []  # not translated into English


@pytest.mark.parametrize("path", ["rss", "atom"])
def test_tag_feed(client, path):
    tagged = article_full_build()
    article_full_build()  # another tag
    tag = tagged.tags.first()
    feed = parsed(client, f"/en/tag/{tag.slug}/{path}/")
    assert [e.title for e in feed.entries] == [tagged.title_en]
    assert tag.name_en in feed.feed.title


def test_tag_feed_for_a_tag_unnamed_in_the_language_is_404(client):
    tag = tag_build()
    article_build().tags.add(tag)
    assert client.get(f"/en/tag/{tag.slug}/rss/").status_code == 404
    assert client.get(f"/ar/tag/{tag.slug}/rss/").status_code == 200


@pytest.mark.parametrize("path", ["rss", "atom"])
def test_person_feed(client, path):
    article = article_full_build()
    article_full_build()
    person = article.people.first()
    feed = parsed(client, f"/ru/person/{person.slug}/{path}/")
    assert [e.title for e in feed.entries] == [article.title_ru]


def test_feed_query_count_is_constant(client, django_assert_num_queries):
    article_full_build()
    empty_page_cache()
    with django_assert_num_queries(3):  # articles, their renditions, their tags
        client.get("/en/feed/rss/")
    for _ in range(5):
        article_full_build(tags=4)
    empty_page_cache()
    with django_assert_num_queries(3):
        client.get("/en/feed/rss/")


MARKUP_NAME = '<script>alert(1)</script><img src=x onerror="alert(2)"> & <b>bold</b>'


@pytest.mark.parametrize("path", ["rss", "atom"])
@pytest.mark.parametrize("kind", ["tag", "person"])
def test_a_subjects_name_is_text_in_the_channel_description(client, path, kind):
    article = article_full_build()
    subject = article.tags.first() if kind == "tag" else article.people.first()
    subject.name_ru = MARKUP_NAME
    subject.save()
    feed = parsed(client, f"/ru/{kind}/{subject.slug}/{path}/")
    # What a reader shows: the description as HTML when the feed says it is HTML.
    detail = feed.feed.subtitle_detail
    shown = (
        lxml.html.fragment_fromstring(detail.value, create_parent="div").text_content()
        if detail.type == "text/html"
        else detail.value
    )
    assert MARKUP_NAME in shown
    # Nor can a reader that does not sanitise find markup in it.
    raw = feedparser.parse(
        client.get(f"/ru/{kind}/{subject.slug}/{path}/").content, sanitize_html=False
    ).feed.subtitle_detail
    if raw.type == "text/html":
        markup = lxml.html.fragment_fromstring(raw.value, create_parent="div")
        assert markup.xpath("//script | //img | //b") == []
