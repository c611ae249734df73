"""Small builders for test data (instead of JSON fixtures)."""

from __future__ import annotations

import io
from datetime import timedelta
from itertools import count

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image

from articles.models import Article, Photo, Tag
from people.models import Person

_ids = count(1)


def article_build(
    *,
    title_ar: str = "عنوان تجريبي",
    body_ar: str = "<p>نص تجريبي.</p>",
    status: str = Article.Status.PUBLISHED,
    published_at=None,
    **fields,
) -> Article:
    """Create an article (published an hour ago unless told otherwise)."""
    n = next(_ids)
    if published_at is None and status == Article.Status.PUBLISHED:
        published_at = timezone.now() - timedelta(hours=1)
    article = Article(
        title_ar=title_ar,
        body_ar=body_ar,
        slug_ar=fields.pop("slug_ar", f"مقال-{n}"),
        status=status,
        published_at=published_at,
        **fields,
    )
    with translation.override("ar"):  # the original field reads the active language
        article.full_clean()
    article.save()
    return article


def person_build(*, name_ar: str = "شخص", **fields) -> Person:
    """Create a person with a unique slug."""
    return Person.objects.create(
        name_ar=name_ar, slug=fields.pop("slug", f"person-{next(_ids)}"), **fields
    )


def tag_build(*, name_ar: str | None = None, **fields) -> Tag:
    """Create a tag with a unique Arabic name."""
    n = next(_ids)
    return Tag.objects.create(
        name_ar=name_ar or f"وسم {n}", slug=fields.pop("slug", f"tag-{n}"), **fields
    )


def image_file(name: str = "photo.jpg", size=(64, 48), fmt: str = "JPEG") -> SimpleUploadedFile:
    """A small real image as an upload."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def photo_build(**fields) -> Photo:
    """Create a photo with a small generated image."""
    return Photo.objects.create(image=image_file(), **fields)
