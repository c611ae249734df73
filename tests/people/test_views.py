import pytest

from tests.builders import article_build, article_full_build, person_build
from tests.pages import parse, text_of

pytestmark = pytest.mark.django_db


def test_person_page_shows_role_organisation_and_the_articles_mentioning_them(client):
    article = article_full_build()
    other = article_full_build()
    person = article.people.first()
    person.role_en = "Minister of Foreign Affairs of Russia"
    person.organisation = article.organisations.first()
    person.save()
    page = parse(client.get(person.get_absolute_url("en")))
    assert page.findtext(".//h1/bdi") == person.name_en
    assert page.findtext(".//p[@class='role']") == "Minister of Foreign Affairs of Russia"
    assert page.cssselect(".organisation a")[0].get("href") == person.organisation.get_absolute_url(
        "en"
    )
    titles = [a.text_content() for a in page.cssselect(".teaser-title a")]
    assert titles == [article.title_en]
    assert other.title_en not in text_of(page)
    feeds = {link.get("type") for link in page.cssselect("link[rel=alternate][type]")}
    assert "application/rss+xml" in feeds


@pytest.mark.parametrize("status", ["draft", "unpublished"])
def test_person_page_lists_only_public_articles(client, status):
    person = person_build()
    article_build(status=status, title_ar="مسودة سرية").people.add(person)
    page = parse(client.get(person.get_absolute_url("ar")))
    assert "مسودة سرية" not in text_of(page)


def test_person_without_a_name_in_a_language_is_a_404_there(client):
    person = person_build()
    assert client.get(person.get_absolute_url("ar")).status_code == 200
    assert client.get(person.get_absolute_url("en")).status_code == 404
    assert client.get("/ar/person/nobody/").status_code == 404


def test_organisation_page(client):
    article = article_full_build()
    organisation = article.organisations.first()
    page = parse(client.get(organisation.get_absolute_url("ru")))
    assert page.findtext(".//h1/bdi") == organisation.name_ru
    assert [a.text_content() for a in page.cssselect(".teaser-title a")] == [article.title_ru]
