"""A GIN index for full-text search over search documents, on PostgreSQL only.

The expression matches what ``articles.search`` queries
(``SearchVector("document", config="simple")``, which Django wraps in
COALESCE), so the planner uses the index. SQLite has no such index and
searches with its own fallback, so the operation does nothing there.
"""

from django.db import migrations

INDEX = "articles_searchdocument_fts_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_searchdocument "
            "USING gin (to_tsvector('simple'::regconfig, COALESCE(document, '')))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_search_documents_and_renditions"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
