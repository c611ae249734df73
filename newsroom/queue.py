"""The translators' queue: what awaits translation into a person's languages.

Articles come first — published and scheduled ones, then those in review, then
drafts — and then every other translatable object (people, organisations, tags…)
whose translation is missing or outdated. Each part costs two queries (the rows
and their counts), however many objects there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Case, Count, F, Q, Value, When

from articles.models import Article
from newsroom.translations import (
    TranslationStatus,
    awaiting_filter,
    status_field,
    translatable_models,
    with_translation_status,
)

#: How many objects of one kind the queue lists (the counts cover them all).
QUEUE_LIMIT = 100

Status = Article.Status
_PRIORITY = Case(
    When(status=Status.PUBLISHED, then=Value(0)),
    When(status=Status.IN_REVIEW, then=Value(1)),
    When(status=Status.DRAFT, then=Value(2)),
    default=Value(3),
)


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


def _part(queryset: models.QuerySet, languages: Sequence[str], ordering) -> QueuePart:
    annotated = with_translation_status(queryset, languages).filter(awaiting_filter(languages))
    aggregates = {"total": Count("pk")}
    for language in languages:
        for status in (TranslationStatus.MISSING, TranslationStatus.OUTDATED):
            aggregates[f"{language}_{status}"] = Count(
                "pk", filter=Q(**{status_field(language): status})
            )
    numbers = annotated.aggregate(**aggregates)
    rows = [
        QueueRow(
            obj,
            [
                (language, TranslationStatus(getattr(obj, status_field(language))))
                for language in languages
            ],
        )
        for obj in annotated.order_by(*ordering)[:QUEUE_LIMIT]
    ]
    counts = {
        language: {
            status.value: numbers[f"{language}_{status}"]
            for status in (TranslationStatus.MISSING, TranslationStatus.OUTDATED)
        }
        for language in languages
    }
    return QueuePart(queryset.model, rows, counts, numbers["total"], languages)


def translation_queue(*, languages: Sequence[str]) -> list[QueuePart]:
    """What awaits translation into ``languages``: articles first, then everything else."""
    if not languages:
        return []
    articles = Article.objects.exclude(status=Status.ARCHIVED).alias(priority=_PRIORITY)
    parts = [
        _part(
            articles,
            languages,
            ["priority", F("published_at").desc(nulls_last=True), "-pk"],
        )
    ]
    for model in translatable_models():
        if model is not Article:
            parts.append(
                _part(model._default_manager.all(), languages, [*model._meta.ordering, "pk"])
            )
    return parts
