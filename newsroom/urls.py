from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.static import serve

from articles.caching import cached_public_page as cached
from articles.sitemaps import SITEMAPS
from articles.views import NewsSitemapView, RobotsView
from newsroom.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    path(
        "sitemap.xml",
        cached(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-news.xml", cached(NewsSitemapView.as_view()), name="sitemap-news"),
    path(
        "sitemap-<section>.xml",
        cached(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]

urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    path("", include("people.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
