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
    return Photo.objects.create(image=fields.pop("image", None) or image_file(), **fields)


def article_full_build(*, people: int = 1, tags: int = 1, organisations: int = 1, **fields):
    """A public article in all three languages with a photo, section, source, people and tags."""
    from articles.models import PhotoCredit, Section, Source
    from people.models import Organisation

    n = next(_ids)
    section, _ = Section.objects.get_or_create(
        slug="world", defaults={"name_ar": "العالم", "name_ru": "Мир", "name_en": "World"}
    )
    source, _ = Source.objects.get_or_create(
        slug="tass", defaults={"name_ar": "تاس", "name_ru": "ТАСС", "name_en": "TASS"}
    )
    credit, _ = PhotoCredit.objects.get_or_create(
        name_en="Agency", defaults={"name_ar": "وكالة", "name_ru": "Агентство"}
    )
    photo = photo_build(credit=credit, alt_text_ar="صورة", alt_text_ru="Фото", alt_text_en="Photo")
    values = {
        "title_ru": f"Статья {n}",
        "body_ru": "<p>Текст.</p>",
        "slug_ru": f"statya-{n}",
        "title_en": f"Article {n}",
        "body_en": "<p>Text.</p>",
        "slug_en": f"article-{n}",
        "standfirst_ar": "ملخص",
        "section": section,
        "source": source,
        "lead_photo": photo,
    }
    values.update(fields)
    article = article_build(**values)
    article.people.add(
        *(
            person_build(name_ru=f"Персона {i}", name_en=f"Person {i}", role_ar="دور")
            for i in range(people)
        )
    )
    article.tags.add(
        *(tag_build(name_ru=f"тег {n}-{i}", name_en=f"tag {n}-{i}") for i in range(tags))
    )
    article.organisations.add(
        *(
            Organisation.objects.create(
                name_ar=f"منظمة {n}-{i}", name_ru="Орг", name_en="Org", slug=f"org-{n}-{i}"
            )
            for i in range(organisations)
        )
    )
    return article


def empty_page_cache() -> None:
    """Empty the page cache, keeping a content version (as a running site always has one)."""
    from django.core.cache import cache

    from articles.caching import content_state

    cache.clear()
    content_state()
