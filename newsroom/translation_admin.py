"""The admin's handling of translated fields: one tab per language, every input in the
language and direction of its field, whatever the admin's own interface language (an
Arabic field is right to left in an English admin), the source text beside each field a
person translates, fallback values that say which language they come from, and the
export action (PO/XLIFF) every translated admin offers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpResponse
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.fields import TranslationField

from newsroom.autocomplete import AutocompleteAdmin
from newsroom.content import content_delete, content_save
from newsroom.diff import html_text, word_diff
from newsroom.exchange import export_po, export_xliff
from newsroom.forms import TranslationExportForm
from newsroom.i18n import LANGUAGE_CODES
from newsroom.roles import translates_only
from newsroom.translations import (
    DEFAULT_SOURCE_LANGUAGE,
    TARGET_LANGUAGES,
    FieldState,
    TranslationStatus,
    field_states,
    rich_text_sanitiser,
    status_field,
    translatable_fields,
    translation_status_in,
    user_translation_languages,
    with_translation_status,
)


def language_direction(language: str) -> str:
    """ "rtl" for a right-to-left language, "ltr" otherwise."""
    return "rtl" if get_language_info(language)["bidi"] else "ltr"


def translated_value(obj: models.Model, field: str) -> str:
    """``field`` in the admin's language; else the first language that has it, marked "(ar)"."""
    value = getattr(obj, f"{field}_{get_language()}", None)
    if value:
        return value
    for code in LANGUAGE_CODES:
        if value := getattr(obj, f"{field}_{code}", None):
            return f"{value} ({code})"
    return str(obj)


def translated_column(model: type[models.Model], field: str):
    """A changelist column showing ``field`` with an explicit fallback (``translated_value``)."""

    @admin.display(
        description=model._meta.get_field(field).verbose_name,
        ordering=f"{field}_{DEFAULT_SOURCE_LANGUAGE}",
    )
    def column(obj):
        return translated_value(obj, field)

    column.__name__ = f"{field}_translated"
    return column


def source_beside(model: type[models.Model], state: FieldState, help_text: str = "") -> SafeString:
    """The read-only source text (and what changed in it) shown beside a translated input."""
    sanitiser = rich_text_sanitiser(model, state.field)
    as_text = html_text if sanitiser else str  # paragraphs kept apart in the diff
    # Stored rich text was sanitised on save; sanitising again costs little and guards the admin.
    source = mark_safe(sanitiser(state.source)) if sanitiser else state.source  # noqa: S308
    return render_to_string(
        "admin/newsroom/translation_source.html",
        {
            "state": state,
            "source": source,
            "rich": bool(sanitiser),
            "diff": (
                word_diff(as_text(state.source_then), as_text(state.source))
                if state.source_changed
                else ""
            ),
            "source_language": state.source_language,
            "source_direction": language_direction(state.source_language),
            "help_text": help_text,
        },
    )


_SYMBOLS = {
    TranslationStatus.MISSING: "–",
    TranslationStatus.OUTDATED: "!",
    TranslationStatus.UP_TO_DATE: "✓",
}


def translation_badges(statuses: Iterable[tuple[str, TranslationStatus]]) -> SafeString:
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


def readonly_translated(field: TranslationField) -> Callable[[models.Model], SafeString]:
    """A read-only display of one language's field: in that language and direction, rich
    text as its sanitised HTML (not its markup), whatever the admin's own language."""
    sanitize = field.sanitize if isinstance(field, ProseEditorField) else None
    language, direction = field.language, language_direction(field.language)

    @admin.display(description=field.verbose_name)
    def display(obj: models.Model) -> SafeString:
        value = getattr(obj, field.attname) or ""
        if sanitize:
            # Stored rich text was sanitised on save; sanitising again costs little.
            html = mark_safe(sanitize(value))  # noqa: S308 - cleaned by the field's allowlist
            return format_html(
                '<div class="readonly-rich" lang="{}" dir="{}">{}</div>', language, direction, html
            )
        return format_html(
            '<div lang="{}" dir="{}">{}</div>', language, direction, linebreaksbr(value)
        )

    display.__name__ = field.name  # the row's CSS class, as for the field itself
    return display


def _is_empty(obj: models.Model, field: models.Field) -> bool:
    if field.many_to_many:
        return not getattr(obj, field.name).exists()
    return getattr(obj, field.attname) in (None, "")


@admin.display(description=_("translations"))
def translation_status_column(obj: models.Model):
    """Compact badges of the object's status per target language (needs the annotation)."""
    # An object's own source language has no status (None): it is the original.
    statuses = [(code, getattr(obj, status_field(code))) for code in TARGET_LANGUAGES]
    return translation_badges([(code, TranslationStatus(s)) for code, s in statuses if s])


