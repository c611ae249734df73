"""Which URLs the benchmark requests, found in the corpus and checked in-process.

Run as ``python bench/pages.py OUT_DIR``: writes one ``OUT_DIR/<page>.txt``
file of paths per page type that exists on this site (one path per line), and
prints a "not available" line for each page type the site does not have yet.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ["NEWSROOM_PAGE_CACHE_SECONDS"] = "0"  # time and explain the pages themselves

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from articles.models import Article, Tag  # noqa: E402
from people.models import Person  # noqa: E402

LANGUAGES = ("ar", "ru", "en")
#: Route names a search page or a feed may have; the first that exists is used.
SEARCH_ROUTES = ("articles:search", "search:search", "search")
FEED_ROUTES = (
    "articles:feed",
    "articles:rss",
    "articles:feed-rss",
    "articles:latest-feed",
    "feeds:rss",
)
#: A common word of each language's corpus text, searched for.
SEARCH_WORDS = {"ar": "الأمم", "ru": "ООН", "en": "humanitarian"}


def _first_route(names: tuple[str, ...], language: str) -> str | None:
    with translation.override(language):
        for name in names:
            try:
                return reverse(name)
            except NoReverseMatch:
                continue
    return None


def article_paths(limit: int = 300) -> list[str]:
    """The latest public articles in each language (a reader's real mix)."""
    paths = []
    for language in LANGUAGES:
        with translation.override(language):
            for article in Article.objects.public(language).order_by("-published_at")[: limit // 3]:
                paths.append(article.get_absolute_url(language))
    return paths


def home_paths() -> list[str]:
    return [f"/{language}/" for language in LANGUAGES]


def tag_paths(limit: int = 60) -> list[str]:
    """The most used tags: the biggest tag pages."""
    tags = Tag.objects.annotate(n=Count("tagged_articles")).order_by("-n")[:limit]
    return [tag.get_absolute_url(LANGUAGES[i % 3]) for i, tag in enumerate(tags)]


def person_paths(limit: int = 60) -> list[str]:
    """The people mentioned most: the biggest person pages."""
    people = (
        Person.objects.exclude(name_en="")
        .exclude(name_ru="")
        .annotate(n=Count("articles"))
        .order_by("-n")[:limit]
    )
    return [person.get_absolute_url(LANGUAGES[i % 3]) for i, person in enumerate(people)]


def search_paths() -> list[str]:
    paths = []
    for language in LANGUAGES:
        route = _first_route(SEARCH_ROUTES, language)
        if route:
            paths.append(f"{route}?{urlencode({'q': SEARCH_WORDS[language]})}")
    return paths


def feed_paths() -> list[str]:
    return [route for lang in LANGUAGES if (route := _first_route(FEED_ROUTES, lang))]


PAGES = {
    "article": article_paths,
    "home": home_paths,
    "tag": tag_paths,
    "person": person_paths,
    "search": search_paths,
    "feed": feed_paths,
}


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    client = Client()
    for name, build in PAGES.items():
        target = out_dir / f"{name}.txt"
        target.unlink(missing_ok=True)
        paths = [p for p in build() if client.get(p).status_code == 200]
        if not paths:
            print(f"{name:8} not available (this site has no such page yet, or it answers 404)")
            continue
        target.write_text("\n".join(paths) + "\n")
        print(f"{name:8} {len(paths)} URLs, e.g. {paths[0]}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
