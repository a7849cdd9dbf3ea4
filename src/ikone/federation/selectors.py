"""Reads for the federation feeds and the open data: what this instance publishes to peers.

`published_solutions()` is the one definition of the solutions that leave this instance (feeds,
DCAT-AP.de, CSV/XLSX, Atom): the public ones that are its own. The feeds page over live items and tombstones
together, ordered by change time, then key; `changed_since` is inclusive.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Greatest
from django.urls import reverse

from ikone.catalog.models import Solution
from ikone.catalog.selectors import solution_base
from ikone.coverage.choices import DASHBOARD_MODEL
from ikone.coverage.models import OrganizationThemenfeldCount, ServiceStatus
from ikone.federation.choices import FeedKind
from ikone.federation.models import Tombstone
from ikone.harvesting.models import HarvestRecord
from ikone.organizations.choices import MembershipRole
from ikone.organizations.models import Network, NetworkMembership
from ikone.ozg.models import Themenfeld
from ikone.reuse.choices import AdoptionState
from ikone.reuse.models import Adoption, ExperienceReport
from ikone.reuse.selectors import report_base
from ikone.standards.models import NetworkStandard, Standard, StandardVersion

Absolute = Callable[[str], str]


def published_solutions() -> QuerySet[Solution]:
    """The solutions this instance publishes: those everybody may see and that are its own, not
    copies harvested from another catalog (those have a harvest record and no local owner) and
    not withdrawn. Peers harvest each solution from the catalog it belongs to."""
    harvested = HarvestRecord.objects.filter(solution=OuterRef("pk"))
    return (
        solution_base(user=AnonymousUser())
        .filter(withdrawn_at__isnull=True)
        .exclude(Q(owner__isnull=True) & Exists(harvested))
    )


def published_adoptions() -> QuerySet[Adoption]:
    """The adoptions this instance publishes: those of published solutions (as on their pages)."""
    return Adoption.objects.filter(solution__in=published_solutions())


def published_reports() -> QuerySet[ExperienceReport]:
    """The experience reports this instance publishes: public ones of published solutions."""
    return report_base(user=AnonymousUser()).filter(solution__in=published_solutions())


def isoformat(moment: dt.datetime) -> str:
    """A change time as the feeds write it: UTC, always with microseconds."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _solution_changes() -> QuerySet[Solution]:
    """Published solutions with `changed_at`: the later of their own change and the last change
    of an adoption of them (the feed carries the adoption counts)."""
    last_adoption = (
        Adoption.objects.filter(solution=OuterRef("pk"))
        .order_by()
        .values("solution")
        .annotate(last=Max("updated_at"))
        .values("last")
    )
    return published_solutions().annotate(
        changed_at=Greatest(
            "updated_at",
            Coalesce(Subquery(last_adoption, output_field=DateTimeField()), "updated_at"),
            output_field=DateTimeField(),
        )
    )


@dataclass(frozen=True)
class FeedRow:
    key: str
    url: str
    changed_at: dt.datetime
    deleted: bool
    pk: int | None


@dataclass(frozen=True)
class FeedPage:
    count: int
    latest: dt.datetime | None
    rows: list[FeedRow]

    def answer(self, items: list[dict[str, Any]]) -> dict[str, Any]:
        """The feed's JSON body: this page's items with the count and latest change of them all."""
        return {
            "count": self.count,
            "latest": isoformat(self.latest) if self.latest else None,
            "items": items,
        }


def _rows(live: QuerySet[Any], dead: QuerySet[Tombstone]) -> QuerySet[Any]:
    """Live items and tombstones as one queryset of (key, url, changed_at, deleted, pk)."""
    columns = ("f_key", "f_url", "f_changed_at", "f_deleted", "f_pk")
    live_rows = (
        live.annotate(
            f_key=F("key"),
            f_url=F("url"),
            f_changed_at=F("changed_at"),
            f_deleted=Value(False, output_field=BooleanField()),
            f_pk=F("pk"),
        )
        .order_by()
        .values_list(*columns)
    )
    dead_rows = (
        dead.annotate(
            f_key=F("key"),
            f_url=F("url"),
            f_changed_at=F("removed_at"),
            f_deleted=Value(True, output_field=BooleanField()),
            f_pk=Value(None, output_field=IntegerField()),
        )
        .order_by()
        .values_list(*columns)
    )
    return live_rows.union(dead_rows, all=True)


