"""The editorial workflow: who may move an article where, and who may edit which fields.

Every state change goes through one function per action (``article_submit``,
``article_publish``, …). Each follows one recipe: in a transaction, lock the
row, check the edge and the user's permission, change, save (with a revision),
log the transition, return the article. The admin only calls these functions.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from articles.models import LANGUAGE_CODES, Article, ArticleTransition, RevisionNote
from articles.revision_notes import TRANSITION_KINDS, revision_note_add
from newsroom.content import content_validate
from newsroom.dates import date_display
from newsroom.events import ALL_LANGUAGES, Change, content_announce, languages_changed
from newsroom.roles import (
    EDIT_ANY_PERMISSION,
    PUBLISH_PERMISSION,
    SUBMIT_PERMISSION,
    TRANSLATE_PERMISSION,
    translator_languages,
)
from newsroom.text import text_problem
from newsroom.translation_records import translation_record_changes, translation_source_moved
from newsroom.translations import source_language

Status = Article.Status

# Fields a person edits in the article form: translated ones per language, shared ones once.
TRANSLATED_FIELDS = ("title", "slug", "standfirst", "body")
SHARED_FIELDS = (
    "original_language",
    "embargoed_until",
    "published_at",
    "section",
    "source",
    "lead_photo",
    "people",
    "organisations",
    "tags",
    "front_placement",
    "front_order",
)
M2M_FIELDS = ("people", "organisations", "tags")


class TransitionNotAllowed(ValidationError):
    """The article is not in a state this action starts from, or the action lacks what it needs."""


class TransitionDenied(PermissionDenied):
    """The user may not perform this action on this article."""


class ArticleEditDenied(PermissionDenied):
    """The user tried to change fields they may not edit."""


@dataclass(frozen=True)
class Transition:
    """An edge of the workflow: from which states, to which, and with which permission."""

    action: str
    label: str | Promise
    sources: frozenset[str]
    target: str
    permission: str
    needs_comment: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "submit",
            _("Submit for review"),
            frozenset({Status.DRAFT}),
            Status.IN_REVIEW,
            SUBMIT_PERMISSION,
        ),
        Transition(
            "publish",
            _("Publish now"),
            frozenset({Status.DRAFT, Status.IN_REVIEW, Status.UNPUBLISHED}),
            Status.PUBLISHED,
            PUBLISH_PERMISSION,
        ),
        Transition(
            "schedule",
            _("Schedule for the publication date"),
            frozenset({Status.DRAFT, Status.IN_REVIEW, Status.UNPUBLISHED}),
            Status.PUBLISHED,
            PUBLISH_PERMISSION,
        ),
        Transition(
            "unpublish",
            _("Unpublish"),
            frozenset({Status.PUBLISHED}),
            Status.UNPUBLISHED,
            PUBLISH_PERMISSION,
        ),
        Transition(
            "archive",
            _("Archive"),
            frozenset({Status.DRAFT, Status.PUBLISHED, Status.UNPUBLISHED}),
            Status.ARCHIVED,
            PUBLISH_PERMISSION,
        ),
        Transition(
            "send_back",
            _("Send back to draft"),
            frozenset({Status.IN_REVIEW, Status.PUBLISHED, Status.UNPUBLISHED, Status.ARCHIVED}),
            Status.DRAFT,
            PUBLISH_PERMISSION,
            needs_comment=True,
        ),
    ]
}


# --- Who may do what ------------------------------------------------------------------


def _is_own(user: AbstractBaseUser, article: Article) -> bool:
    return article.created_by_id is not None and article.created_by_id == user.pk


def _can_perform(user: AbstractBaseUser, article: Article, transition: Transition) -> bool:
    if not user.is_active or not user.has_perm(transition.permission):
        return False
    # Reporters move their own articles only; editors move anyone's.
    return user.has_perm(EDIT_ANY_PERMISSION) or _is_own(user, article)


def article_allowed_transitions(*, user: AbstractBaseUser, article: Article) -> list[Transition]:
    """The transitions ``user`` may perform on ``article`` in its current state."""
    if article.pk is None:
        return []
    return [
        t
        for t in TRANSITIONS.values()
        if article.status in t.sources and _can_perform(user, article, t)
    ]


#: What a new article's form offers besides saving it as a draft (in one step: saved, then moved).
NEW_ARTICLE_ACTIONS = ("submit", "publish", "schedule")


def article_new_transitions(*, user: AbstractBaseUser) -> list[Transition]:
    """The transitions ``user`` may perform on an article they are writing now (not saved yet):
    the add form saves it as their own draft and performs the chosen one, in one transaction."""
    if not user.is_active or not user.has_perm("articles.add_article"):
        return []
    draft = Article(status=Status.DRAFT, created_by_id=user.pk)
    return [
        TRANSITIONS[action]
        for action in NEW_ARTICLE_ACTIONS
        if _can_perform(user, draft, TRANSITIONS[action])
    ]


def _language_fields(code: str) -> set[str]:
    return {f"{name}_{code}" for name in TRANSLATED_FIELDS}


ALL_FIELDS = frozenset(
    {field for code in LANGUAGE_CODES for field in _language_fields(code)} | set(SHARED_FIELDS)
)


def article_editable_fields(*, user: AbstractBaseUser, article: Article) -> frozenset[str]:
    """The form fields ``user`` may change on ``article`` (an unsaved article is a new one)."""
    if not user.is_active:
        return frozenset()
    if user.has_perm(EDIT_ANY_PERMISSION):
        return ALL_FIELDS
    if article.pk is None:
        return ALL_FIELDS if user.has_perm("articles.add_article") else frozenset()
    if (
        user.has_perm("articles.change_article")
        and _is_own(user, article)
        and article.status == Status.DRAFT
    ):
        return ALL_FIELDS
    if user.has_perm(TRANSLATE_PERMISSION) and article.status != Status.ARCHIVED:
        return frozenset(
            field for code in translator_languages(user) for field in _language_fields(code)
        )
    return frozenset()


# --- Transitions ------------------------------------------------------------------------


def _transition(
    *,
    action: str,
    article: Article,
    user: AbstractBaseUser,
    comment: str = "",
    change: Callable[[Article], None] | None = None,
) -> Article:
    """Guard the edge and the permission, change, save with a revision, log, return."""
    transition = TRANSITIONS[action]
    with transaction.atomic(), reversion.create_revision():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if not _can_perform(user, article, transition):
            raise TransitionDenied(
                gettext("You may not do “%(action)s” on this article.")
                % {"action": transition.label}
            )
        if article.status not in transition.sources:
            raise TransitionNotAllowed(
                gettext("“%(action)s” is not possible from the state “%(status)s”.")
                % {"action": transition.label, "status": article.get_status_display()},
                code="wrong_state",
            )
        comment = comment.strip()
        if problem := text_problem(comment):
            raise TransitionNotAllowed(problem, code="unsafe_text")
        if transition.needs_comment and not comment:
            raise TransitionNotAllowed(
                gettext("Say in a comment why the article goes back."), code="comment_required"
            )
        from_status = article.status
        article.status = transition.target
        if change:
            change(article)
        article = article_save(
            article=article, user=user, changed={"status", "published_at"}, transition=transition
        )
        reversion.set_comment(
            gettext("%(from)s → %(to)s")
            % {"from": Status(from_status).label, "to": Status(transition.target).label}
        )
        ArticleTransition.objects.create(
            article=article,
            action=action,
            from_status=from_status,
            to_status=transition.target,
            user=user,
            comment=comment,
        )
    return article


def article_submit(*, article: Article, user: AbstractBaseUser, comment: str = "") -> Article:
    """Send a draft to the editors for review, and tell them by email."""
    article = _transition(action="submit", article=article, user=user, comment=comment)
    transaction.on_commit(lambda: _notify_editors(article=article, submitter=user))
    return article


def article_publish(*, article: Article, user: AbstractBaseUser, comment: str = "") -> Article:
    """Publish now: a missing or future publication date becomes the current time."""

    def change(article: Article) -> None:
        _embargo_check(article, timezone.now())
        if article.published_at is None or article.published_at > timezone.now():
            article.published_at = timezone.now()

    return _transition(action="publish", article=article, user=user, comment=comment, change=change)


def article_schedule(
    *, article: Article, user: AbstractBaseUser, at: datetime | None = None, comment: str = ""
) -> Article:
    """Publish at a future date (``at``, or the article's own): public by itself when it comes."""

    def change(article: Article) -> None:
        when = at or article.published_at
        if when is None or when <= timezone.now():
            raise TransitionNotAllowed(
                gettext("Set a publication date in the future to schedule the article."),
                code="date_required",
            )
        _embargo_check(article, when)
        article.published_at = when

    return _transition(
        action="schedule", article=article, user=user, comment=comment, change=change
    )


def _embargo_check(article: Article, when: datetime) -> None:
    """Refuse to make ``article`` public at ``when`` if that is before its agency embargo."""
    if article.embargoed_until is not None and when < article.embargoed_until:
        raise TransitionNotAllowed(
            gettext(
                "The article is under embargo until %(embargo)s: it cannot be published "
                "before then (schedule it for that time or later)."
            )
            % {"embargo": date_display(article.embargoed_until, "DATETIME_FORMAT")},
            code="embargoed",
        )


def article_unpublish(*, article: Article, user: AbstractBaseUser, comment: str = "") -> Article:
    """Take a published (or scheduled) article off the public site."""
    return _transition(action="unpublish", article=article, user=user, comment=comment)


def article_archive(*, article: Article, user: AbstractBaseUser, comment: str = "") -> Article:
    """Put an article away: off the public site and closed to translators."""
    return _transition(action="archive", article=article, user=user, comment=comment)


def article_send_back(*, article: Article, user: AbstractBaseUser, comment: str) -> Article:
    """Return an article to draft, saying why in a comment (required)."""
    return _transition(action="send_back", article=article, user=user, comment=comment)


ACTIONS: dict[str, Callable[..., Article]] = {
    "submit": article_submit,
    "publish": article_publish,
    "schedule": article_schedule,
    "unpublish": article_unpublish,
    "archive": article_archive,
    "send_back": article_send_back,
}


def article_transition(
    *, action: str, article: Article, user: AbstractBaseUser, comment: str = ""
) -> Article:
    """Perform the action named ``action`` (what an admin button posts); refuse unknown ones."""
    if action not in ACTIONS:
        raise TransitionDenied(gettext("Unknown action."))
    return ACTIONS[action](article=article, user=user, comment=comment)


def _notify_editors(*, article: Article, submitter: AbstractBaseUser) -> None:
    """Email every editor that an article awaits review."""
    editors = (
        get_user_model()
        # Named: with django-axes there is more than one authentication backend.
        .objects.with_perm(PUBLISH_PERMISSION, backend="django.contrib.auth.backends.ModelBackend")
        .filter(is_active=True)
        .exclude(email="")
        .exclude(pk=submitter.pk)
    )
    recipients = sorted({editor.email for editor in editors})
    if not recipients:
        return
    url = reverse("admin:articles_article_change", args=[article.pk])
    send_mail(
        gettext("For review: %(title)s") % {"title": article},
        gettext("%(user)s submitted “%(title)s” for review.\n\nOpen it in the admin: %(url)s")
        % {
            "user": submitter.get_full_name() or submitter.get_username(),
            "title": article,
            "url": url,
        },
        None,
        recipients,
    )


# --- Edits -------------------------------------------------------------------------------


def article_save(
    *,
    article: Article,
    user: AbstractBaseUser | None,
    changed: Collection[str],
    m2m: Mapping[str, Iterable] | None = None,
    sources_seen: dict[str, str] | None = None,
    vouch: bool = False,
    transition: Transition | None = None,
    kind: str | None = None,
    details: Mapping | None = None,
) -> Article:
    """Save the fields ``user`` changed, and only those, keeping everyone else's; with a revision.

    ``article`` carries the new values; ``changed`` names the form fields the
    user changed since they opened the form. Fields they did not change are
    taken from the database, so a translator's save never overwrites an
    editor's Arabic, nor an editor's save a translator's Russian. The whole
    article is validated (``full_clean``) before it is written: a
    ``ValidationError`` leaves nothing saved. A new article's author is
    ``user``. The translations saved are recorded as up to date, except those
    whose Arabic changed after the form was opened (``sources_seen``); with
    ``vouch`` (a translator's form), also the other fields of their languages.

    ``user`` None is the site itself (an import command, the demo content): no
    permission check, a revision without a user (unless the caller names one),
    and it may also set the state and the author. A ``transition``
    (``_transition`` only, having checked its edge and permission) may also
    change the state.

    The revision gets a note of what it was (``articles.revision_notes``): ``kind``
    (a ``RevisionNote.Kind``, e.g. ``IMPORTED``) with ``details``, or else created,
    saved, translated, or the transition's kind, with the languages changed.
    """
    may_change = ALL_FIELDS | (
        {"status", "created_by"} if user is None else {"status"} if transition else set()
    )
    changed = set(changed) & may_change
    # A slug made from a new title (Article.clean) goes with that title.
    changed |= {f"slug_{c}" for c in LANGUAGE_CODES if f"title_{c}" in changed}
    with transaction.atomic(), reversion.create_revision():
        if article.pk is not None:
            current = Article.objects.select_for_update().get(pk=article.pk)
        else:
            current = None
        if user is not None and transition is None:
            forbidden = changed - article_editable_fields(user=user, article=current or article)
            if forbidden:
                raise ArticleEditDenied(
                    gettext("You may not change these fields: %(fields)s")
                    % {"fields": ", ".join(sorted(forbidden))}
                )
        if current is not None:
            for field in Article._meta.concrete_fields:
                # The untranslated columns ("title") are modeltranslation's to fill.
                if field.name in changed or field.primary_key or field.name in TRANSLATED_FIELDS:
                    continue
                setattr(article, field.attname, getattr(current, field.attname))
        elif article.created_by_id is None and user is not None:
            article.created_by = user
        article_validate(article)
        written = None if current is None else _written(current, article, changed)
        article.save()
        for name, values in (m2m or {}).items():
            if name in changed or current is None:
                getattr(article, name).set(values)
        if user is not None:
            reversion.set_user(user)
        reversion.add_to_revision(article)
        if current is not None and current.original_language != article.original_language:
            translation_source_moved(
                obj=article,
                before=current,
                old_source=current.original_language,
                new_source=article.original_language,
            )
        _note_add(current, article, changed, transition, kind, details)
        vouched = _vouched_fields(user, article) if vouch else set()
        translation_record_changes(
            obj=article,
            changed=changed | vouched,
            user=user,
            sources_seen=sources_seen,
        )
        content_announce(
            objects=[article],
            kind=_change(current, article),
            languages=ALL_LANGUAGES if current is None else languages_changed(changed),
            fields=written,
        )
    return article


def _note_add(
    current: Article | None,
    article: Article,
    changed: set[str],
    transition: Transition | None,
    kind: str | None,
    details: Mapping | None,
) -> None:
    """Note what this save is in its revision (``revision_notes``)."""
    Kind = RevisionNote.Kind
    if current is None:
        fields = {f"{name}_{code}" for name in TRANSLATED_FIELDS for code in LANGUAGE_CODES}
        changed = {name for name in fields if getattr(article, name)} | set(SHARED_FIELDS)
    languages = {code for code in LANGUAGE_CODES if changed & _language_fields(code)}
    common = bool(changed & set(SHARED_FIELDS)) and transition is None
    from_status = current.status if current is not None else ""
    if transition is not None:
        kind = kind or TRANSITION_KINDS[transition.action]
        languages = set(article.translated_languages())
    elif kind is None:
        if current is None:
            kind = Kind.CREATED
        elif languages and not common and source_language(article) not in languages:
            kind = Kind.TRANSLATED
        else:
            kind = Kind.SAVED
    revision_note_add(
        kind=kind,
        languages=languages,
        common=common,
        from_status=from_status,
        to_status=article.status if current is not None and from_status != article.status else "",
        details=details,
    )


def _written(current: Article, article: Article, changed: set[str]) -> set[str]:
    """The fields of ``changed`` whose value differs from ``current`` (relations: all named)."""
    columns = {field.name: field.attname for field in Article._meta.concrete_fields}
    return {
        name
        for name in changed
        if name not in columns or getattr(current, columns[name]) != getattr(article, columns[name])
    }


def article_validate(article: Article) -> None:
    """Raise ``ValidationError`` (per field) unless ``article`` may be stored as it is."""
    content_validate(article)


def _change(current: Article | None, article: Article) -> Change:
    """What saving ``article`` over ``current`` (None: a new one) means for readers."""
    if current is None:
        return Change.CREATED
    published = Status.PUBLISHED
    if article.status == published and current.status != published:
        return Change.PUBLISHED
    if current.status == published and article.status != published:
        return Change.UNPUBLISHED
    return Change.UPDATED


def _vouched_fields(user: AbstractBaseUser | None, article: Article) -> set[str]:
    """A translator's save vouches for every field of their languages: they saw each one
    beside its Arabic source (and what changed in it) and kept it as it is."""
    if (
        user is None
        or not user.has_perm(TRANSLATE_PERMISSION)
        or user.has_perm(EDIT_ANY_PERMISSION)
    ):
        return set()
    if article.pk is None or article.status == Status.ARCHIVED:
        return set()
    return {f"{name}_{code}" for code in translator_languages(user) for name in TRANSLATED_FIELDS}


def article_translation_confirm(
    *, article: Article, user: AbstractBaseUser, sources_seen: dict[str, str] | None = None
) -> Article:
    """A translator saved without changing anything: their translations still hold."""
    fields = _vouched_fields(user, article)
    if fields:
        with transaction.atomic():
            translation_record_changes(
                obj=article, changed=fields, user=user, sources_seen=sources_seen
            )
            content_announce(
                objects=[article], kind=Change.RECORDED, languages=languages_changed(fields)
            )
    return article


def article_last_change(article: Article) -> tuple[str, datetime | None]:
    """Who saved ``article`` last and when, from its revisions."""
    version = Version.objects.get_for_object(article).select_related("revision__user").first()
    if version is None or version.revision.user is None:
        return gettext("another user"), article.updated_at
    user = version.revision.user
    return user.get_full_name() or user.get_username(), version.revision.date_created
