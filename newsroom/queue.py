"""The translators' queue: what awaits translation into a person's languages.

One part per translatable model, in the order and with the columns its
translation policy gives (articles first — published and scheduled ones, then
those in review, then drafts — and then people, organisations, tags…), listing
the objects whose translation is missing or outdated. Everything is read from
the stored status (``TranslationState``) through its indexes: the counts are
exact, and a large kind of content (articles) is listed in the order of the
queue's own index, so the cost does not grow with the archive. Each part costs
two or three queries, however many objects there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Count, Q

from newsroom.models import TranslationState
from newsroom.translation_policy import policy_for
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
    cells: list[Any] = field(default_factory=list)  # the values of the part's columns


@dataclass
class QueuePart:
    model: type[models.Model]
    rows: list[QueueRow]
    counts: dict[str, dict[str, int]]  # language → {"missing": n, "outdated": n}
    total: int
    languages: Sequence[str] = field(default_factory=tuple)
    columns: Sequence[Any] = field(default_factory=tuple)  # headings besides name and status

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


def _part(model: type[models.Model], languages: Sequence[str]) -> QueuePart:
    policy = policy_for(model)
    awaiting = _awaiting(model, languages)
    numbers = _counts(awaiting, languages)
    queryset = with_translation_status(model._default_manager.all(), languages)
    objects = policy.queue_objects(queryset, awaiting, languages, QUEUE_LIMIT)
    rows = [
        QueueRow(
            obj,
            [
                (language, TranslationStatus(status))
                for language in languages
                # None: the object's own source language, which has nothing to translate
                if (status := getattr(obj, status_field(language)))
            ],
            policy.queue_cells(obj),
        )
        for obj in objects
    ]
    counts = {
        language: {status.value: numbers[f"{language}_{status}"] for status in WAITING}
        for language in languages
    }
    return QueuePart(model, rows, counts, numbers["total"], languages, policy.queue_columns)


def translation_queue(*, languages: Sequence[str]) -> list[QueuePart]:
    """What awaits translation into ``languages``: one part per model, in the policies' order."""
    if not languages:
        return []
    models_ = sorted(
        translatable_models(), key=lambda model: (policy_for(model).queue_order, model._meta.label)
    )
    return [_part(model, languages) for model in models_]


def queue_counts(*, languages: Sequence[str]) -> dict[str, dict[str, int]]:
    """How many translations await each of ``languages`` (language → {"missing": n,
    "outdated": n}), over every kind of content the queue lists: one query."""
    counts = {language: {status.value: 0 for status in WAITING} for language in languages}
    if not languages:
        return counts
    rows = (
        TranslationState.objects.filter(
            language__in=languages, status__in=WAITING, priority__isnull=False
        )
        .order_by()
        .values_list("language", "status")
        .annotate(n=Count("pk"))
    )
    for language, status, n in rows:
        counts[language][status] = n
    return counts
