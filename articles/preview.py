"""Staff preview: an article in any state, in one language, as the public page shows it."""

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import DetailView

from articles.models import LANGUAGE_CODES, Article
from articles.related import page_photos_fetch, related_articles


def preview_languages(article: Article) -> list[str]:
    """The languages an article has text in (a title or a body), whatever its state."""
    return [
        code
        for code in LANGUAGE_CODES
        if getattr(article, f"title_{code}") or getattr(article, f"body_{code}")
    ]


# The article form shows the preview in a frame beside itself: framed by our own pages only.
@method_decorator(
    [
        staff_member_required,
        never_cache,
        xframe_options_sameorigin,
        csp_replace({"frame-ancestors": [SELF]}),
    ],
    name="dispatch",
)
class ArticlePreviewView(PermissionRequiredMixin, DetailView):
    """The public article template over any article, for signed-in staff only.

    A language the article has no text in yet says so, rather than showing an
    empty page; the language switcher offers the previews that have text.
    """

    permission_required = "articles.view_article"
    template_name = "articles/article_detail.html"
    context_object_name = "article"
    queryset = Article.objects.for_detail()

    def get_template_names(self):
        if translation.get_language() not in preview_languages(self.object):
            return ["articles/preview_missing.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        language = translation.get_language()
        # The related stories the public page will show (public ones only).
        related = related_articles(self.object, language, at=timezone.now())
        page_photos_fetch(self.object, related)
        return super().get_context_data(
            page_object=self.object,
            related=related,
            preview=True,
            preview_languages=preview_languages(self.object),
            is_public=Article.objects.public(language).filter(pk=self.object.pk).exists(),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
