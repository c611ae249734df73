import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from articles.demo import parse_seed
from articles.models import Article
from tests.builders import article_build
from tests.pages import parse, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("loaddemo")
    return Article.objects.get()


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
    text = text_of(page)
    assert credit in text
    assert source in text
    image = page.find(".//figure//img")
    assert image.get("alt")
    assert (image.get("width"), image.get("height")) == ("1600", "900")


def test_arabic_page_shows_every_seed_paragraph_and_the_arabic_date(client, demo):
    page = parse(client.get(demo.get_absolute_url("ar")))
    text = text_of(page)
    seed = parse_seed()
    for paragraph in seed.paragraphs:
        assert " ".join(paragraph.split()) in text
    assert page.findtext(".//time") == "٠٤ ديسمبر ٢٠٢٠"


def test_western_digits_when_configured(client, demo, settings):
    settings.NEWSROOM_ARABIC_INDIC_DIGITS = False
    page = parse(client.get(demo.get_absolute_url("ar")))
    assert page.findtext(".//time") == "04 ديسمبر 2020"


def test_language_switcher_links_to_the_translations(client, demo):
    page = parse(client.get(demo.get_absolute_url("ar")))
    links = {a.get("hreflang"): a.get("href") for a in page.cssselect(".language-switcher a")}
    assert links == {"ru": demo.get_absolute_url("ru"), "en": demo.get_absolute_url("en")}
    assert [a.text for a in page.cssselect(".language-switcher a")] == ["Ru", "En"]


def test_switcher_leaves_out_untranslated_languages(client):
    article = article_build(title_en="Only English too", body_en="<p>text</p>")
    page = parse(client.get(article.get_absolute_url("ar")))
    assert [a.get("hreflang") for a in page.cssselect(".language-switcher a")] == ["en"]


def test_home_lists_the_demo_article_in_each_language(client, demo):
    for language in ("ar", "ru", "en"):
        with translation.override(language):
            response = client.get(reverse("articles:home"))
        assert response.status_code == 200
        titles = [a.text for a in parse(response).cssselect(".teaser-title a")]
        assert titles == [getattr(demo, f"title_{language}")]


def test_wrong_slug_redirects_permanently_to_the_canonical_url(client, demo):
    response = client.get(f"/en/news/{demo.pk}/old-slug/")
    assert response.status_code == 301
    assert response["Location"] == demo.get_absolute_url("en")


def test_untranslated_language_is_a_404(client):
    article = article_build()
    assert client.get(article.get_absolute_url("ar")).status_code == 200
    assert client.get(f"/en/news/{article.pk}/-/").status_code == 404


@pytest.mark.parametrize("status", ["draft", "in_review", "unpublished", "archived"])
def test_unpublished_articles_are_404_and_not_listed(client, status):
    article = article_build(status=status)
    assert client.get(article.get_absolute_url("ar")).status_code == 404
    assert article.title_ar not in client.get("/ar/").content.decode()


def test_root_redirects_to_a_language(client):
    response = client.get("/", headers={"accept-language": "ru"})
    assert response.status_code == 302
    assert response["Location"] == "/ru/"
