"""Smoke walk: every public address, with every query parameter it reads, ordinary and odd inputs.

It runs under the settings readers get (DEBUG off, page and count caches on,
static files collected into the manifest storage). The routes come from the
URL resolver and their parameters from the demo content, so a new route is
walked without editing this file; the query parameters come from watching
which keys each page looks up in ``request.GET``, so a new one is tried too.
No input may bring a 5xx, and every HTML page says its language.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.http import QueryDict
from django.test import Client, override_settings
from django.urls import LocalePrefixPattern, URLPattern, URLResolver, get_resolver
from django.utils.translation import get_language_info

from articles.models import Article, Section, Source, Tag
from articles.sitemaps import SITEMAPS
from people.models import Organisation, Person
from tests.builders import empty_page_cache
from tests.pages import parse

pytestmark = pytest.mark.django_db

#: Each public language and the direction its pages must declare.
DIRECTIONS = {
    code: "rtl" if get_language_info(code)["bidi"] else "ltr" for code, _name in settings.LANGUAGES
}
PARAMETER_RE = re.compile(r"<(?:\w+:)?(\w+)>")

#: What a reader may type or a link may carry, as raw (percent-encoded) address bytes.
INPUTS = {
    "ordinary word": quote("لافروف"),
    "Latin word": "Lavrov",
    "number": "1",
    "last": "last",
    "empty": "",
    "plus (a space)": "+",
    "whitespace": "%20%20%20",
    "punctuation": quote("!?.-"),
    "exclamation mark": "!",
    "hyphen": "-",
    "Arabic comma": quote("،"),
    "Arabic punctuation": quote("«،؛؟»"),
    "tatweel": quote("ـ"),
    "diacritics only": quote("\u064e\u0651\u0652"),
    "combining accent only": "%CC%81",
    "very long": quote("لافروف " * 700) + "a" * 100,
    "very large number": "9" * 30,
    "negative number": "-1",
    "NUL": "%00",
    "tab": "%09",
    "lone surrogate": "%ED%A0%80",
    "invalid UTF-8": "%FF%FE",
    "truncated UTF-8": "%D9",
    "RTL override": quote("\u202eLavrov"),
    "markup": quote('<b x="1">'),
}


class QueryKeysRead(QueryDict):
    """``request.GET`` that remembers which keys the page looked up."""

    def __init__(self, *args, **kwargs):
        self.read: set[str] = set()
        super().__init__(*args, **kwargs)
        self.read.clear()  # the keys Django looked up while parsing are not the page's

    def __getitem__(self, key):  # .get() goes through here too
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def getlist(self, key, default=None):
        self.read.add(key)
        return super().getlist(key, default)


class RecordQueryKeysMiddleware:
    """Puts the watching ``request.GET`` in place; the response carries the keys read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = QueryKeysRead(request.META.get("QUERY_STRING", ""))
        response = self.get_response(request)
        response.query_keys_read = request.GET.read
        return response


