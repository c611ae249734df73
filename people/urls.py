from django.urls import path

from articles import converters  # noqa: F401 - registers the "uslug" converter
from articles.caching import PAGED
from articles.caching import cached_public_page as cached
from people import feeds, views

app_name = "people"
urlpatterns = [
    path("person/<uslug:slug>/", cached(views.PersonView.as_view(), query=PAGED), name="person"),
    path("person/<uslug:slug>/rss/", cached(feeds.PersonFeed()), name="person-feed-rss"),
    path("person/<uslug:slug>/atom/", cached(feeds.PersonAtomFeed()), name="person-feed-atom"),
    path("author/<uslug:slug>/", cached(views.AuthorView.as_view(), query=PAGED), name="author"),
    path("author/<uslug:slug>/rss/", cached(feeds.AuthorFeed()), name="author-feed-rss"),
    path("author/<uslug:slug>/atom/", cached(feeds.AuthorAtomFeed()), name="author-feed-atom"),
    path(
        "organisation/<uslug:slug>/",
        cached(views.OrganisationView.as_view(), query=PAGED),
        name="organisation",
    ),
]
