"""What the operator page shows: readiness, the job queue, schedules, failures, the last backup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_q.models import Failure, OrmQ, Schedule, Success

from ikone.notifications.selectors import delivery_backlog
from ikone.operations.checks import readiness
from ikone.operations.schedule import PREFIX


@dataclass(frozen=True)
class BackupFile:
    name: str
    written_at: datetime
    size: int


@dataclass(frozen=True)
class QueueDepth:
    waiting: int
    running: int
    succeeded: int
    failed: int


def job_queue_depth() -> QueueDepth:
    """Jobs waiting and being worked on (leased) in the queue, and results kept (`save_limit`
    successes, every failure)."""
    now = timezone.now()
    queue = OrmQ.objects.filter(key=settings.Q_CLUSTER["name"])
    return QueueDepth(
        waiting=queue.filter(lock__lte=now).count(),
        running=queue.filter(lock__gt=now).count(),
        succeeded=Success.objects.count(),
        failed=Failure.objects.count(),
    )


@dataclass(frozen=True)
class Overview:
    checks: dict[str, str]
    waiting: int
    running: int
    schedules: list[Schedule]
    failures: list[Failure]
    successes: list[Success]
    backlog: dict[tuple[str, str], int]
    last_backup: BackupFile | None


def last_backup(directory: Path | None = None) -> BackupFile | None:
    """The newest file written by `ikone backup` without -o (var/backups/)."""
    directory = directory or Path(settings.VAR_DIR) / "backups"
    files = [
        path for path in directory.glob("ikone-*") if path.is_file() and not path.name.endswith(".partial")
    ]
    if not files:
        return None
    newest = max(files, key=lambda path: path.stat().st_mtime)
    stat = newest.stat()
    return BackupFile(newest.name, datetime.fromtimestamp(stat.st_mtime, tz=UTC), stat.st_size)


def overview(*, limit: int = 20) -> Overview:
    depth = job_queue_depth()
    schedules: Any = Schedule.objects.order_by("name")
    return Overview(
        checks=readiness(),
        waiting=depth.waiting,
        running=depth.running,
        schedules=list(schedules),
        failures=list(Failure.objects.order_by("-stopped")[:limit]),
        successes=list(Success.objects.order_by("-stopped")[:limit]),
        backlog=delivery_backlog(),
        last_backup=last_backup(),
    )


def schedule_label(schedule: Schedule) -> str:
    return schedule.name.removeprefix(PREFIX)
