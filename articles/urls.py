from django.urls import path

from articles import (
    converters,  # noqa: F401 - registers the "uslug" converter
    feeds,
    preview,
    views,
)
from articles.caching import PAGED
from articles.caching import cached_public_page as cached

app_name = "articles"
urlpatterns = [
    path("", cached(views.HomeView.as_view(), query=PAGED), name="home"),
    path("news/<int:pk>/<uslug:slug>/", cached(views.ArticleDetailView.as_view()), name="detail"),
    path("news/<int:pk>/", views.ArticleDetailView.as_view(), name="detail-short"),
    path("read/<int:pk>/", views.ReadBeaconView.as_view(), name="read"),
    path("preview/<int:pk>/", preview.ArticlePreviewView.as_view(), name="preview"),
    path("section/<uslug:slug>/", cached(views.SectionView.as_view(), query=PAGED), name="section"),
    path("tag/<uslug:slug>/", cached(views.TagView.as_view(), query=PAGED), name="tag"),
    path("source/<uslug:slug>/", cached(views.SourceView.as_view(), query=PAGED), name="source"),
    path("search/", cached(views.SearchView.as_view(), query=("q", *PAGED)), name="search"),
    path(
        "corrections/",
        cached(views.CorrectionsView.as_view(), query=PAGED),
        name="corrections",
    ),
    path("corrections/rss/", cached(feeds.CorrectionsFeed()), name="corrections-feed-rss"),
    path("corrections/atom/", cached(feeds.CorrectionsAtomFeed()), name="corrections-feed-atom"),
    path("feed/rss/", cached(feeds.LatestArticlesFeed()), name="feed-rss"),
    path("feed/atom/", cached(feeds.LatestArticlesAtomFeed()), name="feed-atom"),
    path("tag/<uslug:slug>/rss/", cached(feeds.TagFeed()), name="tag-feed-rss"),
    path("tag/<uslug:slug>/atom/", cached(feeds.TagAtomFeed()), name="tag-feed-atom"),
]
