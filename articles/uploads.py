"""Photo uploads: only real JPEG, PNG and WebP images within limits are kept,
re-encoded without their metadata, under a name the server makes.

Re-encoding drops whatever rides along in the file (EXIF GPS positions, camera
serial numbers, comments, appended scripts of a polyglot): only pixels and the
colour profile survive.
"""

from __future__ import annotations

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

#: Largest upload accepted, in bytes.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: Largest image accepted, in pixels (width × height): far above any camera's
#: output, far below what a decompression bomb expands to.
MAX_PIXELS = 60_000_000
#: Pillow format name → the extensions a file of that format may carry.
FORMATS = {"JPEG": ("jpg", "jpeg"), "PNG": ("png",), "WEBP": ("webp",)}
#: Signs of a polyglot: markup, script or an archive hidden in an image file,
#: which a browser or another program could read as something else.
FOREIGN_CONTENT = (
    b"<script",
    b"<html",
    b"<svg",
    b"<?php",
    b"<!doctype",
    b"<iframe",
    b"javascript:",
    b"pk\x03\x04",
    b"%pdf-",
)


def _reject(message: str, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params)


def image_clean(upload: UploadedFile) -> ContentFile:
    """Check an uploaded image; return a re-encoded copy without metadata, newly named.

    Raises ValidationError with a message for the editor when the file is not a
    JPEG, PNG or WebP image within the limits, is truncated, or its name lies
    about its format.
    """
    if upload.size and upload.size > MAX_UPLOAD_BYTES:
        raise _reject(
            _("The file is too large: at most %(limit)d MB."),
            "too_large",
            limit=MAX_UPLOAD_BYTES // (1024 * 1024),
        )
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            image_format = probe.format
            width, height = probe.size
            if image_format not in FORMATS:
                raise _reject(_("Only JPEG, PNG and WebP images are accepted."), "format")
            if width * height > MAX_PIXELS:
                raise _reject(
                    _("The image is too large: at most %(limit)d megapixels."),
                    "too_many_pixels",
                    limit=MAX_PIXELS // 1_000_000,
                )
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()  # a truncated file fails here
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _reject(
            _("The image is too large: at most %(limit)d megapixels."),
            "too_many_pixels",
            limit=MAX_PIXELS // 1_000_000,
        ) from error
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise _reject(
            _("The file is not a usable image (it may be damaged or of another kind)."),
            "invalid",
        ) from error

    lowered = data.lower()
    if any(signature in lowered for signature in FOREIGN_CONTENT):
        raise _reject(
            _("The file carries other content besides the image and was refused."), "polyglot"
        )

    extension = (upload.name or "").rsplit(".", 1)[-1].lower() if "." in (upload.name or "") else ""
    if extension not in FORMATS[image_format]:
        raise _reject(
            _("The file name says “%(extension)s” but the file is a %(format)s image."),
            "lying_extension",
            extension=extension or "—",
            format=image_format,
        )

    return ContentFile(
        _reencode(image, image_format), name=f"{uuid.uuid4().hex}.{FORMATS[image_format][0]}"
    )


def _reencode(image: Image.Image, image_format: str) -> bytes:
    """The image's pixels (upright, first frame) saved afresh with no metadata but colour."""
    icc_profile = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)  # keep the picture upright once EXIF is gone
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    clean = Image.new(image.mode, image.size)
    if image.mode == "P":
        clean.putpalette(image.getpalette())
    clean.paste(image)
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        options.update(quality=90, optimize=True)
    elif image_format == "WEBP":
        options.update(quality=90)
    else:
        options.update(optimize=True)
    buffer = io.BytesIO()
    clean.save(buffer, image_format, **options)
    return buffer.getvalue()
