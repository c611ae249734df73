"""Public pages: thin generic views over the one visibility rule."""

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone, translation
from django.views.generic import DetailView, ListView, TemplateView

from articles.models import Article, ArticleNote, Section, Source, Tag
from articles.pagination import CachedCountPaginator, SearchPaginator
from articles.related import page_photos_fetch, related_articles
from articles.search import article_search, query_clean
from articles.sitemaps import news_items
from newsroom.i18n import LANGUAGE_CODES

#: Articles per page on every public list.
PAGE_SIZE = 20
#: Articles shown under each section on the home page.
SECTION_SIZE = 4
#: At most this many sections on the home page.
MAX_HOME_SECTIONS = 100


class PublicListMixin:
    """A paginated list of public articles: one "now" for the visibility rule, which the
    paginator's cached count leaves out of its key."""

    paginate_by = PAGE_SIZE
    paginator_class = CachedCountPaginator

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.now = timezone.now()

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return super().get_paginator(
            queryset, per_page, orphans, allow_empty_first_page, visible_at=self.now, **kwargs
        )


class HomeView(PublicListMixin, ListView):
    """The latest public articles in the active language, then the latest of each section."""

    template_name = "articles/home.html"
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.public(at=self.now).for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1:
            context["sections"] = self.get_sections()
        return context

    def get_sections(self) -> list[tuple[Section, list[Article]]]:
        """Each named section with its latest articles, in one query."""
        # For each section, its n-th newest public article is a scalar subquery
        # that reads a few entries of the per-language (section, date) index;
        # the union of the first, second… newest gives the ids to fetch. Ranking
        # every public article with a window function read the whole index
        # (88,000 entries at 100,000 articles: 17 ms against 1.4 ms).
        language = translation.get_language()
        # Unsliced and unordered: SQLite allows neither in a part of a UNION.
        named = Section.objects.filter(**{f"name_{language}__gt": ""}).order_by()
        newest = (
            Article.objects.public()
            .filter(section=OuterRef("pk"))
            .order_by("-published_at", "-pk")
            .values("pk")
        )
        ranked = named.annotate(
            **{f"newest_{n}": Subquery(newest[n : n + 1]) for n in range(SECTION_SIZE)}
        )
        ids = ranked.values("newest_0").union(
            *(ranked.values(f"newest_{n}") for n in range(1, SECTION_SIZE)), all=True
        )
        latest = (
            Article.objects.filter(pk__in=ids)
            .for_listing()
            .order_by("section__position", "section__slug", "-published_at", "-pk")
        )
        sections: dict[int, tuple[Section, list[Article]]] = {}
        for article in latest:
            sections.setdefault(article.section_id, (article.section, []))[1].append(article)
        return list(sections.values())[:MAX_HOME_SECTIONS]


class ArticleDetailView(DetailView):
    """One article; a wrong or old slug redirects to the canonical URL."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.public().for_detail()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        language = translation.get_language()
        if kwargs.get("slug") != getattr(self.object, f"slug_{language}"):
            return redirect(self.object.get_absolute_url(language), permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        related = related_articles(self.object, translation.get_language(), at=timezone.now())
        page_photos_fetch(self.object, related)
        return super().get_context_data(page_object=self.object, related=related, **kwargs)


class FilteredArticleListView(PublicListMixin, ListView):
    """Public articles that belong to one object (section, tag, source, person…).

    Subclasses name the ``model`` of that object and the ``article_filter`` that
    selects its articles; the object must be public in the active language
    (``SubjectQuerySet.public``).
    """

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    article_filter = ""
    subject_related: tuple[str, ...] = ()

    def subject_queryset(self):
        """The objects with a public page here, each knowing its other languages (one query)."""
        return (
            self.model.objects.public()
            .with_public_languages()
            .select_related(*self.subject_related)
        )

    def get_subject(self):
        return get_object_or_404(self.subject_queryset(), slug=self.kwargs["slug"])

    def get_queryset(self):
        self.subject = self.get_subject()
        articles = Article.objects.public(at=self.now).for_listing()
        return articles.filter(**{self.article_filter: self.subject})

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, page_object=self.subject, **kwargs)


class SectionView(FilteredArticleListView):
    model = Section
    article_filter = "section"


class TagView(FilteredArticleListView):
    model = Tag
    article_filter = "tags"


class SourceView(FilteredArticleListView):
    model = Source
    article_filter = "source"


class SearchView(PublicListMixin, ListView):
    """Public articles matching the reader's query, with the matches highlighted."""

    template_name = "articles/search.html"
    context_object_name = "articles"
    paginator_class = SearchPaginator

    def get_queryset(self):
        self.query = query_clean(self.request.GET.get("q", ""))
        return article_search(self.query, translation.get_language(), at=self.now)

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, **kwargs)


class CorrectionsView(PublicListMixin, ListView):
    """The corrections and clarifications made to public articles in the active language,
    newest first, each with its article."""

    template_name = "articles/corrections.html"
    context_object_name = "notes"

    def get_queryset(self):
        return (
            ArticleNote.objects.public(at=self.now)
            .filter(kind__in=ArticleNote.CORRECTING)
            .select_related("article__section")
            .defer(*(f"article__body_{code}" for code in LANGUAGE_CODES), "article__body")
        )


class RobotsView(TemplateView):
    """``robots.txt``: everything public may be crawled; here are the sitemaps."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


class NewsSitemapView(TemplateView):
    """A Google News sitemap: what was published in the last two days, in every language."""

    template_name = "sitemaps/news.xml"
    content_type = "application/xml; charset=utf-8"

    def get_context_data(self, **kwargs):
        return super().get_context_data(items=news_items(), **kwargs)
