from django.urls import path

from articles import (
    converters,  # noqa: F401 - registers the "uslug" converter
    preview,
    views,
)

app_name = "articles"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/<int:pk>/<uslug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("news/<int:pk>/", views.ArticleDetailView.as_view(), name="detail-short"),
    path("section/<uslug:slug>/", views.SectionView.as_view(), name="section"),
    path("tag/<uslug:slug>/", views.TagView.as_view(), name="tag"),
    path("source/<uslug:slug>/", views.SourceView.as_view(), name="source"),
    path("preview/<int:pk>/", preview.ArticlePreviewView.as_view(), name="preview"),
]
