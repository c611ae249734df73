"""How the translation machinery treats each translatable model: a small policy class.

The generic code (``newsroom.translations``, ``translation_states``, ``queue``,
``exchange``) knows a translatable model only through its policy: which language
an object is written in, who may write which of its languages, and where and how
it waits in the translators' queue. An app registers a model's policy in its
``translation.py``, beside the model's modeltranslation options::

    @register_policy(Article)
    class ArticleTranslationPolicy(TranslationPolicy): ...

modeltranslation imports every app's ``translation.py`` when the apps are ready
(its autodiscovery), so the registry is complete before any request; a model
without a policy of its own gets ``TranslationPolicy``'s defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import F

from newsroom.i18n import LANGUAGE_CODES
from newsroom.models import TranslationState

Priority = TranslationState.Priority


class TranslationPolicy:
    """The defaults: written in the site's language, translated by whoever may change the
    object, queued after the parts that come first, listed in the model's own order."""

    #: The object's own columns the hooks below read, which a bulk rebuild of the stored
    #: status loads besides the translated fields.
    state_fields: tuple[str, ...] = ()
    #: Where the model's part comes in the queue (lower first; then by model label).
    queue_order: int = 1
    #: Headings of the columns the queue shows for this model, besides name and status.
    queue_columns: tuple[Any, ...] = ()
    #: The service an import writes the model's objects through, when it has one of its
    #: own: called as ``save_translations(obj=, user=, changed=, sources_seen=)``. None:
    #: ``newsroom.content.content_save``, as for any translated object.
    save_translations: Callable[..., Any] | None = None

    def source_language(self, obj: models.Model) -> str:
        """The language ``obj`` is written in, which the others translate."""
        return settings.LANGUAGE_CODE

    def editable_languages(
        self, *, user: AbstractBaseUser | AnonymousUser, obj: models.Model
    ) -> frozenset[str]:
        """The languages of ``obj``'s translated fields that ``user`` may write (a translator
        is further held to their own languages by the caller)."""
        options = obj._meta
        if user.has_perm(f"{options.app_label}.change_{options.model_name}"):
            return frozenset(LANGUAGE_CODES)
        return frozenset()

    def queue_priority(self, obj: models.Model) -> int | None:
        """Where ``obj`` waits in its part of the queue (None: never in the queue)."""
        return Priority.FIRST

    def published_at(self, obj: models.Model) -> datetime | None:
        """When ``obj`` was published, which orders it in the queue (newest first)."""
        return None

    def queue_objects(
        self,
        queryset: models.QuerySet,
        awaiting: models.QuerySet,
        languages: Sequence[str],
        limit: int,
    ) -> list[models.Model]:
        """The first ``limit`` objects of ``queryset`` whose stored states ``awaiting`` holds,
        in the order the queue lists them: the model's own, fine for a small kind of content."""
        ordering = [*queryset.model._meta.ordering, "pk"]
        found = queryset.filter(pk__in=awaiting.values("object_id"))
        return list(found.order_by(*ordering)[:limit])

    def queue_cells(self, obj: models.Model) -> list[Any]:
        """The values of ``queue_columns`` for ``obj``."""
        return []


def in_queue_order(
    queryset: models.QuerySet, awaiting: models.QuerySet, languages: Sequence[str], limit: int
) -> list[models.Model]:
    """``TranslationPolicy.queue_objects`` for a large kind of content: in the order of the
    queue's own index (priority, then newest first), whatever the size of the archive."""
    # An object awaits in one row per language: enough rows for ``limit`` objects.
    ids = awaiting.order_by(
        "priority", F("published_at").desc(nulls_last=True), "-object_id"
    ).values_list("object_id", flat=True)[: limit * len(languages)]
    ids = list(dict.fromkeys(ids))[:limit]
    found = queryset.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


_DEFAULT = TranslationPolicy()
_policies: dict[type[models.Model], TranslationPolicy] = {}

P = TypeVar("P", bound=type[TranslationPolicy])


def register_policy(model: type[models.Model]) -> Callable[[P], P]:
    """Class decorator: make the decorated policy ``model``'s translation policy."""

    def register(policy_class: P) -> P:
        if model in _policies:
            raise ImproperlyConfigured(f"{model._meta.label} has a translation policy already.")
        _policies[model] = policy_class()
        return policy_class

    return register


def policy_for(model: type[models.Model] | models.Model) -> TranslationPolicy:
    """The translation policy of ``model`` (a model class or one of its objects)."""
    return _policies.get(model if isinstance(model, type) else type(model), _DEFAULT)
