"""The staff preview: any article, any language, marked as a preview, never a blank page."""

import pytest
from django.utils import translation

from articles.models import Article
from tests.builders import article_build, article_full_build
from tests.pages import parse, text_of

pytestmark = pytest.mark.django_db


def preview_url(article: Article, language: str) -> str:
    with translation.override(language):
        from django.urls import reverse

        return reverse("articles:preview", kwargs={"pk": article.pk})


@pytest.mark.parametrize(
    ("language", "heading", "says"),
    [
        ("ar", "لا يوجد نص بهذه اللغة بعد", "لا عنوان لهذا المقال ولا نص بهذه اللغة بعد"),
        (
            "ru",
            "На этом языке текста пока нет",
            "У статьи пока нет заголовка и текста на этом языке",
        ),
        ("en", "No text in this language yet", "no title or body in this language yet"),
    ],
)
def test_preview_of_an_untranslated_language_says_so(admin_client, language, heading, says):
    article = article_build(title_en="", status=Article.Status.DRAFT)
    if language == "ar":  # an article written in Russian first
        article.title_ar, article.body_ar, article.title_ru, article.body_ru = (
            "",
            "",
            "Т",
            "<p>Т</p>",
        )
        article.save()
    page = parse(admin_client.get(preview_url(article, language)))
    assert page.findtext(".//h1") == heading
    text = text_of(page.find(".//body"))
    assert says in text
    assert not page.cssselect("main time")  # no lone date on an empty page
    # The switcher offers only the previews that have text: here the Arabic one.
    switcher = [(a.get("hreflang"), a.get("href")) for a in page.cssselect(".language-switcher a")]
    source = "ru" if language == "ar" else "ar"
    assert switcher == [(source, preview_url(article, source))]


def test_preview_switcher_lists_only_languages_with_text(admin_client):
    article = article_build(
        status=Article.Status.DRAFT, title_en="Draft", body_en="<p>Text.</p>", slug_en="draft"
    )
    page = parse(admin_client.get(preview_url(article, "ar")))
    switcher = [(a.get("hreflang"), a.get("href")) for a in page.cssselect(".language-switcher a")]
    assert switcher == [("en", preview_url(article, "en"))]
    assert page.cssselect("link[hreflang]") == []  # a preview names no public alternates


@pytest.mark.parametrize(
    ("language", "banner"),
    [
        ("ar", "معاينة — غير منشور"),
        ("ru", "Предпросмотр — не опубликовано"),
        ("en", "Preview — not published"),
    ],
)
def test_preview_carries_a_banner_the_public_page_does_not(admin_client, client, language, banner):
    draft = article_full_build(status=Article.Status.DRAFT)
    page = parse(admin_client.get(preview_url(draft, language)))
    assert banner in text_of(page.cssselect(".preview-banner")[0])
    assert page.findtext(".//h1").strip() == getattr(draft, f"title_{language}")
    public = article_full_build()
    preview = parse(admin_client.get(preview_url(public, language)))
    (link,) = preview.cssselect(".preview-banner a[href^='/']")[:1]
    assert link.get("href") == public.get_absolute_url(language)
    assert banner not in text_of(preview)
    for response in (client.get(public.get_absolute_url(language)), admin_client.get("/")):
        assert "preview-banner" not in response.content.decode()
