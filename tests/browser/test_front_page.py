"""The reader's pages in Chromium: the front page, a section and an article in ar, ru and en —
no horizontal overflow, axe clean, the self-hosted fonts in use, nothing from another host,
working without JavaScript, and the article page within its weight budget."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from articles import mostread
from articles.models import Article, Section
from tests.builders import article_full_build, content_build
from tests.html_tools import AXE_JS, require

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["ar", "ru", "en"]
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

#: The article page's weight budget, in bytes as served (uncompressed), photo excluded.
BUDGET = {"document": 40_000, "stylesheet": 20_000, "font": 110_000, "script": 4_000}
BUDGET_TOTAL = 150_000


@pytest.fixture
def site():
    """The demo (its article placed as the lead, a breaking-news banner) and ten more
    articles in two sections, some of them read."""
    call_command("loaddemo", seed_only=True)  # the seed; the stories are made here
    demo = Article.objects.get()
    economy = content_build(
        Section, slug="economy", name_ar="اقتصاد", name_ru="Экономика", name_en="Economy"
    )
    for n in range(10):
        article = article_full_build(section=economy if n % 2 else demo.section)
        for reader in range(n % 4):
            for language in LANGUAGES:
                mostread.read_record(
                    article_id=article.pk,
                    language=language,
                    address=f"203.0.113.{reader}",
                    user_agent=FIREFOX,
                )
    mostread.reads_fold()
    return {"demo": demo, "section": economy}


def paths(site, language):
    return {
        "home": f"/{language}/",
        "section": site["section"].get_absolute_url(language),
        "article": site["demo"].get_absolute_url(language),
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_overflow_at_phone_tablet_and_desktop_widths(live_server, page, site, language):
    for name, path in paths(site, language).items():
        page.goto(live_server.url + path)
        for width in (360, 768, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (name, width)


@pytest.mark.parametrize("language", LANGUAGES)
def test_front_page_shows_lead_top_sections_most_read_and_banner(live_server, page, site, language):
    page.goto(live_server.url + f"/{language}/")
    assert page.locator(".lead-story h2").inner_text() == getattr(site["demo"], f"title_{language}")
    assert page.locator(".top-stories .teaser").count() == 4
    assert page.locator(".most-read li").count() >= 2
    assert page.locator(".home-section").count() >= 2
    assert page.locator(".breaking").is_visible()


def test_section_menu_scrolls_sideways_under_the_thumb_on_a_phone(live_server, page, site):
    for n in range(8):
        content_build(Section, slug=f"extra-{n}", name_ar=f"قسم إضافي طويل {n}")
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(live_server.url + "/ar/")
    menu = page.locator("nav.section-nav ul")
    assert menu.evaluate("ul => ul.scrollWidth > ul.clientWidth")
    assert menu.evaluate("ul => getComputedStyle(ul).overflowX") == "auto"
    height = page.locator("nav.section-nav a").first.evaluate("a => a.offsetHeight")
    assert height >= 44  # a thumb's target
    assert (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        <= 0
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_serious_axe_violations_on_the_pages_changed(live_server, page, site, language):
    require(AXE_JS, "axe-core")
    found = {}
    for name, path in paths(site, language).items():
        page.goto(live_server.url + path)
        page.evaluate(AXE_JS.read_text())
        result = page.evaluate("async () => await axe.run(document)")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}"
            for v in result["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        if serious:
            found[name] = serious
    assert found == {}


def test_arabic_text_and_headlines_use_the_self_hosted_faces(live_server, page, site):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server.url + site["demo"].get_absolute_url("ar"))
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Newsroom Naskh\"', 'بحث')")
    assert page.evaluate("document.fonts.check('700 16px \"Newsroom Kufi\"', 'بحث')")
    body_font = page.evaluate("getComputedStyle(document.querySelector('.body')).fontFamily")
    title_font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert body_font.startswith('"Newsroom Naskh"') and title_font.startswith('"Newsroom Kufi"')
    # Links are underlined below the Arabic letters, never through them.
    offset = page.evaluate(
        "getComputedStyle(document.querySelector('.people a')).textUnderlineOffset"
    )
    assert offset not in ("auto", "0px")
    fonts = [url for url in requests if url.endswith(".woff2")]
    assert any("noto-naskh-arabic" in url for url in fonts)
    # Everything comes from this site: no third-party request, render-blocking or not.
    hosts = {urlsplit(url).netloc for url in requests if url.startswith("http")}
    assert hosts == {urlsplit(live_server.url).netloc}


#: What the browser fetched for the page, by kind, as the Resource Timing API reports it:
#: uncompressed (decoded) and as sent over the wire (encoded), photos and the beacon left out.
WEIGHTS_JS = """() => {
  const kinds = {css: "stylesheet", js: "script", woff2: "font"};
  const [nav] = performance.getEntriesByType("navigation");
  const sizes = {document: [nav.decodedBodySize, nav.encodedBodySize]};
  for (const entry of performance.getEntriesByType("resource")) {
    const kind = kinds[new URL(entry.name).pathname.split(".").pop()];
    if (!kind) continue;
    const [decoded, encoded] = sizes[kind] || [0, 0];
    sizes[kind] = [decoded + entry.decodedBodySize, encoded + entry.encodedBodySize];
  }
  return sizes;
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_article_page_keeps_to_its_weight_budget(live_server, browser, site, language):
    context = browser.new_context(user_agent=FIREFOX)
    page = context.new_page()
    page.goto(live_server.url + site["demo"].get_absolute_url(language))
    page.evaluate("document.fonts.ready")
    page.wait_for_load_state("networkidle")
    sizes = page.evaluate(WEIGHTS_JS)
    context.close()
    print(f"article page weight ({language}), bytes [uncompressed, sent]:", sizes)
    weights = {kind: decoded for kind, (decoded, _encoded) in sizes.items()}
    assert weights.get("font", 0) > 0  # the faces were fetched, and counted
    for kind, limit in BUDGET.items():
        assert weights.get(kind, 0) <= limit, (kind, weights)
    assert sum(weights.values()) <= BUDGET_TOTAL, weights


def test_the_site_works_without_javascript_and_still_counts_the_read(live_server, browser, site):
    context = browser.new_context(java_script_enabled=False, user_agent=FIREFOX)
    page = context.new_page()
    article = site["demo"]
    page.goto(live_server.url + "/ar/")
    page.locator(".lead-story h2 a").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == article.title_ar
    page.fill("#site-search", "لافروف")
    page.locator(".search-form button").click()
    assert page.locator(".teaser").count() >= 1
    context.close()
    mostread.reads_fold()
    assert article.pk in [row["article_id"] for row in _reads("ar")]


def test_with_javascript_the_beacon_counts_the_read_once(live_server, browser, site):
    context = browser.new_context(user_agent=FIREFOX)
    page = context.new_page()
    article = site["demo"]
    for _ in range(3):
        with page.expect_request(lambda request: "/read/" in request.url):
            page.goto(live_server.url + article.get_absolute_url("en"))
    context.close()
    mostread.reads_fold()
    assert [row["total"] for row in _reads("en") if row["article_id"] == article.pk] == [1]


def _reads(language):
    from django.db.models import Sum

    from articles.models import ArticleReads

    return list(
        ArticleReads.objects.filter(language=language)
        .values("article_id")
        .annotate(total=Sum("count"))
    )
