"""Access: brute force, sessions, passwords, and the classic admin holes around the workflow."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom.roles import EDITOR, REPORTER, TRANSLATOR
from tests.builders import article_build
from tests.staff import PASSWORD, form_data, staff_build

pytestmark = pytest.mark.django_db
S = Article.Status
LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def roles():
    call_command("syncroles", verbosity=0)


def row(article: Article) -> dict:
    """The article as stored, to compare before and after a refused request."""
    return model_to_dict(Article.objects.get(pk=article.pk))


def published(**fields) -> Article:
    return article_build(
        status=S.PUBLISHED, published_at=timezone.now() - timedelta(hours=1), **fields
    )


# --- Brute force, sessions, passwords -------------------------------------------------


def test_admin_login_locks_out_after_five_wrong_passwords(client, settings):
    editor = staff_build(role=EDITOR)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(LOGIN, {"username": editor.username, "password": "wrong"})
        assert response.status_code == 200  # the login form again, with an error
    response = client.post(LOGIN, {"username": editor.username, "password": "wrong"})
    assert response.status_code == 429
    # Locked: even the right password is refused now, and no session starts.
    response = client.post(LOGIN, {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username=editor.username).failures_since_start >= 5


def test_a_successful_login_is_not_locked_and_resets_the_count(client):
    editor = staff_build(role=EDITOR)
    client.post(LOGIN, {"username": editor.username, "password": "wrong"})
    response = client.post(LOGIN, {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_logout_ends_the_session_on_the_server(client):
    editor = staff_build(role=EDITOR)
    client.post(LOGIN, {"username": editor.username, "password": PASSWORD})
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    assert client.post("/admin/logout/").status_code == 200
    assert not Session.objects.filter(session_key=key).exists()
    # The old cookie opens nothing.
    client.cookies["sessionid"] = key
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("password", ["12345678", "password", "short", "editor-one"])
def test_weak_passwords_are_refused(password):
    user = staff_build(role=EDITOR, username="editor-one")
    with pytest.raises(ValidationError):
        validate_password(password, user)


# --- Classic admin holes ---------------------------------------------------------------


def test_save_as_new_is_refused_to_a_user_who_may_not_add(client):
    translator = staff_build(role=TRANSLATOR, languages=("ru",))
    article = published()
    before, count = row(article), Article.objects.count()
    client.force_login(translator)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url).content.decode()) | {"_saveasnew": ["1"]}
    assert client.post(url, data).status_code == 403
    assert Article.objects.count() == count
    assert row(article) == before


def test_save_as_new_cannot_publish_or_change_the_original(client):
    reporter = staff_build(role=REPORTER)
    article = published(title_ar="الأصل")
    before = row(article)
    client.force_login(reporter)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url).content.decode(), with_disabled=True)
    data |= {"_saveasnew": ["1"], "status": [S.PUBLISHED], "title_ar": ["نسخة"]}
    data |= {f"slug_{c}": [""] for c in ("ar", "ru", "en")}
    client.post(url, data)
    assert row(article) == before
    copy = Article.objects.exclude(pk=article.pk).first()
    if copy is not None:  # a reporter may add: the copy is their own draft, never public
        assert copy.status == S.DRAFT
        assert copy.created_by == reporter
        assert not Article.objects.public("ar").filter(pk=copy.pk).exists()


def test_bulk_delete_over_a_mixed_selection_deletes_nothing_for_a_reporter(client):
    reporter = staff_build(role=REPORTER)
    own = article_build(created_by=reporter, status=S.DRAFT)
    other = published()
    client.force_login(reporter)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [own.pk, other.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302, 403)
    assert Article.objects.filter(pk__in=[own.pk, other.pk]).count() == 2


def test_list_editable_style_post_to_the_changelist_changes_nothing(client):
    translator = staff_build(role=TRANSLATOR, languages=("en",))
    article = published()
    before = row(article)
    client.force_login(translator)
    client.post(
        reverse("admin:articles_article_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(article.pk),
            "form-0-title_ar": "مزور",
            "form-0-status": S.ARCHIVED,
            "_save": "Save",
        },
    )
    assert row(article) == before


@pytest.mark.parametrize("view", ["history", "revisions", "change", "delete"])
def test_staff_without_a_role_cannot_see_history_or_revisions(client, view):
    nobody = staff_build()
    article = published()
    before = row(article)
    client.force_login(nobody)
    name = "articles_article_revisions" if view == "revisions" else f"articles_article_{view}"
    url = reverse(f"admin:{name}", args=[article.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes", "restore": "1"}).status_code == 403
    assert row(article) == before


def test_a_reporter_cannot_delete_or_change_another_reporters_draft(client):
    reporter, other = staff_build(role=REPORTER), staff_build(role=REPORTER)
    article = article_build(created_by=other, status=S.DRAFT)
    before = row(article)
    client.force_login(reporter)
    change = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(change).content.decode(), with_disabled=True)
    client.post(change, data | {"title_ar": ["مزور"], "_transition": ["submit"]})
    delete = reverse("admin:articles_article_delete", args=[article.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert row(article) == before


def test_a_translators_forged_post_writes_only_their_language(client):
    translator = staff_build(role=TRANSLATOR, languages=("ru",))
    article = published(title_ru="Старый", body_ru="<p>Текст</p>", slug_ru="staryj")
    client.force_login(translator)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url).content.decode(), with_disabled=True)
    data |= {"title_ru": ["Новый"], "title_ar": ["مزور"], "title_en": ["Forged"]}
    data |= {"status": [S.ARCHIVED], "published_at_0": ["2000-01-01"]}
    client.post(url, data)
    stored = Article.objects.get(pk=article.pk)
    assert stored.title_ru == "Новый"
    assert stored.title_ar == article.title_ar
    assert stored.title_en == article.title_en
    assert stored.status == S.PUBLISHED
    assert stored.published_at == article.published_at
