"""Staff preview: an article in any state, in one language, as the public page shows it."""

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from articles.models import Article


@method_decorator([staff_member_required, never_cache], name="dispatch")
class ArticlePreviewView(PermissionRequiredMixin, DetailView):
    """The public article template over any article, for signed-in staff only."""

    permission_required = "articles.view_article"
    template_name = "articles/article_detail.html"
    context_object_name = "article"
    queryset = Article.objects.for_detail()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
