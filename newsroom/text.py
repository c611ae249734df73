"""Text that cannot lie about what it says: checks for every stored plain-text value.

A title, name, slug or tag must read the same wherever it is shown. Bidi
embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) can
reverse what a headline or an address appears to say, so they are refused
(rich text has them removed by its sanitiser instead: ``articles.richtext``).
The marks a right-to-left writer really needs (LRM, RLM, ALM) stay allowed.
NUL and other control characters, and lone surrogates, are never text. A word
mixing Latin, Cyrillic or Greek letters ("pаypal" with a Cyrillic "а") is the
homoglyph trick of a lookalike name or address, and is refused too.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import BadRequest, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

#: Bidi embeddings, overrides and isolates, with their terminators.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Scripts whose letters look alike; one word should not mix them.
CONFUSABLE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")
WORD_RE = re.compile(r"\w+")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text (a translated message), or None if it can."""
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        return _("This text contains invalid characters (lone surrogates).")
    if any((ord(ch) < 0x20 and ch not in "\t\n\r") or ord(ch) == 0x7F for ch in value):
        return _("This text contains control characters.")
    if BIDI_CONTROLS.intersection(value):
        return _(
            "This text contains bidirectional control characters, which can change "
            "how it reads; remove them."
        )
    for word in WORD_RE.findall(value):
        if len(_scripts(word)) > 1:
            return _(
                "The word “%(word)s” mixes letters of different alphabets that look alike."
            ) % {"word": word}
    return None


def _scripts(word: str) -> set[str]:
    scripts = set()
    for ch in word:
        if ch.isalpha():
            script = unicodedata.name(ch, "").split(" ", 1)[0]
            if script in CONFUSABLE_SCRIPTS:
                scripts.add(script)
    return scripts


def validate_text(value: str) -> None:
    """Raise ValidationError when ``value`` cannot be stored as text."""
    problem = text_problem(value)
    if problem:
        raise ValidationError(problem, code="unsafe_text")


class CleanTextModel(models.Model):
    """A model whose every text field (in every language) is checked by ``validate_text``."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if (exclude and field.name in exclude) or field.name in errors:
                continue
            value = getattr(self, field.attname)
            if isinstance(value, str) and (problem := text_problem(value)):
                errors[field.name] = [ValidationError(problem, code="unsafe_text")]
        if errors:
            raise ValidationError(errors)


class RejectControlCharactersMiddleware:
    """Answer 400 to an address or query string carrying NUL or other control characters.

    Such a value is never a reader's search or a page number, and PostgreSQL
    cannot even hold a NUL in a query parameter: refuse it at the door.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        values = [request.path, *request.GET.keys()]
        values += [value for _key, value in request.GET.lists() for value in value]
        if any(_has_control(value) for value in values):
            raise BadRequest("Control characters in the address.")
        return self.get_response(request)


#: C0 controls, DEL and lone surrogates: what an address may never carry.
CONTROL_RE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def _has_control(value: str) -> bool:
    return CONTROL_RE.search(value) is not None
