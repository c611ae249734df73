"""In-process timings and query plans at the corpus size (part of ``make bench``).

Times the admin article changelist (plain, with a filter, with a search, with a
translation status filter), the translator queue and search in each language
through Django's test client, and runs ``EXPLAIN`` on every SQL query of the
home, tag, person and admin pages and of the queue under ``EXPLAIN ANALYZE``,
reporting any full sequential scan of a large table (and the partial ones a
LIMIT stopped early, with the rows they read).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ["NEWSROOM_PAGE_CACHE_SECONDS"] = "0"  # time and explain the pages themselves
os.environ["NEWSROOM_COUNT_CACHE_SECONDS"] = "0"  # ... and every query they can run

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from articles.models import Article  # noqa: E402
from bench import pages  # noqa: E402

#: A table with more rows than this must not be read whole by a public or admin page.
LARGE_TABLE_ROWS = 10_000
REPEAT = 7
TRANSLATOR_QUEUE_ROUTES = (
    "admin:translator_queue",
    "admin:articles_translation_changelist",
    "newsroom:translator-queue",
    "translations:queue",
)


def staff_client() -> Client:
    """A client signed in as the benchmark's superuser (created once)."""
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    return client


def timed(client: Client, path: str) -> tuple[float, float, int]:
    """Median and worst milliseconds of ``REPEAT`` requests (after one warm-up)."""
    client.get(path)
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times), response.status_code


def report(label: str, client: Client, path: str) -> None:
    """Time ``path`` and print one line."""
    median, worst, status = timed(client, path)
    print(f"  {label[:38]:38} median {median:7.1f} ms  max {worst:7.1f} ms  (HTTP {status})")


def large_tables() -> dict[str, int]:
    """The tables of more than ``LARGE_TABLE_ROWS`` rows, with their (estimated) rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' AND reltuples > %s",
            [LARGE_TABLE_ROWS],
        )
        return {name: int(rows) for name, rows in cursor.fetchall()}


def seq_scans(plan: dict) -> list[tuple[str, int]]:
    """The sequential scans in an analysed JSON plan: (table, rows actually read)."""
    found = []
    if plan.get("Node Type") == "Seq Scan":
        loops = plan.get("Actual Loops", 1)
        read = (plan.get("Actual Rows", 0) + plan.get("Rows Removed by Filter", 0)) * loops
        found.append((plan["Relation Name"], int(read)))
    for child in plan.get("Plans", []):
        found += seq_scans(child)
    return found


def explain_page(client: Client, path: str, large: dict[str, int]) -> str:
    """One line: the page's query count and the sequential scans of large tables.

    Each query runs again under ``EXPLAIN ANALYZE``: a sequential scan that a
    LIMIT stops after a few hundred rows is not the full scan the targets
    forbid, so each is reported with the rows it really read; one that reads
    half of its table or more is a full scan.
    """
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    full, partial = [], []
    for query in queries.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        for table, read in seq_scans(plan[0]["Plan"]):
            if table in large:
                share = read / max(large[table], 1)
                (full if share >= 0.5 else partial).append(f"{table} ({read:,} rows read)")
    verdict = "SEQ SCAN: " + ", ".join(full) if full else "no full sequential scan of a large table"
    if partial:
        verdict += "; stopped early: " + ", ".join(partial)
    return f"  {path[:60]:60} {status} {len(queries):2} queries  {verdict}"


def main() -> None:
    total = Article.objects.count()
    print(f"In-process at {total} articles ({connection.vendor}):")
    client = staff_client()
    changelist = reverse("admin:articles_article_changelist")
    word = pages.SEARCH_WORDS["ar"]
    cases = {
        "admin changelist": changelist,
        "admin changelist, filter (status)": f"{changelist}?status__exact=draft",
        "admin changelist, search": f"{changelist}?q={word}",
        "admin changelist, filter + search": f"{changelist}?status__exact=published&q={word}",
        "admin changelist, filter (ru missing)": f"{changelist}?translation_ru=missing",
        "admin changelist, filter (en outdated)": f"{changelist}?translation_en=outdated",
    }
    queue = next((r for r in TRANSLATOR_QUEUE_ROUTES if _reverses(r)), None)
    for label, path in cases.items():
        report(label, client, path)
    if queue:
        report("translator queue", client, reverse(queue))
    else:
        print(f"  {'translator queue':38} not available (no translator queue on this site yet)")
    search = pages.search_paths()
    if not search:
        print(f"  {'search (ar, ru, en)':38} not available (no search page on this site yet)")
    for path in search:
        report(f"search {path}", Client(), path)

    if connection.vendor != "postgresql":
        print("Query plans: EXPLAIN checks need PostgreSQL; skipped.")
        return
    large = large_tables()
    print(f"Query plans (large tables: {', '.join(sorted(large))}):")
    reader = Client()
    for name in ("home", "tag", "person", "search"):
        paths = getattr(pages, f"{name}_paths")()
        for path in paths[:3] if name != "search" else paths:
            print(explain_page(reader, path, large))
    for path in cases.values():
        print(explain_page(client, path, large))
    if queue:
        print(explain_page(client, reverse(queue), large))


def _reverses(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


if __name__ == "__main__":
    main()
