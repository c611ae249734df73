"""Load test: gunicorn on loopback, concurrent wrk readers, an editor publishing mid-load.

Run it through ``make loadtest`` (which sets a PostgreSQL ``DATABASE_URL``), or as
``python bench/loadtest.py --seconds 15``. It loads the demo, serves the site with
gunicorn on 127.0.0.1, sends wrk's readers (``bench/readers.lua``) at the article
page in three languages (from the page cache) and at search (never cached: each
query is unique, so PostgreSQL searches) for ``--seconds``, has an editor change
the headline halfway and checks the public page shows it at once, then fails unless
every request succeeded and no worker's memory grew past the bound.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from articles import workflow  # noqa: E402
from articles.models import Article  # noqa: E402

SEARCHES = ["لافروف", "غوتيريش", "الأمم", "Лавров", "Гутерриш", "Lavrov", "Guterres", "UN"]


class LoadTestFailed(Exception):
    """The load test cannot run, or the site failed it."""


def arguments(argv: list[str] | None = None) -> dict:
    """The command line's options."""
    parser = argparse.ArgumentParser(
        description="Load-test the public site on loopback with gunicorn and wrk (PostgreSQL)."
    )
    parser.add_argument("--seconds", type=int, default=15, help="duration of the load")
    parser.add_argument("--connections", type=int, default=16, help="concurrent readers")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--memory-growth-mib", type=float, default=32.0, help="bound on any worker's growth"
    )
    parser.add_argument(
        "--memory-max-mib", type=float, default=256.0, help="bound on any worker's size"
    )
    return vars(parser.parse_args(argv))


def load_test(options: dict) -> None:
    """Serve, load, publish mid-load, report; raise LoadTestFailed on any failure."""
    if connection.vendor != "postgresql":
        raise LoadTestFailed("Run the load test on PostgreSQL (set DATABASE_URL).")
    if not os.environ.get("REDIS_URL"):
        # The editor's change must reach every worker's page cache at once.
        raise LoadTestFailed("Run the load test with the shared Redis cache (set REDIS_URL).")
    wrk = shutil.which("wrk")
    if wrk is None:
        raise LoadTestFailed("wrk is not installed (apt-get install wrk).")
    if not 1 <= options["seconds"] <= 600:
        raise LoadTestFailed("--seconds must be between 1 and 600.")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("loaddemo", verbosity=0)
    article = Article.objects.order_by("pk").first()
    base = f"http://127.0.0.1:{options['port']}"
    paths = [article.get_absolute_url(code) for code in ("ar", "ru", "en")]
    paths += [f"/{code}/search/?q={quote(q)}" for code in ("ar", "ru") for q in SEARCHES]

    with tempfile.TemporaryDirectory() as static_root:
        env = _server_env(static_root)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            env=env,
            check=True,
            cwd=BASE_DIR,
        )
        gunicorn = [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--timeout", "30"]
        gunicorn += ["--bind", f"127.0.0.1:{options['port']}", "--log-level", "warning"]
        gunicorn += ["--workers", str(options["workers"])]
        server = subprocess.Popen(gunicorn, env=env, cwd=BASE_DIR)
        try:
            _wait_until_up(base + "/readyz")
            for path in paths:  # warm up: each page rendered once
                _get(base + path)
            before = _worker_memory(server.pid)
            result = _run_load(wrk, base, paths, options, article)
            after = _worker_memory(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    _report(result, before, after, options)


def _server_env(static_root: str) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_STATIC_ROOT=static_root,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_LOG_LEVEL="ERROR",
        # Every search query is unique (readers.lua): keep them briefly in Redis.
        NEWSROOM_PAGE_CACHE_SECONDS="5",
        PYTHONUNBUFFERED="1",
    )
    env.setdefault("DJANGO_SECRET_KEY", "load-test-" + os.urandom(16).hex())
    return env


def _run_load(wrk: str, base: str, paths: list[str], options: dict, article: Article) -> dict:
    script = Path(__file__).resolve().parent / "readers.lua"
    env = dict(os.environ, LOAD_PATHS="|".join(paths))
    command = [
        wrk, "-t2", f"-c{options['connections']}", f"-d{options['seconds']}s",
        "--timeout", "10s", "--latency", "-s", str(script), base,
    ]  # fmt: skip
    load = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    time.sleep(options["seconds"] / 2)
    editor_seconds = _publish_during_load(base, article)
    output, _ = load.communicate(timeout=options["seconds"] + 60)
    return {"output": output, "editor_seconds": editor_seconds}


def _publish_during_load(base: str, article: Article) -> float:
    """An editor changes the headline; the public page must show it on the next request."""
    editor = get_user_model().objects.filter(is_superuser=True).first()
    if editor is None:
        editor = get_user_model().objects.create_superuser("loadtest-editor", "", None)
    headline = f"{article.title_ar} — {int(time.time())}"
    article.title_ar = headline
    start = time.monotonic()
    workflow.article_save(article=article, user=editor, changed=["title_ar"])
    page = _get(base + article.get_absolute_url("ar"))
    seen = time.monotonic() - start
    if headline not in page:
        raise LoadTestFailed("The editor's change was not on the public page at once.")
    return seen


def _report(result: dict, before: dict, after: dict, options: dict) -> None:
    output = result["output"]
    print(output)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = (int(bad.group(1)) if bad else 0) + (
        sum(int(n) for n in socket.groups()) if socket else 0
    )
    growth = max((after.get(pid, 0) - size for pid, size in before.items()), default=0)
    largest = max(after.values(), default=0)
    print(
        f"load: {requests} requests in {options['seconds']} s, {errors} errors; "
        f"workers {sorted(round(v, 1) for v in before.values())} MiB before, "
        f"{sorted(round(v, 1) for v in after.values())} MiB after "
        f"(growth {growth:.1f} MiB, bound {options['memory_growth_mib']} MiB; "
        f"largest {largest:.1f} MiB, bound {options['memory_max_mib']} MiB); "
        f"editor's change public after {result['editor_seconds'] * 1000:.0f} ms"
    )
    if requests == 0 or errors:
        raise LoadTestFailed(f"{errors} failed requests of {requests}.")
    if growth > options["memory_growth_mib"] or largest > options["memory_max_mib"]:
        raise LoadTestFailed("A worker's memory grew past the bound.")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback URL
        return response.read().decode()


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.3)
    raise LoadTestFailed("gunicorn did not come up.")


def _worker_memory(master: int) -> dict[int, float]:
    """Resident memory (MiB) of each gunicorn worker (the master's children)."""
    sizes = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        ppid = re.search(r"^PPid:\s+(\d+)", text, re.M)
        rss = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
        if ppid and rss and int(ppid.group(1)) == master:
            sizes[int(status.parent.name)] = int(rss.group(1)) / 1024
    return sizes


if __name__ == "__main__":
    try:
        load_test(arguments())
    except LoadTestFailed as error:
        sys.exit(f"Load test failed: {error}")
