"""Keep derived data in step with content: page cache, search documents, photo renditions.

These handlers only call the named functions of ``articles.caching``,
``articles.search`` and ``articles.images``. The editorial workflow, the
admin and the imports all write through ``save()``, so these handlers cover
them; a write path that bypasses ``save()`` (``QuerySet.update()``, the bulk
corpus generator) must call ``articles.caching.content_changed()`` itself.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles.caching import content_changed
from articles.images import photo_renditions_ensure
from articles.models import (
    Article,
    Photo,
    PhotoCredit,
    Rendition,
    Section,
    Source,
    Tag,
    TaggedArticle,
)
from articles.search import article_index
from people.models import Organisation, Person

#: Models whose rows show on public pages: any change invalidates the page cache.
PUBLIC_MODELS = (
    Article,
    Photo,
    PhotoCredit,
    Rendition,
    Section,
    Source,
    Tag,
    TaggedArticle,
    Person,
    Organisation,
)


def _content_changed(sender, raw=False, **kwargs):
    if not raw:
        content_changed()


for model in PUBLIC_MODELS:
    post_save.connect(_content_changed, sender=model, dispatch_uid=f"cache-save-{model.__name__}")
    post_delete.connect(
        _content_changed, sender=model, dispatch_uid=f"cache-delete-{model.__name__}"
    )
for through in (Article.people.through, Article.organisations.through):
    m2m_changed.connect(_content_changed, sender=through, dispatch_uid=f"cache-m2m-{through}")


@receiver(post_save, sender=Article, dispatch_uid="search-index-article")
def _index_article(sender, instance, raw=False, **kwargs):
    if not raw:
        article_index(instance)


@receiver(post_save, sender=Photo, dispatch_uid="renditions-photo")
def _photo_renditions(sender, instance, raw=False, **kwargs):
    if not raw:
        photo_renditions_ensure(instance)
        content_changed()  # the pages now have renditions to show


@receiver(post_delete, sender=Rendition, dispatch_uid="renditions-file-delete")
def _delete_rendition_file(sender, instance, **kwargs):
    # Rows go with their photo (or are replaced); their files must go too.
    instance.file.delete(save=False)
