import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Source
from devdata.demo import parse_seed
from people.models import Person
from tests.builders import article_build, article_full_build, empty_page_cache, tag_build
from tests.pages import parse, text_of

pytestmark = pytest.mark.django_db

LANGUAGES = [("ar", "rtl"), ("ru", "ltr"), ("en", "ltr")]


@pytest.fixture
def demo():
    call_command("loaddemo", seed_only=True)
    return Article.objects.get()


def page_urls(article: Article, language: str) -> dict[str, str]:
    """Every kind of public page, for an article built by ``article_full_build``."""
    with translation.override(language):
        return {
            "home": reverse("articles:home"),
            "article": article.get_absolute_url(language),
            "section": article.section.get_absolute_url(),
            "tag": article.tags.first().get_absolute_url(),
            "source": article.source.get_absolute_url(),
            "person": article.people.first().get_absolute_url(),
            "organisation": article.organisations.first().get_absolute_url(),
            "search": reverse("articles:search") + "?q=" + article.title,
        }


#: Queries per page (not cached): the page's rows and one query per prefetched relation.
#: Every page also reads the header's sections and the breaking-news banner (+2).
QUERIES = {
    "home": 8,  # count, page, lead and top, latest per section, renditions, most read (+2)
    # article (+section, source, photo), people, organisations, tags, bylines, notes,
    # related stories, renditions (the article's photo and theirs) (+2)
    "article": 10,
    "section": 6,  # the section, count, page, renditions (+2: the menu, the banner)
    "tag": 6,
    "source": 6,
    "person": 6,  # the person with their organisation, count, page, renditions
    "organisation": 6,
    "search": 5,  # count, page, renditions
}


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
@pytest.mark.parametrize("kind", QUERIES)
def test_every_page_in_every_language(client, kind, language, direction):
    article = article_full_build()
    url = page_urls(article, language)[kind]
    response = client.get(url)
    assert response.status_code == 200
    page = parse(response)
    html = page.getroottree().getroot()
    assert (html.get("lang"), html.get("dir")) == (language, direction)
    # The switcher names the two other languages; hreflang lists all three and x-default.
    switcher = {a.get("hreflang") for a in page.cssselect(".language-switcher a")}
    assert switcher == {"ar", "ru", "en"} - {language}
    alternates = {
        link.get("hreflang"): link.get("href") for link in page.cssselect("link[hreflang]")
    }
    assert set(alternates) == {"ar", "ru", "en", "x-default"}
    assert alternates["x-default"] == alternates["ar"]
    for code in ("ar", "ru", "en"):
        assert alternates[code].startswith(f"http://testserver/{code}/")
    canonical = page.cssselect("link[rel=canonical]")[0].get("href")
    assert canonical == alternates[language]
    assert article.title in text_of(page)


@pytest.mark.parametrize("language", ["ar", "ru", "en"])
@pytest.mark.parametrize("kind", QUERIES)
def test_query_count_stays_constant_as_content_grows(
    client, django_assert_num_queries, kind, language
):
    small = article_full_build(people=1, tags=1, organisations=1)
    url = page_urls(small, language)[kind]
    empty_page_cache()
    with django_assert_num_queries(QUERIES[kind]):
        assert client.get(url).status_code == 200
    big = article_full_build(
        people=6,
        tags=6,
        organisations=4,
        **{f"title_{language}": getattr(small, f"title_{language}") + " two"},
    )
    for _ in range(5):
        article_full_build(people=3, tags=3, section=big.section)
    big.people.add(small.people.first())
    big.tags.add(small.tags.first())
    big.organisations.add(small.organisations.first())
    url = page_urls(big, language)[kind]
    empty_page_cache()
    with django_assert_num_queries(QUERIES[kind]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("language", "direction", "title", "credit", "source"),
    [
        ("ar", "rtl", "لافروف وغوتيريش", "الصورة: وزارة الخارجية الروسية", "المصدر: تاس"),
        ("ru", "ltr", "Лавров и Гутерриш", "Фото: МИД России", "Источник: ТАСС"),
        ("en", "ltr", "Lavrov and Guterres", "Photo: Russian Foreign Ministry", "Source: TASS"),
    ],
)
def test_demo_article_page_in_each_language(
    client, demo, language, direction, title, credit, source
):
    response = client.get(demo.get_absolute_url(language))
    assert response.status_code == 200
    page = parse(response)
    html = page.getroottree().getroot()
    assert html.get("lang") == language
    assert html.get("dir") == direction
    assert page.findtext(".//h1").startswith(title)
    text = text_of(page.find(".//main"))
    assert credit in text
    assert source in text
    image = page.find(".//figure//img")
    assert image.get("alt") == getattr(demo.lead_photo, f"alt_text_{language}")
    assert (image.get("width"), image.get("height")) == ("1600", "900")


