"""PostgreSQL: a generated `name_vector` (configuration `simple`: names and short names exactly as
written, no stemming) with a GIN index, for the name boost of the PostgreSQL search backend
(`ikone.catalog.pgsearch`). Nothing on SQLite: its search runs in memory over FTS5."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE catalog_solution ADD COLUMN name_vector tsvector GENERATED ALWAYS AS "
            "(to_tsvector('simple'::regconfig, coalesce(name, '') || ' ' || coalesce(slug, ''))) STORED"
        )
        schema_editor.execute(
            "CREATE INDEX catalog_solution_name_vector_gin ON catalog_solution USING gin (name_vector)"
        )


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_solution_name_vector_gin")
        schema_editor.execute("ALTER TABLE catalog_solution DROP COLUMN IF EXISTS name_vector")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0007_solution_withdrawn_at")]

    operations = [migrations.RunPython(forwards, backwards)]
