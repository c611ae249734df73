import lxml.html
import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Tag
from tests.builders import article_full_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("loaddemo")


def registered_models():
    # django-axes' log of login attempts is read-only: it has no add page.
    models = [model for model in admin.site._registry if model._meta.app_label != "axes"]
    return sorted(models, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_changelist_add_and_change_pages_render_for_a_superuser(admin_client, demo, model):
    info = (model._meta.app_label, model._meta.model_name)
    assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    assert admin_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        assert admin_client.get(url).status_code == 200


def test_article_form_has_language_tabs_and_rich_text_editor(admin_client, demo):
    article = Article.objects.get()
    html = admin_client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    html = html.decode()
    for code in ("ar", "ru", "en"):
        assert f'name="title_{code}"' in html
        assert f'name="body_{code}"' in html
    assert "tabbed_translation_fields.js" in html
    assert "data-django-prose-editor-configurable" in html
    assert "vendor/jquery-ui/jquery-ui.min.js" in html


def test_admin_saves_a_new_article_with_tags_and_sanitises_the_body(admin_client, demo):
    tag = Tag.objects.get(slug="united-nations")
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        {
            "title_ar": "خبر جديد",
            "slug_ar": "",
            "body_ar": '<p>نص <script>alert(1)</script><a href="javascript:x">رابط</a></p>',
            "tags": [tag.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(title_ar="خبر جديد")
    assert article.slug_ar == "خبر-جديد"
    assert "script" not in article.body_ar
    assert "javascript" not in article.body_ar
    assert list(article.tags.all()) == [tag]
    assert article.status == Article.Status.DRAFT


def test_admin_form_keeps_what_was_typed_on_error(admin_client, demo):
    taken = Article.objects.get().slug_ar
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        {"title_ar": "عنوان محفوظ", "slug_ar": taken, "body_ar": "<p>نص محفوظ</p>"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Another article already uses this address." in html or "يستخدم" in html
    assert "عنوان محفوظ" in html
    assert "نص محفوظ" in html
    assert Article.objects.count() == 1


def test_tag_autocomplete_answers(admin_client, demo):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "tags", "term": "Nagorno"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["ناغورني قره باغ"]


def view_on_site(admin_client, obj, language: str) -> str | None:
    """Where the change form's "View on site" link leads, in an admin in ``language``."""
    info = (obj._meta.app_label, obj._meta.model_name)
    response = admin_client.get(
        reverse("admin:{}_{}_change".format(*info), args=[obj.pk]),
        headers={"accept-language": language},
    )
    links = lxml.html.fromstring(response.content).cssselect("a.viewsitelink")
    return links[0].get("href") if links else None


@pytest.mark.parametrize("language", ["ar", "ru", "en"])
def test_view_on_site_of_a_draft_is_its_preview(admin_client, language):
    draft = article_full_build(status=Article.Status.DRAFT)
    with translation.override(language):
        preview = reverse("articles:preview", kwargs={"pk": draft.pk})
    assert view_on_site(admin_client, draft, language) == preview
    response = admin_client.get(preview)
    assert response.status_code == 200
    assert getattr(draft, f"title_{language}") in response.content.decode()


def test_view_on_site_of_a_public_article_is_its_public_page_in_the_admins_language(admin_client):
    article = article_full_build(body_en="")  # public in Arabic and Russian only
    assert view_on_site(admin_client, article, "ru") == article.get_absolute_url("ru")
    assert admin_client.get(article.get_absolute_url("ru")).status_code == 200
    with translation.override("en"):
        preview = reverse("articles:preview", kwargs={"pk": article.pk})
    assert view_on_site(admin_client, article, "en") == preview


def test_view_on_site_of_a_tag_only_where_it_has_a_public_page(admin_client):
    tag = article_full_build(status=Article.Status.DRAFT).tags.get()
    assert view_on_site(admin_client, tag, "en") is None
    article = Article.objects.get(tags=tag)
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, published_at=article.created_at
    )
    assert view_on_site(admin_client, tag, "en") == tag.get_absolute_url("en")
