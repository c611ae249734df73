"""Translation status: for every translatable object and language, whether the
translation is missing, up to date, or outdated (its source text changed after
the translation was last saved).

An object's source language is the one its model's translation policy names
(``newsroom.translation_policy``; by default the site's language); the others
are its target languages. A translation is recorded — with the source text it
was made from — each time a translator or an editor saves that language's text
(``newsroom.translation_records``).

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
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django_prose_editor.fields import ProseEditorField
from modeltranslation.translator import translator

from newsroom.i18n import LANGUAGE_CODES
from newsroom.models import TranslationRecord, TranslationState, TranslationStatus
from newsroom.roles import translates_only, translator_languages
from newsroom.translation_policy import policy_for

#: The source language of objects whose policy names no other (an article names its own).
DEFAULT_SOURCE_LANGUAGE: str = settings.LANGUAGE_CODE
#: The languages the site translates into: every one, since an article may be written in
#: any of them (each object's own are ``target_languages(obj)``: all but its source).
TARGET_LANGUAGES: tuple[str, ...] = LANGUAGE_CODES
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


def source_language(obj: models.Model) -> str:
    """The language ``obj`` is written in (its policy says which)."""
    return policy_for(obj).source_language(obj)


def target_languages(obj: models.Model) -> tuple[str, ...]:
    """The languages ``obj`` is translated into: every language but its source."""
    source = source_language(obj)
    return tuple(code for code in LANGUAGE_CODES if code != source)


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
    source_language: str

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


def _field_state(obj, field, language, records, source_language) -> FieldState | None:
    source = field_value(obj, field, source_language)
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
    return FieldState(field, language, status, source, target, source_then, source_language)


def field_states(obj: models.Model, language: str) -> list[FieldState]:
    """The state of each translatable field of ``obj`` in ``language`` (none in the
    object's own original language: nothing there is a translation)."""
    source = source_language(obj)
    if language == source:
        return []
    records = _records([obj])
    states = (
        _field_state(obj, f, language, records, source) for f in translatable_fields(type(obj))
    )
    return [state for state in states if state is not None]


def translation_statuses(
    objects: Iterable[models.Model], languages: Iterable[str] | None = None
) -> dict[tuple[int, str], TranslationStatus]:
    """Status per (object pk, language) for many objects of one model, in one query; in
    ``languages``, or in each object's target languages.

    The fields' states of ``field_states`` combined (a missing field makes the
    language missing, else an outdated one makes it outdated), without building
    a ``FieldState`` per field: this runs over every object of a bulk load.
    """
    objects = list(objects)
    languages = None if languages is None else list(languages)
    records = _records(objects)
    result = {}
    for obj in objects:
        source_code = source_language(obj)
        sources = [
            (field, source)
            for field in translatable_fields(type(obj))
            if (source := field_value(obj, field, source_code))
        ]
        for language in target_languages(obj) if languages is None else languages:
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


def source_fingerprints(obj: models.Model) -> dict[str, str]:
    """A short hash of each field's current source text: what a translator had in front of them."""
    source = source_language(obj)
    return {
        field: hashlib.sha256(field_value(obj, field, source).encode()).hexdigest()[:16]
        for field in translatable_fields(type(obj))
    }


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
    """May ``user`` write ``obj``'s ``field`` in ``language``? One of their languages, and one
    the object's policy lets them write (an article's: the workflow's)."""
    return (
        field in translatable_fields(type(obj))
        and language in user_translation_languages(user)
        and language in policy_for(obj).editable_languages(user=user, obj=obj)
    )
