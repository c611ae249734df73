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
from hijridate import Gregorian

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


def hijri_display(value: date | datetime | None) -> str:
    """``value``'s Hijri date (Umm al-Qura, through hijridate) on Arabic pages when
    ``NEWSROOM_HIJRI_DATES`` is on, as Arabic news sites write it (٢٢ جمادى الآخرة ١٤٤٨ هـ);
    "" elsewhere, and for a date outside the calendar's tables (1924–2077)."""
    if not value or translation.get_language() != "ar" or not settings.NEWSROOM_HIJRI_DATES:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    try:
        hijri = Gregorian(value.year, value.month, value.day).to_hijri()
    except OverflowError:
        return ""
    text = f"{hijri.day} {hijri.month_name('ar')} {hijri.year} {hijri.notation('ar')}"
    return text.translate(ARABIC_INDIC) if settings.NEWSROOM_ARABIC_INDIC_DIGITS else text


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
