"""Responsive photo renditions made with Pillow: WebP plus a JPEG fallback, several widths.

Renditions are generated once, when a photo is saved with a new image
(``photo_save``), and stored through Django's default storage; pages then
only read their rows (prefetched), so no request ever touches an image. Their
file names carry a keyed hash of the source, so nobody can guess the address
of a photo before a page links to it.
"""

from __future__ import annotations

import hashlib
import hmac
import io
from collections.abc import Collection, Sequence

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import ExifTags, Image, ImageOps

from articles.models import Photo, Rendition
from newsroom.content import content_delete, content_save

#: Widths offered in ``srcset``; a photo gets those not wider than itself (and at least one).
WIDTHS: tuple[int, ...] = (320, 640, 960, 1280, 1600)
QUALITY = {Rendition.Format.WEBP: 80, Rendition.Format.JPEG: 82}
PIL_FORMAT = {Rendition.Format.WEBP: "WEBP", Rendition.Format.JPEG: "JPEG"}
#: Centred crops made for search engines and sharing (JSON-LD ``image``), JPEG, this wide
#: at most: Google asks for 16:9, 4:3 and 1:1 images, at least 1200 px wide for a large preview.
CROPS: dict[str, tuple[int, int]] = {"16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1)}
CROP_WIDTH = 1200
#: EXIF orientations that show the stored picture turned a quarter (width and height swap).
QUARTER_TURNS = frozenset({5, 6, 7, 8})
#: How much larger than the largest rendition a JPEG is decoded, at least.
DECODE_MARGIN = 1.5


def rendition_widths(original_width: int) -> list[int]:
    """The widths to make for an image ``original_width`` pixels wide."""
    largest = min(original_width, WIDTHS[-1])
    return [*(w for w in WIDTHS if w < largest), largest]


def _token(name: str) -> str:
    """A keyed, unguessable name stem for the renditions of the file ``name``."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, name.encode(), hashlib.sha256).hexdigest()[:20]


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, PIL_FORMAT[fmt], quality=QUALITY[fmt], optimize=True)
    return buffer.getvalue()


def photo_renditions_generate(photo: Photo) -> list[Rendition]:
    """Make (or remake) the renditions of ``photo`` from its current image file."""
    with photo.image.open("rb") as handle:
        original = Image.open(handle)
        full_width, full_height = original.size
        if original.getexif().get(ExifTags.Base.Orientation, 1) in QUARTER_TURNS:
            full_width, full_height = full_height, full_width
        widths = rendition_widths(full_width)
        # A JPEG is decoded at the smallest scale (1/2, 1/4, 1/8) still well above the
        # largest rendition: far less memory and work than the full image, as sharp.
        factor = DECODE_MARGIN * widths[-1] / full_width
        original.draft(
            None, (max(1, round(original.width * factor)), max(1, round(original.height * factor)))
        )
        ImageOps.exif_transpose(original, in_place=True)
        if original.mode != "RGB":
            original = original.convert("RGB")
    token = _token(photo.image.name)
    renditions = []
    for width in widths:
        height = max(1, round(full_height * width / full_width))
        resized = original.resize((width, height), Image.Resampling.LANCZOS)
        for fmt in Rendition.Format.values:
            rendition = Rendition(
                photo=photo, source_name=photo.image.name, format=fmt, width=width, height=height
            )
            rendition.file.save(f"{token}-{width}.{fmt}", ContentFile(_encode(resized, fmt)), False)
            renditions.append(rendition)
    renditions += _crops(photo, original, token)
    with transaction.atomic():
        _renditions_delete(photo.pk)
        Rendition.objects.bulk_create(renditions)
    return renditions


def _crops(photo: Photo, image: Image.Image, token: str) -> list[Rendition]:
    """The ``CROPS`` of ``image`` (already decoded and turned upright), centred."""
    crops = []
    fmt = Rendition.Format.JPEG
    for name, (across, down) in CROPS.items():
        width = min(image.width, image.height * across // down)
        height = width * down // across
        left, top = (image.width - width) // 2, (image.height - height) // 2
        cropped = image.crop((left, top, left + width, top + height))
        # Sizes from the source's own width: the decoded image may be smaller than it.
        out_width = min(CROP_WIDTH, round(width * photo.width / image.width) or width)
        out_height = max(1, out_width * down // across)
        cropped = cropped.resize((out_width, out_height), Image.Resampling.LANCZOS)
        rendition = Rendition(
            photo=photo,
            source_name=photo.image.name,
            format=fmt,
            width=out_width,
            height=out_height,
            crop=name,
        )
        rendition.file.save(
            f"{token}-{name}-{out_width}.{fmt}", ContentFile(_encode(cropped, fmt)), False
        )
        crops.append(rendition)
    return crops


def _renditions_delete(photo_id: int) -> None:
    """Delete a photo's renditions, their files too."""
    renditions = Rendition.objects.filter(photo_id=photo_id)
    for rendition in renditions:
        rendition.file.delete(save=False)
    renditions.delete()


def photo_renditions_ensure(photo: Photo) -> None:
    """Generate renditions unless they already exist for the photo's current image."""
    if not photo.image:
        return
    current = Rendition.objects.filter(photo=photo, source_name=photo.image.name).exists()
    if not current:
        photo_renditions_generate(photo)


def photo_save(
    *,
    photo: Photo,
    user: AbstractBaseUser | None = None,
    changed: Collection[str] | None = None,
) -> Photo:
    """Save ``photo`` as ``newsroom.content.content_save`` does, and make its renditions;
    a new photo's uploader is ``user``."""
    if photo._state.adding and photo.uploaded_by_id is None and user is not None:
        photo.uploaded_by = user
    with transaction.atomic():
        content_save(obj=photo, user=user, changed=changed)
        photo_renditions_ensure(photo)
    return photo


def photo_delete(*, photos: Sequence[Photo]) -> None:
    """Delete ``photos`` with their renditions' files, as ``content_delete`` does."""
    with transaction.atomic():
        for photo in photos:
            _renditions_delete(photo.pk)
        content_delete(objects=photos)


def srcset(renditions: list[Rendition], fmt: str) -> str:
    """A ``srcset`` value for the renditions of one format."""
    return ", ".join(
        f"{r.file.url} {r.width}w" for r in renditions if r.format == fmt and not r.crop
    )


def thumbnail_url(photo: Photo) -> str:
    """The address of the photo's smallest rendition (its image's, until it has renditions)."""
    whole = [r for r in photo.renditions.all() if not r.crop]
    smallest = min(whole, key=lambda r: (r.width, r.format), default=None)
    return smallest.file.url if smallest else photo.image.url