def translation_status_filter(language: str) -> type[admin.SimpleListFilter]:
    """A changelist filter by translation status in ``language`` (the stored status)."""

    class TranslationStatusFilter(admin.SimpleListFilter):
        parameter_name = status_field(language)

        @property
        def title(self):
            name = get_language_info(language)["name_translated"]
            return gettext("translation (%(language)s)") % {"language": name}

        def lookups(self, request, model_admin):
            return TranslationStatus.choices

        def queryset(self, request, queryset):
            if self.value() in TranslationStatus.values:
                return queryset.filter(
                    translation_status_in(queryset.model, language, [self.value()])
                )
            return queryset

    return TranslationStatusFilter


TRANSLATION_STATUS_FILTERS = [translation_status_filter(code) for code in TARGET_LANGUAGES]


@admin.action(description=_("Export for translation (PO/XLIFF)"), permissions=["view"])
def export_for_translation(modeladmin, request, queryset):
    """Ask for a language and format, then send the selected objects as a translation file."""
    form = TranslationExportForm(
        request.POST if "apply" in request.POST else None, user=request.user
    )
    if form.is_valid():
        language, file_format = form.cleaned_data["language"], form.cleaned_data["file_format"]
        objects = list(queryset)
        if file_format == "po":
            content, extension, mime = export_po(objects, language), "po", "text/x-gettext"
        else:
            content, extension, mime = (
                export_xliff(objects, language),
                "xlf",
                "application/xliff+xml",
            )
        response = HttpResponse(content, content_type=f"{mime}; charset=utf-8")
        name = f"{modeladmin.opts.model_name}-{language}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return TemplateResponse(
        request,
        "admin/newsroom/translation_export.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Export for translation"),
            "opts": modeladmin.opts,
            "form": form,
            "objects": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


class TranslatedFieldsAdmin(AutocompleteAdmin, TabbedTranslationAdmin):
    """A modeltranslation admin whose inputs carry ``lang`` and ``dir`` of their language,
    whose change form shows the source beside each field the user translates, and whose
    saves and deletes go through ``newsroom.content`` (validated, translations recorded,
    announced)."""

    actions = [export_for_translation]

    class Media:
        css = {"all": ["css/admin-languages.css"]}

    def get_queryset(self, request):
        # Every list shows the stored status per language (one index look-up per row shown).
        return with_translation_status(super().get_queryset(request))

    def view_only(self, request, obj) -> bool:
        """Does the user see ``obj`` here without being able to change it?"""
        return (
            obj is not None and obj.pk is not None and not self.has_change_permission(request, obj)
        )

    @cached_property
    def _readonly_translated(self) -> dict[str, Callable]:
        return {
            field.name: readonly_translated(field)
            for field in self.model._meta.fields
            if isinstance(field, TranslationField)
        }

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if self.view_only(request, obj):
            return [*fields, *self._readonly_translated.values()]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.view_only(request, obj):
            return fieldsets
        # Read only: what the object holds, each language in its own direction; no empty
        # rows, and none of the form's own inputs (a comment box, hidden markers).
        displays = set(self._readonly_translated.values())
        shown = []
        for name, options in fieldsets:
            fields = []
            for field in flatten(options["fields"]):
                if field in displays:
                    continue  # added below, in the place of its field
                if callable(field) or hasattr(self, field):
                    fields.append(field)
                    continue
                try:
                    model_field = self.model._meta.get_field(field)
                except FieldDoesNotExist:
                    continue
                if not _is_empty(obj, model_field):
                    fields.append(self._readonly_translated.get(field, field))
            if fields:
                shown.append((name, {**options, "fields": fields}))
        return shown

    def patch_translation_field(self, db_field, field, request, **kwargs):
        super().patch_translation_field(db_field, field, request, **kwargs)
        language = getattr(db_field, "language", None)
        if language and field is not None:
            widget = self._get_widget_from_field(field)
            widget.attrs.update(lang=language, dir=language_direction(language))

    def translator_fields(self, request) -> set[str] | None:
        """The only form fields a translator may change here (None: no such limit)."""
        if not translates_only(request.user):
            return None
        return {
            f"{field}_{language}"
            for field in translatable_fields(self.model)
            for language in user_translation_languages(request.user)
        }

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.view_only(request, obj):
            # Help texts say how to fill a field in: nothing to fill in here.
            kwargs["help_texts"] = {field.name: "" for field in self.model._meta.get_fields()}
        form = super().get_form(request, obj, change=change, **kwargs)
        allowed = self.translator_fields(request)
        if allowed is not None:
            # Shown, and ignored when posted (a disabled field keeps its stored value).
            for name, formfield in form.base_fields.items():
                if name not in allowed:
                    formfield.disabled = True
        if obj is not None and obj.pk is not None:
            for language in user_translation_languages(request.user):
                for state in field_states(obj, language):
                    formfield = form.base_fields.get(f"{state.field}_{language}")
                    if formfield is not None and not formfield.disabled:
                        formfield.help_text = source_beside(self.model, state, formfield.help_text)
        return form

    def save_model(self, request, obj, form, change):
        content_save(obj=obj, user=request.user, changed=form.changed_data)

    def delete_model(self, request, obj):
        content_delete(objects=[obj])

    def delete_queryset(self, request, queryset):
        content_delete(objects=list(queryset))
