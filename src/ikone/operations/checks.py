"""Readiness: can this process serve requests that need the database and queue background jobs?
(Liveness is `/api/v1/health`, which touches nothing.)"""

from __future__ import annotations

from django.db import DatabaseError, connection
from django_q.models import OrmQ


def readiness() -> dict[str, str]:
    """Each dependency's state, "ok" or a short reason. The queue lives in the database: it is
    ready when its table answers (a process that cannot read it cannot queue jobs either)."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError as error:
        checks["database"] = f"nicht erreichbar: {type(error).__name__}"
        connection.close_if_unusable_or_obsolete()
        checks["queue"] = "nicht erreichbar: Datenbank"
        return checks
    try:
        OrmQ.objects.only("pk").first()
        checks["queue"] = "ok"
    except DatabaseError as error:
        checks["queue"] = f"nicht erreichbar: {type(error).__name__}"
        connection.close_if_unusable_or_obsolete()
    return checks
