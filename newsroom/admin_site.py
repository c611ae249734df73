"""The newsroom's admin site: Django's, with the newsroom's name, a home page made of the
apps' dashboard panels, each person's language and settings, and the autocomplete of
``newsroom.autocomplete``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import path
from django.utils.translation import gettext_lazy as _

from newsroom import admin_settings
from newsroom.autocomplete import AutocompleteJsonView


@dataclass
class DashboardPanel:
    """One block of the admin's home page: a template and what it shows."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


#: A panel maker: given the request, a panel for this person, or None (nothing for them).
PanelMaker = Callable[[HttpRequest], DashboardPanel | None]


class AdminSite(admin.AdminSite):
    """The default admin site (``newsroom.apps.AdminConfig`` installs it as ``admin.site``)."""

    site_header = _("Newsroom")
    site_title = _("Newsroom")
    index_title = _("Newsroom home")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._panel_makers: list[PanelMaker] = []

    def dashboard_panel(self, maker: PanelMaker) -> PanelMaker:
        """Add a panel to the home page (usable as a decorator); apps call this in ``ready()``."""
        if maker not in self._panel_makers:
            self._panel_makers.append(maker)
        return maker

    def dashboard_panels(self, request: HttpRequest) -> list[DashboardPanel]:
        """The home page's panels for this person, in order."""
        panels = [panel for maker in self._panel_makers if (panel := maker(request))]
        return sorted(panels, key=lambda panel: panel.order)

    def index(self, request, extra_context=None):
        return super().index(
            request, {"dashboard_panels": self.dashboard_panels(request), **(extra_context or {})}
        )

    def get_urls(self):
        return [
            path(
                "language/",
                self.admin_view(admin_settings.admin_language_switch),
                name="admin_language",
            ),
            path(
                "settings/",
                self.admin_view(admin_settings.MySettingsView.as_view(admin_site=self)),
                name="my_settings",
            ),
            *super().get_urls(),
        ]

    def autocomplete_view(self, request):
        return AutocompleteJsonView.as_view(admin_site=self)(request)
