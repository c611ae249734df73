"""Project-wide pytest configuration."""

import pytest


def pytest_configure(config):
    from django.conf import settings

    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # ... and serve static files straight from the apps (live-server browser tests).
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    # List counts are cached only in their own tests (tests/articles/
    # test_pagination.py), so that query counts elsewhere stay exact.
    settings.NEWSROOM_COUNT_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Every test writes its media files into its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (pages, content version)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
