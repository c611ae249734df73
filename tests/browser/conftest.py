"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright for Python.

Playwright never downloads a browser here: it launches the system Chromium.
Outside CI, a machine without Chromium skips these tests and says why; in CI
(CI=true) a missing browser is a failure, since .ci/run installs it.
"""

import os
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# the tests make around it are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}; .ci/run should have installed it.")
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab (own cookies) that fails the test on any page error."""
    context = browser.new_context(locale="ar")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, its static files served by WhiteNoise as in production.

    pytest-django puts Django's StaticFilesHandler in front of the server; it
    looks files up with the finders and so 404s the hashed names the manifest
    storage gives them. Without it, WhiteNoise (a middleware) serves the files
    the session's ``collectstatic`` wrote, under those names.
    """
    from pytest_django.live_server_helper import LiveServer

    address = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(address, start=False)
    server.thread.static_handler = _IN_FLIGHT.wrap
    server.start()
    yield server
    server.stop()


class _InFlight:
    """Requests the live server is answering: a page's last requests (an autosave sent as
    its tab closes) must be answered before the test's database is emptied for the next."""

    def __init__(self):
        self.count = 0
        self.last = 0.0
        self.lock = threading.Lock()

    def wrap(self, application):
        def counted(environ, start_response):
            with self.lock:
                self.count += 1
            try:
                response = application(environ, start_response)
                try:
                    return list(response)
                finally:
                    if hasattr(response, "close"):
                        response.close()
            finally:
                with self.lock:
                    self.count -= 1
                    self.last = time.monotonic()

        return counted

    def wait_quiet(self, quiet=0.5, timeout=15.0):
        """Until no request has run for ``quiet`` seconds (a closing tab's last one sent)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if self.count == 0 and time.monotonic() - self.last >= quiet:
                    return
            time.sleep(0.05)


_IN_FLIGHT = _InFlight()


@pytest.fixture(autouse=True)
def _live_server_answered(request):
    """A test with the live server ends once the server has answered its pages' requests."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")  # emptied after this fixture ends
    yield
    _IN_FLIGHT.wait_quiet()
