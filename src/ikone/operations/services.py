"""Long work started from the interface (imports, plans), run as a background job with a status
page: `job_run_start` records the run (audited) and queues `ikone.operations.runner.execute` in the
same transaction (the queue is a table of the same database: the worker sees the job with the
commit; with `JOBS_SYNC` it runs at once, in the caller's process)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ikone.core.audit import Actor, ChangeRecord, record_change
from ikone.core.jobs import enqueue
from ikone.operations.models import JobRun


def job_run_start(
    *, actor: Actor, kind: str, title: str, work: str, args: tuple[Any, ...], back_url: str = ""
) -> JobRun:
    """Record a run of `work` (dotted path; called as `work(progress, *args)`) and queue it."""
    user = actor.user if actor.user is not None and actor.user.pk else None
    with transaction.atomic():
        run = JobRun.objects.create(kind=kind, title=title[:300], created_by=user, back_url=back_url)
        record_change(
            actor=actor,
            instance=run,
            action=ChangeRecord.Action.CREATE,
            changes={"kind": kind, "title": run.title},
        )
        enqueue("ikone.operations.runner.execute", run.pk, work, *args, name=title[:100])
    run.refresh_from_db()
    return run
