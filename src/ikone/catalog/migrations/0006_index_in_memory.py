"""The search index is read into memory for matching and ranking (ikone.catalog.textindex).

SQLite: `fts5vocab` tables expose the FTS5 index's terms (`catalog_solution_fts_terms`) and
their occurrences (`catalog_solution_fts_instances`). PostgreSQL: every match is ranked now, so
the name-and-short-description vector `search_head` that ranked broad queries goes.
"""

from typing import Any

from django.db import migrations

FTS_TABLE = "catalog_solution_fts"


def forwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE}_terms USING fts5vocab({FTS_TABLE}, row)")
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE}_instances USING fts5vocab({FTS_TABLE}, instance)"
        )
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_solution_search_head_gin")
        schema_editor.execute("ALTER TABLE catalog_solution DROP COLUMN IF EXISTS search_head")


def backwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}_instances")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}_terms")
    elif vendor == "postgresql":
        schema_editor.execute("ALTER TABLE catalog_solution ADD COLUMN search_head tsvector")
        schema_editor.execute("UPDATE catalog_solution SET search_head = ts_filter(search_vector, '{a,b}')")
        schema_editor.execute(
            "CREATE INDEX catalog_solution_search_head_gin ON catalog_solution USING gin (search_head)"
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_compound_parts")]

    operations = [migrations.RunPython(forwards, backwards)]
