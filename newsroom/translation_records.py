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

from newsroom.i18n import LANGUAGE_CODES
from newsroom.models import TranslationRecord, TranslationState
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


def translation_source_moved(
    *, obj: models.Model, before: models.Model, old_source: str, new_source: str
) -> None:
    """``obj``'s source language changed from ``old_source`` to ``new_source`` (an article
    whose original language an editor corrected); ``before`` holds its texts as they were.

    Per field: when the new source's text was an up-to-date translation of the old source
    (and is unchanged by this save), the two said the same, so the old source's text becomes
    an up-to-date translation of the new one, and every other language that was up to date
    stays so. Otherwise the field's translations are outdated, without a "what changed" diff
    (a diff between texts of two languages would mean nothing). The new source's own records
    and stored status go: it is the original now. Call it in the saving transaction, after
    the save and before the write is announced (the stored status follows the announcement).
    """
    if old_source == new_source:
        return
    content_type = ContentType.objects.get_for_model(type(obj))
    records = {
        (record.field, record.language): record
        for record in TranslationRecord.objects.filter(content_type=content_type, object_id=obj.pk)
    }
    for field in translatable_fields(type(obj)):
        old_text = field_value(before, field, old_source)
        new_text = field_value(obj, field, new_source)
        source_record = records.get((field, new_source))
        in_step = (
            bool(new_text)
            and source_record is not None
            and source_record.source_text == old_text
            and field_value(before, field, new_source) == new_text
        )
        for language in LANGUAGE_CODES:
            record = records.get((field, language))
            if language == new_source:
                if record is not None:
                    record.delete()
            elif language == old_source:
                if in_step and field_value(obj, field, old_source):
                    TranslationRecord.objects.create(
                        content_type=content_type,
                        object_id=obj.pk,
                        field=field,
                        language=language,
                        source_text=new_text,
                        translated_by=source_record.translated_by,
                    )
            elif record is not None:
                if in_step and record.source_text == old_text:
                    record.source_text = new_text
                    record.save(update_fields=["source_text"])
                else:
                    record.delete()
    TranslationState.objects.filter(
        content_type=content_type, object_id=obj.pk, language=new_source
    ).delete()
