"""Photo uploads through the admin: what is accepted, what is refused, what is stored."""

import io
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
