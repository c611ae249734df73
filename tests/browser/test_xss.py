"""The XSS corpus in Chromium: no payload, stored in any text field, opens a dialog or runs."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from articles.models import Article, Tag
from people.models import Person
from tests.security.xss import ALL_PAYLOADS

pytestmark = pytest.mark.django_db(transaction=True)


def stored(model, **values):
    """Save ``values`` as the admin would (validated and sanitised); None if refused."""
    obj = model(**values)
    try:
        with translation.override("ar"):
            obj.full_clean()
    except ValidationError:
        return None
    obj.save()
    return obj


def test_no_payload_fires_in_the_browser(live_server, browser):
    # The CSP would block most payloads anyway; bypass it so the markup itself is tested.
    context = browser.new_context(locale="ar", bypass_csp=True)
    page = context.new_page()
    fired = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    page.add_init_script(
        "window.alert = window.confirm = window.prompt = "
        "(m) => { window.__xss = (window.__xss || 0) + 1; };"
    )
    urls = {"/ar/", "/en/", "/ar/feed/rss/"}
    for n, payload in enumerate(ALL_PAYLOADS):
        person = stored(Person, name_ar=payload, bio_ar=payload, role_ar=payload, slug=f"p{n}")
        tag = stored(Tag, name_ar=payload, name_en=payload, slug=f"t{n}")
        article = stored(
            Article,
            title_ar=payload,
            title_en=payload,
            standfirst_ar=payload,
            body_ar=f"<p>{payload}</p>",
            body_en=payload,
            slug_ar=f"a{n}",
            slug_en=f"e{n}",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=1),
        ) or stored(
            Article,
            title_ar=f"مقال {n}",
            body_ar="<p>نص</p>",
            slug_ar=f"a{n}",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=1),
        )
        # A person's or tag's page exists only with a public article (the payload's
        # may have been sanitised empty): this plain one gives them one.
        plain = stored(
            Article,
            title_ar=f"خبر {n}",
            body_ar="<p>نص</p>",
            slug_ar=f"plain-{n}",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=1),
        )
        if person:
            article.people.add(person)
            plain.people.add(person)
            urls.add(f"/ar{person.get_absolute_url()[3:]}")
        if tag:
            article.tags.add(tag)
            plain.tags.add(tag)
            urls.add(f"/ar{tag.get_absolute_url()[3:]}")
        urls.update(article.get_absolute_url(code) for code in article.translated_languages())
    urls.add("/ar/search/?q=" + "+".join(["alert", "img"]))
    for url in sorted(urls):
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss || 0") == 0, url
    context.close()
    assert fired == []
    assert len(urls) > len(ALL_PAYLOADS)
