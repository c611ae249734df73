"""Translation status: for every translatable object and language, whether the
translation is missing, up to date, or outdated (its source text changed after
the translation was last saved).

The source language is the site's default language (Arabic). A translation is
recorded — with the source text it was made from — each time a translator or
an editor saves that language's text (``translation_record``).

``translation_statuses`` is the definition. Lists, filters and the queue read
a stored copy of it (``TranslationState``), which ``newsroom.translation_states``
keeps in step.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import OuterRef, Q, Subquery
from django_prose_editor.fields import ProseEditorField
from modeltranslation.translator import translator

from newsroom.i18n import LANGUAGE_CODES
from newsroom.models import TranslationRecord, TranslationState, TranslationStatus
from newsroom.roles import translates_only, translator_languages

SOURCE_LANGUAGE: str = settings.LANGUAGE_CODE
TARGET_LANGUAGES: tuple[str, ...] = tuple(
    code for code in LANGUAGE_CODES if code != SOURCE_LANGUAGE
)
#: Translated fields that are derived rather than translated (made from the title).
DERIVED_FIELDS = frozenset({"slug"})


@cache  # fixed once the app registry is ready; asked per object in every status loop
def translatable_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The fields of ``model`` a translator translates, in declaration order."""
    options = translator.get_options_for_model(model)
    return tuple(
        field.name
        for field in model._meta.get_fields()
        if field.name in options.fields and field.name not in DERIVED_FIELDS
    )


def rich_text_sanitiser(model: type[models.Model], field: str) -> Callable[[str], str] | None:
    """The sanitiser of ``model``'s rich-text ``field`` (its editor's allowlist); None for plain
    text."""
    model_field = model._meta.get_field(field)
    return model_field.sanitize if isinstance(model_field, ProseEditorField) else None


def translatable_models() -> list[type[models.Model]]:
    """Every model with translated fields."""
    return sorted(translator.get_registered_models(), key=lambda m: m._meta.label)


def field_value(obj: models.Model, field: str, language: str) -> str:
    """The stored text of ``field`` in ``language`` ("" when empty)."""
    return getattr(obj, f"{field}_{language}") or ""


@dataclass(frozen=True)
class FieldState:
    """The translation state of one field in one language."""

    field: str
    language: str
    status: TranslationStatus
    source: str
    target: str
    source_then: str | None  # the source text the translation was made from

    @property
    def source_changed(self) -> bool:
        return self.status == TranslationStatus.OUTDATED and self.source_then is not None


def _records(objects: list[models.Model]) -> dict[tuple[int, str, str], str]:
    """The recorded source texts of these objects' translations (one query per model)."""
    by_model: dict[type[models.Model], list[int]] = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj.pk)
    records = {}
    for model, ids in by_model.items():
        content_type = ContentType.objects.get_for_model(model)
        for object_id, field, language, source_text in TranslationRecord.objects.filter(
            content_type=content_type, object_id__in=ids
        ).values_list("object_id", "field", "language", "source_text"):
            records[(object_id, field, language)] = source_text
    return records


def _field_state(obj, field, language, records) -> FieldState | None:
    source = field_value(obj, field, SOURCE_LANGUAGE)
    if not source:
        return None  # nothing to translate
    target = field_value(obj, field, language)
    source_then = records.get((obj.pk, field, language))
    if not target:
        status = TranslationStatus.MISSING
    elif source_then is None or source_then != source:
        status = TranslationStatus.OUTDATED
    else:
        status = TranslationStatus.UP_TO_DATE
    return FieldState(field, language, status, source, target, source_then)


def field_states(obj: models.Model, language: str) -> list[FieldState]:
    """The state of each translatable field of ``obj`` in ``language``."""
    records = _records([obj])
    states = (_field_state(obj, f, language, records) for f in translatable_fields(type(obj)))
    return [state for state in states if state is not None]


def translation_statuses(
    objects: Iterable[models.Model], languages: Iterable[str] = TARGET_LANGUAGES
) -> dict[tuple[int, str], TranslationStatus]:
    """Status per (object pk, language) for many objects of one model, in one query.

    The fields' states of ``field_states`` combined (a missing field makes the
    language missing, else an outdated one makes it outdated), without building
    a ``FieldState`` per field: this runs over every object of a bulk load.
    """
    objects = list(objects)
    languages = list(languages)
    records = _records(objects)
    result = {}
    for obj in objects:
        sources = [
            (field, source)
            for field in translatable_fields(type(obj))
            if (source := field_value(obj, field, SOURCE_LANGUAGE))
        ]
        for language in languages:
            status = TranslationStatus.UP_TO_DATE
            for field, source in sources:
                if not field_value(obj, field, language):
                    status = TranslationStatus.MISSING
                    break
                if records.get((obj.pk, field, language)) != source:
                    status = TranslationStatus.OUTDATED
            result[(obj.pk, language)] = status
    return result


def translation_status(obj: models.Model, language: str) -> TranslationStatus:
    """Whether ``obj`` is missing, outdated or up to date in ``language``."""
    return translation_statuses([obj], [language])[(obj.pk, language)]


