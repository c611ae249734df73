"""Admin forms: the article form that loses no edit, and the photo form that guards storage."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import workflow
from articles.models import LANGUAGE_CODES, Article, Photo
from articles.uploads import image_clean
from newsroom.forms import JSONField
from newsroom.text import validate_text
from newsroom.translations import source_fingerprints


class _BoundField(forms.BoundField):
    """A field whose hidden "as opened" copy (``show_hidden_initial``) is described by
    nothing: a hidden input may carry no ``aria-describedby`` (the help text is the
    visible input's)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if widget is not None and widget.is_hidden:
            attrs.pop("aria-describedby", None)
        return attrs


class ArticleAdminForm(forms.ModelForm):
    """Each field carries its value as opened (hidden), so a save writes only what changed.

    When someone else saved the article meanwhile and changed a field this user
    changed too, the save is refused, naming them; what the user typed stays in
    the form, and saving again keeps their version.
    """

    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)
    # The Arabic the user had in front of them: a translation of older text stays outdated.
    sources_seen = JSONField(widget=forms.HiddenInput, required=False)
    transition_comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Goes with the workflow button you press (needed to send back to draft)."),
        validators=[validate_text],  # shown on the desk and in the history like any text
    )

    class Meta:
        model = Article
        fields = [*sorted(workflow.ALL_FIELDS), "loaded_at", "sources_seen", "transition_comment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_at"].initial = self.instance.updated_at.isoformat()
            self.fields["sources_seen"].initial = source_fingerprints(self.instance)
        for name, field in self.fields.items():
            if name in workflow.ALL_FIELDS:
                field.show_hidden_initial = True
        for code in LANGUAGE_CODES:
            if f"title_{code}" in self.fields:
                # Required in the original language, whichever it is (``Article.clean``), which
                # modeltranslation's form cannot know: it would require the default language's.
                self.fields[f"title_{code}"].required = False
        if "original_language" in self.fields:
            # A post without it (a script's) keeps the article's own (Arabic for a new one).
            self.fields["original_language"].required = False

    def clean_original_language(self):
        return self.cleaned_data.get("original_language") or self.instance.original_language

    def seen_sources(self) -> dict[str, str] | None:
        """The source fingerprints posted with the form (None: unknown, e.g. a script's post)."""
        seen = self.cleaned_data.get("sources_seen")
        return seen if isinstance(seen, dict) else None

    bound_field_class = _BoundField

    #: Errors of ``workflow.article_save`` on the last post of this form (the admin sets them).
    save_errors: ValidationError | None = None

    def clean(self):
        cleaned_data = super().clean()
        if self.save_errors is not None:
            self._add_save_errors(self.save_errors)
        loaded_at = self.data.get(self.add_prefix("loaded_at"))
        if self.instance.pk and loaded_at and loaded_at != self.instance.updated_at.isoformat():
            conflicts = [name for name in self.changed_data if self._changed_by_others(name)]
            if conflicts:
                self._refuse_lost_update(conflicts)
        return cleaned_data

    def _add_save_errors(self, error: ValidationError) -> None:
        """Each error next to its field; those of fields not in the form above them all."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            self.add_error(name if name in self.fields else None, errors)

    def _changed_by_others(self, name: str) -> bool:
        """Does the database hold another value than the one this user opened?"""
        if name not in workflow.ALL_FIELDS:
            return False
        field = self.fields[name]
        opened = field.hidden_widget().value_from_datadict(
            self.data, self.files, self.add_initial_prefix(name)
        )
        return field.has_changed(self.get_initial_for_field(field, name), opened)

    def _refuse_lost_update(self, conflicts: list[str]) -> None:
        who, when = workflow.article_last_change(self.instance)
        # Saving again means "I have seen their change and keep mine".
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_at")] = self.instance.updated_at.isoformat()
        self.data[self.add_prefix("sources_seen")] = json.dumps(source_fingerprints(self.instance))
        for name in conflicts:
            self.add_error(name, gettext("%(user)s changed this field meanwhile.") % {"user": who})
        raise ValidationError(
            gettext(
                "%(user)s saved this article at %(time)s, after you opened it, and changed "
                "the same fields as you: %(fields)s. Nothing you typed is lost: it is all "
                "below. Compare with their version (open the article in another tab), then "
                "save again to keep yours."
            )
            % {
                "user": who,
                "time": date_format(when, "DATETIME_FORMAT") if when else "",
                "fields": ", ".join(str(self.fields[name].label) for name in conflicts),
            },
            code="lost_update",
        )


class PhotoForm(forms.ModelForm):
    """A photo whose uploaded image is checked, stripped of metadata and renamed."""

    class Meta:
        model = Photo
        fields = ["image", "caption", "alt_text", "credit"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            return image_clean(image)
        return image
