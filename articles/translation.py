"""The translated fields of the articles app's models, and the translation policy of articles."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import TranslationOptions, register

from articles.models import Article, ArticleNote, Photo, PhotoCredit, Section, Source, Tag
from articles.workflow import TRANSLATED_FIELDS, article_editable_fields, article_save
from newsroom.dates import date_display
from newsroom.i18n import LANGUAGE_CODES
from newsroom.translation_policy import (
    Priority,
    TranslationPolicy,
    in_queue_order,
    policy_for,
    register_policy,
)


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(Source)
class SourceTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(PhotoCredit)
class PhotoCreditTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(Photo)
class PhotoTranslationOptions(TranslationOptions):
    fields = ("caption", "alt_text")


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name",)
    # Empty names are NULL so that the per-language unique constraints hold.
    empty_values = {"name": None}
    required_languages = ("ar",)


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "standfirst", "body")
    # Empty slugs are NULL so that the per-language unique constraints hold.
    empty_values = {"slug": None}
    # The title is required in the article's original language, whichever it is
    # (``Article.clean``), not in a fixed one.


@register_policy(Article)
class ArticleTranslationPolicy(TranslationPolicy):
    """Who writes an article's languages is the workflow's to say; articles come first in the
    queue, by workflow state (archived ones never), newest first, with their state and date."""

    state_fields = ("status", "published_at", "original_language")
    queue_order = 0
    queue_columns = (_("Status"), _("Publication date"))

    def source_language(self, obj: Article) -> str:
        """An article's own original language (any of the site's): the others translate it.
        The other translated models (people, organisations, tags, sections, sources, photos,
        credits) keep the default, Arabic: the newsroom names them in Arabic first."""
        return obj.original_language

    def editable_languages(
        self, *, user: AbstractBaseUser | AnonymousUser, obj: Article
    ) -> frozenset[str]:
        fields = article_editable_fields(user=user, article=obj)
        return frozenset(
            code
            for code in LANGUAGE_CODES
            if all(f"{name}_{code}" in fields for name in TRANSLATED_FIELDS)
        )

    def queue_priority(self, obj: Article) -> int | None:
        return {
            Article.Status.PUBLISHED: Priority.FIRST,  # scheduled ones too
            Article.Status.IN_REVIEW: Priority.IN_REVIEW,
            Article.Status.DRAFT: Priority.DRAFT,
            Article.Status.UNPUBLISHED: Priority.LAST,
        }.get(obj.status)

    def published_at(self, obj: Article) -> datetime | None:
        return obj.published_at

    def queue_objects(
        self,
        queryset: models.QuerySet,
        awaiting: models.QuerySet,
        languages: Sequence[str],
        limit: int,
    ) -> list[Article]:
        return in_queue_order(queryset, awaiting, languages, limit)

    def queue_cells(self, obj: Article) -> list:
        return [obj.get_state_display(), date_display(obj.published_at, "SHORT_DATETIME_FORMAT")]

    def save_translations(
        self,
        *,
        obj: Article,
        user: AbstractBaseUser | None,
        changed: Collection[str],
        sources_seen: dict[str, str] | None = None,
    ) -> None:
        """An import's article: locked, merged with what others saved meanwhile, kept as a
        revision (the workflow's ``article_save``)."""
        article_save(article=obj, user=user, changed=changed, sources_seen=sources_seen)


@register(ArticleNote)
class ArticleNoteTranslationOptions(TranslationOptions):
    fields = ("text",)


@register_policy(ArticleNote)
class ArticleNoteTranslationPolicy(TranslationPolicy):
    """A note is written in its article's language and translated like the article: it
    waits in the queue while its article is published, right after the articles, newest
    first, with its article and kind beside it."""

    state_fields = ("article", "kind", "noted_at")
    queue_order = 0
    queue_columns = (_("Article"), _("Kind"))

    def source_language(self, obj: ArticleNote) -> str:
        return policy_for(Article).source_language(obj.article)

    def queue_priority(self, obj: ArticleNote) -> int | None:
        return Priority.FIRST if obj.article.status == Article.Status.PUBLISHED else None

    def published_at(self, obj: ArticleNote) -> datetime | None:
        return obj.noted_at

    def queue_objects(
        self,
        queryset: models.QuerySet,
        awaiting: models.QuerySet,
        languages: Sequence[str],
        limit: int,
    ) -> list[ArticleNote]:
        return in_queue_order(queryset.select_related("article"), awaiting, languages, limit)

    def queue_cells(self, obj: ArticleNote) -> list:
        return [str(obj.article), obj.get_kind_display()]
