"""Trigram indexes for the admin's title search (PostgreSQL only).

The admin searches titles with ``icontains``, which PostgreSQL runs as
``UPPER(title_xx::text) LIKE UPPER('%word%')``; a GIN trigram index on that very
expression answers it without reading the table. SQLite has no such index and
scans, which is fine at its sizes. pg_trgm is a trusted extension (PostgreSQL
13+), so the database owner can create it.
"""

from django.db import migrations

LANGUAGES = ("ar", "ru", "en")


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for code in LANGUAGES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS articles_title_{code}_trgm_idx ON articles_article "
            f"USING gin ((UPPER(title_{code}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for code in LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS articles_title_{code}_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_public_list_indexes")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
