"""Admin for people and organisations."""

from django.contrib import admin

from articles.admin import photo_thumbnail
from newsroom.languages import TranslatedFieldsAdmin
from people.models import Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(TranslatedFieldsAdmin):
    list_display = ["name", "short_name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name_ar", "name_ru", "name_en", "short_name_ar", "short_name_en", "slug"]
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Person)
class PersonAdmin(TranslatedFieldsAdmin):
    list_display = ["name", "role", "organisation"]
    list_select_related = ["organisation"]
    list_filter = ["organisation"]
    search_fields = ["name_ar", "name_ru", "name_en", "slug"]
    autocomplete_fields = ["organisation", "photo"]
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = ["photo_preview"]

    @admin.display(description=photo_thumbnail.short_description)
    def photo_preview(self, person: Person):
        return photo_thumbnail(person.photo)
