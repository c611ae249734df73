"""The newsroom's roles as Django groups, kept in step with this table, and the rules
of who may change what beyond Django's per-model permissions."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from django.db.models import Q

from articles.models import Article, Photo

REPORTER = "Reporter"
EDITOR = "Editor"
TRANSLATOR = "Translator"

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
    "articles": ["article", "section", "source", "tag", "photo", "photocredit"],
    "people": ["person", "organisation"],
}

# What translators translate besides articles (sections stay with the editors).
_TRANSLATED_LOOKUPS = [
    ("articles", "source"),
    ("articles", "tag"),
    ("articles", "photo"),
    ("articles", "photocredit"),
    ("people", "person"),
    ("people", "organisation"),
]

ROLES: dict[str, list[str]] = {
    REPORTER: [
        *_LOOKUPS,
        "articles.view_article",
        "articles.add_article",
        "articles.change_article",
        "articles.submit_article",
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
        "articles.submit_article",
        "articles.publish_article",
        "articles.edit_any_article",
        "newsroom.view_translatorlanguage",
        "newsroom.add_translatorlanguage",
        "newsroom.change_translatorlanguage",
        "newsroom.delete_translatorlanguage",
    ],
    TRANSLATOR: [
        *_LOOKUPS,
        "articles.view_article",
        "articles.change_article",
        "articles.translate_article",
        # Only the fields of their languages: TranslatedFieldsAdmin disables the rest.
        *(f"{label}.change_{name}" for label, name in _TRANSLATED_LOOKUPS),
    ],
}


CHANGE_PHOTO_PERMISSION = "articles.change_photo"
CHANGE_OWN_PHOTO_PERMISSION = "articles.change_own_photo"


def photo_change_allowed(*, user: AbstractBaseUser, photo: Photo | None) -> bool:
    """May ``user`` change ``photo`` (None: any photo of theirs, as for the photo list)?

    Editors and translators change any photo (translators only the fields of their
    languages). A reporter corrects the photos they uploaded for as long as no
    published (or scheduled) article shows them: after that, readers have seen the
    caption, and an editor decides.
    """
    if not user.is_active:
        return False
    if user.has_perm(CHANGE_PHOTO_PERMISSION):
        return True
    if not user.has_perm(CHANGE_OWN_PHOTO_PERMISSION):
        return False
    if photo is None:
        return True
    return (
        photo.uploaded_by_id is not None
        and photo.uploaded_by_id == user.pk
        and not photo.articles.filter(status=Article.Status.PUBLISHED).exists()
    )


def roles_sync() -> None:
    """Create the role groups and give each exactly the permissions in ``ROLES``; idempotent."""
    for name, perms in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = Q(pk__in=[])
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))


def system_user() -> AbstractBaseUser:
    """The account management commands credit their content to; it cannot log in. Idempotent."""
    user, _created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"is_active": False, "password": make_password(None)},  # unusable
    )
    return user
