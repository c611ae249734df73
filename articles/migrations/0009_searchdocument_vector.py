"""A stored ``tsvector`` per search document, GIN-indexed, on PostgreSQL.

Replaces the GIN index on the expression ``to_tsvector('simple', document)``
(migration 0005): with the expression, a query the planner chose to run as a
nested loop parsed every candidate document again (five seconds for a common
word at 100,000 articles), and the planner could not estimate how many
documents a word matches. The column is filled for existing rows here and by
``articles.search.document_build()`` for new ones. SQLite keeps the column
empty and searches with its fallback.
"""

import django.contrib.postgres.search
from django.db import migrations

OLD_INDEX = "articles_searchdocument_fts_idx"
INDEX = "articles_searchdocument_vector_idx"


def vector_fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # A one-off rewrite of every row: not bound by the requests' statement timeout.
        schema_editor.execute("SET LOCAL statement_timeout = 0")
        schema_editor.execute(
            "UPDATE articles_searchdocument "
            "SET vector = to_tsvector('simple'::regconfig, COALESCE(document, ''))"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_searchdocument USING gin (vector)"
        )


def vector_unfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON articles_searchdocument "
            "USING gin (to_tsvector('simple'::regconfig, COALESCE(document, '')))"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_public_section_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="search vector"
            ),
        ),
        migrations.RunPython(vector_fill, vector_unfill, elidable=False),
    ]
