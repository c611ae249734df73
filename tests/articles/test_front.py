"""The edited front page: placement, each article once, sections, the menu, the breaking-news
banner (and its expiry through the page cache), digits, descriptions, icons."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.front import breaking_news_save
from articles.models import Article, BreakingNews, Section
from tests.builders import article_build, article_full_build, content_build, photo_build
from tests.pages import parse, text_of

pytestmark = pytest.mark.django_db

Placement = Article.FrontPlacement


def hours_ago(n: float):
    return timezone.now() - timedelta(hours=n)


def front(client, language: str = "ar"):
    return parse(client.get(f"/{language}/"))


def story_links(page) -> list[str]:
    """The address of every story shown on the front page, in page order (not the menus)."""
    return [
        a.get("href")
        for a in page.cssselect("main .lead-title a, main .teaser-title a, main .most-read a")
    ]


def test_newest_article_leads_when_nothing_is_placed(client):
    older = article_build(title_ar="خبر أقدم", published_at=hours_ago(3))
    newest = article_build(title_ar="أحدث خبر", published_at=hours_ago(1))
    page = front(client)
    assert page.cssselect(".lead-title a")[0].text_content() == newest.title_ar
    assert [a.text_content() for a in page.cssselect(".top-stories .teaser-title a")] == [
        older.title_ar
    ]


def test_editors_place_the_lead_and_top_stories_in_their_order(client):
    article_build(
        title_ar="القصة الرئيسية", published_at=hours_ago(30), front_placement=Placement.LEAD
    )
    article_build(title_ar="خبر عادي", published_at=hours_ago(1))
    second = article_build(
        title_ar="ثانية", published_at=hours_ago(20), front_placement=Placement.TOP, front_order=2
    )
    first = article_build(
        title_ar="أولى", published_at=hours_ago(25), front_placement=Placement.TOP, front_order=1
    )
    page = front(client)
    assert page.cssselect(".lead-title a")[0].text_content() == "القصة الرئيسية"
    top = [a.text_content() for a in page.cssselect(".top-stories .teaser-title a")]
    # Placed top stories first, by their order; then the newest fill the places left.
    assert top[:3] == [first.title_ar, second.title_ar, "خبر عادي"]


def test_each_article_appears_once_on_the_front_page(client):
    world = content_build(Section, slug="world", name_ar="العالم", name_en="World")
    economy = content_build(Section, slug="economy", name_ar="اقتصاد", name_en="Economy")
    for n in range(14):
        article_build(
            title_ar=f"خبر {n}",
            section=world if n % 2 else economy,
            published_at=hours_ago(n + 1),
            lead_photo=photo_build() if n < 3 else None,
        )
    page = front(client)
    links = [a.get("href") for a in page.cssselect("main .lead-title a, main .teaser-title a")]
    assert len(links) == 14  # all of them, lead + 4 top + sections + latest
    assert len(set(links)) == len(links)
    assert len(page.cssselect(".home-section .section-stories")) == 2


def test_sections_menu_lists_the_sections_named_in_the_language(client):
    content_build(Section, slug="world", name_ar="العالم", name_en="World", position=1)
    content_build(Section, slug="sport", name_ar="رياضة", position=2)  # no English name
    ar = [a.text_content() for a in front(client, "ar").cssselect("nav.section-nav a")]
    en = [a.text_content() for a in front(client, "en").cssselect("nav.section-nav a")]
    assert ar == ["الرئيسية", "العالم", "رياضة"]
    assert en == ["Home", "World"]
    section_page = parse(client.get("/en/section/world/"))
    (current,) = section_page.cssselect("nav.section-nav a[aria-current=page]")
    assert current.text_content() == "World"


def banner_build(language="ar", text="عاجل: خبر مهم", **fields) -> BreakingNews:
    fields.setdefault("expires_at", timezone.now() + timedelta(hours=1))
    return breaking_news_save(banner=BreakingNews(language=language, text=text, **fields))


def test_breaking_news_shows_in_its_language_and_links_to_a_public_article(client):
    article = article_build(title_ar="الخبر")
    banner_build(article=article)
    draft = article_build(status=Article.Status.DRAFT)
    banner_build(language="en", text="Breaking: draft story", article=draft)
    (strip,) = front(client, "ar").cssselect(".breaking")
    assert "عاجل: خبر مهم" in text_of(strip)
    assert strip.cssselect("a")[0].get("href") == article.get_absolute_url("ar")
    (english,) = parse(client.get("/en/search/")).cssselect(".breaking")
    assert not english.cssselect("a")  # a draft is never linked, nor revealed
    assert not front(client, "ru").cssselect(".breaking")


def test_a_banner_disappears_at_its_expiry_from_cached_pages_too(client):
    article = article_build()
    expiry = timezone.now() + timedelta(minutes=10)
    banner_build(expires_at=expiry)
    url = article.get_absolute_url("ar")
    assert front(client).cssselect(".breaking")
    assert parse(client.get(url)).cssselect(".breaking")
    with time_machine.travel(expiry + timedelta(seconds=1), tick=False):
        assert not front(client).cssselect(".breaking")
        assert not parse(client.get(url)).cssselect(".breaking")


def test_a_banner_appears_at_its_start_on_cached_pages(client):
    article_build()
    start = timezone.now() + timedelta(minutes=10)
    banner_build(starts_at=start, expires_at=start + timedelta(hours=1))
    assert not front(client).cssselect(".breaking")
    with time_machine.travel(start + timedelta(seconds=1), tick=False):
        assert front(client).cssselect(".breaking")


def test_a_banner_must_end_after_it_starts():
    from django.core.exceptions import ValidationError

    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        banner_build(starts_at=now, expires_at=now - timedelta(minutes=1))
    assert "expires_at" in error.value.message_dict
    assert not BreakingNews.objects.exists()


def test_front_page_queries_do_not_grow_with_sections_placements_and_reads(
    client, django_assert_num_queries
):
    from articles import mostread

    def world(sections: int, articles_per_section: int):
        for s in range(sections):
            section = content_build(Section, slug=f"s{s}-{sections}", name_ar=f"قسم {s}")
            for n in range(articles_per_section):
                placement = Placement.TOP if n == 0 else Placement.NORMAL
                article = article_full_build(section=section, front_placement=placement)
                mostread.read_record(
                    article_id=article.pk,
                    language="ar",
                    address="10.0.0.1",
                    user_agent="Mozilla/5.0",
                )
        mostread.reads_fold()
        banner_build()

    world(1, 1)
    with django_assert_num_queries(8):
        client.get("/ar/")
    world(6, 5)
    with django_assert_num_queries(8):
        page = parse(client.get("/ar/"))
    assert len(page.cssselect(".home-section .section-stories")) >= 6
    assert page.cssselect(".most-read li")


@pytest.mark.parametrize(
    ("digits", "expected"), [(True, "الصفحة ١ من ٢"), (False, "الصفحة 1 من 2")]
)
def test_pagination_on_arabic_pages_follows_the_digits_setting(client, settings, digits, expected):
    settings.NEWSROOM_ARABIC_INDIC_DIGITS = digits
    section = content_build(Section, slug="world", name_ar="العالم")
    for _ in range(21):
        article_build(section=section)
    page = parse(client.get("/ar/section/world/"))
    assert text_of(page.cssselect(".pagination span")[0]) == expected


def test_every_page_offers_icons_a_manifest_and_large_image_previews(client):
    article = article_full_build()
    for url in ("/ar/", article.get_absolute_url("en"), "/ru/section/world/", "/en/search/?q=x"):
        page = parse(client.get(url))
        assert page.cssselect('link[rel=icon][type="image/svg+xml"]'), url
        assert page.cssselect("link[rel=apple-touch-icon]"), url
        assert page.cssselect("link[rel=manifest]"), url
        assert page.cssselect('meta[name=robots][content*="max-image-preview:large"]'), url
        assert page.cssselect("meta[name=description]")[0].get("content"), url


def test_web_manifest_and_icons_are_served(client):
    import json

    from django.contrib.staticfiles.storage import staticfiles_storage

    page = parse(client.get("/en/"))
    manifest_url = page.cssselect("link[rel=manifest]")[0].get("href")
    manifest = json.loads(b"".join(client.get(manifest_url).streaming_content))
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    for icon in manifest["icons"]:
        response = client.get(staticfiles_storage.url(icon["src"]))
        assert response.status_code == 200, icon["src"]
