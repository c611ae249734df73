"""Writes of bylines: validated, saved and announced in one transaction (``newsroom.events``),
so that the article's pages, the author pages and their feeds follow at once.

A byline has no translated text (its person's name is translated on the person), so it is
not recorded as a translation: ``newsroom.content.content_save`` is for translated objects.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from articles.models import Byline
from newsroom.events import Change, content_announce


def byline_save(*, byline: Byline) -> Byline:
    """Validate and save ``byline``, and announce it."""
    with transaction.atomic():
        created = byline._state.adding
        byline.full_clean()
        byline.save()
        content_announce(objects=[byline], kind=Change.CREATED if created else Change.UPDATED)
    return byline


def byline_delete(*, bylines: Sequence[Byline]) -> None:
    """Delete ``bylines`` and announce it."""
    if not bylines:
        return
    with transaction.atomic():
        Byline.objects.filter(pk__in=[b.pk for b in bylines]).delete()
        # With the bylines themselves: their articles' and authors' pages show them.
        content_announce(objects=list(bylines), kind=Change.DELETED)
