import pytest
from django.contrib import admin
from django.core.management import call_command
from django.templatetags.static import static
from django.urls import reverse

from articles.models import Article, Tag

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
    # By the collected files' hashed names, as production links them.
    assert static("modeltranslation/js/tabbed_translation_fields.js") in html
    assert "data-django-prose-editor-configurable" in html
    assert static("vendor/jquery-ui/jquery-ui.min.js") in html


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
