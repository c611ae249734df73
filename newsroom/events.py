"""What changed in the content, announced once by the service that changed it.

Every write of content goes through a service — ``articles.workflow.article_save``
(admin saves, transitions, imports, revision restore, the demo content),
``newsroom.content.content_save`` and ``content_delete`` (the other translated
objects), ``articles.images.photo_save`` — and each one announces what it wrote:
one ``ContentChanged`` (the model, the objects, the languages touched, the kind
of change) sent through the ``content_changed`` signal. Bulk loads (the corpus
generator, a restore) announce one event per batch.

What is derived from the content subscribes to it in its app's ``ready()``:
the page cache (``articles.caching``), the search documents
(``articles.search``) and the stored translation status
(``newsroom.translation_states``, its one writer). Like Wagtail's
``page_published``, the event is sent inside the writer's transaction, so what a
subscriber writes to the database commits or rolls back with the content
(nothing half-saved); a subscriber whose effect lives outside the database
(the shared page cache) acts again when the transaction commits.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.dispatch import Signal

ALL_LANGUAGES: frozenset[str] = frozenset(code for code, _name in settings.LANGUAGES)


class Change(enum.StrEnum):
    """What happened to the objects of an event."""

    CREATED = "created"
    UPDATED = "updated"
    PUBLISHED = "published"  # became public (or scheduled to)
    UNPUBLISHED = "unpublished"  # left the public site
    DELETED = "deleted"
    #: Translations were recorded as up to date; the content itself is unchanged.
    RECORDED = "recorded"


@dataclass(frozen=True)
class ContentChanged:
    """One write of one or more objects of ``model``."""

    model: type[models.Model]
    kind: Change
    #: The objects as written (none for a deletion or a bulk load: see ``pks``).
    objects: tuple[models.Model, ...] = ()
    pks: frozenset = field(default_factory=frozenset)
    #: The languages whose content may read differently now.
    languages: frozenset[str] = ALL_LANGUAGES
    #: Written by a bulk load, which also wrote the rows derived from them (search
    #: documents, translation states): only what lives outside the database follows.
    bulk: bool = False
    #: The fields written (``title_ru``, ``tags``…), when the writer knows them (None: any).
    fields: frozenset[str] | None = None


#: Sent with ``event=ContentChanged(...)``, the model as sender.
content_changed = Signal()


def content_announce(
    *,
    kind: Change,
    objects: Sequence[models.Model] = (),
    model: type[models.Model] | None = None,
    pks: Iterable = (),
    languages: Iterable[str] = ALL_LANGUAGES,
    bulk: bool = False,
    fields: Iterable[str] | None = None,
) -> ContentChanged:
    """Tell every subscriber that ``objects`` (or the ``pks`` of ``model``) changed."""
    model = model or type(objects[0])
    event = ContentChanged(
        model=model,
        kind=kind,
        objects=tuple(objects),
        pks=frozenset(pks) | {obj.pk for obj in objects},
        languages=frozenset(languages),
        bulk=bulk,
        fields=None if fields is None else frozenset(fields),
    )
    content_changed.send(sender=model, event=event)
    return event


def languages_changed(changed: Iterable[str]) -> frozenset[str]:
    """The languages a write of the fields ``changed`` touched: a translated field's own
    (``title_ru``), every language for any other field (a date, a photo, the state)."""
    languages = set()
    for name in changed:
        language = name.rpartition("_")[2]
        if language not in ALL_LANGUAGES:
            return ALL_LANGUAGES
        languages.add(language)
    return frozenset(languages)
