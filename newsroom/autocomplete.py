"""The admin's autocomplete, made sturdier and more telling.

Django's widgets look up the posted values to show them again when a form has
an error; a value that is not a valid key (``lead_photo=abc``, a number past
the column's range) made that look-up a server error. Ours leave such values
out: the form shows its error and an empty choice instead.

The answers of the autocomplete view carry what the searched model's admin adds
to each result (``autocomplete_extra``: a photo's thumbnail), and the widgets'
script shows a thumbnail beside the text when a result has one.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin import widgets
from django.contrib.admin.views.autocomplete import AutocompleteJsonView as BaseJsonView
from django.core.exceptions import ValidationError


class _TolerantValues:
    """Show again only the posted values that can be keys of the related model."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if self._is_key(v)], attr)

    def create_option(self, name, value, label, *args, **kwargs):
        option = super().create_option(name, value, label, *args, **kwargs)
        if value == "" and not label:
            # The "nothing chosen" choice: HTML wants an empty option to have a label.
            option["label"] = "—"
        return option

    def _is_key(self, value) -> bool:
        opts = self.field.remote_field.model._meta
        key = opts.get_field(getattr(self.field.remote_field, "field_name", opts.pk.name))
        try:
            key.run_validators(key.to_python(value))  # an integer key checks the column's range
        except ValidationError:
            return False
        return True

    @property
    def media(self):
        base = super().media
        # One list, so that merging a form's media keeps the script after select2's.
        return forms.Media(
            js=[*base._js, "js/admin-autocomplete.js"],
            css={
                medium: [*paths, "css/admin-autocomplete.css"]
                for medium, paths in base._css.items()
            },
        )


class AutocompleteSelect(_TolerantValues, widgets.AutocompleteSelect):
    """The admin's autocomplete select, tolerating values that are not keys."""


class AutocompleteSelectMultiple(_TolerantValues, widgets.AutocompleteSelectMultiple):
    """The admin's autocomplete multiple select, tolerating values that are not keys."""


class AutocompleteAdmin(admin.ModelAdmin):
    """A model admin whose ``autocomplete_fields`` use the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class AutocompleteJsonView(BaseJsonView):
    """Django's autocomplete answers, with what the searched model's admin adds to each."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        extra = getattr(self.model_admin, "autocomplete_extra", None)
        return {**result, **extra(obj)} if extra else result
