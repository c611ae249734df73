from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.static import serve

from articles.caching import cached_public_page as cached
from articles.sitemaps import SITEMAPS
from articles.views import NewsSitemapView, RobotsView
from newsroom import health
from newsroom.views import TranslationImportView, TranslationQueueView
from syndication.api import api as partner_api

handler500 = "newsroom.health.server_error_or_unavailable"

translation_patterns = (
    [
        path("", admin.site.admin_view(TranslationQueueView.as_view()), name="queue"),
        path("import/", admin.site.admin_view(TranslationImportView.as_view()), name="import"),
    ],
    "translations",
)

urlpatterns = [
    path("admin/translations/", include(translation_patterns)),
    path("admin/", admin.site.urls),
    path("wire/", include("wire.urls")),
    path("healthz", health.liveness, name="healthz"),
    path("readyz", health.readiness, name="readyz"),
    path("api/partners/v1/", partner_api.urls),
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
        cached(sitemap_views.sitemap, query=("p",)),
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
