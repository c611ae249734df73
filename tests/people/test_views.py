import pytest

from people.models import Organisation
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
    person = person_build(bio_ar="<p>سيرة قصيرة.</p>")
    article_build(status=status, title_ar="مسودة سرية").people.add(person)
    response = client.get(person.get_absolute_url("ar"))
    assert response.status_code == 200
    assert "مسودة سرية" not in text_of(parse(response))


def test_person_without_a_name_in_a_language_is_a_404_there(client):
    person = person_build()
    article_build().people.add(person)
    assert client.get(person.get_absolute_url("ar")).status_code == 200
    assert client.get(person.get_absolute_url("en")).status_code == 404
    assert client.get("/ar/person/nobody/").status_code == 404


def test_organisation_page(client):
    article = article_full_build()
    organisation = article.organisations.first()
    page = parse(client.get(organisation.get_absolute_url("ru")))
    assert page.findtext(".//h1/bdi") == organisation.name_ru
    assert [a.text_content() for a in page.cssselect(".teaser-title a")] == [article.title_ru]


@pytest.mark.parametrize("kind", ["person", "organisation"])
def test_a_text_of_their_own_gives_people_and_organisations_a_page(client, kind):
    if kind == "person":
        subject = person_build(name_en="Maria Zakharova", bio_en="<p>Spokeswoman.</p>")
    else:
        subject = Organisation.objects.create(
            name_ar="الأمم المتحدة", name_en="United Nations", slug="un", description_en="The UN."
        )
    assert client.get(subject.get_absolute_url("en")).status_code == 200
    # Named in Arabic too, but with neither a text nor an article there.
    assert client.get(subject.get_absolute_url("ar")).status_code == 404
    page = parse(client.get(subject.get_absolute_url("en")))
    assert [a.get("hreflang") for a in page.cssselect(".language-switcher a")] == []
    assert {link.get("hreflang") for link in page.cssselect("link[hreflang]")} == {
        "en",
        "x-default",
    }


def test_a_persons_organisation_is_linked_only_where_it_has_a_page(client):
    article = article_full_build()
    person = article.people.first()
    person.organisation = Organisation.objects.create(
        name_ar="وزارة", name_en="Ministry", slug="ministry", description_ar="وزارة الخارجية."
    )
    person.save()
    assert parse(client.get(person.get_absolute_url("ar"))).cssselect(".organisation a")
    assert not parse(client.get(person.get_absolute_url("en"))).cssselect(".organisation a")
