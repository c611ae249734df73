"""XML sitemaps with hreflang alternates, and a Google News sitemap of the last two days."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from articles.models import LANGUAGE_CODES, Article, Section, Source, Tag, public_flag
from people.models import Organisation, Person


class AlternatesSitemap(Sitemap):
    """A sitemap of pages in several languages, each listing the others and x-default.

    x-default is the page in the default language, as in the pages' own
    hreflang links. (Django's own x-default is the unprefixed address, which
    redirects by Accept-Language to a language the page may not exist in.)
    """

    i18n = True
    alternates = True
    x_default = False

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            default = [a for a in url["alternates"] if a["lang_code"] == settings.LANGUAGE_CODE]
            if default:
                url["alternates"].append(
                    {"location": default[0]["location"], "lang_code": "x-default"}
                )
        return urls


class ArticleSitemap(AlternatesSitemap):
    """Every article in each language it is public in, with the others as alternates."""

    changefreq = "daily"

    def public_ids(self) -> dict[str, set[int]]:
        """For each language, the ids of the articles public in it (one query each, once)."""
        if not hasattr(self, "_public_ids"):
            self._public_ids = {
                code: set(Article.objects.public(code).values_list("pk", flat=True))
                for code in LANGUAGE_CODES
            }
        return self._public_ids

    def items(self):
        ids = set().union(*self.public_ids().values())
        return Article.objects.filter(pk__in=ids).order_by("-published_at", "-pk")

    def get_languages_for_item(self, item):
        return [code for code, ids in self.public_ids().items() if item.pk in ids]

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)


class NamedObjectSitemap(AlternatesSitemap):
    """Pages of sections, tags, people… in each language they are public in (one query)."""

    changefreq = "daily"
    priority = 0.5

    def __init__(self, model):
        self.model = model

    def items(self):
        anywhere = Q()
        for code in LANGUAGE_CODES:
            anywhere |= Q(**{public_flag(code): True})
        return self.model.objects.with_public_languages().filter(anywhere).order_by("pk")

    def get_languages_for_item(self, item):
        return [code for code in LANGUAGE_CODES if getattr(item, public_flag(code))]


class HomeSitemap(AlternatesSitemap):
    """The home page in every language."""

    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["articles:home"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "home": HomeSitemap,
    "articles": ArticleSitemap,
    "sections": NamedObjectSitemap(Section),
    "tags": NamedObjectSitemap(Tag),
    "sources": NamedObjectSitemap(Source),
    "people": NamedObjectSitemap(Person),
    "organisations": NamedObjectSitemap(Organisation),
}

#: Google News lists articles published in the last two days.
NEWS_WINDOW = timedelta(days=2)


def news_items() -> list[dict]:
    """Each article public in a language and published in the last two days, per language."""
    since = timezone.now() - NEWS_WINDOW
    items = []
    publication = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            publication[code] = gettext("Newsroom")
        recent = Article.objects.public(code).filter(published_at__gte=since)
        for article in recent.order_by("-published_at", "-pk")[:1000]:
            items.append(
                {
                    "language": code,
                    "location": article.get_absolute_url(code),
                    "title": getattr(article, f"title_{code}"),
                    "published_at": article.published_at,
                    "publication": publication[code],
                }
            )
    return items
