"""The editorial workflow through the admin's real views: every role, every transition."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from articles import workflow
from articles.models import Article, ArticleTransition
from newsroom.roles import EDITOR, REPORTER, ROLES, TRANSLATOR
from tests.builders import article_build, tag_build
from tests.staff import PASSWORD, form_data, staff_build

pytestmark = pytest.mark.django_db

S = Article.Status

# Where each transition starts from in the matrix, and where it must end.
START = {
    "submit": S.DRAFT,
    "publish": S.IN_REVIEW,
    "schedule": S.IN_REVIEW,
    "unpublish": S.PUBLISHED,
    "archive": S.PUBLISHED,
    "send_back": S.IN_REVIEW,
}
# The matrix: (role, action, whose article) -> allowed. Anything not listed is refused.
ALLOWED = {
    (REPORTER, "submit", "own"),
    *((EDITOR, action, whose) for action in START for whose in ("own", "other")),
}


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def article_in(status: str, *, created_by, **fields) -> Article:
    published_at = None
    if status == S.PUBLISHED:
        published_at = timezone.now() - timedelta(hours=1)
    elif status == S.IN_REVIEW:
        published_at = timezone.now() + timedelta(days=1)  # what "schedule" will use
    return article_build(status=status, published_at=published_at, created_by=created_by, **fields)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.org", PASSWORD)


def full_form(client, superuser, article) -> dict:
    """The complete change form as the superuser sees it: the base of every forged post."""
    client.force_login(superuser)
    data = form_data(client.get(change_url(article)).content.decode())
    client.logout()
    return data


def test_roles_exist_with_their_permissions_and_the_command_is_idempotent():
    call_command("syncroles", verbosity=0)
    call_command("syncroles", verbosity=0)
    for name, perms in ROLES.items():
        group = Group.objects.get(name=name)
        granted = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert granted == set(perms)


@pytest.mark.parametrize("whose", ["own", "other"])
@pytest.mark.parametrize("action", list(START))
@pytest.mark.parametrize("role", [REPORTER, EDITOR, TRANSLATOR])
def test_permission_matrix_through_the_admin(client, superuser, role, action, whose):
    user = staff_build(role=role, languages=("ru",) if role == TRANSLATOR else ())
    author = user if whose == "own" else staff_build(role=REPORTER)
    article = article_in(START[action], created_by=author)
    before = Article.objects.get(pk=article.pk)
    data = {
        **full_form(client, superuser, article),
        "_transition": action,
        "transition_comment": "سبب",
    }
    client.force_login(user)

    response = client.post(change_url(article), data)

    article.refresh_from_db()
    if (role, action, whose) in ALLOWED:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert article.status == workflow.TRANSITIONS[action].target
        step = ArticleTransition.objects.get(article=article)
        assert (step.user, step.action, step.from_status, step.to_status, step.comment) == (
            user,
            action,
            START[action],
            workflow.TRANSITIONS[action].target,
            "سبب",
        )
    else:
        assert response.status_code == 403
        assert article.status == before.status
        assert article.published_at == before.published_at
        assert not ArticleTransition.objects.filter(article=article).exists()


@pytest.mark.parametrize("role", [REPORTER, EDITOR, TRANSLATOR])
def test_the_change_form_shows_only_the_allowed_buttons(client, role):
    user = staff_build(role=role, languages=("ru",))
    own = article_in(S.DRAFT, created_by=user)
    client.force_login(user)
    html = client.get(change_url(own)).content.decode()
    shown = {a for a in workflow.TRANSITIONS if f'data-transition="{a}"' in html}
    expected = {
        REPORTER: {"submit"},
        EDITOR: {"submit", "publish", "schedule", "archive"},
        TRANSLATOR: set(),
    }
    assert shown == expected[role]


def test_a_transition_from_the_wrong_state_is_refused_with_a_message(client, superuser):
    editor = staff_build(role=EDITOR)
    article = article_in(S.DRAFT, created_by=editor)
    data = {**full_form(client, superuser, article), "_transition": "unpublish"}
    client.force_login(editor)
    response = client.post(
        change_url(article), data, follow=True, headers={"accept-language": "en"}
    )
    assert response.status_code == 200
    assert "is not possible from the state" in response.content.decode()
    article.refresh_from_db()
    assert article.status == S.DRAFT
    assert not article.transitions.exists()


def test_submitting_twice_and_unknown_actions_are_refused(client, superuser):
    reporter = staff_build(role=REPORTER)
    article = article_in(S.DRAFT, created_by=reporter)
    data = {**full_form(client, superuser, article), "_transition": "submit"}
    client.force_login(reporter)
    assert client.post(change_url(article), data).status_code == 302
    # Now in review, the reporter may no longer edit it at all.
    assert client.post(change_url(article), data).status_code == 403
    data["_transition"] = "explode"
    editor = staff_build(role=EDITOR)
    client.force_login(editor)
    assert client.post(change_url(article), data).status_code == 403
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW
    assert article.transitions.count() == 1


def test_sending_back_needs_a_comment(superuser):
    editor = staff_build(role=EDITOR)
    article = article_in(S.IN_REVIEW, created_by=editor)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.article_send_back(article=article, user=editor, comment="  ")
    workflow.article_send_back(article=article, user=editor, comment="المصدر ناقص")
    article.refresh_from_db()
    assert article.status == S.DRAFT
    assert article.transitions.get().comment == "المصدر ناقص"


def test_a_missing_article_is_not_found(client):
    client.force_login(staff_build(role=EDITOR))
    response = client.post(reverse("admin:articles_article_change", args=[999999]), {})
    assert response.status_code == 302  # the admin redirects to its index, changing nothing
    assert not ArticleTransition.objects.exists()


# --- Translators ------------------------------------------------------------------------


def test_a_translator_edits_only_their_languages_whatever_they_post(client, superuser):
    translator = staff_build(role=TRANSLATOR, languages=("ru",))
    article = article_in(S.PUBLISHED, created_by=superuser)
    client.force_login(translator)
    html = client.get(change_url(article)).content.decode()
    page_form = form_data(html)
    assert "title_ru" in page_form
    assert "title_ar" not in page_form  # disabled: a browser does not post it
    assert 'name="_transition"' not in html
    forged = {
        **form_data(html, with_disabled=True),
        "title_ru": "Заголовок",
        "body_ru": "<p>Текст.</p>",
        "title_ar": "عنوان مزور",
        "body_ar": "<p>مزور</p>",
        "status": S.DRAFT,
        "published_at_0": "2000-01-01",
    }
    response = client.post(change_url(article), forged)
    assert response.status_code == 302, response.content.decode()[:3000]
    fresh = Article.objects.get(pk=article.pk)
    assert (fresh.title_ru, fresh.body_ru) == ("Заголовок", "<p>Текст.</p>")
    assert (fresh.title_ar, fresh.body_ar) == (article.title_ar, article.body_ar)
    assert (fresh.status, fresh.published_at) == (S.PUBLISHED, article.published_at)


def test_a_translator_without_languages_cannot_edit(client, superuser):
    translator = staff_build(role=TRANSLATOR)
    article = article_in(S.DRAFT, created_by=superuser)
    data = {**full_form(client, superuser, article), "title_ru": "Заголовок"}
    client.force_login(translator)
    assert client.post(change_url(article), data).status_code == 403
    assert Article.objects.get(pk=article.pk).title_ru in (None, "")


def test_the_service_refuses_fields_outside_the_users_languages(superuser):
    translator = staff_build(role=TRANSLATOR, languages=("en",))
    article = article_in(S.DRAFT, created_by=superuser)
    article.title_ar = "مزور"
    with pytest.raises(workflow.ArticleEditDenied):
        workflow.article_save(article=article, user=translator, changed={"title_ar"})


def test_the_service_validates_the_whole_article_and_saves_nothing_when_it_is_invalid():
    editor = staff_build(role=EDITOR)
    article = article_in(S.DRAFT, created_by=editor, title_ru="Заголовок")
    article.title_ru = "Заголовок \u202eреклама"  # an override that reverses what it reads
    article.body_ar = "<p>نص جديد.</p>"
    with pytest.raises(ValidationError) as refused:
        workflow.article_save(article=article, user=editor, changed={"title_ru", "body_ar"})
    assert set(refused.value.message_dict) == {"title_ru"}
    fresh = Article.objects.get(pk=article.pk)
    assert (fresh.title_ru, fresh.body_ar) == ("Заголовок", "<p>نص تجريبي.</p>")


def test_the_service_makes_whoever_saves_a_new_article_its_author():
    reporter = staff_build(role=REPORTER)
    article = workflow.article_save(
        article=Article(title_ar="خبر", body_ar="<p>نص.</p>"),
        user=reporter,
        changed=workflow.ALL_FIELDS,
    )
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.created_by == reporter
    assert fresh.slug_ar == "خبر"  # validated: Article.clean made the address


def test_what_the_service_refuses_after_the_form_accepted_shows_on_the_form(client, monkeypatch):
    editor = staff_build(role=EDITOR)
    article = article_in(S.DRAFT, created_by=editor)
    client.force_login(editor)
    data = {
        **form_data(client.get(change_url(article)).content.decode()),
        "title_en": "Talks",
        "slug_en": "talks",
    }
    validate = workflow.article_validate

    def taken_meanwhile(article):
        # Another editor gives another article the same address between the
        # form's checks and the save (the database would refuse it too).
        Article.objects.filter(pk=other.pk).update(slug_en="talks")
        validate(article)

    other = article_in(S.DRAFT, created_by=editor)
    monkeypatch.setattr(workflow, "article_validate", taken_meanwhile)
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    unique = {c.name: c for c in Article._meta.constraints}["articles_article_unique_slug_en"]
    with translation.override("ar"):  # the admin's language here
        message = str(unique.violation_error_message)
    assert response.context["adminform"].form.non_field_errors() == [message]
    assert "Talks</textarea>" in response.content.decode()  # what they typed is kept (headline)
    assert Article.objects.get(pk=article.pk).title_en in (None, "")


# --- Scheduling -------------------------------------------------------------------------


def test_a_scheduled_article_becomes_public_by_itself_when_its_time_comes(client, superuser):
    editor = staff_build(role=EDITOR)
    article = article_in(S.IN_REVIEW, created_by=editor)
    when = timezone.now() + timedelta(days=1)
    workflow.article_schedule(article=article, user=editor, at=when)
    article.refresh_from_db()
    assert article.status == S.PUBLISHED and article.is_scheduled
    url = article.get_absolute_url("ar")
    assert not Article.objects.public("ar").filter(pk=article.pk).exists()
    assert client.get(url).status_code == 404
    with time_machine.travel(when - timedelta(seconds=1), tick=False):
        assert client.get(url).status_code == 404
    with time_machine.travel(when + timedelta(seconds=1), tick=False):
        assert Article.objects.public("ar").filter(pk=article.pk).exists()
        assert client.get(url).status_code == 200


def test_scheduling_needs_a_future_date(superuser):
    editor = staff_build(role=EDITOR)
    article = article_in(S.IN_REVIEW, created_by=editor)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.article_schedule(article=article, user=editor, at=timezone.now())
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW


def test_publish_now_replaces_a_future_date(superuser):
    editor = staff_build(role=EDITOR)
    article = article_in(S.IN_REVIEW, created_by=editor)
    workflow.article_publish(article=article, user=editor)
    article.refresh_from_db()
    assert article.published_at <= timezone.now()
    assert Article.objects.public("ar").filter(pk=article.pk).exists()


# --- Preview ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ar", "ru", "en"])
def test_staff_preview_a_draft_in_each_language_while_the_public_url_is_404(client, language):
    reporter = staff_build(role=REPORTER)
    article = article_in(
        S.DRAFT,
        created_by=reporter,
        title_ru="Черновик",
        body_ru="<p>Текст</p>",
        slug_ru="chernovik",
        title_en="Draft",
        body_en="<p>Text</p>",
        slug_en="draft",
    )
    with translation.override(language):
        preview = reverse("articles:preview", kwargs={"pk": article.pk})
    assert client.get(article.get_absolute_url(language)).status_code == 404
    assert client.get(preview).status_code == 302  # to the admin login
    client.force_login(reporter)
    response = client.get(preview)
    assert response.status_code == 200
    assert response.templates[0].name == "articles/article_detail.html"
    assert getattr(article, f"title_{language}") in response.content.decode()
    assert client.get(article.get_absolute_url(language)).status_code == 404


# --- Notification -----------------------------------------------------------------------


def test_submitting_for_review_emails_the_editors(
    client, superuser, django_capture_on_commit_callbacks
):
    editor = staff_build(role=EDITOR, email="desk@example.org")
    reporter = staff_build(role=REPORTER, email="reporter@example.org")
    article = article_in(S.DRAFT, created_by=reporter, title_ar="خبر للمراجعة")
    data = {**full_form(client, superuser, article), "_transition": "submit"}
    client.force_login(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(change_url(article), data).status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "desk@example.org" in message.to
    assert "reporter@example.org" not in message.to
    assert editor.email in message.to
    assert "خبر للمراجعة" in message.subject
    assert change_url(article) in message.body


# --- Desk and changelist -----------------------------------------------------------------


def test_the_desk_lists_review_scheduled_drafts_and_published_with_history(
    client, django_assert_max_num_queries
):
    editor = staff_build(role=EDITOR)
    reporter = staff_build(role=REPORTER)
    review = article_in(S.DRAFT, created_by=reporter, title_ar="للمراجعة")
    workflow.article_submit(article=review, user=reporter)
    scheduled = article_in(S.IN_REVIEW, created_by=reporter, title_ar="مجدول")
    workflow.article_schedule(article=scheduled, user=editor)
    article_in(S.DRAFT, created_by=editor, title_ar="مسودتي")
    article_in(S.PUBLISHED, created_by=reporter, title_ar="منشور")
    for n in range(10):
        article_in(S.PUBLISHED, created_by=reporter, title_ar=f"منشور {n}")
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:articles_article_desk"))
    assert response.status_code == 200
    review_list, next_list, mine, latest = (
        [a.title_ar for a in articles] for _heading, articles in response.context["sections"]
    )
    assert review_list == ["للمراجعة"]
    assert next_list == ["مجدول"]
    assert mine == ["مسودتي"]
    assert "منشور" in latest
    html = response.content.decode()
    assert "workflow-history" in html
    assert reporter.username in html  # who submitted, in the history


def test_the_desk_needs_article_permissions(client):
    client.force_login(staff_build())
    assert client.get(reverse("admin:articles_article_desk")).status_code == 403


@pytest.mark.parametrize("state", ["draft", "in_review", "published", "scheduled", "archived"])
def test_the_changelist_filters_by_state(client, state):
    editor = staff_build(role=EDITOR)
    drafts = article_in(S.DRAFT, created_by=editor)
    live = article_in(S.PUBLISHED, created_by=editor)
    scheduled = article_in(S.IN_REVIEW, created_by=editor)
    workflow.article_schedule(article=scheduled, user=editor)
    client.force_login(editor)
    response = client.get(
        reverse("admin:articles_article_changelist"),
        {"state": state},
        headers={"accept-language": "en"},
    )
    shown = {a.pk for a in response.context["cl"].result_list}
    expected = {"draft": {drafts.pk}, "published": {live.pk}, "scheduled": {scheduled.pk}}
    assert shown == expected.get(state, set())
    if state == "scheduled":
        assert '<td class="field-workflow_state">Scheduled</td>' in response.content.decode()


@pytest.mark.parametrize("how_many", [3, 30])
def test_the_changelist_query_count_does_not_grow_with_articles(
    client, django_assert_max_num_queries, how_many
):
    editor = staff_build(role=EDITOR)
    for n in range(how_many):
        article_in(S.PUBLISHED, created_by=editor, title_ar=f"خبر {n}")
    client.force_login(editor)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == how_many


def test_the_article_form_renders_for_a_tag_owner(client, superuser):
    article = article_in(S.DRAFT, created_by=superuser)
    article.tags.add(tag_build())
    client.force_login(superuser)
    assert client.get(change_url(article)).status_code == 200


# --- Comments ------------------------------------------------------------------------------

UNSAFE_COMMENTS = ["ok \u202eevil \x1b[2J\x07", "nul\x00", "lone \ud800"]


@pytest.mark.parametrize("comment", UNSAFE_COMMENTS[:2])  # a browser cannot post a lone surrogate
def test_a_comment_with_control_characters_is_a_form_error(client, superuser, comment):
    editor = staff_build(role=EDITOR)
    article = article_in(S.IN_REVIEW, created_by=editor)
    data = {
        **full_form(client, superuser, article),
        "_transition": "send_back",
        "transition_comment": comment,
    }
    client.force_login(editor)
    response = client.post(change_url(article), data, headers={"accept-language": "en"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["transition_comment"]
    assert "characters" in " ".join(errors)
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW
    assert not article.transitions.exists()


@pytest.mark.parametrize("comment", UNSAFE_COMMENTS)
@pytest.mark.parametrize("action", ["send_back", "publish", "archive"])
def test_the_service_refuses_a_comment_with_control_characters(action, comment):
    editor = staff_build(role=EDITOR)
    article = article_in(S.IN_REVIEW if action != "archive" else S.DRAFT, created_by=editor)
    with pytest.raises(workflow.TransitionNotAllowed) as error, translation.override("en"):
        workflow.article_transition(action=action, article=article, user=editor, comment=comment)
    assert "characters" in " ".join(error.value.messages)
    article.refresh_from_db()
    assert article.status in (S.IN_REVIEW, S.DRAFT)
    assert not article.transitions.exists()


def test_a_comment_keeps_the_marks_an_arabic_writer_needs():
    editor = staff_build(role=EDITOR)
    article = article_in(S.IN_REVIEW, created_by=editor)
    comment = "راجع\u200f الفقرة 2\nوالمصدر\tTASS"
    workflow.article_send_back(article=article, user=editor, comment=comment)
    assert article.transitions.get().comment == comment
