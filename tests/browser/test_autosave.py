"""Never lose typing, in Chromium: the article form autosaves while a person types; after
the browser is closed mid-typing, reopening the article offers the text back, showing what
differs; restoring brings it back; leaving with unsaved changes asks first."""

import os
import time
from pathlib import Path

import pytest
from django.db import OperationalError

from articles.models import Article, ArticleAutosave
from newsroom.roles import EDITOR
from tests.builders import article_build
from tests.html_tools import AXE_JS, require
from tests.staff import PASSWORD, staff_build

pytestmark = pytest.mark.django_db(transaction=True)

SERIOUS = {"serious", "critical"}
WIDTHS = {"wide": 1280, "phone": 390}
TYPED_TITLE = " يكتبه المحرر"
TYPED_BODY = "فقرة كتبت ولم تحفظ بعد."
LAST_WORDS = " وجملة أخيرة"


def log_in(page, live_server, user):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")


def new_page(browser, language: str, width: int, errors: list):
    context = browser.new_context(locale=language, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page


def body_editor(page):
    return page.locator(".prose-editor:has(#id_body_ar) .ProseMirror[contenteditable=true]")


def arabic_tabs(page):
    """Show the Arabic tab of the title and the body (an English admin may open on EN)."""
    page.click("a[href='#tab_id_title_ar']")
    page.click("a[href='#tab_id_body_ar']")


def autosaved(user, article, *texts, timeout=20.0) -> bool:
    """Wait until the server holds an autosave of ``article`` containing every text."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = ArticleAutosave.objects.filter(user=user, article=article).first()
        except OperationalError:  # SQLite: the server's thread is writing it
            found = None
        if found and all(text in str(found.data) for text in texts):
            return True
        time.sleep(0.3)
    return False


@pytest.mark.parametrize("width", WIDTHS, ids=str)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_closed_mid_typing_the_text_is_offered_back_and_restored(
    browser, live_server, language, width, tmp_path
):
    require(AXE_JS, "axe-core")
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)  # to look at them
    editor = staff_build(role=EDITOR)
    article = article_build(status=Article.Status.DRAFT, title_ar="وزير الخارجية يلتقي")
    change_url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    errors: list[str] = []

    # Typing, the form autosaves; the browser is closed while the person still types.
    context, page = new_page(browser, language, WIDTHS[width], errors)
    log_in(page, live_server, editor)
    page.goto(change_url)
    arabic_tabs(page)
    page.locator("#id_title_ar").press("End")
    page.keyboard.type(TYPED_TITLE)
    body_editor(page).click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(TYPED_BODY)
    assert autosaved(editor, article, TYPED_TITLE.strip(), TYPED_BODY)
    status = page.locator("[data-autosave-status]")
    assert status.inner_text().strip() != ""  # "Autosaved at …"
    assert status.get_attribute("data-problem") is None
    page.keyboard.type(LAST_WORDS)
    context.close()  # the page, hidden and closed, sends what it holds (fetch keepalive)
    assert Article.objects.get(pk=article.pk).title_ar == "وزير الخارجية يلتقي"  # unchanged

    # Another browser: the article offers the text back, showing what differs.
    context, page = new_page(browser, language, WIDTHS[width], errors)
    log_in(page, live_server, editor)
    page.goto(change_url)
    offer = page.locator(".autosave-offer")
    offer.wait_for()
    assert TYPED_TITLE.strip() in offer.locator("dd", has=page.locator("ins")).first.inner_text()
    assert TYPED_BODY in offer.inner_text()
    box = offer.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[width] + 0.5, box
    page.screenshot(path=shots / f"offer-{language}-{width}.png", full_page=False)
    page.evaluate(AXE_JS.read_text())
    result = page.evaluate("async () => await axe.run('.autosave-offer')")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]
    assert serious == []
    assert result["passes"]

    # Restoring brings the text back into the form.
    offer.locator("[data-autosave-restore]").click()
    page.locator(".autosave-restored").wait_for()
    page.screenshot(path=shots / f"restored-{language}-{width}.png", full_page=False)
    arabic_tabs(page)
    assert TYPED_TITLE.strip() in page.locator("#id_title_ar").input_value()
    assert TYPED_BODY + LAST_WORDS in body_editor(page).inner_text()  # to the last word

    # Leaving with unsaved changes asks first.
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    page.locator("#id_title_ar").click()
    page.close(run_before_unload=True)
    deadline = time.monotonic() + 10
    while not dialogs and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert dialogs == ["beforeunload"]

    # Saving keeps it and needs no warning; the autosave is gone.
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    assert TYPED_TITLE.strip() in Article.objects.get(pk=article.pk).title_ar
    assert not ArticleAutosave.objects.filter(user=editor).exists()
    assert page.locator(".autosave-offer").count() == 0
    assert dialogs == ["beforeunload"]
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def test_an_untouched_form_leaves_without_a_question(browser, live_server):
    editor = staff_build(role=EDITOR)
    article = article_build(status=Article.Status.DRAFT)
    errors: list[str] = []
    context, page = new_page(browser, "en", 1280, errors)
    log_in(page, live_server, editor)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    arabic_tabs(page)
    page.locator("#id_title_ar").click()  # focused, nothing typed
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.wait_for_timeout(6000)  # one autosave interval: nothing to send
    with page.expect_event("close", timeout=5000):  # closed at once, without asking
        page.close(run_before_unload=True)
    context.close()
    assert dialogs == []
    assert not ArticleAutosave.objects.exists()
    assert not errors


def test_a_dropped_connection_is_said_and_the_text_autosaved_once_it_is_back(browser, live_server):
    editor = staff_build(role=EDITOR)
    article = article_build(status=Article.Status.DRAFT)
    errors: list[str] = []
    context, page = new_page(browser, "en", 1280, errors)
    log_in(page, live_server, editor)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    arabic_tabs(page)
    context.set_offline(True)
    page.locator("#id_title_ar").press("End")
    page.keyboard.type(" بلا اتصال")
    status = page.locator("[data-autosave-status][data-problem]")
    status.wait_for(timeout=15000)
    assert "no connection" in status.inner_text()
    assert not ArticleAutosave.objects.exists()
    context.set_offline(False)
    assert autosaved(editor, article, "بلا اتصال")
    page.locator("[data-autosave-status]:not([data-problem])").wait_for(timeout=15000)
    context.close()
    assert not errors
