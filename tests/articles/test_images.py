import pytest
from django.core.files.storage import default_storage
from PIL import Image

from articles.images import photo_delete, photo_renditions_ensure, photo_save, rendition_widths
from articles.models import Rendition
from tests.builders import article_build, image_file, photo_build
from tests.pages import parse

pytestmark = pytest.mark.django_db


def test_rendition_widths_never_upscale():
    assert rendition_widths(1600) == [320, 640, 960, 1280, 1600]
    assert rendition_widths(1000) == [320, 640, 960, 1000]
    assert rendition_widths(3000) == [320, 640, 960, 1280, 1600]
    assert rendition_widths(64) == [64]


def test_saving_a_photo_makes_webp_and_jpeg_renditions():
    photo = photo_build(image=image_file(size=(1000, 500)))
    renditions = list(photo.renditions.filter(crop=""))
    assert {(r.format, r.width, r.height) for r in renditions} == {
        (fmt, w, w // 2) for fmt in ("webp", "jpeg") for w in (320, 640, 960, 1000)
    }
    for rendition in renditions:
        with default_storage.open(rendition.file.name) as handle:
            image = Image.open(handle)
            assert image.format == rendition.format.upper()
            assert image.size == (rendition.width, rendition.height)


def test_rendition_names_do_not_reveal_the_original():
    photo = photo_build()
    for rendition in photo.renditions.all():
        assert "photo" not in rendition.file.name.rsplit("/", 1)[-1]


def test_renditions_are_made_once(django_assert_num_queries):
    photo = photo_build()
    with django_assert_num_queries(1):  # only checks they exist
        photo_renditions_ensure(photo)
    photo.caption_ar = "تعليق"
    photo_save(photo=photo, changed={"caption_ar"})
    assert photo.renditions.filter(crop="").count() == 2


def test_a_new_image_replaces_the_renditions():
    photo = photo_build()
    old = {r.file.name for r in photo.renditions.all()}
    photo.image = image_file("other.jpg", size=(700, 350))
    photo_save(photo=photo, changed={"image"})
    new = {r.file.name for r in photo.renditions.all()}
    assert len(new) == 6 + 3 and not (old & new)  # four widths in two formats; three crops
    assert not any(default_storage.exists(name) for name in old)


def test_article_page_serves_a_responsive_picture(client):
    photo = photo_build(image=image_file(size=(1000, 500)), alt_text_ar="وصف الصورة")
    article = article_build(lead_photo=photo)
    page = parse(client.get(article.get_absolute_url("ar")))
    (source,) = page.cssselect("figure picture source")
    assert source.get("type") == "image/webp"
    assert source.get("srcset").count("w,") == 3
    img = page.cssselect("figure picture img")[0]
    assert (img.get("width"), img.get("height"), img.get("alt")) == ("1000", "500", "وصف الصورة")
    assert img.get("src").endswith("-1000.jpeg")
    assert img.get("sizes")
    assert all(r.file.url in source.get("srcset") for r in Rendition.objects.filter(format="webp"))


def test_makerenditions_fills_in_missing_renditions():
    from django.core.management import call_command

    photo = photo_build()
    Rendition.objects.all().delete()
    call_command("makerenditions", verbosity=0)
    assert photo.renditions.filter(crop="").count() == 2
    before = set(photo.renditions.values_list("pk", flat=True))
    call_command("makerenditions", verbosity=0)
    assert set(photo.renditions.values_list("pk", flat=True)) == before
    call_command("makerenditions", "--all", verbosity=0)
    assert set(photo.renditions.values_list("pk", flat=True)).isdisjoint(before)


def test_deleting_a_photo_deletes_its_rendition_files():
    photo = photo_build()
    names = [r.file.name for r in photo.renditions.all()]
    assert all(default_storage.exists(name) for name in names)
    photo_delete(photos=[photo])
    assert not any(default_storage.exists(name) for name in names)


def test_a_large_jpeg_makes_every_rendition_from_a_smaller_decoding():
    photo = photo_build(image=image_file(size=(4000, 3000)))  # decoded at half its size
    assert {(r.width, r.height) for r in photo.renditions.filter(crop="")} == {
        (w, w * 3 // 4) for w in (320, 640, 960, 1280, 1600)
    }
    big = photo.renditions.get(format="jpeg", width=1600, crop="")
    with default_storage.open(big.file.name) as handle, Image.open(handle) as image:
        assert image.size == (1600, 1200)
        assert image.getpixel((800, 600)) == pytest.approx((200, 30, 30), abs=8)


def test_a_photo_turned_by_its_exif_gets_upright_renditions():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: shown turned a quarter to the right
    buffer = io.BytesIO()
    Image.new("RGB", (2000, 1000), (200, 30, 30)).save(buffer, "JPEG", exif=exif.tobytes())
    photo = photo_build(image=SimpleUploadedFile("turned.jpg", buffer.getvalue()))
    assert {(r.width, r.height) for r in photo.renditions.filter(crop="")} == {
        (w, w * 2) for w in (320, 640, 960, 1000)
    }


def test_a_photo_gets_centred_crops_at_16_9_4_3_and_1_1_for_search_engines():
    photo = photo_build(image=image_file(size=(4000, 3000)))
    crops = {r.crop: r for r in photo.renditions.exclude(crop="")}
    assert {name: (r.format, r.width, r.height) for name, r in crops.items()} == {
        "16x9": ("jpeg", 1200, 675),
        "4x3": ("jpeg", 1200, 900),
        "1x1": ("jpeg", 1200, 1200),
    }
    for rendition in crops.values():
        with default_storage.open(rendition.file.name) as handle, Image.open(handle) as image:
            assert image.size == (rendition.width, rendition.height)
    # A narrow photo is never enlarged: its crops are as wide as it allows.
    small = photo_build(image=image_file(size=(800, 600)))
    sizes = {r.crop: (r.width, r.height) for r in small.renditions.exclude(crop="")}
    assert sizes == {"16x9": (800, 450), "4x3": (800, 600), "1x1": (600, 600)}
