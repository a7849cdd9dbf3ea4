"""The periodic jobs, declared here (not as crontab lines): `sync()` writes them as django-q2
schedules, run after every `ikone migrate`, so a deployment always runs what its code declares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django_q.models import Schedule

PREFIX = "ikone: "


@dataclass(frozen=True)
class Periodic:
    name: str
    func: str
    every_minutes: int | None = None
    daily_at: time | None = None

    def first_run(self, now: datetime) -> datetime:
        if self.daily_at is None:
            return now
        local = timezone.localtime(now)
        candidate = local.replace(
            hour=self.daily_at.hour, minute=self.daily_at.minute, second=0, microsecond=0
        )
        return candidate if candidate > local else candidate + timedelta(days=1)


PERIODIC = (
    Periodic("Benachrichtigungen zustellen", "ikone.notifications.jobs.deliver_due", every_minutes=1),
    Periodic("Tägliche Zusammenfassungen", "ikone.notifications.jobs.send_digests", daily_at=time(7, 0)),
    Periodic("Übertragbarkeit aktualisieren", "ikone.transferability.jobs.refresh", daily_at=time(3, 0)),
    Periodic("Zählfenster aufräumen", "ikone.core.ratelimit.purge_expired", every_minutes=60),
    Periodic("Fällige Importe aus anderen Katalogen", "ikone.harvesting.jobs.run_due", every_minutes=5),
)


@transaction.atomic
def sync(periodic: tuple[Periodic, ...] = PERIODIC) -> dict[str, int]:
    """Create or update the declared schedules and remove those of ours no longer declared;
    returns {"created", "updated", "removed"}. Manually added schedules (other names) stay."""
    now = timezone.now()
    counts = {"created": 0, "updated": 0, "removed": 0}
    declared = {PREFIX + entry.name: entry for entry in periodic}
    existing = {s.name: s for s in Schedule.objects.filter(name__startswith=PREFIX)}
    for name, entry in declared.items():
        wanted = {
            "func": entry.func,
            "schedule_type": Schedule.MINUTES if entry.every_minutes else Schedule.DAILY,
            "minutes": entry.every_minutes,
            "repeats": -1,
        }
        current = existing.pop(name, None)
        if current is None:
            Schedule.objects.create(name=name, next_run=entry.first_run(now), **wanted)
            counts["created"] += 1
        elif any(getattr(current, field) != value for field, value in wanted.items()):
            for field, value in wanted.items():
                setattr(current, field, value)
            current.next_run = entry.first_run(now)
            current.save()
            counts["updated"] += 1
    for stale in existing.values():
        stale.delete()
        counts["removed"] += 1
    return counts
