from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from articles.revisions import register_models

        register_models()
        from articles.caching import pages_follow
        from articles.models import Article
        from articles.search import search_follow
        from newsroom.events import content_changed

        # What follows the content: the page cache and the search documents.
        content_changed.connect(pages_follow, dispatch_uid="articles.caching")
        content_changed.connect(search_follow, sender=Article, dispatch_uid="articles.search")
        from django.contrib import admin

        from articles.desk import desk_dashboard

        # The admin's home page: my drafts, awaiting review, scheduled, recently published.
        admin.site.dashboard_panel(desk_dashboard)
