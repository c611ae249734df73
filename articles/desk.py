"""The editors' desk: what awaits review, what comes out next, drafts, the latest published."""

from django.contrib.admin.sites import AdminSite
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from articles.models import LANGUAGE_CODES, Article, ArticleTransition
from newsroom.admin_site import DashboardPanel

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


#: How many articles each list of the admin's home page shows (the desk overview has more).
DASHBOARD_LIMIT = 8


def desk_dashboard(request) -> DashboardPanel | None:
    """The admin home's desk: my drafts, awaiting review, scheduled next, recently published.

    One query per list, whatever the archive holds; each article links to its form.
    """
    user = request.user
    if not user.has_perm("articles.view_article"):
        return None
    articles = Article.objects.select_related("created_by").only(
        *(f"title_{code}" for code in LANGUAGE_CODES),
        "status",
        "published_at",
        "updated_at",
        "created_by",
        "created_by__username",
        "created_by__first_name",
        "created_by__last_name",
    )
    limit = DASHBOARD_LIMIT
    changelist = reverse("admin:articles_article_changelist")
    lists = [
        (
            "my-drafts",
            _("My drafts"),
            articles.filter(status=Status.DRAFT, created_by=user).order_by("-updated_at")[:limit],
            f"{changelist}?state={Status.DRAFT}",
        ),
        (
            "awaiting-review",
            _("Awaiting review"),
            articles.filter(status=Status.IN_REVIEW).order_by("updated_at")[:limit],
            f"{changelist}?state={Status.IN_REVIEW}",
        ),
        (
            "scheduled",
            _("Scheduled next"),
            articles.scheduled().order_by("published_at")[:limit],
            f"{changelist}?state=scheduled",
        ),
        (
            "recently-published",
            _("Recently published"),
            articles.live().order_by("-published_at")[:limit],
            f"{changelist}?state={Status.PUBLISHED}",
        ),
    ]
    return DashboardPanel(
        template="admin/articles/dashboard_desk.html",
        context={
            "lists": [(key, heading, list(items), more) for key, heading, items, more in lists],
            "can_add": user.has_perm("articles.add_article"),
            "desk_url": reverse("admin:articles_article_desk"),
        },
        order=10,
    )
