"""Template tags of the staff pages: translation badges and names with explicit fallbacks."""

from django import template

from newsroom.dates import date_display
from newsroom.translation_admin import translated_value, translation_badges
from newsroom.translations import translatable_fields

register = template.Library()

register.simple_tag(translation_badges)
register.filter("newsdate", date_display)


@register.simple_tag
def admin_name(obj):
    """The object's name in the admin's language, or another's saying which ("لافروف (ar)")."""
    return translated_value(obj, translatable_fields(type(obj))[0])
