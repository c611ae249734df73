"""Staff forms for translation files: the export choice and the import upload."""

from django import forms
from django.conf import settings
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
