"""Stored and reflected XSS: every payload of the corpus through every text field and entry point.

Entry points: the admin's add forms (a superuser, so nothing is disabled),
PO and XLIFF imports, and the public search's query string. A payload is
either refused (the row is not written) or stored and rendered; every public
page, list, feed and sitemap is then checked to hold nothing executable.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import polib
import pytest
from django.urls import reverse
from django.utils import timezone
from translate.storage import xliff

from articles.caching import content_changed
from articles.models import Article, PhotoCredit, Section, Source, Tag
from newsroom.exchange import ImportRefused, translations_import
from people.models import Organisation, Person
from tests.security.xss import ALL_PAYLOADS, PAYLOADS, executable_bits, feed_bits
from tests.staff import form_data

pytestmark = pytest.mark.django_db

LANGS = ("ar", "ru", "en")
_ids = count(1)


def _each(*names):
    return [f"{name}_{code}" for name in names for code in LANGS]


#: The fields each admin add form gets the payload in (slugs are tried in a post of their own).
ADMIN_FIELDS = {
    Section: _each("name"),
    Source: [*_each("name"), "website"],
    PhotoCredit: _each("name"),
    Tag: _each("name"),
    Person: _each("name", "role", "bio"),
    Organisation: [*_each("name", "short_name", "description"), "website"],
    Article: _each("title", "standfirst", "body"),
}
SLUG_FIELDS = {Article: _each("slug"), Tag: ["slug"], Person: ["slug"], Section: ["slug"]}
#: Fields a translator's PO or XLIFF import writes (into Russian and English).
IMPORT_FIELDS = {Article: ("title", "standfirst", "body"), Person: ("name", "role", "bio")}
QUERY_FIELDS = ["search q"]

FIELD_COUNT = (
    sum(len(f) for f in ADMIN_FIELDS.values())
    + sum(len(f) for f in SLUG_FIELDS.values())
    + 2 * sum(len(f) for f in IMPORT_FIELDS.values())  # PO into ru, XLIFF into en
    + len(QUERY_FIELDS)
)


def admin_add(client, model, values: dict) -> object | None:
    """Post the admin add form of ``model`` with ``values``; the new object, or None if refused."""
    info = (model._meta.app_label, model._meta.model_name)
    url = reverse("admin:{}_{}_add".format(*info))
    data = form_data(client.get(url).content.decode(), f"{model._meta.model_name}_form")
    data.update(
        {name: [value] if isinstance(value, str) else value for name, value in values.items()}
    )
    before = model.objects.count()
    response = client.post(url, data)
    if response.status_code == 302:
        return model.objects.order_by("-pk").first()
    assert response.status_code == 200, response.status_code
    assert model.objects.count() == before  # refused: nothing written
    return None


def safe_values(model) -> dict:
    n = next(_ids)
    values = {"name_ar": f"اسم {n}", "slug": f"s-{n}"}
    if model is Article:
        values = {"title_ar": f"عنوان {n}", "body_ar": "<p>نص.</p>"}
        values |= {f"slug_{code}": f"{code}-{n}" for code in LANGS}
    return values


def payload_values(model, payload: str) -> dict:
    values = safe_values(model)
    for name in ADMIN_FIELDS[model]:
        values[name] = payload
    if model is Article:
        values["body_ar"] = f"<p>{payload}</p>"
    return values


def import_payload(obj, payload: str, language: str, file_format: str) -> int:
    """Import ``payload`` as the translation of ``obj``'s fields; fields written (0 if refused)."""
    model = type(obj)
    keys = [
        (f"{model._meta.label_lower}:{obj.pk}:{field}", getattr(obj, f"{field}_ar"))
        for field in IMPORT_FIELDS[model]
        if getattr(obj, f"{field}_ar")
    ]
    if file_format == "po":
        catalogue = polib.POFile(wrapwidth=0)
        catalogue.metadata = {"Language": language, "Content-Type": "text/plain; charset=UTF-8"}
        for key, source in keys:
            catalogue.append(polib.POEntry(msgctxt=key, msgid=source, msgstr=payload))
        data = str(catalogue).encode()
    else:
        store = xliff.xlifffile(sourcelanguage="ar", targetlanguage=language)
        for key, source in keys:
            unit = store.addsourceunit(source)
            unit.setid(key)
            unit.target = payload
        data = bytes(store)
    try:
        return translations_import(data=data, file_format=file_format, language=language)
    except ImportRefused:
        return 0


def public_urls(article, objects) -> list[str]:
    urls = ["/ar/", "/ru/", "/en/", "/sitemap.xml", "/sitemap-news.xml"]
    for code in LANGS:
        urls += [f"/{code}/feed/rss/", f"/{code}/feed/atom/"]
        if article is not None and code in article.translated_languages():
            urls.append(article.get_absolute_url(code))
    for obj in objects:
        for code in LANGS:
            if getattr(obj, f"name_{code}", None) and hasattr(obj, "get_absolute_url"):
                urls.append(f"/{code}" + obj.get_absolute_url()[3:])
    return urls


def check_page(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code in (200, 404), (url, response.status_code)
    if response.status_code != 200:
        return []
    body = response.content
    if url.endswith((".xml", "/rss/", "/atom/")):
        return feed_bits(body)
    return executable_bits(body.decode())


def test_the_corpus_covers_every_family():
    assert len(PAYLOADS) == 9
    assert len(ALL_PAYLOADS) >= 45
    # payloads × fields, the number reported in the issue: 47 × 60 = 2820.
    assert FIELD_COUNT == 60


@pytest.mark.parametrize("payload", ALL_PAYLOADS)
def test_payload_through_every_field_leaves_nothing_executable(admin_client, client, payload):
    objects = {}
    for model in (Section, Source, PhotoCredit, Tag, Person, Organisation):
        obj = admin_add(admin_client, model, payload_values(model, payload))
        objects[model] = obj or model.objects.get(
            pk=admin_add(admin_client, model, safe_values(model)).pk
        )
    for model, fields in SLUG_FIELDS.items():
        values = safe_values(model) | dict.fromkeys(fields, payload)
        obj = admin_add(admin_client, model, values)
        if obj is not None:  # a slug that was accepted must be a plain slug
            assert all("<" not in (getattr(obj, f) or "") for f in fields)
    links = {
        "section": str(objects[Section].pk),
        "source": str(objects[Source].pk),
        "people": [str(objects[Person].pk)],
        "organisations": [str(objects[Organisation].pk)],
        "tags": [str(objects[Tag].pk)],
    }
    article = admin_add(admin_client, Article, payload_values(Article, payload) | links)
    if article is None:  # refused as a whole (bidi controls): publish a safe one to show the rest
        article = admin_add(admin_client, Article, safe_values(Article) | links)
    for language, file_format in (("ru", "po"), ("en", "xliff")):
        for obj in (article, objects[Person]):
            obj.refresh_from_db()
            import_payload(obj, payload, language, file_format)
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1)
    )
    content_changed()
    article.refresh_from_db()
    for obj in objects.values():
        obj.refresh_from_db()

    problems = {}
    for url in public_urls(article, objects.values()):
        if bits := check_page(client, url):
            problems[url] = bits
    search = client.get("/ar/search/", {"q": payload})
    assert search.status_code in (200, 400)
    if search.status_code == 200 and (bits := executable_bits(search.content.decode())):
        problems["search"] = bits
    assert problems == {}
    for code in LANGS:
        assert executable_bits(f"<div>{getattr(article, f'body_{code}') or ''}</div>") == []
