"""The stored translation status (``TranslationState``), kept in step with the content.

Its one writer on every save and delete is ``translation_states_follow``: the
services announce each write of content or of translation records
(``newsroom.events``, ``newsroom.translation_records``), and it stores the
status of what they wrote, once per write. Bulk loads write theirs in bulk: the
corpus load (``generate_corpus``) and a restore, which rebuilds the rows rather
than importing them. The status itself is always ``translation_statuses``,
computed from the object and its records: the one definition, which
``translation_states_stale`` checks the rows against.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from newsroom.events import Change, ContentChanged
from newsroom.i18n import LANGUAGE_CODES
from newsroom.models import TranslationState
from newsroom.translation_policy import policy_for
from newsroom.translations import (
    target_languages,
    translatable_fields,
    translatable_models,
    translation_statuses,
)

UNIQUE_FIELDS = ["content_type", "object_id", "language"]
UPDATED_FIELDS = ["status", "priority", "published_at"]


def translation_states_build(objects: Sequence[models.Model]) -> list[TranslationState]:
    """Unsaved state rows of ``objects`` (of one model) in each one's target languages (one
    query); where it waits in the queue is the model's policy's to say."""
    if not objects:
        return []
    content_type = ContentType.objects.get_for_model(type(objects[0]))
    policy = policy_for(type(objects[0]))
    statuses = translation_statuses(objects)
    return [
        TranslationState(
            content_type=content_type,
            object_id=obj.pk,
            language=language,
            status=statuses[(obj.pk, language)],
            priority=policy.queue_priority(obj),
            published_at=policy.published_at(obj),
        )
        for obj in objects
        for language in target_languages(obj)
    ]


def translation_states_update(*, objects: Sequence[models.Model]) -> None:
    """Store the current status of ``objects`` (of one model): two queries however many."""
    states = translation_states_build(objects)
    if states:
        TranslationState.objects.bulk_create(
            states,
            update_conflicts=True,
            unique_fields=UNIQUE_FIELDS,
            update_fields=UPDATED_FIELDS,
        )


def translation_states_delete(*, model: type[models.Model], object_ids: Iterable[int]) -> None:
    """Forget the states of deleted objects."""
    TranslationState.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=list(object_ids)
    ).delete()


@cache
def _translatable() -> frozenset[type[models.Model]]:
    return frozenset(translatable_models())


def translation_states_follow(sender, event: ContentChanged, **kwargs) -> None:
    """Follow ``newsroom.events.content_changed``: store the status of what was written."""
    if event.bulk or event.model not in _translatable():
        return
    if event.kind == Change.DELETED:
        translation_states_delete(model=event.model, object_ids=event.pks)
    else:
        translation_states_update(objects=event.objects)


def _batches(model: type[models.Model], size: int) -> Iterator[list[models.Model]]:
    """Every object of ``model`` in primary-key order, ``size`` at a time, with only the
    columns the status and the queue need."""
    columns = [
        f"{field}_{language}" for field in translatable_fields(model) for language in LANGUAGE_CODES
    ]
    columns += policy_for(model).state_fields
    queryset = model._default_manager.only(*columns).order_by("pk")
    last = None
    while True:
        batch = list((queryset if last is None else queryset.filter(pk__gt=last))[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


@transaction.atomic
def translation_states_rebuild(
    models_: Iterable[type[models.Model]] | None = None, batch_size: int = 2000
) -> int:
    """Recompute every stored state (of ``models_``, default all); return the rows written."""
    written = 0
    for model in models_ or translatable_models():
        content_type = ContentType.objects.get_for_model(model)
        TranslationState.objects.filter(content_type=content_type).delete()
        for batch in _batches(model, batch_size):
            written += len(
                TranslationState.objects.bulk_create(
                    translation_states_build(batch), batch_size=1000
                )
            )
    return written


def translation_states_stale(
    models_: Iterable[type[models.Model]] | None = None, batch_size: int = 2000
) -> list[tuple[str, int, str]]:
    """The (model label, object id, language) whose stored state is not the computed one
    (missing, different, or left over from a deleted object)."""
    stale = []
    for model in models_ or translatable_models():
        content_type = ContentType.objects.get_for_model(model)
        stored = {
            (state.object_id, state.language): (state.status, state.priority, state.published_at)
            for state in TranslationState.objects.filter(content_type=content_type)
        }
        for batch in _batches(model, batch_size):
            for state in translation_states_build(batch):
                key = (state.object_id, state.language)
                if stored.pop(key, None) != (state.status, state.priority, state.published_at):
                    stale.append((model._meta.label, *key))
        stale += [(model._meta.label, *key) for key in stored]
    return sorted(stale)
