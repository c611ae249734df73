"""Staff settings in the admin: translator language assignments."""

from django.contrib import admin

from newsroom.models import TranslatorLanguage


@admin.register(TranslatorLanguage)
class TranslatorLanguageAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]
    list_filter = ["language"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
