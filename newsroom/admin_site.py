"""The newsroom's admin site: Django's, with the autocomplete of ``newsroom.autocomplete``."""

from django.contrib import admin

from newsroom.autocomplete import AutocompleteJsonView


class AdminSite(admin.AdminSite):
    """The default admin site (``newsroom.apps.AdminConfig`` installs it as ``admin.site``)."""

    def autocomplete_view(self, request):
        return AutocompleteJsonView.as_view(admin_site=self)(request)
