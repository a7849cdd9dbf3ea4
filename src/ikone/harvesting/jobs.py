"""Harvest runs as background jobs: one source on request, and every few minutes the sources
whose interval has come round (declared in `ikone.operations.schedule`)."""

from __future__ import annotations

from django.utils import timezone

from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.harvesting import services
from ikone.harvesting.models import HarvestSource


def run_source(source_id: int) -> str:
    source = HarvestSource.objects.filter(pk=source_id).first()
    if source is None:
        return "Quelle gibt es nicht mehr"
    try:
        run = services.harvest_run(actor=Actor.system(f"harvest {source.slug}"), source=source)
    except DomainError as exc:
        return exc.detail
    counts = services.run_counts(run)
    return f"{run.get_status_display()}: " + ", ".join(f"{k} {v}" for k, v in counts.items())


def run_due() -> str:
    """Run each due source in turn (a run resumes an interrupted one; a source whose run is
    still going elsewhere is left alone)."""
    due = list(
        HarvestSource.objects.filter(
            enabled=True, interval_minutes__gt=0, next_run_at__lte=timezone.now()
        ).values_list("pk", flat=True)
    )
    return "; ".join(run_source(pk) for pk in due) or "nichts fällig"
