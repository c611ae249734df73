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
    # Pages are cached only in the tests of the page cache (tests/articles/
    # test_caching.py): a test's transaction never commits, so it would never
    # invalidate what an earlier test cached.
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    settings.NEWSROOM_COUNT_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Every test writes its media files into its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