@transaction.atomic
def translation_record(
    *,
    obj: models.Model,
    language: str,
    fields: Iterable[str] | None = None,
    user=None,
) -> None:
    """Record that ``obj``'s ``language`` text of ``fields`` translates the current source.

    Fields left empty in ``language`` are not recorded (they stay missing).
    """
    if language == SOURCE_LANGUAGE:
        return
    _records_write(obj=obj, language=language, fields=fields, user=user)
    _states_update(obj)


def _states_update(obj: models.Model) -> None:
    from newsroom.translation_states import translation_states_update  # it builds on this module

    translation_states_update(objects=[obj])


def _records_write(*, obj, language, fields, user) -> None:
    content_type = ContentType.objects.get_for_model(type(obj))
    existing = {
        record.field: record
        for record in TranslationRecord.objects.filter(
            content_type=content_type, object_id=obj.pk, language=language
        )
    }
    translated_by = user if getattr(user, "is_authenticated", False) else None
    for field in fields if fields is not None else translatable_fields(type(obj)):
        if not field_value(obj, field, language):
            continue
        source_text = field_value(obj, field, SOURCE_LANGUAGE)
        record = existing.get(field)
        if record is None:
            TranslationRecord.objects.create(
                content_type=content_type,
                object_id=obj.pk,
                field=field,
                language=language,
                source_text=source_text,
                translated_by=translated_by,
            )
        elif record.source_text != source_text or (
            translated_by and record.translated_by_id != translated_by.pk
        ):
            record.source_text = source_text
            record.translated_by = translated_by or record.translated_by
            record.save()


def source_fingerprints(obj: models.Model) -> dict[str, str]:
    """A short hash of each field's current source text: what a translator had in front of them."""
    return {
        field: hashlib.sha256(field_value(obj, field, SOURCE_LANGUAGE).encode()).hexdigest()[:16]
        for field in translatable_fields(type(obj))
    }


def translation_record_changes(
    *,
    obj: models.Model,
    changed: Iterable[str],
    user=None,
    sources_seen: dict[str, str] | None = None,
) -> None:
    """Record the translations whose localised fields (``body_ru``…) were just saved.

    With ``sources_seen`` (``source_fingerprints`` when the form was opened), a field
    whose source changed meanwhile is not recorded: it was translated from older text,
    so it stays outdated.
    """
    fields = set(translatable_fields(type(obj)))
    if sources_seen is not None:
        current = source_fingerprints(obj)
        fields = {field for field in fields if sources_seen.get(field) == current[field]}
    per_language: dict[str, list[str]] = {}
    for name in changed:
        field, _sep, language = name.rpartition("_")
        if field in fields and language in TARGET_LANGUAGES:
            per_language.setdefault(language, []).append(field)
    if not per_language:
        return
    with transaction.atomic():
        for language, names in per_language.items():
            _records_write(obj=obj, language=language, fields=names, user=user)
        _states_update(obj)  # once for every language recorded


# --- Status in the database: for lists, filters and the queue --------------------------
# They read the stored status (``TranslationState``, see ``newsroom.translation_states``).

#: The statuses that put an object in the queue.
WAITING = (TranslationStatus.MISSING, TranslationStatus.OUTDATED)


def status_field(language: str) -> str:
    """The name of the annotation holding the translation status in ``language``."""
    return f"translation_{language}"


def stored_states(model: type[models.Model]) -> models.QuerySet:
    """The stored translation states of ``model``'s objects."""
    return TranslationState.objects.filter(content_type=ContentType.objects.get_for_model(model))


def with_translation_status(
    queryset: models.QuerySet, languages: Iterable[str] = TARGET_LANGUAGES
) -> models.QuerySet:
    """``queryset`` annotated with ``translation_<language>``: the stored status (the same
    as ``translation_status``), read with one index look-up per row shown."""
    states = stored_states(queryset.model).filter(object_id=OuterRef("pk"))
    return queryset.annotate(
        **{
            status_field(language): Subquery(states.filter(language=language).values("status")[:1])
            for language in languages
        }
    )


def translation_status_in(model: type[models.Model], language: str, statuses: Iterable[str]) -> Q:
    """Objects of ``model`` whose status in ``language`` is one of ``statuses`` (an index scan)."""
    states = stored_states(model).filter(language=language, status__in=list(statuses))
    return Q(pk__in=states.values("object_id"))


# --- Who translates what ------------------------------------------------------------------


def user_translation_languages(user) -> list[str]:
    """The target languages ``user`` works on: a translator's assigned ones; all for editors."""
    if not getattr(user, "is_authenticated", False):
        return []
    assigned = translator_languages(user)
    if assigned:
        return [code for code in TARGET_LANGUAGES if code in assigned]
    if translates_only(user):
        return []  # a translator with no language assigned yet
    return list(TARGET_LANGUAGES)


def translation_allowed(*, user, obj: models.Model, field: str, language: str) -> bool:
    """May ``user`` write ``obj``'s ``field`` in ``language``? Articles follow the workflow."""
    from articles.models import Article
    from articles.workflow import article_editable_fields

    if language not in user_translation_languages(user):
        return False
    if isinstance(obj, Article):
        return f"{field}_{language}" in article_editable_fields(user=user, article=obj)
    options = obj._meta
    return user.has_perm(f"{options.app_label}.change_{options.model_name}")
