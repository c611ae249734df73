"""The newsroom's own panel of the admin's home page: the translation queue, per language."""

from __future__ import annotations

from django.conf import settings

from newsroom.admin_site import DashboardPanel
from newsroom.queue import queue_counts
from newsroom.roles import EDIT_ANY_PERMISSION, TRANSLATE_PERMISSION
from newsroom.translations import user_translation_languages


def translation_dashboard(request) -> DashboardPanel | None:
    """For translators (and editors): how much awaits translation into each of their
    languages, missing and outdated, linking to the queue. Two queries."""
    user = request.user
    if not (user.has_perm(TRANSLATE_PERMISSION) or user.has_perm(EDIT_ANY_PERMISSION)):
        return None
    languages = user_translation_languages(user)
    names = dict(settings.LANGUAGES)
    counts = queue_counts(languages=languages)
    return DashboardPanel(
        template="admin/newsroom/dashboard_queue.html",
        context={
            "languages": [(code, names[code], counts[code]) for code in languages],
        },
        order=20,
    )
