"""Get the benchmark database ready: create it, migrate, fill it, collect static files.

Reads ``DATABASE_URL`` (PostgreSQL) and ``BENCH_ARTICLES``. Generates only the
articles that are missing, so a second ``make bench`` starts at once.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


def database_create() -> None:
    """Create the database named in DATABASE_URL when it does not exist yet."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if "postgresql" not in config["ENGINE"]:
        sys.exit("make bench needs PostgreSQL: set BENCH_DATABASE_URL=postgres://...")
    server = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"],
        "password": config["PASSWORD"] or None,
    }
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
            ).fetchone()
            if not exists:
                connection.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"]))
                )
                print(f"Created database {config['NAME']}.")
    except psycopg.OperationalError as error:
        sys.exit(f"PostgreSQL is not reachable at {server['host']}:{server['port']}: {error}")


def main() -> None:
    database_create()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    wanted = int(os.environ.get("BENCH_ARTICLES", "100000"))
    have = Article.objects.count()
    if have < wanted:
        print(f"Generating {wanted - have} articles ({have} already there)...", flush=True)
        started = time.perf_counter()
        call_command("generate_corpus", articles=wanted - have, seed=have)
        print(f"Corpus generation took {time.perf_counter() - started:.1f} s.")
    else:
        print(f"Corpus ready: {have} articles (asked for {wanted}).")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # fresh statistics and visibility map for the plans


if __name__ == "__main__":
    main()
