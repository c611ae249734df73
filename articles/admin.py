"""The editors' admin: declarative, translated fields in language tabs."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.forms import PhotoForm
from articles.models import LANGUAGE_CODES, Article, Photo, PhotoCredit, Section, Source, Tag
from newsroom.languages import TranslatedFieldsAdmin


@admin.register(Section)
class SectionAdmin(TranslatedFieldsAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_ar", "name_ru", "name_en", "slug"]
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Source)
class SourceAdmin(TranslatedFieldsAdmin):
    list_display = ["name", "slug", "organisation", "website"]
    list_select_related = ["organisation"]
    search_fields = ["name_ar", "name_ru", "name_en", "slug"]
    autocomplete_fields = ["organisation"]
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(PhotoCredit)
class PhotoCreditAdmin(TranslatedFieldsAdmin):
    list_display = ["name", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name_ar", "name_ru", "name_en"]
    autocomplete_fields = ["organisation"]


@admin.display(description=_("preview"))
def photo_thumbnail(photo: Photo | None):
    """A small preview of a photo for lists and forms."""
    if not photo or not photo.image:
        return "—"
    return format_html(
        '<img src="{}" alt="" style="max-inline-size:120px;max-block-size:80px;">', photo.image.url
    )


@admin.register(Photo)
class PhotoAdmin(TranslatedFieldsAdmin):
    form = PhotoForm
    list_display = [photo_thumbnail, "caption", "credit", "width", "height", "created_at"]
    list_select_related = ["credit"]
    list_filter = ["credit"]
    search_fields = ["caption_ar", "caption_ru", "caption_en", "alt_text_ar", "alt_text_en"]
    autocomplete_fields = ["credit"]
    readonly_fields = [photo_thumbnail, "width", "height"]
    fields = ["image", photo_thumbnail, "width", "height", "caption", "alt_text", "credit"]


@admin.register(Tag)
class TagAdmin(TranslatedFieldsAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_ar", "name_ru", "name_en", "slug"]
    prepopulated_fields = {"slug": ("name_en",)}


@admin.display(description=_("languages"))
def translated_languages(article: Article) -> str:
    """Which languages the article is complete in (title and body)."""
    done = set(article.translated_languages())
    return " ".join(code.upper() if code in done else "·" for code in LANGUAGE_CODES)


@admin.register(Article)
class ArticleAdmin(TranslatedFieldsAdmin):
    list_display = [
        "title",
        "status",
        "published_at",
        "section",
        "source",
        translated_languages,
        "updated_at",
    ]
    list_filter = ["status", "section", "source", "published_at"]
    list_select_related = ["section", "source"]
    search_fields = ["title_ar", "title_ru", "title_en"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "source", "lead_photo", "people", "organisations"]
    readonly_fields = ["status", "created_by", "created_at", "updated_at"]
    prepopulated_fields = {f"slug_{code}": (f"title_{code}",) for code in LANGUAGE_CODES}
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body"]}),
        (_("Publication"), {"fields": ["status", "published_at", "section", "source"]}),
        (
            _("Photo, people and tags"),
            {"fields": ["lead_photo", "people", "organisations", "tags"]},
        ),
        (_("History"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            # Pick existing translated tags with the admin's autocomplete widget.
            return forms.ModelMultipleChoiceField(
                queryset=Tag.objects.all(),
                required=False,
                label=db_field.verbose_name,
                widget=AutocompleteSelectMultiple(db_field, self.admin_site),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
