"""Photo uploads through the admin: what is accepted, what is refused, what is stored."""

import io
import struct
import time
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Photo

pytestmark = pytest.mark.django_db


def image_bytes(fmt="JPEG", size=(80, 60), **save_options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, fmt, **save_options)
    return buffer.getvalue()


def exif_with_location() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0110] = "Model-X"  # Model
    exif.get_ifd(0x8769)[0xA431] = "SERIAL-123456"  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (55.0, 45.0, 21.0)  # latitude
    gps[3], gps[4] = "E", (37.0, 37.0, 4.0)  # longitude
    return exif


def upload(admin_client, name, content, content_type="image/jpeg"):
    return admin_client.post(
        reverse("admin:articles_photo_add"),
        {
            "image": SimpleUploadedFile(name, content, content_type=content_type),
            "caption_ar": "تعليق محفوظ",
        },
        headers={"accept-language": "en"},
    )


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("name", "fmt", "extension"),
    [
        ("reporter-a.jpg", "JPEG", "jpg"),
        ("reporter-b.JPEG", "JPEG", "jpg"),
        ("reporter-c.png", "PNG", "png"),
        ("reporter-d.webp", "WEBP", "webp"),
    ],
)
def test_real_images_are_accepted_renamed_and_reencoded(
    admin_client, settings, name, fmt, extension
):
    response = upload(admin_client, name, image_bytes(fmt))
    assert response.status_code == 302
    photo = Photo.objects.get()
    stored = Path(photo.image.path)
    assert stored.suffix == f".{extension}"
    assert Path(name).stem not in stored.name
    assert len(stored.stem) == 32  # a server-made uuid
    assert (photo.width, photo.height) == (80, 60)
    with Image.open(stored) as image:
        assert image.format == fmt


def test_camera_metadata_and_location_are_stripped(admin_client, settings):
    original = image_bytes("JPEG", exif=exif_with_location().tobytes())
    assert b"SERIAL-123456" in original
    assert upload(admin_client, "gps.jpg", original).status_code == 302
    stored = Path(Photo.objects.get().image.path).read_bytes()
    for secret in (b"SERIAL-123456", b"CameraMaker", b"Model-X"):
        assert secret not in stored
    with Image.open(io.BytesIO(stored)) as image:
        exif = image.getexif()
        assert not exif.get_ifd(0x8825)
        assert 0x010F not in exif


def truncated_jpeg() -> bytes:
    data = image_bytes("JPEG", size=(400, 300))
    return data[: len(data) // 2]


def decompression_bomb() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")  # 100 megapixels in a few kB
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>'


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.jpg", b"just some text, not an image", "valid image"),
        ("page.png", b"<html><script>alert(1)</script></html>", "valid image"),
        ("drawing.svg", SVG, "valid image"),
        ("cut.jpg", truncated_jpeg(), "not a usable image"),
        ("bomb.png", decompression_bomb(), "too large"),
        ("poly.jpg", image_bytes("JPEG") + b"<script>alert(1)</script>", "other content"),
        ("zip.jpg", image_bytes("JPEG") + b"PK\x03\x04rest-of-a-zip", "other content"),
        ("lying.jpg", image_bytes("PNG"), "PNG image"),
        ("noext", image_bytes("JPEG"), "extension"),
        ("anim.gif", image_bytes("GIF"), "Only JPEG, PNG and WebP"),
    ],
    ids=[
        "text",
        "html",
        "svg",
        "truncated",
        "bomb",
        "polyglot-script",
        "polyglot-zip",
        "lying-extension",
        "no-extension",
        "gif",
    ],
)
def test_bad_uploads_get_a_clear_error_and_nothing_is_stored(
    admin_client, settings, name, content, message
):
    response = upload(admin_client, name, content)
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors.get("image", []))
    assert message in errors
    assert "تعليق محفوظ" in response.content.decode()  # the form keeps what was typed
    assert Photo.objects.count() == 0
    assert stored_files(settings) == []


def test_oversized_file_is_refused(admin_client, settings, monkeypatch):
    monkeypatch.setattr("articles.uploads.MAX_UPLOAD_BYTES", 1000)
    response = upload(admin_client, "big.jpg", image_bytes("JPEG", size=(400, 300)))
    assert "too large" in " ".join(response.context["adminform"].form.errors["image"])
    assert Photo.objects.count() == 0


