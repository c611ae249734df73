"""Public pages: thin generic views over the one visibility rule."""

from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, ListView, TemplateView

from articles import front, mostread
from articles.models import Article, ArticleNote, Section, Source, Tag
from articles.pagination import CachedCountPaginator, SearchPaginator
from articles.related import page_photos_fetch, related_articles
from articles.search import article_search, query_clean
from articles.sitemaps import news_items
from newsroom.i18n import LANGUAGE_CODES

#: Articles per page on every public list.
PAGE_SIZE = 20
#: A transparent 1×1 GIF: the reply to the read beacon's ``<noscript>`` image.
PIXEL = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


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
    """The front page: lead and top stories, most read, the latest of each section, then the
    latest news not shown above; later pages continue the latest news.

    The photos of every story on the page are fetched together, in one query.
    """

    template_name = "articles/home.html"
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.public(at=self.now).for_listing().prefetch_related(None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = list(context["page_obj"].object_list)
        context["articles"] = page
        if context["page_obj"].number == 1:
            lead, top = front.front_stories(self.now)
            shown = {story.pk for story in (lead, *top) if story}
            sections = front.front_sections(sorted(shown))
            shown |= {article.pk for _section, articles in sections for article in articles}
            # Each article once on the page: the latest not shown above.
            latest = [article for article in page if article.pk not in shown]
            on_page = [story for story in (lead, *top) if story]
            on_page += [article for _section, articles in sections for article in articles]
            prefetch_related_objects([*on_page, *latest], "lead_photo__renditions")
            context.update(
                lead=lead,
                top_stories=top,
                sections=sections,
                latest=latest,
                most_read=mostread.most_read(translation.get_language(), self.now),
            )
        else:
            prefetch_related_objects(page, "lead_photo__renditions")
        return context


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
        return super().get_context_data(
            page_object=self.object,
            related=related,
            current_section=self.object.section,
            **kwargs,
        )


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

    def get_context_data(self, **kwargs):
        return super().get_context_data(current_section=self.subject, **kwargs)


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


@method_decorator(csrf_exempt, name="dispatch")
class ReadBeaconView(View):
    """Count a read of an article (``articles.mostread``): the article page's beacon (POST)
    or, without JavaScript, its ``<noscript>`` image (GET). Never cached, no cookie."""

    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        mostread.read_record(
            article_id=kwargs["pk"],
            language=translation.get_language(),
            address=mostread.client_address(request),
            user_agent=request.headers.get("User-Agent", ""),
            purpose=request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", ""),
        )
        if request.method == "POST":
            response = HttpResponse(status=204)
        else:
            response = HttpResponse(PIXEL, content_type="image/gif")
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
        return response
