"""Template tags of the staff pages: translation badges and names with explicit fallbacks."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from newsroom.languages import translated_value
from newsroom.translations import TranslationStatus, translatable_fields

register = template.Library()

_SYMBOLS = {
    TranslationStatus.MISSING: "–",
    TranslationStatus.OUTDATED: "!",
    TranslationStatus.UP_TO_DATE: "✓",
}


@register.simple_tag
def translation_badges(statuses):
    """Compact badges, one per (language, status): "RU !" with the status spelled out."""
    return format_html(
        '<span class="translation-badges">{}</span>',
        format_html_join(
            " ",
            '<span class="translation-badge translation-{}" data-translation="{}" '
            'data-status="{}" title="{}">{} {}<span class="visually-hidden"> {}</span></span>',
            (
                (
                    status.value,
                    code,
                    status.value,
                    gettext("%(language)s: %(status)s")
                    % {"language": code.upper(), "status": status.label},
                    code.upper(),
                    _SYMBOLS[status],
                    status.label,
                )
                for code, status in statuses
            ),
        ),
    )


@register.simple_tag
def admin_name(obj):
    """The object's name in the admin's language, or another's saying which ("لافروف (ar)")."""
    return translated_value(obj, translatable_fields(type(obj))[0])
