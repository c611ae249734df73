"""Choosing a photo in the admin: captions with thumbnails, under the Content-Security-Policy."""

import pytest
from django.core.management import call_command

from articles.models import Article
from newsroom.roles import REPORTER
from tests.browser.test_csp import violations, watched
from tests.builders import photo_build
from tests.staff import PASSWORD, staff_build

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, user) -> None:
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")


def test_a_reporter_picks_a_lead_photo_by_its_caption_seeing_thumbnails(live_server, page):
    call_command("syncroles", verbosity=0)
    reporter = staff_build(role=REPORTER)
    lavrov = photo_build(caption_ar="لافروف في نيويورك", caption_en="Lavrov in New York")
    photo_build(caption_ar="غوتيريش في جنيف")  # not translated: its Arabic caption shows
    console = watched(page)
    log_in(page, live_server, reporter)
    page.goto(live_server.url + "/admin/articles/article/add/")

    page.click("#id_lead_photo + .select2 .select2-selection")
    page.fill(".select2-search__field", "في")
    results = page.locator(".select2-results__option .autocomplete-thumbnail-result")
    results.first.wait_for()
    assert results.count() == 2
    assert sorted(results.all_inner_texts()) == ["غوتيريش في جنيف", "لافروف في نيويورك"]
    for image in results.locator("img").all():
        assert "/media/renditions/" in image.get_attribute("src")
        # decode() waits for the file to load (the images are fetched as results appear).
        assert image.evaluate("img => img.decode().then(() => img.naturalWidth > 0, () => false)")
    assert "photos/" not in page.inner_text(".select2-results")

    results.filter(has_text="لافروف").click()
    assert page.inner_text("#select2-id_lead_photo-container").strip().endswith("لافروف في نيويورك")
    page.fill("#id_title_ar", "لافروف يصل")
    # Saved from the keyboard: a mouse press there moves the page under the pointer once the
    # photo is picked (noticed after the merge; see the closing note), so the click misses.
    page.focus("input[name=_save]")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/admin/articles/article/")
    assert Article.objects.get().lead_photo == lavrov
    assert violations(page) == []
    assert not [m for m in console if "Content Security Policy" in m], console
