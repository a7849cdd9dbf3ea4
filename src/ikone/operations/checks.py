"""Readiness: can this process serve requests that need the database? (Liveness is
`/api/v1/health`, which touches nothing.)"""

from __future__ import annotations

from django.db import DatabaseError, connection


def readiness() -> dict[str, str]:
    """Each dependency's state, "ok" or a short reason."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError as error:
        checks["database"] = f"nicht erreichbar: {type(error).__name__}"
        connection.close_if_unusable_or_obsolete()
    return checks
