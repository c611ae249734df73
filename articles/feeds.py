"""Per-language RSS and Atom feeds: the whole site, a tag, (in ``people.feeds``) a person."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext

from articles.models import Article, ArticleNote, Tag

#: How many of the latest articles a feed carries.
FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    """The latest public articles in the active language (RSS 2.0)."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, *args, **kwargs):
        return None

    def title(self, obj):
        return gettext("Newsroom: latest news")

    def summary(self, obj) -> str:
        """What the feed is about, as plain text."""
        return gettext("The latest news from the Newsroom.")

    def description(self, obj):
        # An RSS description is HTML to a feed reader (as item descriptions are):
        # the plain-text summary goes in escaped, so a name cannot become markup.
        return escape(self.summary(obj))

    def link(self, obj):
        return obj.get_absolute_url() if obj is not None else "/" + translation.get_language() + "/"

    def articles(self, obj):
        """The public articles this feed is about (subclasses narrow it)."""
        return Article.objects.public().for_listing()

    def items(self, obj):
        return self.articles(obj).prefetch_related("tags")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # RSS descriptions and Atom summaries are HTML to a feed reader; the
        # standfirst is plain text, so it goes in escaped.
        return escape(item.standfirst)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        return item.source.name if item.source else None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all() if tag.name]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    """The latest public articles in the active language (Atom)."""

    feed_type = Atom1Feed

    def subtitle(self, obj):
        # An Atom subtitle without a type is plain text: not escaped again.
        return self.summary(obj)


class SubjectFeedMixin:
    """A feed about one object, where it has a public page (``SubjectQuerySet.public``)."""

    model = None
    article_filter = ""

    def get_object(self, request, slug):
        return get_object_or_404(self.model.objects.public(), slug=slug)

    def title(self, obj):
        return gettext("Newsroom: %(name)s") % {"name": obj.name}

    def summary(self, obj) -> str:
        return gettext("The latest news about %(name)s.") % {"name": obj.name}

    def articles(self, obj):
        return super().articles(obj).filter(**{self.article_filter: obj})


class TagFeed(SubjectFeedMixin, LatestArticlesFeed):
    model = Tag
    article_filter = "tags"


class TagAtomFeed(SubjectFeedMixin, LatestArticlesAtomFeed):
    model = Tag
    article_filter = "tags"


class CorrectionsFeed(LatestArticlesFeed):
    """The latest corrections and clarifications in the active language (RSS 2.0): one item
    per note, linking to its article's notes."""

    def title(self, obj):
        return gettext("Newsroom: corrections")

    def summary(self, obj) -> str:
        return gettext("Corrections and clarifications to our articles.")

    def link(self, obj):
        return "/" + translation.get_language() + "/corrections/"

    def items(self, obj):
        notes = ArticleNote.objects.public().filter(kind__in=ArticleNote.CORRECTING)
        return notes.select_related("article")[:FEED_SIZE]

    def item_title(self, item):
        return gettext("%(kind)s: %(title)s") % {
            "kind": item.get_kind_display(),
            "title": item.article.title,
        }

    def item_description(self, item):
        return escape(item.text)

    def item_link(self, item):
        return item.article.get_absolute_url() + "#notes"

    def item_guid(self, item):
        return f"{item.article.get_absolute_url()}#note-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.noted_at

    def item_updateddate(self, item):
        return item.noted_at

    def item_author_name(self, item):
        return None

    def item_categories(self, item):
        return [item.get_kind_display()]


class CorrectionsAtomFeed(CorrectionsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.summary(obj)
