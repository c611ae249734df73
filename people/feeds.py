"""Per-language RSS and Atom feeds of the articles that mention a person."""

from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext

from articles.feeds import LatestArticlesAtomFeed, LatestArticlesFeed, SubjectFeedMixin
from articles.models import Byline, byline_credited_in
from people.models import Author, Person


class PersonFeed(SubjectFeedMixin, LatestArticlesFeed):
    model = Person
    article_filter = "people"


class PersonAtomFeed(SubjectFeedMixin, LatestArticlesAtomFeed):
    model = Person
    article_filter = "people"


class AuthorFeedMixin(SubjectFeedMixin):
    """The latest public articles that credit an author in the active language."""

    model = Author

    def title(self, obj):
        return gettext("Newsroom: articles by %(name)s") % {"name": obj.name}

    def summary(self, obj) -> str:
        return gettext("The latest articles by %(name)s.") % {"name": obj.name}

    def articles(self, obj):
        credited = Byline.objects.filter(
            byline_credited_in(translation.get_language()), person=obj, article=OuterRef("pk")
        )
        return LatestArticlesFeed.articles(self, obj).filter(Exists(credited))


class AuthorFeed(AuthorFeedMixin, LatestArticlesFeed):
    pass


class AuthorAtomFeed(AuthorFeedMixin, LatestArticlesAtomFeed):
    pass