def test_arabic_page_shows_every_seed_paragraph_and_the_arabic_date(client, demo):
    page = parse(client.get(demo.get_absolute_url("ar")))
    text = text_of(page.find(".//main"))
    seed = parse_seed()
    for paragraph in seed.paragraphs:
        assert " ".join(paragraph.split()) in text
    assert page.findtext(".//time") == "٠٤ ديسمبر ٢٠٢٠"


def test_western_digits_when_configured(client, demo, settings):
    settings.NEWSROOM_ARABIC_INDIC_DIGITS = False
    page = parse(client.get(demo.get_absolute_url("ar")))
    assert page.findtext(".//time") == "04 ديسمبر 2020"


def test_latin_names_inside_arabic_text_are_isolated(client):
    article = article_build(
        title_ar="لقاء مع Antonio Guterres في 2020",
        body_ar="<p>قال Stéphane Dujarric إن <a href='https://un.org/'>UN News</a> نشر.</p>",
    )
    page = parse(client.get(article.get_absolute_url("ar")))
    assert [b.text for b in page.cssselect("h1 bdi")] == ["Antonio Guterres", "2020"]
    assert [b.text for b in page.cssselect(".body bdi")] == ["Stéphane Dujarric", "UN News"]
    assert page.cssselect(".body a")[0].get("href") == "https://un.org/"


def test_language_switcher_links_to_the_translations(client, demo):
    page = parse(client.get(demo.get_absolute_url("ar")))
    links = {a.get("hreflang"): a.get("href") for a in page.cssselect(".language-switcher a")}
    assert links == {"ru": demo.get_absolute_url("ru"), "en": demo.get_absolute_url("en")}
    assert [a.text for a in page.cssselect(".language-switcher a")] == ["Русский", "English"]


def test_switcher_and_hreflang_leave_out_untranslated_languages(client):
    article = article_build(title_en="Only English too", body_en="<p>text</p>", slug_en="only")
    page = parse(client.get(article.get_absolute_url("ar")))
    assert [a.get("hreflang") for a in page.cssselect(".language-switcher a")] == ["en"]
    assert [link.get("hreflang") for link in page.cssselect("link[hreflang]")] == [
        "ar",
        "en",
        "x-default",
    ]


def test_tag_without_a_name_in_a_language_is_a_404_there(client):
    tag = tag_build()
    article_build().tags.add(tag)
    assert client.get(tag.get_absolute_url("ar")).status_code == 200
    assert client.get(tag.get_absolute_url("en")).status_code == 404


def test_home_lists_the_demo_article_in_each_language(client, demo):
    for language in ("ar", "ru", "en"):
        with translation.override(language):
            response = client.get(reverse("articles:home"))
        assert response.status_code == 200
        page = parse(response)
        # The demo article is placed as the lead story, and shown only there.
        titles = [a.text_content() for a in page.cssselect("h2.lead-title a, .teaser-title a")]
        assert titles == [getattr(demo, f"title_{language}")]
        menu = [a.text_content() for a in page.cssselect(".section-nav a")]
        assert getattr(demo.section, f"name_{language}") in menu


