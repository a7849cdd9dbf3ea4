"""Reads of harvesting: sources and runs (for people who manage sources), and for everybody the
origin of a harvested solution and its use in the source's networks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from ikone.accounts import policy
from ikone.core.errors import NotFound
from ikone.harvesting.choices import ItemOutcome
from ikone.harvesting.models import HarvestItem, HarvestRecord, HarvestRun, HarvestSource
from ikone.harvesting.services import can_manage
from ikone.organizations.models import Network


def can_read(user: Any) -> bool:
    return can_manage(user)


def sources(*, user: Any) -> QuerySet[HarvestSource]:
    policy.require(can_read(user), user, "Nur Plattformadministration und Koordination sehen die Quellen.")
    return HarvestSource.objects.select_related("network").order_by("name", "id")


def manageable_networks(*, user: Any) -> list[Network]:
    """The networks a source managed by `user` may belong to."""
    networks = Network.objects.order_by("name", "id")
    if policy.is_platform_admin(user):
        return list(networks)
    return list(networks.filter(pk__in=policy.coordinated_network_ids(user)))


def source_get(*, user: Any, slug: str) -> HarvestSource:
    source = sources(user=user).filter(slug=slug).first()
    if source is None:
        raise NotFound(f"Keine Quelle mit dem Kurznamen „{slug}“.")
    return source


def _counted(queryset: QuerySet[HarvestRun]) -> QuerySet[HarvestRun]:
    return queryset.select_related("source").annotate(
        **{
            f"n_{outcome.value}": Count("items", filter=Q(items__outcome=outcome.value))
            for outcome in ItemOutcome
        }
    )


def runs(*, user: Any, source: HarvestSource | None = None) -> QuerySet[HarvestRun]:
    policy.require(can_read(user), user, "Nur Plattformadministration und Koordination sehen die Läufe.")
    queryset = HarvestRun.objects.all() if source is None else HarvestRun.objects.filter(source=source)
    return _counted(queryset.order_by("-started_at", "-id"))


def run_get(*, user: Any, pk: int) -> HarvestRun:
    run = runs(user=user).filter(pk=pk).first()
    if run is None:
        raise NotFound(f"Keinen Lauf mit der Nummer {pk}.")
    return run


def run_items(*, run: HarvestRun, problems_only: bool = False) -> QuerySet[HarvestItem]:
    items = run.items.select_related("solution").order_by("id")
    if problems_only:
        items = items.filter(outcome__in=[ItemOutcome.FAILED, ItemOutcome.SKIPPED])
    return items


def run_counts_of(run: HarvestRun) -> dict[str, int]:
    """The counts of an annotated run (see `runs`)."""
    return {outcome.value: getattr(run, f"n_{outcome.value}", 0) for outcome in ItemOutcome}


def last_run() -> HarvestRun | None:
    """The latest run of any source, for the operator page."""
    return _counted(HarvestRun.objects.order_by("-started_at", "-id")).first()


def source_summaries() -> list[dict[str, Any]]:
    """Every source with its last run (for the command line)."""
    result = []
    for source in HarvestSource.objects.order_by("name", "id"):
        last = _counted(source.runs.order_by("-started_at", "-id")).first()
        result.append(
            {
                "slug": source.slug,
                "name": source.name,
                "kind": source.kind,
                "base_url": source.base_url,
                "enabled": source.enabled,
                "interval_minutes": source.interval_minutes,
                "next_run_at": source.next_run_at.isoformat() if source.next_run_at else None,
                "last_run": {
                    "id": last.pk,
                    "status": last.status,
                    "started_at": last.started_at.isoformat(),
                    **run_counts_of(last),
                }
                if last
                else None,
            }
        )
    return result


@dataclass(frozen=True)
class Origin:
    source_name: str
    page_url: str
    fetched_at: Any
    withdrawn: bool


def solution_origin(solution_id: int) -> Origin | None:
    """Where a harvested solution comes from (the most recently fetched source)."""
    record = (
        HarvestRecord.objects.filter(solution_id=solution_id)
        .select_related("source")
        .order_by("withdrawn_at", "-fetched_at")
        .first()
    )
    if record is None:
        return None
    return Origin(
        source_name=record.source.name,
        page_url=record.page_url,
        fetched_at=record.fetched_at,
        withdrawn=record.withdrawn_at is not None,
    )


def solution_usage(solution_id: int) -> list[dict[str, Any]]:
    """Use of the solution per network of the peer instances it was harvested from (aggregates
    of the feed, never member data)."""
    rows: list[dict[str, Any]] = []
    for record in HarvestRecord.objects.filter(
        solution_id=solution_id, withdrawn_at__isnull=True
    ).select_related("source"):
        for entry in record.usage:
            name = str(entry.get("network_name") or entry.get("network") or "")
            if name:
                rows.append(
                    {
                        "network": name,
                        "source": record.source.name,
                        "in_production": int(entry.get("in_production") or 0),
                        "adoptions": int(entry.get("adoptions") or 0),
                    }
                )
    return rows
