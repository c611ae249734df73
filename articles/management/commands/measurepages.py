"""Measure each public page type: SQL queries and median server time, uncached and cached."""

import statistics
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from articles.caching import content_state
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Render each public page type of the demo content (run loaddemo first) through "
        "Django's test client and print its query count and median server time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30, help="renders per page (default 30)")
        parser.add_argument("--language", default="ar", help="page language (default ar)")

    def handle(self, *args, runs: int, language: str, **options):
        article = Article.objects.public(language).order_by("pk").first()
        if article is None:
            raise CommandError("No public article: run `manage.py loaddemo` first.")
        client = Client()
        self.stdout.write(f"{'page':<14}{'queries':>8}{'median ms':>11}{'cached ms':>11}")
        for name, url in self.pages(article, language).items():
            uncached, cached, queries = [], [], 0
            for _ in range(runs):
                cache.clear()
                content_state()
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get(url)
                    uncached.append(time.perf_counter() - start)
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
                queries = len(captured)
                start = time.perf_counter()
                client.get(url)
                cached.append(time.perf_counter() - start)
            self.stdout.write(
                f"{name:<14}{queries:>8}{statistics.median(uncached) * 1000:>11.1f}"
                f"{statistics.median(cached) * 1000:>11.1f}"
            )

    def pages(self, article: Article, language: str) -> dict[str, str]:
        """One URL of each public page type, in ``language``."""
        with translation.override(language):
            pages = {
                "home": f"/{language}/",
                "article": article.get_absolute_url(language),
                "search": f"/{language}/search/?q=" + article.title.split()[0],
                "feed (RSS)": f"/{language}/feed/rss/",
                "feed (Atom)": f"/{language}/feed/atom/",
                "sitemap": "/sitemap-articles.xml",
                "news sitemap": "/sitemap-news.xml",
            }
            if article.section:
                pages["section"] = article.section.get_absolute_url()
            if article.source:
                pages["source"] = article.source.get_absolute_url()
            if tag := article.tags.first():
                pages["tag"] = tag.get_absolute_url()
            if person := article.people.first():
                pages["person"] = person.get_absolute_url()
            if organisation := article.organisations.first():
                pages["organisation"] = organisation.get_absolute_url()
        return pages
