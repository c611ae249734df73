"""Dates as each language writes them, on the public site and in the admin alike.

The formats are the active language's (``newsroom/formats``); Arabic also takes
Arabic-Indic digits (٠٤ ديسمبر ٢٠٢٠) when ``NEWSROOM_ARABIC_INDIC_DIGITS`` is on,
which Django's formats cannot say. Inputs keep Django's formats and Western
digits: that is what the date widgets write and read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils import formats, timezone, translation

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def date_display(value: date | datetime | None, fmt: str = "DATE_FORMAT") -> str:
    """``value`` in the active language's ``fmt``, in the newsroom's time zone and digits."""
    if not value:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    text = formats.date_format(value, fmt)
    if translation.get_language() == "ar" and settings.NEWSROOM_ARABIC_INDIC_DIGITS:
        text = text.translate(ARABIC_INDIC)
    return text


def digits(value) -> str:
    """A number (or any text) written with the active language's digits: Arabic-Indic
    on Arabic pages when ``NEWSROOM_ARABIC_INDIC_DIGITS`` is on, Western otherwise."""
    text = str(value)
    if translation.get_language() == "ar" and settings.NEWSROOM_ARABIC_INDIC_DIGITS:
        text = text.translate(ARABIC_INDIC)
    return text


def date_column(
    model: type[models.Model], field: str, fmt: str = "DATETIME_FORMAT"
) -> Callable[[models.Model], str]:
    """An admin column (or read-only field) showing a date as ``date_display`` writes it."""

    @admin.display(description=model._meta.get_field(field).verbose_name, ordering=field)
    def column(obj: models.Model) -> str:
        return date_display(getattr(obj, field), fmt) or "—"

    column.__name__ = f"{field}_display"
    return column