# --- Decompression amplification: the memory and work of an upload are bounded ------------


def black_png(width: int, height: int) -> bytes:
    """A valid all-black RGBA PNG of any size, written row by row: megabytes of pixels
    cost the test a few kilobytes of memory (the file is what an attacker would send)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    compressor = zlib.compressobj(1)
    row = bytes(1 + width * 4)  # filter byte, then RGBA zeros
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_a_small_png_that_inflates_to_hundreds_of_megabytes_is_refused_at_once(
    admin_client, settings
):
    bomb = black_png(7700, 7700)  # 59 megapixels, under the pixel limit: 226 MiB decoded
    assert len(bomb) < 1024 * 1024
    started = time.process_time()
    response = upload(admin_client, "black.png", bomb)
    spent = time.process_time() - started
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["image"])
    assert "too large to process" in errors
    assert "7700 × 7700" in errors
    assert "تعليق محفوظ" in response.content.decode()
    assert Photo.objects.count() == 0
    assert stored_files(settings) == []
    # Refused from its header, not after decoding it (which took seconds of CPU).
    assert spent < 1.0


def test_a_png_over_the_memory_budget_is_refused(admin_client, settings, monkeypatch):
    monkeypatch.setattr("articles.uploads.MAX_DECODED_BYTES", 200 * 150 * 4)
    response = upload(admin_client, "chart.png", image_bytes("PNG", size=(400, 300)))
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["image"])
    assert "too large to process" in errors
    assert Photo.objects.count() == 0
    assert stored_files(settings) == []


def test_a_jpeg_over_the_memory_budget_is_decoded_smaller(admin_client, monkeypatch):
    monkeypatch.setattr("articles.uploads.MAX_DECODED_BYTES", 200 * 150 * 4)
    response = upload(admin_client, "camera.jpg", image_bytes("JPEG", size=(800, 600)))
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (200, 150)  # a quarter each way
    with Image.open(photo.image.path) as stored:
        assert stored.size == (200, 150)
        assert stored.getpixel((100, 75)) == pytest.approx((10, 120, 200), abs=8)


def test_a_progressive_jpeg_is_counted_with_the_coefficients_its_decoder_holds(
    admin_client, settings, monkeypatch
):
    # A progressive JPEG is decoded from all its coefficients at full size, whatever the
    # scale: about 3 bytes a pixel, which no smaller decoding saves.
    monkeypatch.setattr("articles.uploads.MAX_DECODED_BYTES", 800 * 600 * 2)
    progressive = image_bytes("JPEG", size=(800, 600), progressive=True)
    response = upload(admin_client, "web.jpg", progressive)
    assert response.status_code == 200
    assert "too large to process" in " ".join(response.context["adminform"].form.errors["image"])
    assert Photo.objects.count() == 0
    assert stored_files(settings) == []
    # The same picture as a standard JPEG is decoded at half its size instead.
    assert (
        upload(admin_client, "camera.jpg", image_bytes("JPEG", size=(800, 600))).status_code == 302
    )
    assert Photo.objects.get().width == 400


def test_a_jpeg_within_the_budget_keeps_its_size(admin_client, monkeypatch):
    monkeypatch.setattr("articles.uploads.MAX_DECODED_BYTES", 800 * 600 * 4)
    assert (
        upload(admin_client, "camera.jpg", image_bytes("JPEG", size=(800, 600))).status_code == 302
    )
    assert (Photo.objects.get().width, Photo.objects.get().height) == (800, 600)


def test_the_decoded_size_counts_bands_and_bytes_per_band():
    from articles.uploads import decoded_bytes

    assert decoded_bytes("L", (100, 10)) == 1000
    assert decoded_bytes("I;16", (100, 10)) == 2000
    assert decoded_bytes("F", (100, 10)) == 4000
    # Pillow keeps two to four 8-bit bands in four bytes a pixel.
    assert decoded_bytes("RGB", (100, 10)) == decoded_bytes("RGBA", (100, 10)) == 4000
    assert decoded_bytes("RGBA", (7700, 7700)) > 200 * 1024 * 1024
