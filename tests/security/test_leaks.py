"""Nothing unpublished leaks: every public URL the URLconf has, walked with every parameter.

Drafts, articles in review, scheduled ones (before their time), unpublished
and archived ones — and the languages a public article is not translated
into — carry a marker in every text field, slug and photo; the walk fills
each route's parameters from all these objects (and a public control
article), requests every address in every language twice (the second time
from the page cache) and checks the marker appears on no page, list, feed,
sitemap, search result, JSON-LD block, redirect or error page.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from articles.models import Article, ArticleNote, Rendition
from articles.sitemaps import SITEMAPS
from tests.builders import article_full_build, byline_build, note_build, person_build

pytestmark = pytest.mark.django_db

MARKER = "zzleak"
HIDDEN_STATES = {
    "draft": {"status": Article.Status.DRAFT},
    "review": {"status": Article.Status.IN_REVIEW},
    "scheduled": {
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() + timedelta(days=2),
    },
    "unpublished": {"status": Article.Status.UNPUBLISHED},
    "archived": {"status": Article.Status.ARCHIVED},
}


def hidden_article(name: str, **state) -> Article:
    """An article that must not be public, with the marker in every field."""
    mark = f"{MARKER}{name}"
    article = article_full_build(
        title_ar=f"عنوان {mark}",
        title_ru=f"Заголовок {mark}",
        title_en=f"Title {mark}",
        slug_ar=f"{mark}-ar",
        slug_ru=f"{mark}-ru",
        slug_en=f"{mark}-en",
        standfirst_ar=f"ملخص {mark}",
        standfirst_ru=f"Лид {mark}",
        standfirst_en=f"Lead {mark}",
        body_ar=f"<p>نص {mark}</p>",
        body_ru=f"<p>Текст {mark}</p>",
        body_en=f"<p>Text {mark}</p>",
        **state,
    )
    # Its author, credited on nothing public, and a correction (as if made while it was
    # published: the model refuses a note on an article that is not).
    author = person_build(
        name_ar=f"كاتب {mark}", name_ru=f"Автор {mark}", name_en=f"Author {mark}", slug=mark
    )
    byline_build(article, author)
    ArticleNote.objects.create(
        article=article,
        kind=ArticleNote.Kind.CORRECTION,
        text_ar=f"تصحيح {mark}",
        text_ru=f"Исправление {mark}",
        text_en=f"Correction {mark}",
    )
    return article


@pytest.fixture
def world():
    """A public control article and the hidden ones; the secrets are the hidden texts."""
    public = article_full_build()
    hidden = [hidden_article(name, **state) for name, state in HIDDEN_STATES.items()]
    # Public in Arabic, but its Russian and English are untranslated (no body):
    # those titles and slugs must not appear in Russian or English.
    partial = article_full_build(
        title_ru=f"Заголовок {MARKER}ru",
        slug_ru=f"{MARKER}-partial-ru",
        body_ru="",
        title_en=f"Title {MARKER}en",
        slug_en=f"{MARKER}-partial-en",
        body_en="",
    )
    # The control article's author and correction are public; the partial article's
    # Russian and English translators and notes are not (those versions are not).
    byline_build(public, person_build(name_ru="Автор", name_en="Author", slug="public-author"))
    note_build(public, text_ru="Исправление", text_en="Correction")
    for code in ("ru", "en"):
        translator = person_build(
            name_ar=f"مترجم {MARKER}", **{f"name_{code}": f"{MARKER}{code}"}, slug=f"tr-{code}"
        )
        byline_build(partial, translator, role="translator", language=code)
    note_build(partial, text_ru=f"{MARKER}ru", text_en=f"{MARKER}en")
    secrets = {MARKER}
    for article in hidden:
        secrets |= set(
            Rendition.objects.filter(photo=article.lead_photo).values_list("file", flat=True)
        )
        secrets.add(article.lead_photo.image.name)
    return public, hidden, partial, secrets


def routes(resolvers=None, prefix=""):
    """(route pattern, name) of every URL pattern, admin excluded (staff only)."""
    for pattern in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if getattr(pattern, "app_name", None) == "admin":
                continue
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name


def parameter_values(public, hidden, partial) -> dict[str, set[str]]:
    articles = [public, *hidden, partial]
    slugs: set[str] = set()
    for article in articles:
        slugs |= {getattr(article, f"slug_{c}") for c in ("ar", "ru", "en")} - {None, ""}
        slugs |= {t.slug for t in article.tags.all()}
        slugs |= {p.slug for p in article.people.all()}
        slugs |= {o.slug for o in article.organisations.all()}
        slugs |= {article.section.slug, article.source.slug}
        slugs |= {byline.person.slug for byline in article.bylines.all()}
    return {
        "pk": {str(a.pk) for a in articles},
        "slug": slugs,
        "section": set(SITEMAPS),
        "path": {"x"},
    }


def addresses(values) -> set[str]:
    """Every concrete address: each route in each language with each parameter value."""
    found = set()
    for route, _name in routes():
        route = route.lstrip("^").rstrip("$")
        if "ar/" in route[:3]:
            prefixes = ["ar/", "ru/", "en/"]
            route = route[3:]
        else:
            prefixes = [""]
        filled = [route]
        for param, choices in values.items():
            for converter in ("int:", "uslug:", "slug:", "path:", ""):
                token = f"<{converter}{param}>"
                if any(token in r for r in filled):
                    filled = [r.replace(token, quote(v)) for r in filled for v in sorted(choices)]
        for prefix in prefixes:
            found |= {f"/{prefix}{r}" for r in filled if "<" not in r}
    return found


def leaked(response, url: str, secrets: set[str], language: str | None) -> list[str]:
    text = response.content.decode(errors="replace")
    text += " " + response.get("Location", "")
    # The address the visitor typed may be echoed; it is not a leak.
    for typed in (url, quote(url, safe="/:?=&"), url.replace("%", "%25")):
        text = text.replace(typed, "")
    found = [s for s in secrets if s in text]
    return found


def test_no_unpublished_text_on_any_public_surface(client, world):
    public, hidden, partial, secrets = world
    urls = addresses(parameter_values(public, hidden, partial))
    # Search for words every hidden article has (searching for the marker would echo it).
    words = ("Title", "Заголовок", "عنوان", "Lead", "Текст", "نص")
    urls |= {f"/{c}/search/?q={quote(w)}" for c in ("ar", "ru", "en") for w in words}
    statuses = {}
    problems = {}
    for _pass in ("rendered", "from the cache"):
        for url in sorted(urls):
            response = client.get(url)
            assert response.status_code < 500, url
            statuses.setdefault(response.status_code, 0)
            statuses[response.status_code] += 1
            if found := leaked(response, url, secrets, None):
                problems[url] = found
    assert problems == {}
    for code in ("ar", "ru", "en"):
        response = client.get(f"/{code}/search/", {"q": f"{MARKER}draft"})
        assert list(response.context["articles"]) == []
    # The walk reached real pages, not only 404s: the control article's are 200.
    assert statuses.get(200, 0) > 40
    assert len(urls) > 150, len(urls)
    print(f"walked {len(urls)} public addresses twice: {statuses}")


def test_untranslated_languages_do_not_show_the_partial_translation(client, world):
    _public, _hidden, partial, _secrets = world
    assert client.get(partial.get_absolute_url("ar")).status_code == 200
    for code in ("ru", "en"):
        assert client.get(f"/{code}/news/{partial.pk}/{MARKER}-partial-{code}/").status_code == 404
        for url in (
            f"/{code}/",
            f"/{code}/feed/rss/",
            f"/{code}/corrections/",
            f"/{code}/corrections/rss/",
            "/sitemap.xml",
            "/sitemap-news.xml",
        ):
            assert MARKER not in client.get(url).content.decode()
        # The partial article's translator into this language has no page here.
        assert client.get(f"/{code}/author/tr-{code}/").status_code == 404


def test_no_unpublished_text_in_the_partner_api(client, world):
    """The partner API, in every language, list (every filter, every page, both ninjs
    versions) and item (every article's id, every format), shows nothing hidden."""
    from syndication.models import Partner

    public, hidden, partial, secrets = world
    token = Partner.objects.create(name="Leak walk", requests_per_minute=10**6).token_renew()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    values = parameter_values(public, hidden, partial)
    articles = [public, *hidden, partial]
    problems, seen = {}, 0
    for code in ("ar", "ru", "en"):
        requests = [
            ({"format": fmt, "limit": 1, **{name: slug}} if name else {"format": fmt, "limit": 1})
            for fmt in ("ninjs-3.1", "ninjs-2.2")
            for name in (None, "tag", "person", "section", "source")
            for slug in (sorted(values["slug"]) if name else [None])
        ]
        requests += [{"updated_since": "2000-01-01T00:00:00Z"}]
        for params in requests:
            url, query = f"/api/partners/v1/{code}/items", params
            while url:
                response = client.get(url, query, **auth)
                assert response.status_code == 200, (url, query)
                if found := leaked(response, url, secrets, code):
                    problems[(url, str(query))] = found
                seen += len(response.json()["items"])
                url, query = response.json()["next"], {}
        for article in articles:
            for fmt in ("ninjs-3.1", "ninjs-2.2", "newsml-g2"):
                url = f"/api/partners/v1/{code}/items/{article.pk}"
                response = client.get(url, {"format": fmt}, **auth)
                expected = (
                    200 if article == public or (article == partial and code == "ar") else 404
                )
                assert response.status_code == expected, (url, fmt)
                if found := leaked(response, url, secrets, code):
                    problems[(url, fmt)] = found
    assert problems == {}
    assert seen > 30


def test_no_unpublished_text_in_webhook_deliveries(world):
    """Every change of every article announced again with a subscriber for every language and
    format: what reaches the subscriber holds nothing hidden, and nothing of the hidden ones."""
    from newsroom.events import Change, content_announce
    from syndication.models import Partner, Subscription
    from syndication.tasks import subscription_deliver
    from tests.syndication.receiver import Receiver

    public, hidden, partial, secrets = world
    receiver = Receiver(8165).start()
    try:
        partner = Partner.objects.create(name="Leak walk")
        subscriptions = [
            Subscription.objects.create(
                partner=partner, url=receiver.url, languages=["ar", "ru", "en"], wire_format=fmt
            )
            for fmt in ("ninjs-3.1", "ninjs-2.2", "newsml-g2")
        ]
        for article in [public, *hidden, partial]:
            for kind in (Change.PUBLISHED, Change.UPDATED):
                content_announce(objects=[article], kind=kind)
        for subscription in subscriptions:
            subscription_deliver(subscription.pk)
    finally:
        receiver.stop()
    # The public article in three languages and the partial one in Arabic, in three formats.
    assert len(receiver.received) == 4 * 3
    bodies = [r.body.decode() for r in receiver.received]
    assert [s for s in secrets for body in bodies if s in body] == []
