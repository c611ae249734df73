"""The editors' desk: what awaits review, what comes out next, drafts, the latest published."""

from django.contrib.admin.sites import AdminSite
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from articles.models import Article, ArticleTransition

Status = Article.Status


def desk_lists(user, limit: int = 20) -> dict:
    """The desk's lists of articles, each with its transition history prefetched."""
    articles = Article.objects.select_related("created_by").prefetch_related(
        Prefetch("transitions", queryset=ArticleTransition.objects.select_related("user"))
    )
    return {
        "awaiting_review": articles.filter(status=Status.IN_REVIEW).order_by("updated_at")[:limit],
        "scheduled": articles.scheduled().order_by("published_at")[:limit],
        "my_drafts": articles.filter(status=Status.DRAFT, created_by=user).order_by("-updated_at")[
            :limit
        ],
        "recently_published": articles.live().order_by("-published_at")[:limit],
    }


class DeskView(TemplateView):
    """The desk overview page in the admin."""

    template_name = "admin/articles/desk.html"
    admin_site: AdminSite | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("articles.view_article"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        sections = desk_lists(self.request.user)
        return super().get_context_data(
            **self.admin_site.each_context(self.request),
            title=_("Desk overview"),
            opts=Article._meta,
            sections=[
                (_("Awaiting review"), sections["awaiting_review"]),
                (_("Scheduled next"), sections["scheduled"]),
                (_("My drafts"), sections["my_drafts"]),
                (_("Recently published"), sections["recently_published"]),
            ],
            **kwargs,
        )
