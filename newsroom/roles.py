"""The newsroom's roles as Django groups, kept in step with this table; the workflow's
permissions; the languages a person is assigned to translate."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission
from django.db.models import Q

from newsroom.i18n import LANGUAGE_CODES

REPORTER = "Reporter"
EDITOR = "Editor"
TRANSLATOR = "Translator"

# The workflow's own permissions (declared on articles.ArticleTransition).
SUBMIT_PERMISSION = "articles.submit_article"
PUBLISH_PERMISSION = "articles.publish_article"
EDIT_ANY_PERMISSION = "articles.edit_any_article"
TRANSLATE_PERMISSION = "articles.translate_article"

#: Who content made by a management command (the demo content) is credited to.
SYSTEM_USERNAME = "system"

# What a role needs to look up while writing: the admin's autocompletes read these.
_LOOKUPS = [
    "articles.view_section",
    "articles.view_source",
    "articles.view_tag",
    "articles.view_photo",
    "articles.view_photocredit",
    "people.view_person",
    "people.view_organisation",
]
_CONTENT_MODELS = {
    "articles": [
        *("article", "section", "source", "tag", "photo", "photocredit"),
        *("byline", "articlenote"),
    ],
    "people": ["person", "organisation"],
}

# What translators translate besides articles (sections stay with the editors).
_TRANSLATED_LOOKUPS = [
    ("articles", "source"),
    ("articles", "tag"),
    ("articles", "photo"),
    ("articles", "photocredit"),
    ("articles", "articlenote"),
    ("people", "person"),
    ("people", "organisation"),
]

ROLES: dict[str, list[str]] = {
    REPORTER: [
        *_LOOKUPS,
        "articles.view_article",
        "articles.add_article",
        "articles.change_article",
        SUBMIT_PERMISSION,
        "articles.add_photo",
        "articles.change_own_photo",
        "articles.add_tag",
    ],
    EDITOR: [
        *(
            f"{app}.{action}_{model}"
            for app, models in _CONTENT_MODELS.items()
            for model in models
            for action in ("view", "add", "change", "delete")
        ),
        "articles.view_articletransition",
        SUBMIT_PERMISSION,
        PUBLISH_PERMISSION,
        EDIT_ANY_PERMISSION,
        "newsroom.view_translatorlanguage",
        "newsroom.add_translatorlanguage",
        "newsroom.change_translatorlanguage",
        "newsroom.delete_translatorlanguage",
    ],
    TRANSLATOR: [
        *_LOOKUPS,
        "articles.view_article",
        "articles.change_article",
        TRANSLATE_PERMISSION,
        # Only the fields of their languages: TranslatedFieldsAdmin disables the rest.
        *(f"{label}.change_{name}" for label, name in _TRANSLATED_LOOKUPS),
    ],
}


def roles_sync() -> None:
    """Create the role groups and give each exactly the permissions in ``ROLES``; idempotent."""
    for name, perms in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = Q(pk__in=[])
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))


def translator_languages(user: AbstractBaseUser | AnonymousUser) -> list[str]:
    """The languages ``user`` is assigned to translate, in the site's order."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_translator_languages"):  # asked many times per request
        assigned = set(user.translator_languages.values_list("language", flat=True))
        user._translator_languages = [code for code in LANGUAGE_CODES if code in assigned]
    return user._translator_languages


def translates_only(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Is ``user`` a translator, who may change the fields of their languages and nothing else?"""
    return (
        user.is_authenticated
        and user.has_perm(TRANSLATE_PERMISSION)
        and not user.has_perm(EDIT_ANY_PERMISSION)
    )


def system_user() -> AbstractBaseUser:
    """The account management commands credit their content to; it cannot log in. Idempotent."""
    user, _created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"is_active": False, "password": make_password(None)},  # unusable
    )
    return user
