"""PostgreSQL only: a stored, GIN-indexed ``search_vector`` (tsvector) column on catalog_treatment.

A generated column, so PostgreSQL keeps it current on every insert and update (``load_content``,
the admin, anything): full-text search reads it instead of building the vector for every row of
every query. The expression is the one the search backend used to build per query (same words,
same weights A-D), so ranks do not change. SQLite has no tsvector; there the migration does nothing
(the core's FTS5 index searches).

Not a model field: Django would try to write a generated column, and SQLite cannot have it.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

VECTOR = """
setweight(to_tsvector('english'::regconfig, COALESCE("title", '')), 'A')
|| setweight(to_tsvector('english'::regconfig, COALESCE((("data" -> 'other_names'))::text, '')), 'B')
|| setweight(to_tsvector('english'::regconfig, COALESCE((("data" -> 'search_terms'))::text, '')), 'B')
|| setweight(to_tsvector('english'::regconfig,
       COALESCE(("data" #>> '{summary,what_it_is}'), '') || ' '
       || COALESCE(("data" #>> '{summary,who_it_may_help}'), '') || ' '
       || COALESCE((("data" -> 'symptoms'))::text, '')), 'C')
|| setweight(to_tsvector('english'::regconfig,
       COALESCE("body", '') || ' '
       || COALESCE(("data" ->> 'how_it_works'), '') || ' '
       || COALESCE(("data" #>> '{evidence,bottom_line}'), '')), 'D')
"""


def add_search_vector(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE catalog_treatment ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX catalog_treatment_search_vector_gin ON catalog_treatment USING GIN (search_vector)"
    )


def drop_search_vector(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS catalog_treatment_search_vector_gin")
    schema_editor.execute("ALTER TABLE catalog_treatment DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_search_vector, drop_search_vector, elidable=False),
    ]