def _feed_page(
    live: QuerySet[Any],
    dead: QuerySet[Tombstone],
    *,
    changed_since: dt.datetime | None,
    offset: int,
    limit: int,
) -> FeedPage:
    """One page over live items (annotated `key`, `url`, `changed_at`) and tombstones together."""
    if changed_since is not None:
        live = live.filter(changed_at__gte=changed_since)
        dead = dead.filter(removed_at__gte=changed_since)
    live_stats = live.aggregate(n=Count("pk"), latest=Max("changed_at"))
    dead_stats = dead.aggregate(n=Count("pk"), latest=Max("removed_at"))
    latest = max((v for v in (live_stats["latest"], dead_stats["latest"]) if v is not None), default=None)
    rows = [
        FeedRow(key=key, url=url, changed_at=changed_at, deleted=bool(deleted), pk=pk)
        for key, url, changed_at, deleted, pk in _rows(live, dead).order_by("f_changed_at", "f_key")[
            offset : offset + limit
        ]
    ]
    return FeedPage(count=live_stats["n"] + dead_stats["n"], latest=latest, rows=rows)


def _solution_live_and_dead() -> tuple[QuerySet[Solution], QuerySet[Tombstone]]:
    live = _solution_changes().annotate(key=F("slug"))
    published_slugs = published_solutions().values("slug")
    dead = Tombstone.objects.filter(kind=FeedKind.SOLUTION).exclude(key__in=published_slugs)
    return live, dead


def solution_feed_page(*, changed_since: dt.datetime | None, offset: int, limit: int) -> FeedPage:
    live, dead = _solution_live_and_dead()
    return _feed_page(live, dead, changed_since=changed_since, offset=offset, limit=limit)


