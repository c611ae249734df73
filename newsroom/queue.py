"""The translators' queue: what awaits translation into a person's languages.

Articles come first — published and scheduled ones, then those in review, then
drafts — and then every other translatable object (people, organisations, tags…)
whose translation is missing or outdated. Everything is read from the stored
status (``TranslationState``) through its indexes: the counts are exact, and
articles are listed in the order of the queue's own index, so the cost does not
grow with the archive. Each part costs two or three queries, however many
objects there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, F, Q

from articles.models import Article
from newsroom.translations import (
    WAITING,
    TranslationStatus,
    status_field,
    stored_states,
    translatable_models,
    with_translation_status,
)

#: How many objects of one kind the queue lists (the counts cover them all).
QUEUE_LIMIT = 100


@dataclass
class QueueRow:
    obj: models.Model
    statuses: list[tuple[str, TranslationStatus]]  # (language, status) for each language


@dataclass
class QueuePart:
    model: type[models.Model]
    rows: list[QueueRow]
    counts: dict[str, dict[str, int]]  # language → {"missing": n, "outdated": n}
    total: int
    languages: Sequence[str] = field(default_factory=tuple)

    @property
    def opts(self):
        return self.model._meta


def _awaiting(model: type[models.Model], languages: Sequence[str]) -> models.QuerySet:
    """The stored states of ``model`` that put an object in the queue for ``languages``."""
    # The conditions of the partial index newsroom_ts_queue_idx, as it states them.
    return stored_states(model).filter(
        language__in=languages, status__in=WAITING, priority__isnull=False
    )


def _counts(awaiting: models.QuerySet, languages: Sequence[str]) -> dict:
    aggregates = {"total": Count("object_id", distinct=True)}
    for language in languages:
        for status in WAITING:
            aggregates[f"{language}_{status}"] = Count(
                "pk", filter=Q(language=language, status=status)
            )
    return awaiting.aggregate(**aggregates)


def _first_articles(awaiting: models.QuerySet, languages: Sequence[str]) -> list[Article]:
    """The first articles of the queue, in the order of the queue's index."""
    # An article awaits in one row per language: enough rows for QUEUE_LIMIT articles.
    ids = awaiting.order_by(
        "priority", F("published_at").desc(nulls_last=True), "-object_id"
    ).values_list("object_id", flat=True)[: QUEUE_LIMIT * len(languages)]
    ids = list(dict.fromkeys(ids))[:QUEUE_LIMIT]
    found = with_translation_status(Article.objects.all(), languages).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _first_objects(
    model: type[models.Model], awaiting: models.QuerySet, languages: Sequence[str]
) -> list[models.Model]:
    """The first objects of a (small) kind of content in its own order."""
    queryset = model._default_manager.filter(pk__in=awaiting.values("object_id"))
    ordering = [*model._meta.ordering, "pk"]
    return list(with_translation_status(queryset, languages).order_by(*ordering)[:QUEUE_LIMIT])


def _part(model: type[models.Model], languages: Sequence[str]) -> QueuePart:
    awaiting = _awaiting(model, languages)
    numbers = _counts(awaiting, languages)
    if model is Article:
        objects = _first_articles(awaiting, languages)
    else:
        objects = _first_objects(model, awaiting, languages)
    rows = [
        QueueRow(
            obj,
            [
                (language, TranslationStatus(getattr(obj, status_field(language))))
                for language in languages
            ],
        )
        for obj in objects
    ]
    counts = {
        language: {status.value: numbers[f"{language}_{status}"] for status in WAITING}
        for language in languages
    }
    return QueuePart(model, rows, counts, numbers["total"], languages)


def translation_queue(*, languages: Sequence[str]) -> list[QueuePart]:
    """What awaits translation into ``languages``: articles first, then everything else."""
    if not languages:
        return []
    others = [model for model in translatable_models() if model is not Article]
    return [_part(model, languages) for model in [Article, *others]]
