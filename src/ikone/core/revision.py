"""Revision tokens: a single-row table per kind of data whose random token is rewritten by every
write that data depends on, inside the writer's transaction.

A per-process cache keeps what it computed together with the token it read *before* reading the
data; a reader sees a new token exactly when it sees the new data, so a write answered by one
process makes every other process recompute on its next request. The token is random, so a
rolled-back write never brings an old token back with new data. Used by the coverage response
cache (`coverage.cache`) and the recommendation inputs (`reuse.recommend`).
"""

# ruff: noqa: S608 - SQL built only from model table names
from __future__ import annotations

import uuid

from django.db import connection, models


def renew(model: type[models.Model]) -> None:
    """Give `model`'s single row (id 1, column `token`) a new random token."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, token) VALUES (1, %s) "
            "ON CONFLICT (id) DO UPDATE SET token = excluded.token",
            [uuid.uuid4().hex],
        )


def token_sql(model: type[models.Model]) -> str:
    """A scalar subquery for `model`'s current token (NULL before the first write)."""
    return f"(SELECT token FROM {connection.ops.quote_name(model._meta.db_table)} WHERE id = 1)"
