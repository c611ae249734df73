from axes import apps as axes_apps
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    """After migrate (and flush), once the articles app's permissions exist."""
    if sender.name == "articles":
        from newsroom.roles import roles_sync

        roles_sync()


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        post_migrate.connect(_sync_roles, dispatch_uid="newsroom.roles")
        from newsroom.events import content_changed
        from newsroom.translation_states import translation_states_follow

        content_changed.connect(
            translation_states_follow, dispatch_uid="newsroom.translation_states"
        )
        from django.contrib import admin

        from newsroom.dashboard import translation_dashboard

        admin.site.dashboard_panel(translation_dashboard)


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the newsroom's admin site as ``admin.site``."""

    default = False  # this module's default app config stays NewsroomConfig
    default_site = "newsroom.admin_site.AdminSite"


class AxesConfig(axes_apps.AppConfig):
    """django-axes (login attempts and lockouts), under a name the admin index translates."""

    default = False
    verbose_name = _("Login security")
