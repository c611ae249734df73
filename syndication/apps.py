from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyndicationConfig(AppConfig):
    name = "syndication"
    verbose_name = _("Syndication")

    def ready(self):
        from articles.models import Article
        from newsroom.events import content_changed
        from syndication.push import push_follow

        # Partners' webhooks follow every change of an article.
        content_changed.connect(push_follow, sender=Article, dispatch_uid="syndication.push")
