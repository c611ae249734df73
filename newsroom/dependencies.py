"""What a cached page (or fragment) shows, collected while it is made, and invalidated by key.

While a page is made inside ``collecting()``, every model object loaded from the
database (Django's ``post_init``, fired for each row a queryset turns into an
object, however deeply it is prefetched) adds its key, ``<app>.<model>:<pk>``,
to the request's collector, and code that reads a *list* adds that list's key
with ``depends_on()`` (``articles.models.ArticleQuerySet`` does it for every
evaluated list of public articles). Nothing is declared per page or per
template: a slot, a box of most-read stories or a byline added to a page
later is covered by the same rule, because its objects are loaded while the
page is made.

A cached entry is indexed under its keys in the language it was made in
(``index_add``); ``invalidate`` drops every entry indexed under any of the
given keys in any of the given languages. With Redis (``newsroom.cache``) the
index is a Redis set per key, so every process sees it; with the per-process
memory cache it is a dictionary of this process.

This module is generic: which keys an object's change invalidates (its own, the
lists it enters or leaves) is decided by the app that owns the object
(``articles.caching``).
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import models
from django.db.models.signals import post_init

#: The keys collected for the page being made in this thread/task, or None.
_collector: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "newsroom_dependencies", default=None
)

#: Prefix of the index entries in the cache (never "newsroom:page:").
INDEX_PREFIX = "newsroom:dep:"


def object_key(model: type[models.Model], pk) -> str:
    """The key of one object: ``articles.article:12`` (a proxy model's object: its concrete
    model's key, so ``people.Author`` and ``people.Person`` name the same person)."""
    return f"{model._meta.concrete_model._meta.label_lower}:{pk}"


def list_key(model: type[models.Model], pk=None) -> str:
    """The key of a list of articles restricted to one object (``list:articles.tag:3``), or of
    every unrestricted list (``list:*``: the home page, the feeds, the sitemaps, search)."""
    return "list:*" if model is None else f"list:{model._meta.label_lower}:{pk}"


ALL_LISTS = "list:*"


def model_key(model: type[models.Model]) -> str:
    """The key of every object of ``model`` (``all:articles.section``): a page that shows
    whichever of them exist (the section menu, the breaking-news banner) depends on it,
    so that a new one, which no page has loaded yet, reaches it too."""
    return f"all:{model._meta.label_lower}"


@contextmanager
def collecting() -> Iterator[set[str]]:
    """Collect the keys of what is loaded or read until the block ends."""
    keys: set[str] = set()
    token = _collector.set(keys)
    try:
        yield keys
    finally:
        _collector.reset(token)


def depends_on(*keys: str) -> None:
    """Add ``keys`` to the page being made (nothing when no page is being collected)."""
    collected = _collector.get()
    if collected is not None:
        collected.update(keys)


def is_collecting() -> bool:
    return _collector.get() is not None


def _loaded(sender, instance, **kwargs) -> None:
    collected = _collector.get()
    if collected is not None and instance.pk is not None:
        collected.add(object_key(sender, instance.pk))


post_init.connect(_loaded, dispatch_uid="newsroom.dependencies")


def tags_of(keys: Iterable[str], languages: Iterable[str]) -> set[str]:
    """The index tags of ``keys`` in ``languages``: ``ar|articles.article:12``."""
    languages = tuple(languages)
    return {f"{language}|{key}" for key in keys for language in languages}


# --- the index: Redis sets (newsroom.cache.RedisCache), or this process's dictionary ---

_local_index: dict[str, set[str]] = {}
_local_lock = threading.Lock()
#: Past this many tags the local index starts again (the cache's own culling may
#: have dropped entries long ago; ``invalidate`` then asks for a full flush).
LOCAL_INDEX_LIMIT = 50_000


def index_add(cache, entry_key: str, tags: Iterable[str], timeout: int) -> None:
    """Index the cached entry ``entry_key`` under ``tags`` for ``timeout`` seconds."""
    tags = list(tags)
    if hasattr(cache, "index_add"):
        cache.index_add(entry_key, [INDEX_PREFIX + tag for tag in tags], timeout)
        return
    with _local_lock:
        for tag in tags:
            _local_index.setdefault(tag, set()).add(entry_key)


def invalidate(cache, tags: Iterable[str]) -> bool:
    """Drop every entry indexed under ``tags``; False when the cache did not answer (its
    entries may be stale: the caller flushes everything once it answers again)."""
    tags = list(tags)
    if not tags:
        return True
    if hasattr(cache, "index_drop"):
        return cache.index_drop([INDEX_PREFIX + tag for tag in tags]) is not None
    with _local_lock:
        entries = set().union(*(_local_index.pop(tag, ()) for tag in tags))
        overflowing = len(_local_index) > LOCAL_INDEX_LIMIT
        if overflowing:
            _local_index.clear()
    cache.delete_many(list(entries))
    return not overflowing


# --- the lists a queryset reads ---


def _restriction(node, model) -> set[str] | None:
    """The list keys ``node`` (a part of a WHERE clause on ``model``) restricts rows to: a
    relation to one or more objects (``tags = 3``: ``{list:articles.tag:3}``), no list at
    all (``pk = 12``: ``set()``, the rows are the objects themselves), or None (not
    restricted to any such list, as far as this reading can tell)."""
    from django.db.models.expressions import Col
    from django.db.models.lookups import Exact, In
    from django.db.models.sql.where import WhereNode

    if isinstance(node, WhereNode):
        if node.negated:
            return None
        parts = [_restriction(child, model) for child in node.children]
        if node.connector == "OR":
            return None if None in parts or not parts else set().union(*parts)
        known = [part for part in parts if part is not None]  # AND (XOR: never written here)
        if node.connector != "AND" or not known:
            return None
        return min(known, key=len)
    if not isinstance(node, Exact | In) or not isinstance(node.lhs, Col):
        return None
    values = node.rhs if isinstance(node, In) else [node.rhs]
    if not isinstance(values, list | tuple | set | frozenset):
        return None  # a subquery
    values = [value.pk if isinstance(value, models.Model) else value for value in values]
    field = node.lhs.target
    if field.primary_key and field.model is model:
        return set()
    related = getattr(field, "related_model", None)
    if not field.many_to_one or related is None or related is model:
        return None
    return {list_key(related, value) for value in values}


def list_keys(queryset) -> set[str]:
    """The keys of the lists ``queryset`` reads: those its filters restrict it to, else every
    list (``ALL_LISTS``)."""
    keys = _restriction(queryset.query.where, queryset.model)
    return {ALL_LISTS} if keys is None else keys
