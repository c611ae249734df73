"""The article form's bylines and notes (updates, clarifications, corrections), and the
notes' own admin, which the translators' queue links to.

Editors (who may publish) add, change and remove both on the article form; each
byline and note is saved through its service (``articles.bylines``,
``newsroom.content.content_save``), which validates, records translations and
announces the change, so the public pages follow at once. Translators translate a
note on its own page, reached from their queue, limited to their languages like
any translated object (``TranslatedFieldsAdmin``).
"""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from modeltranslation.admin import TranslationStackedInline

from articles.bylines import byline_delete, byline_save
from articles.models import ArticleNote, Byline
from newsroom.content import content_delete, content_save
from newsroom.dates import date_column
from newsroom.roles import PUBLISH_PERMISSION
from newsroom.translation_admin import TranslatedFieldsAdmin


class UntouchedWhenAbsentFormSet(BaseInlineFormSet):
    """A post that carries none of the inline's fields (a script, a form from before the
    inline) leaves its rows as they are, rather than failing for a missing management form."""

    def __init__(self, data=None, *args, prefix=None, **kwargs):
        prefix = prefix or self.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            data = data.copy()
            data[f"{prefix}-TOTAL_FORMS"] = "0"
            data[f"{prefix}-INITIAL_FORMS"] = "0"
        super().__init__(data, *args, prefix=prefix, **kwargs)


class EditorsOnlyInline:
    """Shown to whoever sees the article; changed only by those who may publish."""

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def has_view_permission(self, request, obj=None):
        return True


class BylineInline(EditorsOnlyInline, admin.TabularInline):
    model = Byline
    formset = UntouchedWhenAbsentFormSet
    extra = 0
    fields = ["person", "role", "language", "position"]
    autocomplete_fields = ["person"]
    verbose_name = Byline._meta.verbose_name
    verbose_name_plural = Byline._meta.verbose_name_plural


class ArticleNoteInline(EditorsOnlyInline, TranslationStackedInline):
    model = ArticleNote
    formset = UntouchedWhenAbsentFormSet
    extra = 0
    fields = ["kind", "noted_at", "text"]


def inline_formset_save(request, formset) -> bool:
    """Save a byline or note formset through the services; False for any other formset."""
    if formset.model not in (Byline, ArticleNote):
        return False
    formset.save(commit=False)
    if formset.model is Byline:
        byline_delete(bylines=formset.deleted_objects)
        for byline in [*formset.new_objects, *(obj for obj, _c in formset.changed_objects)]:
            byline_save(byline=byline)
        return True
    content_delete(objects=formset.deleted_objects)
    for note in formset.new_objects:
        content_save(obj=note, user=request.user)
    for note, changed in formset.changed_objects:
        content_save(obj=note, user=request.user, changed=changed)
    return True


@admin.register(ArticleNote)
class ArticleNoteAdmin(TranslatedFieldsAdmin):
    """A note on its own: where a translator translates it (their queue links here)."""

    list_display = ["__str__", "kind", date_column(ArticleNote, "noted_at")]
    list_filter = ["kind"]
    list_select_related = ["article"]
    search_fields = ["text_ar", "text_ru", "text_en"]
    autocomplete_fields = ["article"]
    fields = ["article", "kind", "noted_at", "text"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.has_perm(PUBLISH_PERMISSION):
            fields += [name for name in ("article", "kind", "noted_at") if name not in fields]
        return fields
