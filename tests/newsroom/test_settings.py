import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def production_environment(tmp_path) -> dict[str, str]:
    """The documented production environment (.env.example) with a real secret."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    for line in (BASE_DIR / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name.strip()] = value.strip()
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'deploy.sqlite3'}"
    return env


def test_production_settings_pass_the_deploy_check_with_no_warning(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_local_default_secret_is_flagged_by_the_deploy_check(tmp_path):
    env = production_environment(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


@pytest.mark.django_db
def test_tests_run_under_the_settings_readers_get(client):
    assert settings.DEBUG is False
    assert settings.NEWSROOM_COUNT_CACHE_SECONDS > 0
    assert settings.NEWSROOM_PAGE_CACHE_SECONDS > 0
    storage = settings.STORAGES["staticfiles"]["BACKEND"]
    assert storage == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    # The page links to the stylesheet by its hashed name, and WhiteNoise serves
    # it from the collected files, compressed and cacheable for ever.
    page = lxml.html.fromstring(client.get("/ar/").content)
    (stylesheet,) = page.xpath("//link[@rel='stylesheet']/@href")
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", stylesheet)
    response = client.get(stylesheet, headers={"Accept-Encoding": "br"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "immutable" in response["Cache-Control"]