def test_home_shows_the_latest_of_each_section(client):
    first = article_full_build()
    for _ in range(9):
        article_full_build(section=first.section)
    page = parse(client.get("/en/"))
    # Ten in one section: the lead, four top stories, four in the section's block.
    assert len(page.cssselect(".top-stories .teaser")) == 4
    assert len(page.cssselect(".home-section .section-stories .teaser")) == 4


def test_lists_are_paginated(client):
    for _ in range(21):
        article_build()
    page = parse(client.get("/ar/"))
    # The front page shows the first twenty as lead, top stories and latest news.
    assert len(page.cssselect(".lead-story, .teaser")) == 20
    assert page.cssselect("a[rel=next]")[0].get("href") == "?page=2"
    assert len(parse(client.get("/ar/?page=2")).cssselect(".teaser")) == 1


def test_wrong_slug_redirects_permanently_to_the_canonical_url(client, demo):
    response = client.get(f"/en/news/{demo.pk}/old-slug/")
    assert response.status_code == 301
    assert response["Location"] == demo.get_absolute_url("en")


def test_short_url_redirects_to_the_canonical_url(client, demo):
    response = client.get(f"/ru/news/{demo.pk}/")
    assert response.status_code == 301
    assert response["Location"] == demo.get_absolute_url("ru")


def test_untranslated_language_is_a_404_and_not_linked(client):
    article = article_build()
    assert client.get(article.get_absolute_url("ar")).status_code == 200
    assert client.get(f"/en/news/{article.pk}/-/").status_code == 404
    assert f"/news/{article.pk}/" not in client.get("/en/").content.decode()


@pytest.mark.parametrize("status", ["draft", "in_review", "unpublished", "archived"])
def test_unpublished_articles_are_404_and_not_listed(client, status):
    article = article_build(status=status)
    assert client.get(article.get_absolute_url("ar")).status_code == 404
    assert article.title_ar not in client.get("/ar/").content.decode()


def test_scheduled_article_is_404_until_its_time(client):
    from datetime import timedelta

    from django.utils import timezone

    article = article_build(published_at=timezone.now() + timedelta(hours=1))
    assert client.get(article.get_absolute_url("ar")).status_code == 404


def test_root_redirects_to_a_language(client):
    response = client.get("/", headers={"accept-language": "ru"})
    assert response.status_code == 302
    assert response["Location"] == "/ru/"


@pytest.mark.parametrize(
    ("language", "direction", "heading"),
    [
        ("ar", "rtl", "الصفحة غير موجودة"),
        ("ru", "ltr", "Страница не найдена"),
        ("en", "ltr", "Page not found"),
    ],
)
def test_404_page_in_the_visitors_language(client, language, direction, heading):
    response = client.get(f"/{language}/news/999/nothing/")
    assert response.status_code == 404
    page = parse(response)
    html = page.getroottree().getroot()
    assert (html.get("lang"), html.get("dir")) == (language, direction)
    assert page.findtext(".//h1") == heading


@pytest.mark.parametrize(
    ("language", "direction", "heading"),
    [
        ("ar", "rtl", "حدث خطأ ما"),
        ("en", "ltr", "Something went wrong"),
    ],
)
def test_500_page_in_the_visitors_language(client, monkeypatch, language, direction, heading):
    from articles import views

    def broken(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.HomeView, "get_queryset", broken)
    client.raise_request_exception = False
    response = client.get(f"/{language}/")
    assert response.status_code == 500
    page = parse(response)
    html = page.getroottree().getroot()
    assert (html.get("lang"), html.get("dir")) == (language, direction)
    assert page.findtext(".//h1") == heading


