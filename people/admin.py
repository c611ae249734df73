"""Admin for people and organisations."""

from django.contrib import admin

from articles.admin import photo_thumbnail, public_page
from newsroom.translation_admin import (
    TRANSLATION_STATUS_FILTERS,
    TranslatedFieldsAdmin,
    translated_column,
    translation_status_column,
)
from people.models import Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(TranslatedFieldsAdmin):
    view_on_site = staticmethod(public_page)
    list_display = [
        translated_column(Organisation, "name"),
        translated_column(Organisation, "short_name"),
        "kind",
        "website",
        translation_status_column,
    ]
    list_filter = ["kind", *TRANSLATION_STATUS_FILTERS]
    search_fields = ["name_ar", "name_ru", "name_en", "short_name_ar", "short_name_en", "slug"]
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Person)
class PersonAdmin(TranslatedFieldsAdmin):
    view_on_site = staticmethod(public_page)
    list_display = [
        translated_column(Person, "name"),
        translated_column(Person, "role"),
        "organisation",
        translation_status_column,
    ]
    list_select_related = ["organisation"]
    list_filter = ["organisation", *TRANSLATION_STATUS_FILTERS]
    search_fields = ["name_ar", "name_ru", "name_en", "slug"]
    autocomplete_fields = ["organisation", "photo"]
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = ["photo_preview"]

    @admin.display(description=photo_thumbnail.short_description)
    def photo_preview(self, person: Person):
        return photo_thumbnail(person.photo)