def routes(patterns=None, prefix=""):
    """(route, name) of every URL pattern but the admin's; ``{lang}`` marks a language prefix."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":  # staff only, with tests of its own
                continue
            part = pattern.pattern
            if isinstance(part, LocalePrefixPattern):
                part = "{lang}/"
            yield from routes(pattern.url_patterns, f"{prefix}{part}")
        elif isinstance(pattern, URLPattern):
            yield f"{prefix}{pattern.pattern}", pattern.name


def route_values() -> dict[str, list[str]]:
    """Values for each route parameter, URL-encoded, from the demo content."""
    article = Article.objects.order_by("pk").first()  # the seed, loaded first
    slugs = {getattr(article, f"slug_{code}") for code in DIRECTIONS}
    for model in (Section, Source, Tag, Person, Organisation):
        slugs |= set(model.objects.values_list("slug", flat=True))
    values = {
        "pk": [str(article.pk)],
        "slug": slugs,
        "section": SITEMAPS,
        # the partner API's language (one it does not publish too) and item
        "language": [*DIRECTIONS, "de"],
        "item_id": [str(article.pk), "0"],
    }
    return {name: sorted(quote(value) for value in choices) for name, choices in values.items()}


def address_of(route: str, parameters: dict[str, str], language: str | None) -> str:
    """The address of ``route`` with these (URL-encoded) parameter values, in ``language``."""
    address = PARAMETER_RE.sub(lambda match: parameters[match[1]], route)
    return "/" + address.replace("{lang}", str(language))


def addresses(route: str, values: dict[str, list[str]]) -> list[tuple[str, dict[str, str]]]:
    """Every address of ``route`` (in every language), with the parameter values it holds."""
    combinations = [{}]
    for name in PARAMETER_RE.findall(route):
        assert name in values, f"no value for <{name}> of {route}: add some to route_values()"
        combinations = [{**c, name: value} for c in combinations for value in values[name]]
    languages = DIRECTIONS if "{lang}" in route else [None]
    return [(address_of(route, c, code), c) for code in languages for c in combinations]


def language_of(address: str) -> str:
    """The language of a public address: its prefix, or the site's default language."""
    prefix = address.split("/")[1]
    return prefix if prefix in DIRECTIONS else settings.LANGUAGE_CODE


def problem_of(response) -> str | None:
    """What a reader would notice is wrong with a response: a server error or the wrong language."""
    if response.status_code >= 500:
        error = getattr(response, "exc_info", None)
        return f"{response.status_code} {error[1]!r}" if error else f"{response.status_code}"
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return None
    language = language_of(response.wsgi_request.path)
    page = parse(response)
    found, expected = (page.get("lang"), page.get("dir")), (language, DIRECTIONS[language])
    return None if found == expected else f'<html lang dir="{found}">, not {expected}'


def test_every_public_address_with_every_input_answers_without_a_server_error():
    call_command("loaddemo")  # the full demo: authors, notes and corrections too
    reader = Client(raise_request_exception=False)  # a 500 is a response to report, like the rest
    values = route_values()
    problems: dict[str, str] = {}
    visited: list[str] = []

    def visit(url: str):
        visited.append(url)
        response = reader.get(url)
        if problem := problem_of(response):
            problems[url] = problem
        return response

    # First walk: every address as it is. For each route and language, the first
    # page that answers (a 200 if there is one) is kept with the query keys it reads.
    kept: dict[tuple[str, str], tuple[int, str, str, dict, set[str]]] = {}
    recorder = f"{__name__}.{RecordQueryKeysMiddleware.__name__}"
    with override_settings(MIDDLEWARE=[recorder, *settings.MIDDLEWARE]):
        for route, name in routes():
            for address, parameters in addresses(route, values):
                response = visit(address)
                status, place = response.status_code, (name, language_of(address))
                better = place not in kept or (status == 200 and kept[place][0] != 200)
                if status != 404 and better:
                    keys = response.query_keys_read
                    kept[place] = (status, route, address, parameters, keys)
            # Some address of every route is more than a 404: its parameters were filled right.
            # (django-ninja's api-root answers nothing at the API's bare prefix: 404 by design.)
            assert name == "api-root" or any(n == name for n, _ in kept), (
                f"every address of {name} is a 404"
            )
    read = set().union(*(keys for *_, keys in kept.values()))
    assert {"q", "page", "p"} <= read  # search, lists, sitemaps: the recorder sees them
    empty_page_cache()  # so that the second walk renders each page again

    # Second walk: each query key a page reads, then each route parameter, with every input.
    for _status, route, address, parameters, keys in kept.values():
        for raw in INPUTS.values():
            for key in sorted(keys):
                visit(f"{address}?{key}={raw}")
            for name in parameters:
                visit(address_of(route, {**parameters, name: raw}, language_of(address)))
    assert not problems, "\n".join(f"{url}: {problem}" for url, problem in problems.items())
    print(f"walked {len(visited)} addresses, {len(kept)} pages with every input")
