"""The admin's handling of translated fields (newsroom/translation_admin.py): the read-only view
of what a user may see but not change."""

import lxml.html
import pytest
from django.urls import reverse

from articles.models import Article
from newsroom.roles import REPORTER
from tests.builders import article_build, person_build, tag_build
from tests.staff import staff_build

pytestmark = pytest.mark.django_db

BODY = "<p>بحث الجانبان الوضع في الأرخبيل.</p><p>وقال الوزير إن الحوار مع UN مستمر.</p>"


def read_only_page(client, obj):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    response = client.get(url, headers={"accept-language": "en"})
    assert response.status_code == 200
    html = response.content.decode()
    return html, lxml.html.fromstring(html)


@pytest.fixture
def reporter_in_review(client):
    """A reporter looking at their own article, submitted for review: they may only read it."""
    reporter = staff_build(role=REPORTER)
    article = article_build(status=Article.Status.IN_REVIEW, body_ar=BODY, created_by=reporter)
    article.tags.add(tag_build(name_ar="الأمم المتحدة", name_en="United Nations"))
    client.force_login(reporter)
    return article


def test_the_read_only_body_is_its_text_in_its_language_not_its_markup(client, reporter_in_review):
    html, doc = read_only_page(client, reporter_in_review)
    assert "&lt;p&gt;" not in html
    body = doc.cssselect(".field-body_ar .readonly [lang]")[0]
    assert (body.get("lang"), body.get("dir")) == ("ar", "rtl")
    assert [p.text_content() for p in body.iter("p")] == [
        "بحث الجانبان الوضع في الأرخبيل.",
        "وقال الوزير إن الحوار مع UN مستمر.",
    ]
    title = doc.cssselect(".field-title_ar .readonly [lang]")[0]
    assert (title.get("lang"), title.get("dir"), title.text_content()) == (
        "ar",
        "rtl",
        "عنوان تجريبي",
    )


def test_the_read_only_view_leaves_out_empty_values_inputs_and_help_texts(
    client, reporter_in_review
):
    _html, doc = read_only_page(client, reporter_in_review)
    text = doc.text_content()
    assert "Transition comment" not in text and "None" not in text
    assert "A comma-separated list of tags." not in text
    assert "Part of the article's address" not in text  # how to fill a field in
    assert not doc.cssselect(".field-title_ru, .field-body_en, .field-published_at")
    assert doc.cssselect(".field-tags .readonly")[0].text_content() == "United Nations"
    assert doc.cssselect(".field-status .readonly")[0].text_content() == "In review"


def test_read_only_rich_text_is_sanitised(client, reporter_in_review):
    # Whatever reached the database past the sanitiser (an old import, a script).
    Article.objects.filter(pk=reporter_in_review.pk).update(
        body_ar='<p onclick="steal()">نص<img src=x onerror="steal()"><script>steal()</script></p>'
    )
    html, doc = read_only_page(client, reporter_in_review)
    body = doc.cssselect(".field-body_ar .readonly-rich")[0]
    assert body.text_content() == "نص"
    assert "steal()" not in html


def test_a_read_only_bio_is_rich_text_in_its_language(client):
    person = person_build(
        name_en="Sergey Lavrov", bio_ru="<p>Министр <strong>с 2004 года</strong>.</p>"
    )
    client.force_login(staff_build(role=REPORTER))  # looks people up, never changes them
    _html, doc = read_only_page(client, person)
    bio = doc.cssselect(".field-bio_ru .readonly-rich")[0]
    assert (bio.get("lang"), bio.get("dir")) == ("ru", "ltr")
    assert bio.cssselect("strong")[0].text_content() == "с 2004 года"
    assert not doc.cssselect(".field-bio_ar")
