"""The admin's handling of translated fields: one tab per language, and every
input in the language and direction of its field, whatever the admin's own
interface language (an Arabic field is right to left in an English admin)."""

from django.utils.translation import get_language_info
from modeltranslation.admin import TabbedTranslationAdmin


def language_direction(language: str) -> str:
    """ "rtl" for a right-to-left language, "ltr" otherwise."""
    return "rtl" if get_language_info(language)["bidi"] else "ltr"


class TranslatedFieldsAdmin(TabbedTranslationAdmin):
    """A modeltranslation admin whose inputs carry ``lang`` and ``dir`` of their language."""

    class Media:
        css = {"all": ["css/admin-languages.css"]}

    def patch_translation_field(self, db_field, field, request, **kwargs):
        super().patch_translation_field(db_field, field, request, **kwargs)
        language = getattr(db_field, "language", None)
        if language and field is not None:
            widget = self._get_widget_from_field(field)
            widget.attrs.update(lang=language, dir=language_direction(language))
