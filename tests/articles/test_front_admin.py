"""The editors' side of the front page: placement on the article form, breaking-news banners,
the warning about a lead picture too narrow for a large preview."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, BreakingNews
from newsroom.roles import EDITOR
from tests.builders import article_build, image_file, photo_build
from tests.pages import parse
from tests.staff import form_data, staff_build

pytestmark = pytest.mark.django_db


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def test_an_editor_places_an_article_as_the_lead_from_its_form(client):
    editor = staff_build(role=EDITOR)
    article_build(title_ar="أحدث", published_at=timezone.now() - timedelta(minutes=5))
    placed = article_build(title_ar="المختار", published_at=timezone.now() - timedelta(days=1))
    client.force_login(editor)
    html = client.get(change_url(placed)).content.decode()
    page = parse(client.get(change_url(placed)))
    assert page.cssselect("select[name=front_placement]")
    data = {**form_data(html), "front_placement": "lead", "front_order": "0"}
    response = client.post(change_url(placed), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    placed.refresh_from_db()
    assert placed.front_placement == Article.FrontPlacement.LEAD
    client.logout()
    assert parse(client.get("/ar/")).cssselect(".lead-title a")[0].text_content() == "المختار"


def test_an_editor_sets_a_breaking_news_banner_that_shows_at_once(client):
    editor = staff_build(role=EDITOR, is_superuser=True)
    article = article_build()
    assert not parse(client.get("/ar/")).cssselect(".breaking")  # the page is now cached
    client.force_login(editor)
    add = reverse("admin:articles_breakingnews_add")
    form = parse(client.get(add))
    assert form.cssselect("select[name=language] option[selected]")[0].get("value")
    expires = timezone.localtime() + timedelta(hours=1)
    response = client.post(
        add,
        {
            "language": "ar",
            "text": "عاجل: زلزال",
            "article": article.pk,
            "starts_at_0": timezone.localtime().strftime("%Y-%m-%d"),
            "starts_at_1": (timezone.localtime() - timedelta(minutes=1)).strftime("%H:%M:%S"),
            "expires_at_0": expires.strftime("%Y-%m-%d"),
            "expires_at_1": expires.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    (strip,) = parse(client.get("/ar/")).cssselect(".breaking")
    assert "عاجل: زلزال" in strip.text_content()
    # Deleting it from the admin takes it off the cached pages at once too.
    client.force_login(editor)
    banner = BreakingNews.objects.get()
    delete = reverse("admin:articles_breakingnews_delete", args=[banner.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    client.logout()
    assert not parse(client.get("/ar/")).cssselect(".breaking")


@pytest.mark.parametrize(("width", "warned"), [(800, True), (1200, False)])
def test_publishing_with_a_narrow_lead_picture_warns_the_editor(client, width, warned):
    editor = staff_build(role=EDITOR)
    photo = photo_build(image=image_file(size=(width, width // 2)))
    article = article_build(status=Article.Status.IN_REVIEW, lead_photo=photo)
    client.force_login(editor)
    data = {**form_data(client.get(change_url(article)).content.decode()), "_transition": "publish"}
    response = client.post(change_url(article), data, follow=True)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    messages = [str(m) for m in response.context["messages"]]
    assert any("1200" in m and str(width) in m for m in messages) == warned, messages
