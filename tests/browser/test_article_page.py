import pytest
from django.core.management import call_command

from articles.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    call_command("loaddemo", seed_only=True)
    return Article.objects.get()


@pytest.mark.parametrize("width", [360, 1280])
def test_arabic_article_is_rtl_without_horizontal_overflow(
    live_server, page, demo, width, tmp_path
):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + demo.get_absolute_url("ar"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text().startswith("لافروف وغوتيريش")
    # The headline starts at the right edge in a right-to-left page.
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).direction") == "rtl"
    screenshot = tmp_path / f"article-ar-{width}.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 0
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    # Nothing sticks out of the viewport on either side.
    outside = page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(el => {
               const box = el.getBoundingClientRect();
               return box.width && (box.left < -1 || box.right > innerWidth + 1);
           }).map(el => el.tagName)"""
    )
    assert outside == []
    # The browser picks a rendition no wider than it needs, and WebP when it can.
    image = page.locator("figure img")
    image.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('figure img').complete")
    current = image.evaluate("img => img.currentSrc")
    assert current.endswith(".webp")
    assert image.evaluate("img => img.naturalWidth") <= max(640, width * 2)


def test_admin_login_and_rich_text_editor(live_server, page, demo, django_user_model):
    django_user_model.objects.create_superuser("editor", "", "a-long-test-password")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.goto(live_server.url + f"/admin/articles/article/{demo.pk}/change/")
    # The body is edited in ProseMirror, not a raw textarea of HTML.
    editor = page.locator(".ProseMirror[contenteditable=true]:visible").first
    editor.wait_for()
    assert not editor.inner_text().startswith("ناقش")  # the standfirst is not in the body
    assert "وجاء في بيان" in editor.inner_text()
    # Language tabs from modeltranslation (jQuery UI served locally).
    assert page.locator(".ui-tabs-nav").first.is_visible()


@pytest.mark.parametrize(
    ("admin_language", "field", "direction"),
    [("en", "body_ar", "rtl"), ("ar", "body_ru", "ltr"), ("ar", "body_ar", "rtl")],
)
def test_editors_take_the_direction_of_their_fields_language(
    live_server, browser, demo, django_user_model, admin_language, field, direction
):
    django_user_model.objects.create_superuser("editor", "", "a-long-test-password")
    context = browser.new_context(locale=admin_language)
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.goto(live_server.url + f"/admin/articles/article/{demo.pk}/change/")
    assert page.locator("html").get_attribute("lang") == admin_language
    title = page.locator(f"[name=title_{field[-2:]}]")
    assert title.evaluate("e => getComputedStyle(e).direction") == direction
    editor = page.locator(f".prose-editor:has(> textarea[name={field}]) [contenteditable=true]")
    editor.wait_for(state="attached")
    assert editor.evaluate("e => getComputedStyle(e).direction") == direction
    context.close()
