"""Staff forms for translation files (the export choice and the import upload), and a
JSON form field that turns any malformed JSON into a form error."""

import json

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.fields import InvalidJSONInput
from django.utils.translation import gettext_lazy as _

from newsroom.translations import user_translation_languages

FORMATS = [("po", _("PO (gettext)")), ("xliff", _("XLIFF 1.1"))]
#: Large enough for a busy day's articles; a translation file is text.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _language_choices(user) -> list[tuple[str, str]]:
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in user_translation_languages(user)]


class TranslationExportForm(forms.Form):
    """Which language and format to export the selected objects in."""

    language = forms.ChoiceField(label=_("Target language"))
    file_format = forms.ChoiceField(label=_("Format"), choices=FORMATS)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices(user)


class TranslationImportForm(forms.Form):
    """A translated PO or XLIFF file, for one of the user's languages."""

    file = forms.FileField(label=_("File"))
    file_format = forms.ChoiceField(label=_("Format"), choices=FORMATS)
    language = forms.ChoiceField(label=_("Language"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB."),
                params={"limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        return upload.read()


class JSONField(forms.JSONField):
    """Django's JSON form field, refusing as invalid what it lets through to a server error.

    Django catches only ``JSONDecodeError``: a post nested deeper than the parser's
    recursion limit raises ``RecursionError``, and JSON escapes of lone surrogates
    (``"\\ud800"``) decode into a string that cannot be written back into the page.
    """

    def to_python(self, value):
        try:
            converted = super().to_python(value)
            self._encode(converted)
        except (RecursionError, ValueError) as error:  # UnicodeEncodeError is a ValueError
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from error
        return converted

    def bound_data(self, data, initial):
        try:
            value = super().bound_data(data, initial)
            if not isinstance(value, InvalidJSONInput):
                self._encode(value)
        except (RecursionError, ValueError):
            return InvalidJSONInput(data)  # shown again as posted, with the error
        return value

    def _encode(self, value) -> None:
        """Raise ValueError when ``value`` cannot be written out as UTF-8 JSON."""
        json.dumps(value, ensure_ascii=False, cls=self.encoder).encode()
