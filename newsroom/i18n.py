"""The site's languages, and URLs in a given language's URL space."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

#: The site's language codes, in the order of ``settings.LANGUAGES`` (Arabic first).
LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)


def reverse_in(language: str | None, viewname: str, **kwargs) -> str:
    """``reverse(viewname, kwargs=kwargs)`` under ``language``'s prefix (default: the active one).

    Switching the active language costs more than the reverse itself, and list
    pages build dozens of links in the language already active: switch only
    when another language is asked for.
    """
    if not language or language == translation.get_language():
        return reverse(viewname, kwargs=kwargs)
    with translation.override(language):
        return reverse(viewname, kwargs=kwargs)
