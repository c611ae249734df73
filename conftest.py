"""Project-wide pytest configuration.

Tests run under the settings a reader's request meets in production: DEBUG
off, the page and count caches on, static files collected by the real
``collectstatic`` into the manifest storage and served by WhiteNoise. A test
that needs another value overrides it for itself (the ``settings`` fixture).
"""

import pytest


@pytest.fixture(scope="session", autouse=True)
def _collected_static(tmp_path_factory):
    """Collect the static files once per session, as a deploy does, into a temporary root.

    Templates then resolve the hashed names from the manifest, and WhiteNoise
    serves the files to live-server browser tests, both as in production.
    """
    from django.core.management import call_command
    from django.test import override_settings

    # override_settings (not a plain assignment) drops the storage built for the old root.
    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("static")):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield


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
