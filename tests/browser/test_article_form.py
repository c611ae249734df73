"""The article form and list as editors, reporters and translators see them, in headless
Chromium at 1280 px and on a phone (390 px), in the Arabic and the English admin: room to
write, the right language tab, warnings, the sticky action bar, one-step publishing."""

import pytest
from django.core.management import call_command

from articles.models import Article
from newsroom.roles import EDITOR, TRANSLATOR
from tests.browser.test_workflow_path import log_in, rich_text
from tests.builders import article_build
from tests.html_tools import AXE_JS, require
from tests.staff import staff_build

pytestmark = pytest.mark.django_db(transaction=True)

# 110 characters: a long Arabic headline must be shown whole.
HEADLINE = (
    "وزير الخارجية يبحث مع الأمين العام للأمم المتحدة الأوضاع الإنسانية في المنطقة "
    "وسبل دعم جهود السلام الدائمة معا"
)
assert len(HEADLINE) == 110
BODY_AR = "".join(
    f"<p>{'بحث الجانبان الوضع في المنطقة وسبل التعاون الاقتصادي بين البلدين. ' * n}</p>"
    for n in (1, 4, 2, 6)
)
BODY_RU = "".join(
    f"<p>{'Стороны обсудили положение в регионе и пути сотрудничества. ' * n}</p>"
    for n in (3, 1, 5, 2)
)
SIZES = [("ar", 1280), ("en", 1280), ("ar", 390), ("en", 390)]
IDS = [f"{language}-{width}" for language, width in SIZES]

# Rectangles as a person sees them, and what overlaps what.
BOX = "e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.width, b.height]; }"
OVER_HEADING = """() => {
  const headings = [...document.querySelectorAll('#content > h1, #content > h2')]
    .map(h => h.getBoundingClientRect());
  const hit = (a, b) => a.left < b.right - 1 && a.right > b.left + 1
    && a.top < b.bottom - 1 && a.bottom > b.top + 1;
  return [...document.querySelectorAll('.object-tools a, .article-actionbar')]
    .filter(e => { const b = e.getBoundingClientRect();
      return b.width && headings.some(h => hit(b, h)); })
    .map(e => e.textContent.trim());
}"""
# Where each block's text starts (its padding included: that is how the script aligns).
BLOCK_TOPS = """e => [...e.children].map(c =>
  c.getBoundingClientRect().top + parseFloat(getComputedStyle(c).paddingTop))"""


