"""axe-core finds no serious or critical violation on the public pages, in Arabic and English."""

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.html_tools import AXE_JS, require

pytestmark = pytest.mark.django_db(transaction=True)

SERIOUS = {"serious", "critical"}


@pytest.fixture
def demo():
    call_command("loaddemo", seed_only=True)
    return Article.objects.get()


def page_paths(article: Article, language: str) -> list[str]:
    return [
        f"/{language}/",
        article.get_absolute_url(language),
        article.people.first().get_absolute_url(language),
        article.tags.first().get_absolute_url(language),
        f"/{language}/search/?q=" + ("لافروف" if language == "ar" else "Lavrov"),
    ]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_no_serious_axe_violations(live_server, page, demo, language):
    require(AXE_JS, "axe-core")
    found = {}
    for path in page_paths(demo, language):
        page.goto(live_server.url + path)
        # Evaluated through the DevTools protocol: the page's CSP rightly refuses
        # an injected inline <script>.
        page.evaluate(AXE_JS.read_text())
        result = page.evaluate("async () => await axe.run(document)")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}"
            for v in result["violations"]
            if v["impact"] in SERIOUS
        ]
        if serious:
            found[path] = serious
        assert result["passes"], "axe ran no checks at all"
    assert found == {}
