"""The admin's language per person: chosen once, stored on the server, applied everywhere.

A staff member picks Arabic, Russian or English (or the browser's language) in
*My settings* or with the switch in the admin's header. The choice is a
``StaffProfile`` row: the authentication backend loads it with the user (the
same one query every request makes), and ``AdminLanguageMiddleware`` activates
it for every request under the admin's URL — on any device, from the next page
on. Public pages keep the language of their URL prefix: the choice never sets
Django's language cookie, and the public site never changes the admin's.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from newsroom.models import StaffProfile

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


class StaffBackend(ModelBackend):
    """Django's ``ModelBackend``, loading the signed-in user with their staff profile.

    Every request already reads its user; joining the profile to that query makes
    the admin's language cost nothing more.
    """

    def get_user(self, user_id):
        manager = get_user_model()._default_manager
        try:
            user = manager.select_related("staff_profile").get(pk=user_id)
        except manager.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def admin_language_of(user: AbstractBaseUser) -> str:
    """The admin language ``user`` chose ("" for the browser's)."""
    try:
        profile = user.staff_profile
    except StaffProfile.DoesNotExist:
        return StaffProfile.BROWSER_DEFAULT
    return profile.admin_language


def admin_language_set(*, user: AbstractBaseUser, language: str) -> StaffProfile:
    """Store ``language`` (a site language; "" for the browser's) as ``user``'s admin language."""
    if language != StaffProfile.BROWSER_DEFAULT and language not in LANGUAGE_CODES:
        raise ValidationError(
            gettext("“%(language)s” is not a language of the admin.") % {"language": language},
            code="invalid_language",
        )
    profile, _created = StaffProfile.objects.update_or_create(
        user=user, defaults={"admin_language": language}
    )
    user.staff_profile = profile
    return profile


@cache
def _admin_prefix() -> str:
    return reverse("admin:index")


def is_admin_path(path: str) -> bool:
    """Is ``path`` one of the admin's pages (those that follow the person's choice)?"""
    return path.startswith(_admin_prefix())


class AdminLanguageMiddleware:
    """Activate the signed-in staff member's admin language on the admin's pages.

    After ``LocaleMiddleware`` (which has chosen from the browser) and
    ``AuthenticationMiddleware``; public pages are left to their URL prefix.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_admin_path(request.path_info):
            user = request.user
            language = admin_language_of(user) if user.is_authenticated and user.is_staff else ""
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
