"""Photo uploads: only real JPEG, PNG and WebP images within limits are kept,
re-encoded without their metadata, under a name the server makes.

Re-encoding drops whatever rides along in the file (EXIF GPS positions, camera
serial numbers, comments, appended scripts of a polyglot): only pixels and the
colour profile survive.
"""

from __future__ import annotations

import io
import math
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageMode, ImageOps, UnidentifiedImageError

#: Largest upload accepted, in bytes.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: Largest image accepted, in pixels (width × height): far above any camera's
#: output, far below what a decompression bomb expands to.
MAX_PIXELS = 60_000_000
#: Largest image decoded, in bytes of memory (width × height × bytes a pixel), read
#: from the header before anything is decoded: a file of a few hundred kilobytes
#: can inflate to gigabytes. Re-encoding holds the image and at most one working
#: copy (turned upright, or converted), so an upload's pixels never take more than
#: twice this, and its work (inflating, encoding) grows with it. A 24-megapixel
#: photo fits; a larger JPEG is decoded at a half, a quarter or an eighth of its
#: size (the JPEG decoder does that cheaply); a larger PNG or WebP is refused.
MAX_DECODED_BYTES = 96 * 1024 * 1024
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
            probe = Image.open(io.BytesIO(data))  # reads the header only
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
            _fit_memory_budget(image)
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


def decoded_bytes(mode: str, size: tuple[int, int]) -> int:
    """The memory an image of ``mode`` and ``size`` takes once decoded, in bytes.

    Width × height × bands × bytes a band, except that Pillow keeps images of
    two to four 8-bit bands in four bytes a pixel.
    """
    descriptor = ImageMode.getmode(mode)
    per_band = int(descriptor.typestr[-1])
    bands = len(descriptor.bands)
    per_pixel = 4 if bands > 1 and per_band == 1 else bands * per_band
    return size[0] * size[1] * per_pixel


def _saved_mode(mode: str, image_format: str) -> str:
    """The mode an image of ``mode`` is saved in (see ``_reencode``)."""
    if image_format == "JPEG":
        return mode if mode in ("RGB", "L") else "RGB"
    return mode if mode in ("RGB", "RGBA", "L", "LA", "P") else "RGBA"


def _pixel_bytes(image: Image.Image, size: tuple[int, int]) -> int:
    """The larger of the image decoded at ``size`` and converted for saving, in bytes."""
    return max(
        decoded_bytes(image.mode, size),
        decoded_bytes(_saved_mode(image.mode, image.format), size),
    )


def _coefficient_bytes(image: Image.Image) -> int:
    """What the JPEG decoder holds besides the pixels: a progressive JPEG's DCT
    coefficients of the whole image (two bytes each, per subsampled component), at
    full size whatever the scale it is decoded at."""
    layers = getattr(image, "layer", None)
    if image.format != "JPEG" or not image.info.get("progressive") or not layers:
        return 0
    h_max = max(h for _id, h, _v, _table in layers)
    v_max = max(v for _id, _h, v, _table in layers)
    width, height = image.size
    return 2 * sum(
        math.ceil(width * h / h_max) * math.ceil(height * v / v_max) for _id, h, v, _table in layers
    )


def _fit_memory_budget(image: Image.Image) -> None:
    """Before decoding: make a JPEG decode small enough, or refuse an image too large."""
    coefficients = _coefficient_bytes(image)
    if (
        image.format == "JPEG"
        and coefficients + _pixel_bytes(image, image.size) > MAX_DECODED_BYTES
    ):
        width, height = image.size
        for scale in (2, 4, 8):  # what the JPEG decoder can skip while decoding
            size = (width // scale, height // scale)
            if coefficients + _pixel_bytes(image, size) <= MAX_DECODED_BYTES:
                image.draft(image.mode, size)
                break
    needed = coefficients + _pixel_bytes(image, image.size)
    if needed > MAX_DECODED_BYTES:
        raise _reject(
            _(
                "The image is too large to process: %(width)d × %(height)d pixels take "
                "%(needed)d MB of memory once opened, more than %(limit)d MB. Save it at "
                "a smaller size, or as a standard (not progressive) JPEG, and upload it again."
            ),
            "too_much_memory",
            width=image.width,
            height=image.height,
            needed=-(-needed // (1024 * 1024)),
            limit=MAX_DECODED_BYTES // (1024 * 1024),
        )


def _reencode(image: Image.Image, image_format: str) -> bytes:
    """The image's pixels (upright, first frame) saved afresh with no metadata but colour.

    The image is changed in place, so that no more than one working copy of its
    pixels exists at a time (see ``MAX_DECODED_BYTES``).
    """
    icc_profile = image.info.get("icc_profile")
    transparency = image.info.get("transparency")
    ImageOps.exif_transpose(image, in_place=True)  # keep the picture upright once EXIF is gone
    mode = _saved_mode(image.mode, image_format)
    if image.mode != mode:
        transparency = None  # carried over by convert() into the pixels, if at all
        image = image.convert(mode)
    # Only pixels, palette and colour go on: no EXIF, XMP, comments or text chunks.
    image.info = {} if transparency is None else {"transparency": transparency}
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG" or image_format == "WEBP":
        options.update(quality=90)
    else:
        options.update(optimize=True)
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()
