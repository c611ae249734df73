"""Public pages: thin generic views over the one visibility rule."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.views.generic import DetailView, ListView

from articles.caching import CachedCountPaginator
from articles.models import Article, Section, Source, Tag


class HomeView(ListView):
    """The latest public articles in the active language."""

    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 20
    paginator_class = CachedCountPaginator

    def get_queryset(self):
        return Article.objects.public().for_listing()


class ArticleDetailView(DetailView):
    """One article; a wrong or old slug redirects to the canonical URL."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return (
            Article.objects.public()
            .select_related("section", "source", "lead_photo__credit")
            .prefetch_related("people", "tags")
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        language = translation.get_language()
        if kwargs.get("slug") != getattr(self.object, f"slug_{language}"):
            return redirect(self.object.get_absolute_url(language), permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))


class FilteredArticleListView(ListView):
    """Public articles that belong to one object (section, tag, source, person…).

    Subclasses name the ``model`` of that object and the ``article_filter`` that
    selects its articles; the object must have a name in the active language.
    """

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = 20
    paginator_class = CachedCountPaginator
    article_filter = ""

    def get_subject(self):
        subject = get_object_or_404(self.model, slug=self.kwargs["slug"])
        if not getattr(subject, f"name_{translation.get_language()}", None):
            raise Http404
        return subject

    def get_queryset(self):
        self.subject = self.get_subject()
        return Article.objects.public().for_listing().filter(**{self.article_filter: self.subject})

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, **kwargs)


class SectionView(FilteredArticleListView):
    model = Section
    article_filter = "section"


class TagView(FilteredArticleListView):
    model = Tag
    article_filter = "tags"


class SourceView(FilteredArticleListView):
    model = Source
    article_filter = "source"
