"""Small builders for test data (instead of JSON fixtures)."""

from __future__ import annotations

import io
from datetime import timedelta
from itertools import count

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.images import photo_save
from articles.models import Article, Photo, Tag
from articles.workflow import article_save
from newsroom.content import content_save
from people.models import Person

_ids = count(1)


def article_build(
    *,
    title_ar: str = "عنوان تجريبي",
    body_ar: str = "<p>نص تجريبي.</p>",
    status: str = Article.Status.PUBLISHED,
    published_at=None,
    m2m: dict | None = None,
    **fields,
) -> Article:
    """Create an article (published an hour ago unless told otherwise), as the site does:
    through ``article_save``, validated, with no translation recorded."""
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
    return article_save(article=article, user=None, changed=(), m2m=m2m)


def content_build(model, **fields):
    """Create an object of another translated model through its service, with no
    translation recorded."""
    return content_save(obj=model(**fields), changed=())


def person_build(*, name_ar: str = "شخص", **fields) -> Person:
    """Create a person with a unique slug."""
    return content_build(
        Person, name_ar=name_ar, slug=fields.pop("slug", f"person-{next(_ids)}"), **fields
    )


def tag_build(*, name_ar: str | None = None, **fields) -> Tag:
    """Create a tag with a unique Arabic name."""
    n = next(_ids)
    return content_build(
        Tag, name_ar=name_ar or f"وسم {n}", slug=fields.pop("slug", f"tag-{n}"), **fields
    )


def byline_build(article: Article, person: Person, role: str = "writer", **fields):
    """Credit ``person`` on ``article`` through the byline service."""
    from articles.bylines import byline_save
    from articles.models import Byline

    return byline_save(byline=Byline(article=article, person=person, role=role, **fields))


def note_build(article: Article, kind: str = "correction", **fields):
    """Add a note (update, clarification, correction) to a published article, as the admin
    does: through ``content_save``, its Arabic text recorded as the source."""
    from articles.models import ArticleNote

    fields.setdefault("text_ar", "صُحّح اسم المدينة.")
    return content_save(obj=ArticleNote(article=article, kind=kind, **fields))


def image_file(name: str = "photo.jpg", size=(64, 48), fmt: str = "JPEG") -> SimpleUploadedFile:
    """A small real image as an upload."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def photo_build(**fields) -> Photo:
    """Create a photo with a small generated image (and its renditions)."""
    photo = Photo(image=fields.pop("image", None) or image_file(), **fields)
    return photo_save(photo=photo, changed=())


def article_full_build(*, people: int = 1, tags: int = 1, organisations: int = 1, **fields):
    """A public article in all three languages with a photo, section, source, people and tags."""
    from articles.models import PhotoCredit, Section, Source
    from people.models import Organisation

    n = next(_ids)
    section = Section.objects.filter(slug="world").first() or content_build(
        Section, slug="world", name_ar="العالم", name_ru="Мир", name_en="World"
    )
    source = Source.objects.filter(slug="tass").first() or content_build(
        Source, slug="tass", name_ar="تاس", name_ru="ТАСС", name_en="TASS"
    )
    credit = PhotoCredit.objects.filter(name_en="Agency").first() or content_build(
        PhotoCredit, name_en="Agency", name_ar="وكالة", name_ru="Агентство"
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
    values["m2m"] = {
        "people": [
            person_build(name_ru=f"Персона {i}", name_en=f"Person {i}", role_ar="دور")
            for i in range(people)
        ],
        "tags": [tag_build(name_ru=f"тег {n}-{i}", name_en=f"tag {n}-{i}") for i in range(tags)],
        "organisations": [
            content_build(
                Organisation,
                name_ar=f"منظمة {n}-{i}",
                name_ru="Орг",
                name_en="Org",
                slug=f"org-{n}-{i}",
            )
            for i in range(organisations)
        ],
    }
    return article_build(**values)


def empty_page_cache() -> None:
    """Empty the page cache, keeping a content version (as a running site always has one)."""
    from django.core.cache import cache

    from articles.caching import content_state

    cache.clear()
    content_state()
