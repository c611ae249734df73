"""Who may change what beyond Django's per-model permissions."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from articles.models import Article, Photo

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
