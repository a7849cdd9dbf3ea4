"""Prepared statements on PostgreSQL (the SQLite run executes the plain queries instead)."""

import pytest
from django.db import connection, transaction

from ikone.core.prepared import PreparedStatement

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PREPARE is PostgreSQL's"),
]


def _prepared(name: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE name = %s", [name])
        return [statement for (statement,) in cursor.fetchall()]


def test_a_statement_is_prepared_once_and_outlives_a_rollback() -> None:
    add = PreparedStatement("ikone_test_add", "SELECT $1::int + $2::int")
    with connection.cursor() as cursor:
        try:
            with transaction.atomic():
                add.execute(cursor, [40, 2])
                assert cursor.fetchone() == (42,)
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
        add.execute(cursor, [1, 1])
        assert cursor.fetchone() == (2,)
    assert _prepared("ikone_test_add") == ["PREPARE ikone_test_add AS SELECT $1::int + $2::int"]


def test_an_array_parameter() -> None:
    texts = PreparedStatement(
        "ikone_test_any", "SELECT count(*) FROM unnest(ARRAY[1, 2, 3]) AS u(i) WHERE i = ANY($1)"
    )
    with connection.cursor() as cursor:
        texts.execute(cursor, [[1, 3]])
        assert cursor.fetchone() == (2,)
