"""Template helpers for the public site: dates, language links."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import dateformat, timezone, translation

register = template.Library()

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

#: How each language is named in the switcher, in that language.
SWITCHER_LABELS = {"ar": "عربي", "ru": "Ru", "en": "En"}


@register.filter
def newsdate(value, fmt: str = "d F Y") -> str:
    """Format a date in the active language; Arabic gets Arabic-Indic digits when configured."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    text = dateformat.format(value, fmt)
    if translation.get_language() == "ar" and settings.NEWSROOM_ARABIC_INDIC_DIGITS:
        text = text.translate(ARABIC_INDIC)
    return text


@register.simple_tag(takes_context=True)
def language_links(context, obj=None) -> list[dict]:
    """Links to this page in the other languages it really exists in.

    For an article, only the languages it is translated into; for any other
    page, the same URL in each other language.
    """
    current = translation.get_language()
    request = context.get("request")
    available = obj.translated_languages() if obj is not None else None
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current or (available is not None and code not in available):
            continue
        if obj is not None:
            url = obj.get_absolute_url(code)
        else:
            url = translate_url(request.path, code) if request else "/" + code + "/"
        info = translation.get_language_info(code)
        links.append(
            {
                "code": code,
                "label": SWITCHER_LABELS.get(code, code),
                "url": url,
                "name": info["name_local"],
            }
        )
    return links