def test_article_json_ld_names_headline_dates_image_publisher(client, demo):
    page = parse(client.get(demo.get_absolute_url("en")))
    (script,) = page.cssselect('script[type="application/ld+json"]')
    data = json.loads(script.text)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == demo.title_en
    assert data["datePublished"].startswith("2020-12-04")
    assert data["dateModified"]
    # The 1600×900 picture at 16:9, 4:3 and 1:1, 1,200 px wide where it is wide enough.
    assert all(i["url"].startswith("http://testserver/media/renditions/") for i in data["image"])
    assert [(i["width"], i["height"]) for i in data["image"]] == [
        (1200, 675),
        (1200, 900),
        (900, 900),
    ]
    assert data["publisher"]["name"] == "Newsroom"
    assert data["inLanguage"] == "en"
    assert data["author"] == {"@type": "Organization", "name": "TASS", "url": "https://tass.com/"}
    assert data["articleSection"] == "World"


def test_json_ld_cannot_close_its_script(client):
    article = article_build(title_ar="عنوان </script><script>alert(1)</script>")
    page = parse(client.get(article.get_absolute_url("ar")))
    (script,) = page.cssselect('script[type="application/ld+json"]')
    assert json.loads(script.text)["headline"] == article.title_ar


def test_open_graph_and_twitter_tags(client, demo):
    page = parse(client.get(demo.get_absolute_url("ar")))
    meta = {m.get("property") or m.get("name"): m.get("content") for m in page.cssselect("meta")}
    assert meta["og:type"] == "article"
    assert meta["og:title"] == demo.title_ar
    assert meta["og:locale"] == "ar_AR"
    assert meta["og:image"].endswith(".jpeg")
    assert meta["og:url"] == "http://testserver" + demo.get_absolute_url("ar")
    assert meta["twitter:card"] == "summary_large_image"


