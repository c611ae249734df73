"""What each revision of an article was — saved, translated into Russian, published,
restored, imported… — recorded as data and put into words in the reader's language.

Recording a kind
----------------
Every ``workflow.article_save`` records a note by itself: *created*, *saved* or
*translated* (only other languages than the article's own changed), the
transition's kind when a workflow action saves, with the languages whose
fields changed. A caller that knows better names the kind::

    workflow.article_save(article=..., user=..., changed=..., kind=RevisionNote.Kind.IMPORTED,
                          details={"source": "TASS"})

Code that makes a revision without ``article_save`` calls ``revision_note_add``
inside its ``reversion.create_revision()`` block.

Revisions made before notes were kept (or by a bulk import without one) show
their stored comment instead: ``revision_summary`` falls back to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import reversion
from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext

from articles.models import Article, RevisionNote

Kind = RevisionNote.Kind
Status = Article.Status

#: The note each workflow action's revision gets.
TRANSITION_KINDS: dict[str, str] = {
    "submit": Kind.SUBMITTED,
    "publish": Kind.PUBLISHED,
    "schedule": Kind.SCHEDULED,
    "unpublish": Kind.UNPUBLISHED,
    "archive": Kind.ARCHIVED,
    "send_back": Kind.SENT_BACK,
}


def _json_ready(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def revision_note_add(
    *,
    kind: str,
    languages: Iterable[str] = (),
    common: bool = False,
    from_status: str = "",
    to_status: str = "",
    details: Mapping[str, Any] | None = None,
) -> None:
    """Record what the revision being made is: call inside ``reversion.create_revision()``.

    ``kind`` is one of ``RevisionNote.Kind`` (``"imported"``, ``"autosave_restored"``…);
    ``languages`` the codes of the languages whose fields changed, ``common`` whether
    fields shared by every language changed; ``from_status``/``to_status`` the states a
    transition moved between; ``details`` anything more, JSON-ready (a restore's
    ``restored_from`` date). Stored as data, never as words: the revisions page says
    it in the language of whoever reads it.
    """
    if kind not in Kind.values:
        raise ValueError(f"Unknown kind of revision: {kind!r}")
    order = [code for code, _name in settings.LANGUAGES]
    reversion.add_meta(
        RevisionNote,
        kind=kind,
        languages=sorted(set(languages), key=order.index),
        common=common,
        from_status=from_status,
        to_status=to_status,
        details={key: _json_ready(value) for key, value in (details or {}).items()},
    )


@dataclass(frozen=True)
class NoteDisplay:
    """One note of a revision, in words of the active language."""

    kind: str
    label: str
    text: str
    languages: list[tuple[str, str]]  # (code, name)


def _names(codes: Iterable[str]) -> list[tuple[str, str]]:
    names = dict(settings.LANGUAGES)
    return [(code, str(names[code])) for code in codes if code in names]


def note_display(note: RevisionNote) -> NoteDisplay:
    """``note`` in words of the active language: its kind, what it did, the languages."""
    languages = _names(note.languages)
    language_list = ", ".join(name for _code, name in languages)
    label, parts = str(note.get_kind_display()), []
    if note.kind == Kind.TRANSLATED and language_list:
        label = gettext("Translated into %(languages)s") % {"languages": language_list}
    elif note.kind == Kind.RESTORED and note.details.get("restored_from"):
        when = parse_datetime(note.details["restored_from"])
        parts.append(
            gettext("From the version of %(date)s") % {"date": date_format(when, "DATETIME_FORMAT")}
        )
    if note.from_status and note.to_status and note.from_status != note.to_status:
        parts.append(
            gettext("%(from)s → %(to)s")
            % {"from": Status(note.from_status).label, "to": Status(note.to_status).label}
        )
    if note.kind != Kind.TRANSLATED and language_list:
        parts.append(language_list)
    if note.common:
        parts.append(gettext("fields shared by every language"))
    return NoteDisplay(note.kind, label, "; ".join(parts), languages)


def revision_summary(revision) -> list[NoteDisplay]:
    """What ``revision`` was, note by note; a revision without notes (older ones) gives its
    stored comment."""
    notes = list(revision.notes.all())
    if notes:
        return [note_display(note) for note in notes]
    comment = revision.get_comment()
    return [NoteDisplay("", "", comment, [])] if comment else []
