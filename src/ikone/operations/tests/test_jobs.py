"""Jobs and the periodic schedule declared in code."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_q.models import Schedule, Success

from ikone.core import jobs
from ikone.operations import schedule
from ikone.operations.schedule import PREFIX, Periodic

pytestmark = pytest.mark.django_db


def _ours() -> dict[str, tuple[str, str, int | None]]:
    return {
        s.name: (s.func, s.schedule_type, s.minutes) for s in Schedule.objects.filter(name__startswith=PREFIX)
    }


def test_migrate_leaves_exactly_the_declared_schedules() -> None:
    assert _ours() == {
        PREFIX + entry.name: (
            entry.func,
            Schedule.MINUTES if entry.every_minutes else Schedule.DAILY,
            entry.every_minutes,
        )
        for entry in schedule.PERIODIC
    }


def test_sync_is_idempotent_and_follows_the_code() -> None:
    assert schedule.sync() == {"created": 0, "updated": 0, "removed": 0}
    changed = (
        Periodic("Benachrichtigungen zustellen", "ikone.notifications.jobs.deliver_due", every_minutes=5),
        Periodic("Neu", "ikone.core.ratelimit.purge_expired", daily_at=time(4, 30)),
    )
    Schedule.objects.create(name="von Hand", func="ikone.core.ratelimit.purge_expired")
    assert schedule.sync(changed) == {"created": 1, "updated": 1, "removed": len(schedule.PERIODIC) - 1}
    assert set(_ours()) == {PREFIX + "Benachrichtigungen zustellen", PREFIX + "Neu"}
    assert _ours()[PREFIX + "Benachrichtigungen zustellen"][2] == 5
    assert Schedule.objects.filter(name="von Hand").exists()


def test_a_daily_job_first_runs_at_its_local_time() -> None:
    entry = Periodic("x", "f", daily_at=time(3, 0))
    before = datetime(2026, 12, 6, 1, 0, tzinfo=UTC)  # 02:00 in Germany
    after = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)  # 04:00 in Germany
    assert timezone.localtime(entry.first_run(before)).strftime("%d. %H:%M") == "06. 03:00"
    assert timezone.localtime(entry.first_run(after)).strftime("%d. %H:%M") == "07. 03:00"


def test_jobs_command_writes_the_schedule(capsys: pytest.CaptureFixture[str]) -> None:
    Schedule.objects.all().delete()
    call_command("jobs", "schedule")
    assert f"{len(schedule.PERIODIC)} angelegt" in capsys.readouterr().out


def test_a_job_records_its_result() -> None:
    jobs.enqueue("ikone.core.ratelimit.purge_expired", name="Aufräumen")
    assert Success.objects.get(name="Aufräumen").result == 0


def test_in_the_tests_a_failing_job_fails_the_test_at_once() -> None:
    """Jobs run synchronously in the tests (Q_CLUSTER sync), where an error is raised rather than
    only recorded as in the cluster."""
    with pytest.raises(RuntimeError, match="Absichtlich fehlgeschlagen"):
        jobs.enqueue("ikone.operations.tests.jobs.failing", name="Fehler")
