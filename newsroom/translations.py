"""Translation status: for every translatable object and language, whether the
translation is missing, up to date, or outdated (its source text changed after
the translation was last saved).

The source language is the site's default language (Arabic). A translation is
recorded — with the source text it was made from — each time a translator or
an editor saves that language's text (``translation_record``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from newsroom.models import TranslationRecord

SOURCE_LANGUAGE: str = settings.LANGUAGE_CODE
TARGET_LANGUAGES: tuple[str, ...] = tuple(
    code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE
)
#: Translated fields that are derived rather than translated (made from the title).
DERIVED_FIELDS = frozenset({"slug"})


class TranslationStatus(models.TextChoices):
    MISSING = "missing", _("Missing")
    OUTDATED = "outdated", _("Outdated")
    UP_TO_DATE = "up_to_date", _("Up to date")


def translatable_fields(model: type[models.Model]) -> list[str]:
    """The fields of ``model`` a translator translates, in declaration order."""
    options = translator.get_options_for_model(model)
    return [
        field.name
        for field in model._meta.get_fields()
        if field.name in options.fields and field.name not in DERIVED_FIELDS
    ]


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


def _combine(states: Iterable[FieldState]) -> TranslationStatus:
    statuses = {state.status for state in states}
    for status in (TranslationStatus.MISSING, TranslationStatus.OUTDATED):
        if status in statuses:
            return status
    return TranslationStatus.UP_TO_DATE


def translation_statuses(
    objects: Iterable[models.Model], languages: Iterable[str] = TARGET_LANGUAGES
) -> dict[tuple[int, str], TranslationStatus]:
    """Status per (object pk, language) for many objects of one model, in one query."""
    objects = list(objects)
    languages = list(languages)
    records = _records(objects)
    result = {}
    for obj in objects:
        fields = translatable_fields(type(obj))
        for language in languages:
            states = [_field_state(obj, f, language, records) for f in fields]
            result[(obj.pk, language)] = _combine(s for s in states if s is not None)
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


def translation_record_changes(*, obj: models.Model, changed: Iterable[str], user=None) -> None:
    """Record the translations whose localised fields (``body_ru``…) were just saved."""
    fields = set(translatable_fields(type(obj)))
    per_language: dict[str, list[str]] = {}
    for name in changed:
        field, _sep, language = name.rpartition("_")
        if field in fields and language in TARGET_LANGUAGES:
            per_language.setdefault(language, []).append(field)
    for language, names in per_language.items():
        translation_record(obj=obj, language=language, fields=names, user=user)