def test_robots_txt_points_to_the_sitemaps(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_a_page_never_shows_another_languages_text_in_place_of_a_translation(client):
    """Names, captions and credits not yet translated are left out, never shown in Arabic."""
    article = article_full_build()
    arabic_only = {
        "person": "سيرغي لافروف المترجم",
        "tag": "وسم غير مترجم",
        "source": "وكالة غير مترجمة",
        "caption": "تعليق غير مترجم",
    }
    Person.objects.filter(pk=article.people.get().pk).update(
        name_ar=arabic_only["person"], name_ru=""
    )
    article.tags.update(name_ar=arabic_only["tag"], name_ru=None)
    Source.objects.filter(pk=article.source_id).update(name_ar=arabic_only["source"], name_ru="")
    type(article.lead_photo).objects.filter(pk=article.lead_photo_id).update(
        caption_ar=arabic_only["caption"], caption_ru=""
    )
    empty_page_cache()
    html = client.get(article.get_absolute_url("ru")).content.decode()
    assert article.title_ru in html
    for text in arabic_only.values():
        assert text not in html
    html = client.get(article.get_absolute_url("ar")).content.decode()
    assert all(text in html for text in arabic_only.values())


def test_a_drafts_new_tag_person_organisation_and_source_are_on_no_public_surface(client):
    """A tag made for an embargoed story must not announce it: no page, feed or sitemap entry."""
    from articles.models import Source
    from people.models import Organisation

    secret = "zzembargo"
    draft = article_full_build(status=Article.Status.DRAFT, source=None)
    draft.source = Source.objects.create(
        slug=f"{secret}-source", name_ar=f"مصدر {secret}", name_en=f"Source {secret}"
    )
    draft.save()
    draft.tags.update(name_ar=f"وسم {secret}", name_en=f"Tag {secret}", slug=f"{secret}-tag")
    draft.people.update(name_en=f"Person {secret}", slug=f"{secret}-person")
    Organisation.objects.filter(articles=draft).update(slug=f"{secret}-org")
    tag, person = draft.tags.get(), draft.people.get()
    organisation, source = draft.organisations.get(), draft.source
    addresses = [
        url
        for code in ("ar", "ru", "en")
        for url in (
            tag.get_absolute_url(code),
            f"/{code}/tag/{tag.slug}/rss/",
            f"/{code}/tag/{tag.slug}/atom/",
            person.get_absolute_url(code),
            f"/{code}/person/{person.slug}/rss/",
            f"/{code}/person/{person.slug}/atom/",
            organisation.get_absolute_url(code),
            source.get_absolute_url(code),
        )
    ]
    assert {url: client.get(url).status_code for url in addresses} == dict.fromkeys(addresses, 404)
    for section in ("tags", "people", "organisations", "sources"):
        assert secret not in client.get(f"/sitemap-{section}.xml").content.decode()
    for code in ("ar", "ru", "en"):
        assert secret not in client.get(f"/{code}/").content.decode()

    # Once the story is out, its tag and the rest have their pages.
    Article.objects.filter(pk=draft.pk).update(
        status=Article.Status.PUBLISHED, published_at=draft.created_at
    )
    empty_page_cache()
    assert client.get(tag.get_absolute_url("en")).status_code == 200
    assert client.get(f"/en/tag/{tag.slug}/rss/").status_code == 200
    assert client.get(source.get_absolute_url("ar")).status_code == 200
    assert client.get(source.get_absolute_url("ru")).status_code == 404  # not named in Russian
    assert f"/en/tag/{tag.slug}/" in client.get("/sitemap-tags.xml").content.decode()


#: Each language named by itself, as readers look for it.
OWN_NAMES = {"ar": ("العربية", "rtl"), "ru": ("Русский", "ltr"), "en": ("English", "ltr")}


@pytest.mark.parametrize("language", ["ar", "ru", "en"])
def test_switcher_names_each_language_by_its_own_name(client, language):
    article = article_full_build()
    page = parse(client.get(article.get_absolute_url(language)))
    links = {
        a.get("hreflang"): (a.text_content(), a.get("dir"), a.get("lang"))
        for a in page.cssselect(".language-switcher a")
    }
    assert links == {
        code: (name, direction, code)
        for code, (name, direction) in OWN_NAMES.items()
        if code != language
    }


@pytest.mark.parametrize("language", ["ar", "ru", "en"])
def test_404_page_offers_the_home_page_of_each_other_language(client, language):
    page = parse(client.get(f"/{language}/news/999/nothing/"))
    links = {a.get("hreflang"): a.get("href") for a in page.cssselect(".language-switcher a")}
    assert links == {code: f"/{code}/" for code in ("ar", "ru", "en") if code != language}
    assert page.cssselect("link[hreflang]") == []  # a missing page has no alternates


@pytest.mark.parametrize(
    ("language", "description"),
    [
        ("ar", "آخر الأخبار بالعربية والروسية والإنجليزية."),
        ("ru", "Последние новости на арабском, русском и английском языках."),
        ("en", "The latest news in Arabic, Russian and English."),
    ],
)
def test_home_page_has_a_description_in_its_language(client, language, description):
    page = parse(client.get(f"/{language}/"))
    (meta,) = page.cssselect("meta[name=description]")
    assert meta.get("content") == description


def test_article_page_describes_itself_by_its_standfirst_only(client):
    article = article_full_build()
    page = parse(client.get(article.get_absolute_url("ar")))
    assert [m.get("content") for m in page.cssselect("meta[name=description]")] == ["ملخص"]


def test_every_page_has_a_favicon_that_is_served(client):
    page = parse(client.get("/en/"))
    icons = [link.get("href") for link in page.cssselect("link[rel=icon]")]
    assert "/favicon.ico" in icons
    for href in icons:
        response = client.get(href)
        assert response.status_code == 200, href
        assert response["Content-Type"] in (
            "image/x-icon",
            "image/vnd.microsoft.icon",
            "image/svg+xml",
        )
    # Browsers ask for /favicon.ico by themselves, on the admin's pages too.
    assert client.get("/favicon.ico").status_code == 200
