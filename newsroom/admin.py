"""Staff settings in the admin: translator language assignments; the login logs' columns."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from newsroom.models import TranslatorLanguage


@admin.register(TranslatorLanguage)
class TranslatorLanguageAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]
    list_filter = ["language"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


class LoginAttemptAdmin(AccessAttemptAdmin):
    """django-axes's login attempts, with a translated heading for its status column (axes
    names it after its method, in English)."""

    @admin.display(description=_("Status"))
    def status(self, obj: AccessAttempt):
        return super().status(obj)


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, LoginAttemptAdmin)
