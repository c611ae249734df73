"""The admin's language and home page in Chromium, at 1280 and 390 px, in Arabic and English:
the header switch, the choice holding on another device, the dashboard's links, the editor's
toolbar in the admin's language, no sideways scrolling, no serious accessibility problem."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from articles.models import Article
from newsroom.admin_language import admin_language_set
from newsroom.models import StaffProfile
from newsroom.roles import EDITOR
from tests.builders import article_build
from tests.html_tools import AXE_JS, require
from tests.staff import PASSWORD, staff_build

pytestmark = pytest.mark.django_db(transaction=True)

Status = Article.Status
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
#: Set to a folder to keep a screenshot of each screen seen (to look at them).
SCREENSHOTS = os.environ.get("NEWSROOM_SCREENSHOTS")


def new_page(browser, width: str, errors: list):
    w, h = WIDTHS[width]
    context = browser.new_context(locale="en-GB", viewport={"width": w, "height": h})
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page


def log_in(page, live_server, user):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def language_of(page) -> tuple[str, str]:
    return tuple(page.evaluate("[document.documentElement.lang, document.documentElement.dir]"))


def shoot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def desk():
    """An editor and an article in each list of the home page."""
    editor = staff_build(role=EDITOR, first_name="Rania", last_name="Haddad")
    now = timezone.now()
    articles = {
        "my-drafts": article_build(
            title_ar="مسودة عن قمة الأمم المتحدة",
            title_en="A draft about the UN summit",
            status=Status.DRAFT,
            created_by=editor,
        ),
        "awaiting-review": article_build(
            title_ar="لافروف يلتقي غوتيريش في نيويورك لبحث الأزمة",
            title_en="Lavrov meets Guterres in New York",
            status=Status.IN_REVIEW,
        ),
        "scheduled": article_build(
            title_ar="مؤتمر صحفي لزاخاروفا", published_at=now + timedelta(hours=3)
        ),
        "recently-published": article_build(
            title_ar="موسكو ترحب بالمبادرة", title_en="Moscow welcomes the initiative"
        ),
    }
    return editor, articles


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("chosen", ["ar", "en"])
def test_the_switch_changes_the_language_and_it_holds_on_another_device(
    browser, live_server, desk, width, chosen
):
    editor, _articles = desk
    start = "en" if chosen == "ar" else "ar"
    admin_language_set(user=editor, language=start)
    errors = []
    context, page = new_page(browser, width, errors)
    log_in(page, live_server, editor)
    # (The article changelist's phone layout is the article form's work: h13-form.)
    page.goto(live_server.url + "/admin/articles/article/desk/?from=home")
    assert language_of(page) == (start, "rtl" if start == "ar" else "ltr")
    assert overflow(page) <= 0
    with page.expect_navigation():
        page.click(f"form.admin-language-switch button[value={chosen}]")
    assert page.url == live_server.url + "/admin/articles/article/desk/?from=home"  # same page
    assert language_of(page) == (chosen, "rtl" if chosen == "ar" else "ltr")
    pressed = page.locator("form.admin-language-switch [aria-pressed=true]")
    assert pressed.get_attribute("value") == chosen
    assert StaffProfile.objects.get(user=editor).admin_language == chosen
    context.close()

    # Another device: a new browser, whose own language is English.
    context, page = new_page(browser, width, errors)
    log_in(page, live_server, editor)
    assert language_of(page) == (chosen, "rtl" if chosen == "ar" else "ltr")
    assert overflow(page) <= 0
    shoot(page, f"home-{chosen}-{width}")
    page.goto(live_server.url + "/admin/settings/")
    assert page.locator(f"input[name=admin_language][value={chosen}]").is_checked()
    assert overflow(page) <= 0
    shoot(page, f"settings-{chosen}-{width}")
    context.close()
    assert errors == []


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_dashboard_shows_each_list_and_links_to_each_form(
    browser, live_server, desk, width, language
):
    editor, articles = desk
    admin_language_set(user=editor, language=language)
    errors = []
    context, page = new_page(browser, width, errors)
    log_in(page, live_server, editor)
    assert overflow(page) <= 0
    for key, article in articles.items():
        link = page.locator(f"[data-dashboard={key}] li[data-article='{article.pk}'] a")
        assert link.is_visible(), key
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[width][0] + 1, key
    queue = page.locator("[data-queue-language]")
    # an editor's: every language, Arabic too (an article may be written first in Russian or
    # English and translated into Arabic)
    assert queue.count() == 3
    page.locator(
        f"[data-dashboard=awaiting-review] li[data-article='{articles['awaiting-review'].pk}'] a"
    ).click()
    page.wait_for_url(
        live_server.url + f"/admin/articles/article/{articles['awaiting-review'].pk}/change/"
    )
    context.close()
    assert errors == []


@pytest.mark.parametrize("language", ["ar", "ru"])
def test_the_editors_toolbar_speaks_the_admins_language(browser, live_server, desk, language):
    editor, articles = desk
    admin_language_set(user=editor, language=language)
    errors = []
    context, page = new_page(browser, "desktop", errors)
    log_in(page, live_server, editor)
    page.goto(live_server.url + f"/admin/articles/article/{articles['my-drafts'].pk}/change/")
    page.locator(".prose-menubar__option").first.wait_for(state="attached")
    buttons = page.locator(".prose-menubar__button[title]")
    titles = set(buttons.evaluate_all("buttons => buttons.map(b => b.title)"))
    labels = set(buttons.evaluate_all("buttons => buttons.map(b => b.ariaLabel)"))
    # The block-type menu: the choice shown and those offered.
    options = set(
        page.locator(".prose-menubar__option, .prose-menubar__selected").evaluate_all(
            "elements => elements.map(e => e.textContent.trim())"
        )
    )
    bold, heading, paragraph, undo = {
        "ar": ("عريض", "عنوان فرعي 2", "فقرة", "تراجع"),
        "ru": ("Полужирный", "Подзаголовок 2", "Абзац", "Отменить"),
    }[language]
    assert {bold, undo} <= titles
    assert {bold, undo} <= labels
    assert {heading, paragraph} <= options, options
    english = {"bold", "italic", "heading 2", "undo", "redo", "insert link", "blockquote"}
    assert not (titles | labels) & english
    assert not options & {"Paragraph", "Heading 2", "blockquote", "ordered list"}
    context.close()
    assert errors == []


@pytest.mark.parametrize("language", ["ar", "en"])
def test_no_serious_axe_violations_on_the_home_and_settings_pages(
    browser, live_server, desk, language
):
    require(AXE_JS, "axe-core")
    editor, _articles = desk
    admin_language_set(user=editor, language=language)
    errors = []
    found = {}
    for width in WIDTHS:
        context, page = new_page(browser, width, errors)
        log_in(page, live_server, editor)
        for path in ("/admin/", "/admin/settings/"):
            page.goto(live_server.url + path)
            page.evaluate(AXE_JS.read_text())
            result = page.evaluate("async () => await axe.run(document)")
            serious = [
                f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}"
                for v in result["violations"]
                if v["impact"] in {"serious", "critical"}
            ]
            if serious:
                found[f"{width} {path}"] = serious
            assert result["passes"]
        context.close()
    assert found == {}
    assert errors == []
