"""Background jobs on the database's own queue (django-q2 with its ORM broker, on SQLite and
PostgreSQL alike): a job is a dotted path to a function and its arguments.

A job is stored in the caller's transaction (rolled back with it) and run by `ikone qcluster`.
A job that raises, or whose worker dies, is run again after `Q_CLUSTER["retry"]` seconds, at most
`Q_CLUSTER["max_attempts"]` times: jobs must therefore be idempotent (the delivery jobs claim
each row before sending it, refreshes recompute stored values, imports match existing data)."""

from __future__ import annotations

from typing import Any

from django_q.tasks import async_task


def enqueue(func: str, *args: Any, name: str = "") -> str:
    """Queue `func(*args)`; returns the job id. `name` is what the operator page shows."""
    options: dict[str, Any] = {"task_name": name} if name else {}
    return str(async_task(func, *args, q_options=options))
