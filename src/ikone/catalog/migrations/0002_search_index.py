"""Full-text search index of the solution catalog (see ikone.catalog.search).

PostgreSQL: a weighted tsvector column `catalog_solution.search_vector` (not a model field:
only `ikone.catalog.search` reads and writes it) with a GIN index.
SQLite: the FTS5 table `catalog_solution_fts` (rowid = solution id).
Existing solutions are indexed here with the same text as `search.index_document`.
"""

from typing import Any

from django.db import migrations

FTS_TABLE = "catalog_solution_fts"
PG_VECTOR = (
    "setweight(to_tsvector('german'::regconfig, %s), 'A') || "
    "setweight(to_tsvector('german'::regconfig, %s), 'B') || "
    "setweight(to_tsvector('german'::regconfig, %s), 'C')"
)


def _clean(text: str) -> str:
    return text.replace("\x01", " ").replace("\x02", " ")


def _documents(apps: Any) -> list[tuple[int, str, str, str]]:
    solution_model = apps.get_model("catalog", "Solution")
    rows = []
    for solution in (
        solution_model.objects.select_related("owner").prefetch_related("services").order_by("pk")
    ):
        services = [s.name for s in sorted(solution.services.all(), key=lambda s: s.ozg_id)]
        features = solution.features if isinstance(solution.features, list) else []
        owner = solution.owner
        owner_names = [owner.short_name, owner.name] if owner is not None else []
        short = "\n".join([solution.short_description, *services])
        body = "\n".join(
            [
                solution.long_description,
                *(str(f) for f in features),
                *dict.fromkeys(n for n in owner_names if n),
            ]
        )
        rows.append((solution.pk, _clean(solution.name), _clean(short), _clean(body)))
    return rows


def create_index(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE catalog_solution ADD COLUMN search_vector tsvector")
        schema_editor.execute(
            "CREATE INDEX catalog_solution_search_vector_gin ON catalog_solution USING gin (search_vector)"
        )
        documents = _documents(apps)
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE catalog_solution SET search_vector = {PG_VECTOR} WHERE id = %s",  # noqa: S608 - constants
                [(name, short, body, pk) for pk, name, short, body in documents],
            )
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(name, short, body, "
            "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')"
        )
        documents = _documents(apps)
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, name, short, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
                documents,
            )


def drop_index(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_solution_search_vector_gin")
        schema_editor.execute("ALTER TABLE catalog_solution DROP COLUMN IF EXISTS search_vector")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
