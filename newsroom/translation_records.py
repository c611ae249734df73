"""Recording translations: the source text each translated field was made from.

Each time a translator or an editor saves a language's text, its fields are
recorded with the current source text (``translation_record``,
``translation_record_changes``): the translation is up to date until the source
changes again. The caller, a service, announces the write (``newsroom.events``),
and the stored status (``newsroom.translation_states``) follows that
announcement, once per write.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from newsroom.models import TranslationRecord
from newsroom.translations import (
    field_value,
    source_fingerprints,
    source_language,
    target_languages,
    translatable_fields,
)


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
    if language == source_language(obj):
        return
    _records_write(obj=obj, language=language, fields=fields, user=user)


def _records_write(*, obj, language, fields, user) -> None:
    content_type = ContentType.objects.get_for_model(type(obj))
    existing = {
        record.field: record
        for record in TranslationRecord.objects.filter(
            content_type=content_type, object_id=obj.pk, language=language
        )
    }
    translated_by = user if getattr(user, "is_authenticated", False) else None
    source = source_language(obj)
    for field in fields if fields is not None else translatable_fields(type(obj)):
        if not field_value(obj, field, language):
            continue
        source_text = field_value(obj, field, source)
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
    targets = target_languages(obj)
    for name in changed:
        field, _sep, language = name.rpartition("_")
        if field in fields and language in targets:
            per_language.setdefault(language, []).append(field)
    if not per_language:
        return
    with transaction.atomic():
        for language, names in per_language.items():
            _records_write(obj=obj, language=language, fields=names, user=user)
