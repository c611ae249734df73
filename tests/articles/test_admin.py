import lxml.html
import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Tag
from tests.builders import article_full_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("loaddemo", seed_only=True)


def registered_models():
    # django-axes' log of login attempts is read-only: it has no add page.
    models = [model for model in admin.site._registry if model._meta.app_label != "axes"]
    return sorted(models, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_changelist_add_and_change_pages_render_for_a_superuser(admin_client, demo, model):
    info = (model._meta.app_label, model._meta.model_name)
    assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    add = admin_client.get(reverse("admin:{}_{}_add".format(*info)))
    # Logs (the task queue's results, webhook deliveries) are written by the site, not added.
    addable = admin.site._registry[model].has_add_permission(add.wsgi_request)
    assert add.status_code == (200 if addable else 403)
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


# --- Malformed posts are form errors, never server errors --------------------------------


def post_article_with(admin_client, **extra):
    """Post a new article whose slug is taken (a form error) with ``extra`` fields."""
    taken = Article.objects.get().slug_ar
    return admin_client.post(
        reverse("admin:articles_article_add"),
        {"title_ar": "عنوان محفوظ", "slug_ar": taken, "body_ar": "<p>نص محفوظ</p>", **extra},
        headers={"accept-language": "en"},
    )


@pytest.mark.parametrize(
    "extra",
    [
        {"sources_seen": '{"title": "\\ud800"}'},
        {"sources_seen": "[" * 100_000},
        {"sources_seen": "[" * 100_000, "slug_ar": "free-address"},
        {"tags": ["abc"]},
        {"tags": ["abc", "99999999999999999999999"]},
        {"lead_photo": "abc"},
        {"lead_photo": "99999999999999999999999"},
        {"people": ["1.5"], "section": "abc", "source": "x"},
    ],
    ids=[
        "lone-surrogate",
        "deep-json",
        "deep-json-alone",
        "tag-not-a-number",
        "tag-out-of-range",
        "photo-not-a-number",
        "photo-out-of-range",
        "others-not-numbers",
    ],
)
def test_a_malformed_post_is_a_form_error_keeping_what_was_typed(admin_client, demo, extra):
    response = post_article_with(admin_client, **extra)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    html = response.content.decode()
    assert "عنوان محفوظ" in html
    assert "نص محفوظ" in html
    assert Article.objects.count() == 1


# --- Choosing a photo --------------------------------------------------------------------


def photo_autocomplete(client, term: str, *, model: str = "article", field: str = "lead_photo"):
    app = "people" if model == "person" else "articles"
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app, "model_name": model, "field_name": field, "term": term},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    return response.json()["results"]


@pytest.mark.parametrize(("model", "field"), [("article", "lead_photo"), ("person", "photo")])
def test_the_photo_picker_shows_captions_with_thumbnails_searching_every_language(
    admin_client, model, field
):
    from tests.builders import photo_build

    photo = photo_build(
        caption_ar="لافروف في نيويورك", caption_ru="Лавров в Нью-Йорке", caption_en="Lavrov in NY"
    )
    for term in ("نيويورك", "Нью-Йорке", "Lavrov"):
        [result] = photo_autocomplete(admin_client, term, model=model, field=field)
        assert result["id"] == str(photo.pk)
        assert result["text"] == "Lavrov in NY"
        assert "photos/" not in result["text"]
    # A small rendition, not the original upload (which may weigh megabytes).
    thumbnail = photo.renditions.get(file=result["thumbnail"].removeprefix(settings.MEDIA_URL))
    assert thumbnail.width <= 320
    # The picker's script that shows the thumbnail is a static file (the CSP allows no other).
    html = admin_client.get(
        reverse(f"admin:{'people' if model == 'person' else 'articles'}_{model}_add")
    ).content.decode()
    assert static("js/admin-autocomplete.js") in html


def test_the_chosen_photo_is_shown_by_its_caption(admin_client, demo):
    article = Article.objects.get()
    photo = article.lead_photo
    photo.caption_en = ""  # not translated yet: the English admin shows the Arabic caption
    photo.save()
    html = admin_client.get(
        reverse("admin:articles_article_change", args=[article.pk]),
        headers={"accept-language": "en"},
    ).content.decode()
    select = lxml.html.fromstring(html).get_element_by_id("id_lead_photo")
    [chosen] = select.xpath(".//option[@selected]")
    assert chosen.text_content() == photo.caption_ar


# --- Names on the admin's pages ------------------------------------------------------------


def test_the_tags_label_is_capitalised_like_every_other(admin_client):
    html = admin_client.get(
        reverse("admin:articles_article_add"), headers={"accept-language": "en"}
    ).content.decode()
    label = lxml.html.fromstring(html).cssselect('label[for="id_tags"]')[0]
    assert label.text_content().strip() == "Tags:"


@pytest.mark.parametrize(
    ("language", "tags", "login_security"),
    [
        ("en", "Tags", "Login security"),
        ("ar", "الوسوم", "أمان تسجيل الدخول"),
        ("ru", "Теги", "Безопасность входа"),
    ],
)
def test_the_admin_index_names_each_app_once_in_the_users_language(
    admin_client, language, tags, login_security
):
    html = admin_client.get(
        reverse("admin:index"), headers={"accept-language": language}
    ).content.decode()
    page = lxml.html.fromstring(html)
    models = [a.text_content().strip() for a in page.cssselect("#content-main th[scope=row] a")]
    apps = [c.text_content().strip() for c in page.cssselect("#content-main caption a")]
    assert models.count(tags) == 1
    assert "taggit" not in html.lower()
    assert login_security in apps
    assert "Axes" not in apps
