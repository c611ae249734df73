"""Per-language RSS and Atom feeds of the articles that mention a person."""

from articles.feeds import LatestArticlesAtomFeed, LatestArticlesFeed, SubjectFeedMixin
from people.models import Person


class PersonFeed(SubjectFeedMixin, LatestArticlesFeed):
    model = Person
    article_filter = "people"


class PersonAtomFeed(SubjectFeedMixin, LatestArticlesAtomFeed):
    model = Person
    article_filter = "people"
