"""axe-core and the layout, in a real browser, on the article page with bylines, notes and
related stories, the author page and the corrections page, in ar, ru and en."""

import pytest

from tests.article_extras_pages import extras_paths
from tests.html_tools import AXE_JS, require

pytestmark = pytest.mark.django_db(transaction=True)

SERIOUS = {"serious", "critical"}


@pytest.fixture
def paths():
    return extras_paths()


def test_no_serious_axe_violations(live_server, page, paths):
    require(AXE_JS, "axe-core")
    found = {}
    for name, path in paths.items():
        page.goto(live_server.url + path)
        page.evaluate(AXE_JS.read_text())
        result = page.evaluate("async () => await axe.run(document)")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}"
            for v in result["violations"]
            if v["impact"] in SERIOUS
        ]
        if serious:
            found[name] = serious
        assert result["passes"], "axe ran no checks at all"
    assert found == {}


@pytest.mark.parametrize("width", [360, 768, 1280])
def test_no_horizontal_overflow(live_server, page, paths, width):
    page.set_viewport_size({"width": width, "height": 800})
    overflowing = {}
    for name, path in paths.items():
        page.goto(live_server.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        outside = page.evaluate(
            # (the section menu scrolls sideways on purpose: its items may lie beyond the edge)
            """() => [...document.querySelectorAll('body *')].filter(el => {
                   if (el.closest('nav.section-nav ul')) return false;
                   const box = el.getBoundingClientRect();
                   return box.width && (box.left < -1 || box.right > innerWidth + 1);
               }).map(el => el.tagName + '.' + el.className)"""
        )
        if overflow > 0 or outside:
            overflowing[name] = (overflow, outside)
    assert overflowing == {}
    if width == 360:
        # The byline, the notes and the related stories are there to be laid out.
        page.goto(live_server.url + paths["ar-article"])
        assert page.locator(".byline a").count() >= 3
        assert page.locator("#notes li").count() == 1
        assert page.locator(".related .teaser").count() >= 3
