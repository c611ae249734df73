"""The Content-Security-Policy in Chromium: public pages and the admin work, nothing blocked."""

import pytest
from django.core.management import call_command

from articles.models import Article
from newsroom.roles import EDITOR
from tests.staff import PASSWORD, staff_build

pytestmark = pytest.mark.django_db(transaction=True)

#: Collects every CSP violation the page reports (the listener survives navigations).
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
    e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sample || '')));
"""


def watched(page):
    """Record CSP violations (DOM events) and console errors on ``page``."""
    console = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda msg: msg.type == "error" and console.append(msg.text),
    )
    return console


def violations(page) -> list[str]:
    return page.evaluate("window.__csp || []")


@pytest.fixture
def demo():
    call_command("loaddemo", seed_only=True)
    return Article.objects.get()


def test_public_pages_raise_no_violation(live_server, page, demo):
    console = watched(page)
    for url in (
        demo.get_absolute_url("ar"),
        demo.get_absolute_url("en"),
        "/ar/",
        "/ru/search/?q=%D0%9B%D0%B0%D0%B2%D1%80%D0%BE%D0%B2",
    ):
        response = page.goto(live_server.url + url)
        assert response.status == 200
        assert "script-src" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        assert violations(page) == [], url
    assert not [m for m in console if "Content Security Policy" in m], console


def test_admin_article_form_works_under_the_policy(browser, live_server, demo):
    call_command("syncroles", verbosity=0)
    editor = staff_build(role=EDITOR)
    context = browser.new_context(locale="ar")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    console = watched(page)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    response = page.goto(live_server.url + f"/admin/articles/article/{demo.pk}/change/")
    policy = response.headers["content-security-policy"]
    script_src = policy.split("script-src")[1].split(";")[0]
    assert "'nonce-" in script_src and "unsafe-inline" not in script_src
    # The import map carries the nonce, so the editor's modules load and it becomes editable.
    editor_box = page.locator(".prose-editor:has(#id_body_en) .ProseMirror[contenteditable=true]")
    # The language tabs (jQuery UI) work: the English tab shows the English editor.
    page.click("a[href='#tab_id_body_en']")
    editor_box.wait_for()
    editor_box.click()
    page.keyboard.press("End")
    page.keyboard.type(" CSP")
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    assert violations(page) == []
    assert not [m for m in console if "Content Security Policy" in m], console
    assert errors == []
    demo.refresh_from_db()
    assert "CSP" in demo.body_en
    context.close()
