"""The whole editorial path in headless Chromium: write, submit, review, publish, translate."""

import pytest
from django.core.management import call_command

from articles.models import Article
from newsroom.roles import EDITOR, REPORTER, TRANSLATOR
from tests.staff import PASSWORD, staff_build

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "وزير الخارجية يلتقي الأمين العام"
BODY = "بحث الجانبان الوضع في المنطقة."


def log_in(page, live_server, user):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")


def rich_text(page, field: str):
    """The ProseMirror editor that edits the textarea ``field``."""
    return page.locator(f".prose-editor:has(#id_{field}) .ProseMirror[contenteditable=true]")


def test_reporter_writes_editor_publishes_translator_translates(browser, live_server):
    call_command("syncroles", verbosity=0)
    reporter = staff_build(role=REPORTER)
    editor = staff_build(role=EDITOR)
    translator = staff_build(role=TRANSLATOR, languages=("ru",))
    errors = []

    def new_page():
        context = browser.new_context(locale="ar")
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return context, page

    # A reporter writes an Arabic article and submits it for review.
    context, page = new_page()
    log_in(page, live_server, reporter)
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.fill("#id_title_ar", TITLE)
    rich_text(page, "body_ar").click()
    page.keyboard.type(BODY)
    page.click("input[name=_continue]")
    page.locator("[data-transition=submit]").wait_for()
    article = Article.objects.get(title_ar=TITLE)
    assert article.created_by == reporter
    assert BODY in article.body_ar
    page.click("[data-transition=submit]")
    page.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert page.locator("[data-transition]").count() == 0  # nothing more for the reporter

    # Not public yet.
    public_url = live_server.url + article.get_absolute_url("ar")
    assert page.goto(public_url).status == 404
    context.close()

    # An editor finds it on the desk overview and publishes it.
    context, page = new_page()
    log_in(page, live_server, editor)
    page.goto(live_server.url + "/admin/articles/article/")
    page.click("a[href$='/admin/articles/article/desk/']")
    page.locator("[data-desk-section='1']").get_by_role("link", name=TITLE).click()
    page.click("[data-transition=publish]")
    page.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED

    # The public page shows it.
    assert page.goto(public_url).status == 200
    assert page.locator("h1").inner_text() == TITLE
    assert BODY in page.locator(".body").inner_text()
    context.close()

    # A translator assigned Russian fills in the Russian fields, and cannot touch the Arabic.
    context, page = new_page()
    log_in(page, live_server, translator)
    page.goto(live_server.url + f"/admin/articles/article/{article.pk}/change/")
    assert page.locator("#id_title_ar").is_disabled()
    assert page.locator("#id_title_en").is_disabled()
    arabic_body = page.locator(".prose-editor:has(#id_body_ar) .ProseMirror[contenteditable]")
    assert arabic_body.first.get_attribute("contenteditable") == "false"
    assert page.locator("[data-transition]").count() == 0
    page.locator("#id_title_ar").evaluate("input => { input.value = 'مزور'; }")
    page.click("a[href='#tab_id_title_ru']")
    page.fill("#id_title_ru", "Министр иностранных дел встретился с генсеком")
    page.click("a[href='#tab_id_body_ru']")  # each field has its own language tabs
    rich_text(page, "body_ru").click()
    page.keyboard.type("Стороны обсудили положение в регионе.")
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert article.title_ru == "Министр иностранных дел встретился с генсеком"
    assert "Стороны обсудили" in article.body_ru
    assert article.title_ar == TITLE
    assert article.status == Article.Status.PUBLISHED
    assert page.goto(live_server.url + article.get_absolute_url("ru")).status == 200
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