def _usage(solution_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Adoptions per network of the adopting organisations, as counts: organisations with an
    adoption that has not ended, and of those the ones in production. No names of members."""
    network = "organization__memberships__network"
    rows = (
        Adoption.objects.filter(solution_id__in=solution_ids, **{f"{network}__isnull": False})
        .exclude(state=AdoptionState.ENDED)
        .values("solution_id", f"{network}__slug", f"{network}__short_name", f"{network}__name")
        .annotate(
            adoptions=Count("organization_id", distinct=True),
            in_production=Count("organization_id", filter=Q(state=AdoptionState.PRODUCTION), distinct=True),
        )
        .order_by(f"{network}__slug")
    )
    usage: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        usage[row["solution_id"]].append(
            {
                "network": row[f"{network}__slug"],
                "network_name": row[f"{network}__short_name"] or row[f"{network}__name"],
                "in_production": row["in_production"],
                "adoptions": row["adoptions"],
            }
        )
    return usage


def _services(solution: Solution) -> list[str]:
    """OZG-IDs (digits of the OZG catalog) first, then LeiKa keys (14 digits), each sorted."""
    ozg = sorted(str(service.ozg_id) for service in solution.services.all())
    leika = sorted({item.key for item in solution.leika_services.all() if item.key})
    return ozg + [key for key in leika if key not in ozg]


def solution_feed(
    *, changed_since: dt.datetime | None, offset: int, limit: int, absolute: Absolute
) -> dict[str, Any]:
    """The solutions feed as documented in docs/federation.md (the peer harvester's contract)."""
    page = solution_feed_page(changed_since=changed_since, offset=offset, limit=limit)
    ids = [row.pk for row in page.rows if row.pk is not None]
    solutions = {
        s.pk: s for s in Solution.objects.filter(pk__in=ids).prefetch_related("services", "leika_services")
    }
    usage = _usage(ids)
    items = []
    for row in page.rows:
        item: dict[str, Any] = {
            "id": row.key,
            "url": row.url,
            "changed_at": isoformat(row.changed_at),
            "deleted": row.deleted,
            "page_url": None,
            "publiccode_url": None,
            "publiccode": None,
            "services": [],
            "usage": [],
        }
        solution = solutions.get(row.pk) if row.pk is not None else None
        if solution is not None:
            item.update(
                page_url=absolute(reverse("catalog:solution-detail", args=[solution.slug])),
                publiccode_url=absolute(reverse("api:solution_export", args=[solution.slug])),
                publiccode=solution.document,
                services=_services(solution),
                usage=usage.get(solution.pk, []),
            )
        items.append(item)
    return page.answer(items)


@dataclass(frozen=True)
class CatalogChange:
    """A change of the published catalog as an Atom entry (see notifications.feeds.AtomEntry)."""

    key: str
    kind: str
    title: str
    url: str
    created_at: dt.datetime
    actor_label: str = ""


def catalog_changes(*, limit: int = 50) -> list[CatalogChange]:
    """The latest changes of the published catalog, newest first: changed and removed solutions."""
    live, dead = _solution_live_and_dead()
    rows = list(_rows(live, dead).order_by("-f_changed_at", "-f_key")[:limit])
    names = dict(Solution.objects.filter(pk__in=[r[4] for r in rows if r[4]]).values_list("pk", "name"))
    changes = []
    for key, url, changed_at, deleted, pk in rows:
        stamp = f"{key}:{isoformat(changed_at)}"
        if deleted:
            changes.append(
                CatalogChange(
                    key=f"solution.removed:{stamp}",
                    kind="solution.removed",
                    title=f"Lösung nicht mehr im Katalog: {key}",
                    url=url,
                    created_at=changed_at,
                )
            )
        else:
            changes.append(
                CatalogChange(
                    key=f"solution.changed:{stamp}",
                    kind="solution.changed",
                    title=f"Lösung geändert: {names.get(pk, key)}",
                    url=reverse("catalog:solution-detail", args=[key]),
                    created_at=changed_at,
                )
            )
    return changes


def _adoption_live_and_dead() -> tuple[QuerySet[Adoption], QuerySet[Tombstone]]:
    """Adoptions change with their solution too (its slug and publication travel with them)."""
    live = published_adoptions().annotate(
        key=Cast("pk", CharField()),
        url=F("solution__url"),
        changed_at=Greatest("updated_at", "solution__updated_at", output_field=DateTimeField()),
    )
    published_keys = published_adoptions().annotate(k=Cast("pk", CharField())).values("k")
    dead = Tombstone.objects.filter(kind=FeedKind.ADOPTION).exclude(key__in=published_keys)
    return live, dead


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def adoption_feed(*, changed_since: dt.datetime | None, offset: int, limit: int) -> dict[str, Any]:
    """Adoptions of published solutions changed since a time, with tombstones (same paging and
    order as the solutions feed). Contact details are not part of the feed."""
    live, dead = _adoption_live_and_dead()
    page = _feed_page(live, dead, changed_since=changed_since, offset=offset, limit=limit)
    adoptions = {
        a.pk: a
        for a in Adoption.objects.filter(pk__in=[row.pk for row in page.rows if row.pk is not None])
        .select_related("organization", "solution")
        .prefetch_related("services")
    }
    items = []
    for row in page.rows:
        adoption = adoptions.get(row.pk) if row.pk is not None else None
        item: dict[str, Any] = {
            "id": row.key,
            "url": row.url,
            "changed_at": isoformat(row.changed_at),
            "deleted": row.deleted,
            "solution": None,
            "organization": None,
            "state": None,
            "services": [],
            "started_on": None,
            "production_since": None,
            "ended_on": None,
            "operator_model": None,
            "confirmed": None,
        }
        if adoption is not None:
            item.update(
                solution=adoption.solution.slug,
                organization={"key": adoption.organization.key, "name": str(adoption.organization)},
                state=adoption.state,
                services=sorted(str(service.ozg_id) for service in adoption.services.all()),
                started_on=_day(adoption.started_on),
                production_since=_day(adoption.production_since),
                ended_on=_day(adoption.ended_on),
                operator_model=adoption.operator_model,
                confirmed=adoption.is_confirmed,
            )
        items.append(item)
    return page.answer(items)


def _report_live_and_dead() -> tuple[QuerySet[ExperienceReport], QuerySet[Tombstone]]:
    live = published_reports().annotate(
        key=Cast("pk", CharField()),
        url=F("solution__url"),
        changed_at=Greatest("updated_at", "solution__updated_at", output_field=DateTimeField()),
    )
    published_keys = published_reports().annotate(k=Cast("pk", CharField())).values("k")
    dead = Tombstone.objects.filter(kind=FeedKind.REPORT).exclude(key__in=published_keys)
    return live, dead


def _number(value: Any) -> str | None:
    return None if value is None else str(value)


def report_feed(*, changed_since: dt.datetime | None, offset: int, limit: int) -> dict[str, Any]:
    """Public experience reports of published solutions changed since a time, with tombstones."""
    live, dead = _report_live_and_dead()
    page = _feed_page(live, dead, changed_since=changed_since, offset=offset, limit=limit)
    reports = {
        r.pk: r
        for r in ExperienceReport.objects.filter(
            pk__in=[row.pk for row in page.rows if row.pk is not None]
        ).select_related("organization", "solution")
    }
    items = []
    for row in page.rows:
        report = reports.get(row.pk) if row.pk is not None else None
        item: dict[str, Any] = {
            "id": row.key,
            "url": row.url,
            "changed_at": isoformat(row.changed_at),
            "deleted": row.deleted,
            "solution": None,
            "organization": None,
            "would_recommend": None,
            "ratings": None,
            "effort_days": None,
            "time_to_live_days": None,
            "worked": None,
            "did_not_work": None,
            "pitfalls": None,
        }
        if report is not None:
            item.update(
                solution=report.solution.slug,
                organization={"key": report.organization.key, "name": str(report.organization)},
                would_recommend=report.would_recommend,
                ratings={
                    "usability": report.rating_usability,
                    "effort": report.rating_effort,
                    "documentation": report.rating_documentation,
                    "support": report.rating_support,
                },
                effort_days=_number(report.effort_days),
                time_to_live_days=report.time_to_live_days,
                worked=report.worked,
                did_not_work=report.did_not_work,
                pitfalls=report.pitfalls,
            )
        items.append(item)
    return page.answer(items)


def _standard_live() -> QuerySet[Standard]:
    """All standards of the register (it is public), with `changed_at`: the latest of the standard's
    own change and the changes of its versions (a network adopting or dropping a version moves the
    version, see `standards.services`)."""
    last_version = (
        StandardVersion.objects.filter(standard=OuterRef("pk"))
        .order_by()
        .values("standard")
        .annotate(last=Max("updated_at"))
        .values("last")
    )
    return Standard.objects.annotate(
        key=F("slug"),
        url=F("official_url"),
        changed_at=Greatest(
            "updated_at",
            Coalesce(Subquery(last_version, output_field=DateTimeField()), "updated_at"),
            output_field=DateTimeField(),
        ),
    )


def standard_feed(
    *, changed_since: dt.datetime | None, offset: int, limit: int, absolute: Absolute
) -> dict[str, Any]:
    """The standards register with the networks that agreed on each version, changed since a time.
    Standards are never deleted or hidden (versions are kept, agreements move their version), so
    the feed has no tombstones today; the item shape has `deleted` like the other feeds."""
    page = _feed_page(
        _standard_live(), Tombstone.objects.none(), changed_since=changed_since, offset=offset, limit=limit
    )
    ids = [row.pk for row in page.rows if row.pk is not None]
    standards = {s.pk: s for s in Standard.objects.filter(pk__in=ids).prefetch_related("versions")}
    agreed: dict[int, list[str]] = defaultdict(list)
    for version_id, network in (
        NetworkStandard.objects.filter(standard_version__standard_id__in=ids)
        .order_by("network__slug")
        .values_list("standard_version_id", "network__slug")
    ):
        agreed[version_id].append(network)
    items = []
    for row in page.rows:
        standard = standards[row.pk] if row.pk is not None else None
        item: dict[str, Any] = {
            "id": row.key,
            "url": row.url,
            "changed_at": isoformat(row.changed_at),
            "deleted": row.deleted,
            "page_url": None,
            "name": None,
            "abbreviation": None,
            "kind": None,
            "publisher": None,
            "description": None,
            "versions": [],
        }
        if standard is not None:
            item.update(
                page_url=absolute(reverse("standards:standard_detail", args=[standard.slug])),
                name=standard.name,
                abbreviation=standard.abbreviation,
                kind=standard.kind,
                publisher=standard.publisher,
                description=standard.description,
                versions=[
                    {
                        "version": version.version,
                        "status": version.status,
                        "published_on": _day(version.published_on),
                        "agreed_by": agreed.get(version.pk, []),
                    }
                    for version in sorted(standard.versions.all(), key=lambda v: (v.version, v.pk))
                ],
            )
        items.append(item)
    return page.answer(items)


@dataclass(frozen=True)
class CoverageFigures:
    """A network's published coverage: summed counts per (Themenfeld id, level) over its members."""

    members: int
    sums: dict[tuple[int, int], int]


def coverage_figures(network_ids: list[int]) -> dict[int, CoverageFigures]:
    """The one rule for the published coverage of networks (open data CSV/XLSX and the coverage
    feed): per network, the counts per Themenfeld and level of the dashboard's maturity model,
    summed over its members with observers excluded, and the number of those members."""
    members: dict[int, set[int]] = defaultdict(set)
    for network_id, organization_id in (
        NetworkMembership.objects.filter(network_id__in=network_ids)
        .exclude(role=MembershipRole.OBSERVER)
        .values_list("network_id", "organization_id")
    ):
        members[network_id].add(organization_id)
    organizations = set().union(*members.values()) if members else set()
    per_organization: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for organization_id, themenfeld_id, level, count in OrganizationThemenfeldCount.objects.filter(
        organization_id__in=organizations, model__version=DASHBOARD_MODEL
    ).values_list("organization_id", "themenfeld_id", "level", "count"):
        per_organization[organization_id].append((themenfeld_id, level, count))
    figures = {}
    for network_id in network_ids:
        sums: dict[tuple[int, int], int] = defaultdict(int)
        for organization_id in members.get(network_id, set()):
            for themenfeld_id, level, count in per_organization.get(organization_id, []):
                sums[(themenfeld_id, level)] += count
        figures[network_id] = CoverageFigures(members=len(members.get(network_id, set())), sums=dict(sums))
    return figures


def _coverage_live() -> QuerySet[Network]:
    """Networks with at least one membership, with `changed_at`: the latest change of a membership
    (joining, role) or of a Reifegrad reported by one of its (non-observing) members."""
    last_membership = (
        NetworkMembership.objects.filter(network=OuterRef("pk"))
        .order_by()
        .values("network")
        .annotate(last=Max("updated_at"))
        .values("last")
    )
    last_status = (
        ServiceStatus.objects.filter(
            organization_id__in=NetworkMembership.objects.filter(network=OuterRef(OuterRef("pk")))
            .exclude(role=MembershipRole.OBSERVER)
            .values("organization_id")
        )
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )
    return (
        Network.objects.filter(pk__in=NetworkMembership.objects.values("network_id"))
        .annotate(
            key=F("slug"),
            url=Value("", output_field=CharField()),
            membership_changed_at=Subquery(last_membership, output_field=DateTimeField()),
        )
        .annotate(
            changed_at=Greatest(
                "membership_changed_at",
                Coalesce(Subquery(last_status, output_field=DateTimeField()), "membership_changed_at"),
                output_field=DateTimeField(),
            )
        )
    )


def coverage_feed(
    *, changed_since: dt.datetime | None, offset: int, limit: int, absolute: Absolute
) -> dict[str, Any]:
    """Coverage aggregates per network (as the open data CSV/XLSX), changed since a time. Networks
    and memberships are never deleted, so the feed has no tombstones today."""
    page = _feed_page(
        _coverage_live(), Tombstone.objects.none(), changed_since=changed_since, offset=offset, limit=limit
    )
    ids = [row.pk for row in page.rows if row.pk is not None]
    networks = {n.pk: n for n in Network.objects.filter(pk__in=ids)}
    figures = coverage_figures(ids)
    themenfelder = dict(Themenfeld.objects.values_list("pk", "slug")) if ids else {}
    names = dict(Themenfeld.objects.values_list("pk", "name")) if ids else {}
    items = []
    for row in page.rows:
        network = networks[row.pk] if row.pk is not None else None
        item: dict[str, Any] = {
            "id": row.key,
            "url": None,
            "changed_at": isoformat(row.changed_at),
            "deleted": row.deleted,
            "name": None,
            "model": DASHBOARD_MODEL,
            "members": None,
            "counts": [],
        }
        if network is not None:
            figure = figures[network.pk]
            item.update(
                url=absolute(reverse("coverage:network", args=[network.slug])),
                name=network.short_name or network.name,
                members=figure.members,
                counts=[
                    {
                        "themenfeld": themenfelder[themenfeld_id],
                        "themenfeld_name": names[themenfeld_id],
                        "level": level,
                        "services": total,
                    }
                    for (themenfeld_id, level), total in sorted(
                        figure.sums.items(), key=lambda entry: (names[entry[0][0]], entry[0][1])
                    )
                ],
            )
        items.append(item)
    return page.answer(items)


def feed_modified() -> dict[str, dt.datetime | None]:
    """When the standards register and the coverage aggregates last changed (as in their feeds)."""
    return {
        "standards": _standard_live().aggregate(latest=Max("changed_at"))["latest"],
        "coverage": _coverage_live().aggregate(latest=Max("changed_at"))["latest"],
    }