@pytest.fixture
def open_page(browser, live_server):
    """A logged-in tab at a given width and admin language; fails on any page error."""
    contexts, errors = [], []

    def open_page(user, language, width):
        context = browser.new_context(locale=language, viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        log_in(page, live_server, user)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def active_tabs(page) -> set[str]:
    """The language of the active tab of every translated field shown."""
    tabs = page.locator("fieldset.article-text .ui-tabs-active a").all_text_contents()
    return {tab.strip().lower() for tab in tabs}


def editor_ready(page, field):
    rich_text(page, field).wait_for()
    page.wait_for_timeout(300)  # the script lines paragraphs up on the next frames


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize(("language", "width"), SIZES, ids=IDS)
def test_room_to_write_and_nothing_over_the_heading(open_page, live_server, language, width):
    call_command("syncroles", verbosity=0)
    editor = staff_build(role=EDITOR)
    article = article_build(
        title_ar=HEADLINE,
        body_ar=BODY_AR,
        title_ru="Лавров встретился с Гутеррешем",
        slug_ru="lavrov",
        body_ru=BODY_RU,
    )
    page = open_page(editor, language, width)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    editor_ready(page, "body_ar")

    # The form opens on the article's own language, whatever the admin's.
    assert active_tabs(page) == {"ar"}
    content = page.locator("fieldset.article-text").evaluate(BOX)[2]
    headline = page.locator("#id_title_ar")
    assert headline.evaluate(BOX)[2] >= 0.95 * content
    assert headline.evaluate(
        "e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight + 1"
    ), "the headline is cut off"
    assert rich_text(page, "body_ar").evaluate(BOX)[2] >= 0.9 * content
    assert page.evaluate(OVER_HEADING) == []
    assert no_sideways_scroll(page)

    # A translation tab: source and target side by side in two equal columns at 1280 px,
    # each paragraph of the source level with its translation; one above the other on a phone.
    page.click("a[href='#tab_id_body_ru']")
    editor_ready(page, "body_ru")
    target = rich_text(page, "body_ru")
    source = page.locator("[data-translation-source=body_ru] .translation-source-text")
    target_box, source_box = target.evaluate(BOX), source.evaluate(BOX)
    if width == 1280:
        assert target_box[2] >= 0.4 * content and source_box[2] >= 0.4 * content
        assert abs(target_box[2] - source_box[2]) <= 0.1 * content
        assert (
            source_box[0] >= target_box[0] + target_box[2]
            or target_box[0] >= source_box[0] + source_box[2]
        ), "source and target overlap"
        source_tops, target_tops = source.evaluate(BLOCK_TOPS), target.evaluate(BLOCK_TOPS)
        assert len(source_tops) == len(target_tops) == 4
        assert all(abs(s - t) <= 2 for s, t in zip(source_tops, target_tops, strict=True)), (
            source_tops,
            target_tops,
        )
    else:
        assert target_box[2] >= 0.9 * content and source_box[2] >= 0.9 * content
    assert no_sideways_scroll(page)

    # The action bar stays in view at the bottom of the form, with the state.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_timeout(100)
    bar = page.locator("[data-action-bar]").evaluate(BOX)
    assert 0 <= bar[1] <= 2 and bar[3] > 0
    expected = {"ar": "منشور", "en": "Published"}[language]
    assert page.locator("[data-action-bar] .state-badge").inner_text() == expected
    assert page.locator("[data-action-bar] [data-transition=unpublish]").is_visible()


def test_a_translator_opens_on_their_language_and_stays_on_the_tab_in_use(open_page, live_server):
    call_command("syncroles", verbosity=0)
    translator = staff_build(role=TRANSLATOR, languages=("en", "ru"))
    article = article_build(title_ar=HEADLINE, body_ar=BODY_AR)
    page = open_page(translator, "en", 1280)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    editor_ready(page, "body_ru")
    assert active_tabs(page) == {"ru"}  # their first language, in the site's order

    page.click("a[href='#tab_id_title_en']")
    page.fill("#id_title_en", "Lavrov meets Guterres")
    page.keyboard.press("Control+S")  # saves and continues
    page.locator(".messagelist .success").wait_for()
    assert "_tab=en" in page.url
    assert Article.objects.get(pk=article.pk).title_en == "Lavrov meets Guterres"
    assert active_tabs(page) == {"en"}


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("ar", 390)], ids=["en", "ar"])
def test_wrong_script_warnings_and_live_counts(open_page, live_server, language, width):
    call_command("syncroles", verbosity=0)
    page = open_page(staff_build(role=EDITOR), language, width)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    editor_ready(page, "body_ar")
    names = {"en": ("Arabic", "English"), "ar": ("العربية", "الإنجليزية")}[language]

    # Latin names and acronyms inside Arabic are normal.
    typed = "الناتو NATO يجتمع في بروكسل مع ممثلي iPhone"
    page.fill("#id_title_ar", typed)
    assert not page.locator("[data-script-warning=title_ar]").is_visible()
    count = page.locator("[data-count=title_ar]")
    assert count.get_attribute("data-chars") == str(len(typed))
    assert count.get_attribute("data-over") == "0"

    # Arabic typed into the English headline: a warning before saving.
    page.click("a[href='#tab_id_title_en']")
    page.locator("#id_title_en").press_sequentially("وزير الخارجية")
    warning = page.locator("[data-script-warning=title_en]")
    assert warning.is_visible()
    assert names[0] in warning.inner_text() and names[1] in warning.inner_text()
    page.fill("#id_title_en", "Foreign minister")
    page.locator("#id_title_en").press("End")
    page.keyboard.type(" ")
    assert not warning.is_visible()

    # Cyrillic in the Arabic body; the body counts words and reading time.
    rich_text(page, "body_ar").click()
    page.keyboard.type("بحث الجانبان الوضع. Встреча")
    assert page.locator("[data-script-warning=body_ar]").is_visible()
    assert page.locator("[data-count=body_ar]").get_attribute("data-words") == "4"
    page.keyboard.press("Control+A")
    page.keyboard.type(HEADLINE)
    assert not page.locator("[data-script-warning=body_ar]").is_visible()
    assert page.locator("[data-count=body_ar]").get_attribute("data-words") == "18"

    # A headline over the newsroom's recommended length says so.
    page.click("a[href='#tab_id_title_ar']")
    page.fill("#id_title_ar", HEADLINE)
    page.locator("#id_title_ar").press("End")
    page.keyboard.type("!")
    assert page.locator("[data-count=title_ar]").get_attribute("data-over") == "1"
    assert no_sideways_scroll(page)


