"""Keep the stored translation status in step with every save and delete of a
translatable object. The handlers only call ``newsroom.translation_states``;
write paths without signals (``bulk_create``, ``loaddata`` in a restore) call
it themselves."""

from functools import cache

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from newsroom.translation_states import translation_states_delete, translation_states_update
from newsroom.translations import translatable_models


@cache
def _translatable() -> frozenset:
    return frozenset(translatable_models())


@receiver(post_save, dispatch_uid="translation-state-save")
def _state_save(sender, instance, raw=False, **kwargs):
    if not raw and sender in _translatable():
        translation_states_update(objects=[instance])


@receiver(post_delete, dispatch_uid="translation-state-delete")
def _state_delete(sender, instance, **kwargs):
    if sender in _translatable():
        translation_states_delete(obj=instance)
