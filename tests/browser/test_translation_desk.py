"""A translator's day in headless Chromium: the queue, the source beside the field, the save."""

import pytest

from articles.models import Article
from articles.workflow import article_save
from newsroom.content import translation_confirm
from newsroom.roles import TRANSLATOR
from newsroom.translations import TranslationStatus, translation_status
from tests.browser.test_workflow_path import log_in, rich_text
from tests.builders import article_build
from tests.staff import staff_build

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_russian_translator_clears_an_outdated_article_from_the_queue(page, live_server):
    translator = staff_build(role=TRANSLATOR, languages=("ru",))
    article = article_build(
        title_ar="لافروف يلتقي غوتيريش",
        body_ar="<p>بحث الجانبان الوضع في المنطقة اليوم.</p>",
        title_ru="Лавров встретился с Гутеррешем",
        body_ru="<p>Стороны обсудили положение в регионе сегодня.</p>",
    )
    translation_confirm(obj=article, language="ru")
    article.body_ar = "<p>بحث الجانبان الوضع في المنطقة أمس.</p>"  # an editor changes the source
    article_save(article=article, user=None, changed={"body_ar"})
    assert translation_status(Article.objects.get(pk=article.pk), "ru") == "outdated"

    log_in(page, live_server, translator)
    page.click("#translation-links a[href$='/admin/translations/']")
    row = page.locator(f"[data-queue=article] [data-queue-row='{article.pk}']")
    assert row.locator("[data-translation=ru]").get_attribute("data-status") == "outdated"
    row.get_by_role("link").click()

    assert page.locator("html").get_attribute("dir") == "rtl"  # the Arabic admin
    page.click("a[href='#tab_id_body_ru']")
    source = page.locator("[data-translation-source=body_ru]")
    source.wait_for()
    assert source.get_attribute("data-status") == "outdated"
    assert source.locator(".translation-source-text").get_attribute("dir") == "rtl"
    assert source.locator("del").inner_text() == "اليوم."
    assert source.locator("ins").inner_text() == "أمس."
    # Side by side: the source sits beside the editor, not under it.
    editor_box = rich_text(page, "body_ru").bounding_box()
    source_box = source.bounding_box()
    assert source_box["y"] < editor_box["y"] + editor_box["height"]  # same height on the page
    assert source_box["x"] + source_box["width"] <= editor_box["x"]  # on its left (RTL admin)
    assert rich_text(page, "body_ru").evaluate("e => getComputedStyle(e).direction") == "ltr"

    editor = rich_text(page, "body_ru")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Стороны обсудили положение в регионе вчера.")
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    fresh = Article.objects.get(pk=article.pk)
    assert "вчера" in fresh.body_ru
    assert translation_status(fresh, "ru") == TranslationStatus.UP_TO_DATE

    page.goto(live_server.url + "/admin/translations/")
    assert page.locator(f"[data-queue=article] [data-queue-row='{article.pk}']").count() == 0