@pytest.mark.parametrize(
    ("language", "width", "message"),
    [
        ("en", 1280, "Published. Live in Arabic; Russian and English have no text yet."),
        ("ar", 390, "نُشر. على الموقع بـ: العربية؛ لا نص بعد بـ: الروسية والإنجليزية."),
    ],
    ids=["en", "ar"],
)
def test_an_editor_publishes_from_the_add_form_in_one_step(
    open_page, live_server, language, width, message
):
    call_command("syncroles", verbosity=0)
    page = open_page(staff_build(role=EDITOR), language, width)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    editor_ready(page, "body_ar")
    assert page.locator("[data-action-bar] .state-badge").get_attribute("data-state") == "new"
    page.fill("#id_title_ar", HEADLINE)
    rich_text(page, "body_ar").click()
    page.keyboard.type("بحث الجانبان الوضع في المنطقة.")
    page.click("[data-action-bar] [data-transition=publish]")
    page.locator(".messagelist .success").wait_for()
    assert page.locator(".messagelist .success").inner_text().strip() == message
    article = Article.objects.get(title_ar=HEADLINE)
    assert article.status == Article.Status.PUBLISHED
    assert list(article.transitions.values_list("action", flat=True)) == ["publish"]
    assert page.locator("[data-action-bar] .state-badge").get_attribute("data-state") == (
        "published"
    )


@pytest.mark.parametrize(("language", "width"), SIZES, ids=IDS)
def test_the_changelist_shows_titles_on_two_lines_and_fits_a_phone(
    open_page, live_server, language, width
):
    call_command("syncroles", verbosity=0)
    for n in range(8):
        article_build(title_ar=HEADLINE[: 60 + n * 7], title_ru="Лавров", slug_ru=f"lavrov-{n}")
    page = open_page(staff_build(role=EDITOR), language, width)
    page.goto(f"{live_server.url}/admin/articles/article/")
    assert no_sideways_scroll(page)
    assert page.evaluate(OVER_HEADING) == []
    if width == 1280:
        # Every column is in view (none cut off), and no title takes more than two lines.
        assert page.evaluate(
            "(() => { const r = document.querySelector('#changelist .results');"
            " return r.scrollWidth <= r.clientWidth; })()"
        )
        for link in page.locator("#result_list th.field-title_translated a").all():
            lines = link.evaluate(
                "e => Math.round(e.getBoundingClientRect().height"
                " / parseFloat(getComputedStyle(e).lineHeight))"
            )
            assert lines <= 2
    else:
        # Essential columns on a phone: title, state, translations.
        headers = page.locator("#result_list thead th:visible").all_inner_texts()
        assert len(headers) == 4


@pytest.mark.parametrize("width", [1280, 390])
def test_the_preview_opens_beside_the_form(open_page, live_server, width):
    call_command("syncroles", verbosity=0)
    article = article_build(title_ar=HEADLINE, body_ar=BODY_AR)
    page = open_page(staff_build(role=EDITOR), "en", width)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.click("[data-preview-open]")
    frame = page.frame_locator("[data-preview-frame]")
    frame.locator("h1").wait_for()
    assert HEADLINE in frame.locator("h1").inner_text()
    panel = page.locator("#article-preview").evaluate(BOX)
    assert page.locator("[data-preview-frame]").evaluate(BOX)[2] <= 390
    if width == 1280:
        form = page.locator("fieldset.article-text").evaluate(BOX)
        assert form[0] + form[2] <= panel[0]  # beside the form, not over it
    else:
        assert panel[2] == width
    page.click("[data-preview-close]")
    assert not page.locator("#article-preview").is_visible()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_article_form_has_no_serious_axe_violations(open_page, live_server, language):
    require(AXE_JS, "axe-core")
    call_command("syncroles", verbosity=0)
    article = article_build(title_ar=HEADLINE, body_ar=BODY_AR, title_ru="Лавров")
    page = open_page(staff_build(role=EDITOR), language, 1280)
    found = {}
    for path in (f"{article.pk}/change/", "add/", ""):
        page.goto(f"{live_server.url}/admin/articles/article/{path}")
        page.wait_for_timeout(500)
        page.evaluate(AXE_JS.read_text())
        result = page.evaluate("async () => await axe.run(document)")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}"
            for v in result["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        if serious:
            found[path] = serious
    assert found == {}, "\n".join(
        f"{path}: {problem}" for path, v in found.items() for problem in v
    )
