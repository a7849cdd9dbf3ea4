"""Compound parts in the search index (see ikone.catalog.compounds).

SQLite: the FTS5 table gets a fourth column `parts`; PostgreSQL: the tsvector gets weight D, and
a second, GIN-indexed tsvector `search_head` (name A, short description B) ranks broad queries.
Both are refilled here from the historical models with the same text as `search.index_document`.
"""

import re
from typing import Any

from django.db import migrations

from ikone.catalog.compounds import compound_text

FTS_TABLE = "catalog_solution_fts"
WORD = re.compile(r"[^\W_]+")
PG_HEAD = (
    "setweight(to_tsvector('german'::regconfig, %s), 'A') || "
    "setweight(to_tsvector('german'::regconfig, %s), 'B')"
)
PG_VECTOR = (
    "setweight(to_tsvector('german'::regconfig, %s), 'A') || "
    "setweight(to_tsvector('german'::regconfig, %s), 'B') || "
    "setweight(to_tsvector('german'::regconfig, %s), 'C') || "
    "setweight(to_tsvector('german'::regconfig, %s), 'D')"
)


def _clean(text: str) -> str:
    return text.replace("\x01", " ").replace("\x02", " ")


def _documents(apps: Any) -> list[tuple[int, str, str, str, str]]:
    solution_model = apps.get_model("catalog", "Solution")
    rows = []
    for solution in (
        solution_model.objects.select_related("owner").prefetch_related("services").order_by("pk")
    ):
        services = [s.name for s in sorted(solution.services.all(), key=lambda s: s.ozg_id)]
        features = solution.features if isinstance(solution.features, list) else []
        owner = solution.owner
        owner_names = [owner.short_name, owner.name] if owner is not None else []
        short = _clean("\n".join([solution.short_description, *services]))
        body = _clean(
            "\n".join(
                [
                    solution.long_description,
                    *(str(f) for f in features),
                    *dict.fromkeys(n for n in owner_names if n),
                ]
            )
        )
        name = _clean(solution.name)
        parts = compound_text(WORD.findall(f"{name}\n{short}\n{body}"))
        rows.append((solution.pk, name, short, body, parts))
    return rows


def _fill(apps: Any, schema_editor: Any, with_parts: bool) -> None:
    vendor = schema_editor.connection.vendor
    documents = _documents(apps)
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            vector = PG_VECTOR if with_parts else PG_VECTOR.rsplit(" || ", 1)[0]
            if with_parts:
                cursor.execute("ALTER TABLE catalog_solution ADD COLUMN search_head tsvector")
                cursor.execute(
                    "CREATE INDEX catalog_solution_search_head_gin ON catalog_solution USING gin (search_head)"
                )
                cursor.executemany(
                    f"UPDATE catalog_solution SET search_head = {PG_HEAD} WHERE id = %s",  # noqa: S608 - constants
                    [(d[1], d[2], d[0]) for d in documents],
                )
            else:
                cursor.execute("DROP INDEX IF EXISTS catalog_solution_search_head_gin")
                cursor.execute("ALTER TABLE catalog_solution DROP COLUMN IF EXISTS search_head")
            cursor.executemany(
                f"UPDATE catalog_solution SET search_vector = {vector} WHERE id = %s",  # noqa: S608 - constants
                [(*(d[1:] if with_parts else d[1:4]), d[0]) for d in documents],
            )
        elif vendor == "sqlite":
            columns = "name, short, body, parts" if with_parts else "name, short, body"
            schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
            schema_editor.execute(
                f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({columns}, "
                "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')"
            )
            marks = ", ".join(["%s"] * (5 if with_parts else 4))
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, {columns}) VALUES ({marks})",  # noqa: S608 - constants
                [d if with_parts else d[:4] for d in documents],
            )


def add_parts(apps: Any, schema_editor: Any) -> None:
    _fill(apps, schema_editor, with_parts=True)


def remove_parts(apps: Any, schema_editor: Any) -> None:
    _fill(apps, schema_editor, with_parts=False)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_catalog_version"),
    ]

    operations = [
        migrations.RunPython(add_parts, remove_parts, elidable=False),
    ]
