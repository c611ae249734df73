"""Writes of the translated objects without a service of their own: people,
organisations, sections, sources, photo credits and tags (articles have
``articles.workflow``, photos ``articles.images.photo_save``, both built on this).

Each write validates, saves, records the translations it made and announces
what changed (``newsroom.events``), in one transaction; the admin, the imports
and the demo content all write through here. ``translation_confirm`` records
translations of text already stored.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from modeltranslation.translator import translator

from newsroom.events import ALL_LANGUAGES, Change, content_announce, languages_changed
from newsroom.translation_records import translation_record, translation_record_changes


def content_validate(obj: models.Model) -> None:
    """Raise ``ValidationError`` (per field) unless ``obj`` may be stored as it is."""
    # The untranslated fields ("name") read the active language, whatever it is;
    # each language's own field ("name_ar", "name_ru", …) is checked instead.
    obj.full_clean(exclude=translator.get_options_for_model(type(obj)).fields)


def content_save(
    *,
    obj: models.Model,
    user: AbstractBaseUser | None = None,
    changed: Collection[str] | None = None,
    sources_seen: dict[str, str] | None = None,
) -> models.Model:
    """Validate and save ``obj``, record as translations the localised fields in ``changed``
    (None: all of them), and announce the change; ``user`` None is the site itself."""
    with transaction.atomic():
        created = obj._state.adding
        content_validate(obj)
        obj.save()
        translation_record_changes(
            obj=obj,
            changed=_localised_fields(obj) if changed is None else changed,
            user=user,
            sources_seen=sources_seen,
        )
        content_announce(
            objects=[obj],
            kind=Change.CREATED if created else Change.UPDATED,
            languages=ALL_LANGUAGES if created or changed is None else languages_changed(changed),
            fields=None if created else changed,
        )
    return obj


def content_delete(*, objects: Sequence[models.Model]) -> None:
    """Delete ``objects`` (of one model, with what goes with them) and announce it."""
    if not objects:
        return
    model = type(objects[0])
    pks = [obj.pk for obj in objects]
    with transaction.atomic():
        model._default_manager.filter(pk__in=pks).delete()
        content_announce(model=model, pks=pks, kind=Change.DELETED)


def translation_confirm(
    *,
    obj: models.Model,
    language: str,
    fields: Iterable[str] | None = None,
    user: AbstractBaseUser | None = None,
) -> None:
    """Record ``obj``'s ``language`` text of ``fields`` (default all) as translating its
    current source, and announce it: the stored status follows."""
    with transaction.atomic():
        translation_record(obj=obj, language=language, fields=fields, user=user)
        content_announce(objects=[obj], kind=Change.RECORDED, languages={language})


def _localised_fields(obj: models.Model) -> list[str]:
    fields = translator.get_options_for_model(type(obj)).fields
    return [f"{name}_{code}" for name in fields for code in ALL_LANGUAGES]
