"""The Nu Html Checker (vnu-jar) finds no error in the public pages, in Arabic, Russian and
English."""

import pytest
from django.core.management import call_command

from articles import mostread
from articles.models import Article
from tests.builders import article_full_build
from tests.html_tools import vnu_errors

pytestmark = pytest.mark.django_db


def public_pages(client) -> dict[str, str]:
    """The HTML of the home, section, article, person, tag, search, 404 and preview pages in
    ar, ru and en; the front page with its lead, top stories, sections, most read and banner."""
    call_command("loaddemo")
    article = Article.objects.order_by("pk").first()  # the seed, loaded first
    for n in range(6):
        more = article_full_build(section=article.section)
        mostread.read_record(
            article_id=more.pk, language="ar", address=str(n), user_agent="Mozilla"
        )
    mostread.reads_fold()
    draft = Article.objects.create(title_ar="مسودة", body_ar="<p>نص.</p>", slug_ar="مسودة")
    person = article.people.first()
    tag = article.tags.first()
    pages = {}
    for language in ("ar", "ru", "en"):
        urls = {
            "home": f"/{language}/",
            "section": article.section.get_absolute_url(language),
            "article": article.get_absolute_url(language),
            "person": person.get_absolute_url(language),
            "tag": tag.get_absolute_url(language),
            "search": f"/{language}/search/?q=" + ("لافروف" if language == "ar" else "Lavrov"),
            "search-empty": f"/{language}/search/",
            "organisation": article.organisations.first().get_absolute_url(language),
            "not-found": f"/{language}/news/999/nothing/",
            "preview": f"/{language}/preview/{article.pk}/",
            "preview-draft": f"/{language}/preview/{draft.pk}/",  # no English text
        }
        for name, url in urls.items():
            response = client.get(url)
            assert response.status_code in (200, 404), url
            pages[f"{language}-{name}"] = response.content.decode()
    return pages


def test_public_pages_have_no_html_errors(admin_client, tmp_path):
    errors = vnu_errors(public_pages(admin_client), tmp_path)
    assert {name: found for name, found in errors.items() if found} == {}


def test_the_checker_does_report_errors(tmp_path):
    broken = "<!DOCTYPE html><html lang=en><title>x</title><p><div></span>"
    errors = vnu_errors(
        {"broken": broken, "fine": "<!DOCTYPE html><html lang=en><title>x</title>"}, tmp_path
    )
    assert errors["broken"]
    assert errors["fine"] == []
