"""Reads for OZG coverage. Dashboards read the incremental aggregate tables, never all statuses."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum

from ikone.core.errors import DomainError, FieldError, NotFound
from ikone.coverage import demand
from ikone.coverage.choices import COMPLIANT_LEVEL, DASHBOARD_MODEL, ONLINE_LEVEL, AreaScope
from ikone.coverage.computations.dashboards import AreaFigures, MatrixRow, area_figures, matrix
from ikone.coverage.models import (
    AreaServiceCount,
    OrganizationThemenfeldCount,
    ServiceStatus,
    SolutionUsageCount,
    StatusChange,
)
from ikone.organizations.choices import Level, MembershipRole
from ikone.organizations.models import Network, NetworkMembership, Organization
from ikone.ozg.models import MaturityModel, Service, Themenfeld


def maturity_model_get(*, version: str) -> MaturityModel:
    model = MaturityModel.objects.filter(version=version).first()
    if model is None:
        raise DomainError(
            detail=f"Unbekanntes Reifegradmodell „{version}“.",
            errors=[FieldError("model", "Erlaubt: 1.1, 2.0")],
            status=422,
        )
    return model


def service_get(*, ozg_id: int) -> Service:
    service = Service.objects.select_related("themenfeld").filter(ozg_id=ozg_id).first()
    if service is None:
        raise NotFound(f"Keine OZG-Leistung mit der OZG-ID {ozg_id}.")
    return service


def themenfeld_get(*, slug: str) -> Themenfeld:
    themenfeld = Themenfeld.objects.filter(slug=slug).first()
    if themenfeld is None:
        raise NotFound(f"Kein Themenfeld mit dem Kurznamen „{slug}“.")
    return themenfeld


def status_list(*, organization: Organization) -> QuerySet[ServiceStatus]:
    return (
        ServiceStatus.objects.filter(organization=organization)
        .select_related("service__themenfeld", "model", "solution")
        .order_by("service__ozg_id")
    )


def status_get(*, organization: Organization, ozg_id: int) -> ServiceStatus:
    service = service_get(ozg_id=ozg_id)
    status = status_list(organization=organization).filter(service=service).first()
    if status is None:
        raise NotFound(f"Für {organization} ist zur OZG-Leistung {ozg_id} kein Stand erfasst.")
    return status


def status_history(*, organization: Organization, ozg_id: int | None = None) -> QuerySet[StatusChange]:
    queryset = StatusChange.objects.filter(organization=organization)
    if ozg_id is not None:
        queryset = queryset.filter(service__ozg_id=ozg_id)
    return queryset.select_related("service", "leika_service").order_by("-changed_at", "-id")


# --- organisation summary ---------------------------------------------------------------------


@dataclass
class ThemenfeldRow:
    themenfeld: Themenfeld
    services: int
    by_level: dict[int, int]
    online: int
    compliant: int
    other_model: int

    @property
    def counts(self) -> list[int]:
        """Services per level 0–4 of model 1.1."""
        return [self.by_level.get(level, 0) for level in range(5)]

    @property
    def unreported(self) -> int:
        return max(self.services - sum(self.by_level.values()) - self.other_model, 0)

    @property
    def compliant_share(self) -> float:
        return self.compliant / self.services if self.services else 0.0

    @property
    def online_share(self) -> float:
        return self.online / self.services if self.services else 0.0


@dataclass
class OrganizationSummary:
    rows: list[ThemenfeldRow]
    levels: list[int]

    @property
    def services(self) -> int:
        return sum(r.services for r in self.rows)

    @property
    def compliant(self) -> int:
        return sum(r.compliant for r in self.rows)

    @property
    def online(self) -> int:
        return sum(r.online for r in self.rows)

    @property
    def compliant_share(self) -> float:
        return self.compliant / self.services if self.services else 0.0

    @property
    def online_share(self) -> float:
        return self.online / self.services if self.services else 0.0


def _themenfelder() -> list[Themenfeld]:
    return list(Themenfeld.objects.annotate(service_count=Count("services")).order_by("name"))


def organization_summary(*, organization: Organization) -> OrganizationSummary:
    """Levels per Themenfeld (model 1.1) from the aggregate table; 2.0 statuses counted apart."""
    model = maturity_model_get(version=DASHBOARD_MODEL)
    counts = OrganizationThemenfeldCount.objects.filter(organization=organization, count__gt=0).values_list(
        "themenfeld_id", "model_id", "level", "count"
    )
    by_themenfeld: dict[int, dict[int, int]] = {}
    other: dict[int, int] = {}
    for themenfeld_id, model_id, level, count in counts:
        if model_id == model.pk:
            by_themenfeld.setdefault(themenfeld_id, {})[level] = count
        else:
            other[themenfeld_id] = other.get(themenfeld_id, 0) + count
    rows = []
    for themenfeld in _themenfelder():
        levels = by_themenfeld.get(themenfeld.pk, {})
        rows.append(
            ThemenfeldRow(
                themenfeld=themenfeld,
                services=themenfeld.service_count,  # type: ignore[attr-defined]
                by_level=levels,
                online=sum(c for lv, c in levels.items() if lv >= ONLINE_LEVEL),
                compliant=sum(c for lv, c in levels.items() if lv >= COMPLIANT_LEVEL),
                other_model=other.get(themenfeld.pk, 0),
            )
        )
    return OrganizationSummary(rows=rows, levels=list(range(5)))


# --- gap analysis -----------------------------------------------------------------------------


NEARBY_OFFERS = 3  # municipalities of the same Kreis shown per service when no network member offers it


@dataclass(frozen=True)
class Offer:
    organization: Organization
    level: int
    solution_slug: str | None
    solution_name: str | None


@dataclass
class Gap:
    service: Service
    own_level: int | None
    own_model: str | None
    peers: list[Offer] = field(default_factory=list)
    nearby: list[Offer] = field(default_factory=list)
    municipalities: int = 0
    solutions: list[tuple[str, str, int]] = field(default_factory=list)  # slug, name, users
    demand: int = 0  # people asking for it in the organisation (participation)


def gap_order(gap: Gap) -> tuple[int, int, int, int, int]:
    """Most demanded first, then offered by more network members, more municipalities of the
    Kreis, more municipalities nationally, then by OZG-ID."""
    return (-gap.demand, -len(gap.peers), -len(gap.nearby), -gap.municipalities, gap.service.ozg_id)


def _peers(organization: Organization) -> QuerySet[Organization]:
    """The other members of the organisation's networks."""
    networks = NetworkMembership.objects.filter(organization=organization).values("network")
    return Organization.objects.filter(memberships__network__in=networks).exclude(pk=organization.pk)


def organization_gaps(
    *, organization: Organization, target_level: int = COMPLIANT_LEVEL, model: str = DASHBOARD_MODEL
) -> list[Gap]:
    """Every OZG-Leistung the organisation does not offer at `target_level` (in `model`), with the
    members of its networks that do, otherwise municipalities of its Kreis that do, how many
    municipalities offer it nationally, the solutions in use with their number of users and how
    many citizens ask for it (`coverage.demand`), in `gap_order`.
    A constant number of queries, whatever the size of the data."""
    maturity = maturity_model_get(version=model)
    services = list(Service.objects.select_related("themenfeld").order_by("ozg_id"))
    own = {
        service_id: (level, version)
        for service_id, level, version in ServiceStatus.objects.filter(organization=organization).values_list(
            "service_id", "level", "model__version"
        )
    }
    gaps = {
        s.pk: Gap(
            service=s, own_level=own.get(s.pk, (None, None))[0], own_model=own.get(s.pk, (None, None))[1]
        )
        for s in services
        if not (own.get(s.pk, (None, ""))[1] == model and (own[s.pk][0] or 0) >= target_level)
    }
    if not gaps:
        return []
    offered = ServiceStatus.objects.filter(service__in=list(gaps), model=maturity, level__gte=target_level)
    # Offers are read as plain tuples through the (organization, service) index, organisation by
    # organisation (a few peers, one Kreis), never through all statuses of a service.
    peer_query = _peers(organization)
    peers = {o.pk: o for o in peer_query.distinct()}
    by_peers = offered.filter(organization__in=peer_query.values("pk"))
    columns = ("service_id", "organization_id", "level", "solution__slug", "solution__name")
    peer_offers = list(by_peers.order_by().values_list(*columns))
    without_peers = sorted(set(gaps) - {row[0] for row in peer_offers})
    kreis = Organization.objects.filter(
        kreis_key=organization.kreis_key or "-", level=Level.GEMEINDE
    ).exclude(pk=organization.pk)
    neighbours = {o.pk: o for o in kreis}
    # `or [0]` (no such service): Django would skip an `IN ()` query, the count stays constant
    near_offers = list(
        offered.filter(organization__in=kreis.values("pk"), service__in=without_peers or [0])
        .order_by()
        .values_list(*columns)
    )

    def offers(
        rows: list[tuple[int, int, int, str | None, str | None]], orgs: dict[int, Organization]
    ) -> Iterator[tuple[int, Offer]]:
        for service_id, org_id, level, slug, name in sorted(
            rows, key=lambda r: (-r[2], orgs[r[1]].short_name, r[1])
        ):
            yield (
                service_id,
                Offer(organization=orgs[org_id], level=level, solution_slug=slug, solution_name=name),
            )

    for service_id, offer in offers(peer_offers, peers):
        gaps[service_id].peers.append(offer)
    for service_id, offer in offers(near_offers, neighbours):
        if len(gaps[service_id].nearby) < NEARBY_OFFERS:
            gaps[service_id].nearby.append(offer)
    for service_id, total in (
        AreaServiceCount.objects.filter(
            scope=AreaScope.NATIONAL, service__in=list(gaps), model=maturity, level__gte=target_level
        )
        .values("service_id")
        .annotate(total=Sum("count"))
        .values_list("service_id", "total")
    ):
        gaps[service_id].municipalities = total or 0
    for service_id, slug, name, users in (
        SolutionUsageCount.objects.filter(
            service__in=list(gaps), model=maturity, level__gte=target_level, count__gt=0
        )
        .values("service_id", "solution__slug", "solution__name")
        .annotate(users=Sum("count"))
        .order_by("service_id", "-users", "solution__name")
        .values_list("service_id", "solution__slug", "solution__name", "users")
    ):
        gaps[service_id].solutions.append((slug, name, users))
    for service_id, people in demand.demand_by_service(organization).items():
        if service_id in gaps:
            gaps[service_id].demand = people
    return sorted(gaps.values(), key=gap_order)


# --- network dashboard ------------------------------------------------------------------------


@dataclass
class NetworkMatrix:
    network: Network
    members: list[Organization]
    themenfelder: list[Themenfeld]
    rows: list[MatrixRow]

    @property
    def ranking(self) -> list[MatrixRow]:
        return sorted(self.rows, key=lambda r: (r.rank, str(r.key)))


def _members(network: Network) -> list[Organization]:
    return list(
        Organization.objects.filter(memberships__network=network)
        .exclude(memberships__role=MembershipRole.OBSERVER)
        .distinct()
        .order_by("short_name")
    )


def network_matrix(*, network: Network) -> NetworkMatrix:
    """Members × Themenfelder: share online (≥ 2) and OZG-compliant (≥ 3) in model 1.1."""
    model = maturity_model_get(version=DASHBOARD_MODEL)
    members = _members(network)
    themenfelder = _themenfelder()
    by_pk = {m.pk: m for m in members}
    counts = OrganizationThemenfeldCount.objects.filter(
        organization__in=members, model=model, count__gt=0
    ).values_list("organization_id", "themenfeld_id", "level", "count")
    rows = matrix(
        ((by_pk[o], t, level, count) for o, t, level, count in counts),
        rows=list(members),
        columns=[(t.pk, t.service_count) for t in themenfelder],  # type: ignore[attr-defined]
        online_level=ONLINE_LEVEL,
        compliant_level=COMPLIANT_LEVEL,
    )
    return NetworkMatrix(network=network, members=members, themenfelder=themenfelder, rows=rows)


@dataclass
class ServiceGrid:
    network: Network
    themenfeld: Themenfeld
    members: list[Organization]
    services: list[Service]
    cells: dict[tuple[int, int], ServiceStatus]

    def rows(self) -> list[tuple[Service, list[ServiceStatus | None]]]:
        return [(s, [self.cells.get((m.pk, s.pk)) for m in self.members]) for s in self.services]


def network_services(*, network: Network, themenfeld: Themenfeld) -> ServiceGrid:
    """Drill-down: members × OZG-Leistungen of one Themenfeld, with level and solution per cell."""
    members = _members(network)
    services = list(Service.objects.filter(themenfeld=themenfeld).order_by("ozg_id"))
    statuses = ServiceStatus.objects.filter(organization__in=members, service__in=services).select_related(
        "model", "solution"
    )
    return ServiceGrid(
        network=network,
        themenfeld=themenfeld,
        members=members,
        services=services,
        cells={(s.organization_id, s.service_id): s for s in statuses},
    )


# --- Land, Kreis, national --------------------------------------------------------------------


@dataclass
class AreaCoverage:
    scope: str
    key: str
    name: str
    threshold: int
    model: str
    figures: AreaFigures
    services: dict[int, Service]
    parts: list[tuple[str, str, int, float]]  # key, name, municipalities, mean share (Kreise of a Land)


def _area_name(scope: str, key: str) -> str:
    if scope == AreaScope.NATIONAL:
        return "Deutschland"
    level = Level.LAND if scope == AreaScope.LAND else Level.KREIS
    field_name = "land_key" if scope == AreaScope.LAND else "kreis_key"
    area = Organization.objects.filter(level=level, **{field_name: key}).first()
    if area is None:
        raise NotFound(f"Kein Gebiet mit dem Schlüssel „{key}“.")
    return str(area)


def area_coverage(
    *, scope: str, key: str = "", threshold: int = COMPLIANT_LEVEL, model: str = DASHBOARD_MODEL
) -> AreaCoverage:
    """Share of municipalities offering each OZG-Leistung at ≥ `threshold`; "everywhere" vs
    "in at least one municipality". Reads only the aggregate tables and counts municipalities."""
    name = _area_name(scope, key)
    maturity = maturity_model_get(version=model)
    services = {s.pk: s for s in Service.objects.select_related("themenfeld").order_by("ozg_id")}
    municipalities = Organization.objects.filter(level=Level.GEMEINDE)
    if scope == AreaScope.LAND:
        municipalities = municipalities.filter(land_key=key)
    elif scope == AreaScope.KREIS:
        municipalities = municipalities.filter(kreis_key=key)
    counts = AreaServiceCount.objects.filter(
        scope=scope, area_key=key, model=maturity, count__gt=0
    ).values_list("service_id", "level", "count")
    figures = area_figures(
        counts, service_ids=list(services), municipalities=municipalities.count(), threshold=threshold
    )
    parts: list[tuple[str, str, int, float]] = []
    if scope == AreaScope.LAND:
        sizes = dict(
            Organization.objects.filter(level=Level.GEMEINDE, land_key=key)
            .values("kreis_key")
            .annotate(n=Count("id"))
            .values_list("kreis_key", "n")
        )
        names = dict(
            Organization.objects.filter(level=Level.KREIS, land_key=key).values_list(
                "kreis_key", "short_name"
            )
        )
        offered = dict(
            AreaServiceCount.objects.filter(
                # the Land's Kreise by key (uses the unique index; a LIKE prefix match would scan)
                scope=AreaScope.KREIS,
                area_key__in=list(sizes),
                model=maturity,
                level__gte=threshold,
            )
            .values("area_key")
            .annotate(total=Sum("count"))
            .values_list("area_key", "total")
        )
        for kreis_key in sorted(sizes):
            size = sizes[kreis_key]
            mean = (offered.get(kreis_key) or 0) / (size * len(services)) if size and services else 0.0
            parts.append((kreis_key, names.get(kreis_key, kreis_key), size, mean))
    return AreaCoverage(
        scope=scope,
        key=key,
        name=name,
        threshold=threshold,
        model=model,
        figures=figures,
        services=services,
        parts=parts,
    )


def land_list() -> list[Organization]:
    return list(Organization.objects.filter(level=Level.LAND).order_by("land_key"))


# --- map: share per Kreis, level or share per municipality ------------------------------------


@dataclass(frozen=True)
class RegionFigure:
    """One region of the coverage map. `share` is None when nothing is recorded there (grey);
    `level` is the municipality's own level for one OZG-Leistung (municipality map only)."""

    key: str
    name: str
    municipalities: int
    reported: int
    offering: float
    share: float | None
    level: int | None = None


def kreis_shares(
    *, threshold: int = COMPLIANT_LEVEL, service: Service | None = None, model: str = DASHBOARD_MODEL
) -> list[RegionFigure]:
    """Per Kreis: share of its municipalities offering `service` at ≥ `threshold` (or, without a
    service, the mean share over all OZG-Leistungen). Reads only `AreaServiceCount`; a Kreis without
    any recorded status (for that service) has share None. Constant number of queries."""
    maturity = maturity_model_get(version=model)
    services = 1 if service is not None else Service.objects.count()
    sizes = dict(
        Organization.objects.filter(level=Level.GEMEINDE)
        .exclude(kreis_key="")
        .values("kreis_key")
        .annotate(n=Count("id"))
        .values_list("kreis_key", "n")
    )
    counts = AreaServiceCount.objects.filter(scope=AreaScope.KREIS, model=maturity, count__gt=0)
    if service is not None:
        counts = counts.filter(service=service)
    totals = {
        area_key: (reported or 0, offering or 0)
        for area_key, reported, offering in counts.values("area_key")
        .annotate(reported=Sum("count"), offering=Sum("count", filter=Q(level__gte=threshold)))
        .values_list("area_key", "reported", "offering")
    }
    figures = []
    for kreis_key, name in (
        Organization.objects.filter(level=Level.KREIS)
        .order_by("kreis_key")
        .values_list("kreis_key", "short_name")
    ):
        size = sizes.get(kreis_key, 0)
        reported, offering = totals.get(kreis_key, (0, 0))
        per_service = offering / services if services else 0.0
        figures.append(
            RegionFigure(
                key=kreis_key,
                name=name,
                municipalities=size,
                reported=reported,
                offering=per_service,
                share=per_service / size if reported and size else None,
            )
        )
    return figures


def municipality_levels(
    *,
    land_key: str,
    threshold: int = COMPLIANT_LEVEL,
    service: Service | None = None,
    model: str = DASHBOARD_MODEL,
) -> list[RegionFigure]:
    """The municipalities of one Land: with a service, each one's own level in `model` (statuses of
    that Land only); without, the share of all OZG-Leistungen it offers at ≥ `threshold`, from
    `OrganizationThemenfeldCount`. Nothing recorded → share None. Constant number of queries."""
    maturity = maturity_model_get(version=model)
    towns = list(
        Organization.objects.filter(level=Level.GEMEINDE, land_key=land_key)
        .order_by("ags")
        .values_list("pk", "ags", "short_name")
    )
    figures = []
    if service is not None:
        levels = dict(
            ServiceStatus.objects.filter(
                organization__level=Level.GEMEINDE,
                organization__land_key=land_key,
                service=service,
                model=maturity,
            ).values_list("organization_id", "level")
        )
        for pk, ags, name in towns:
            level = levels.get(pk)
            offers = level is not None and level >= threshold
            figures.append(
                RegionFigure(
                    key=ags,
                    name=name,
                    municipalities=1,
                    reported=0 if level is None else 1,
                    offering=1.0 if offers else 0.0,
                    share=None if level is None else float(offers),
                    level=level,
                )
            )
        return figures
    services = Service.objects.count()
    totals = {
        pk: (reported or 0, offering or 0)
        for pk, reported, offering in OrganizationThemenfeldCount.objects.filter(
            organization__level=Level.GEMEINDE, organization__land_key=land_key, model=maturity, count__gt=0
        )
        .values("organization_id")
        .annotate(reported=Sum("count"), offering=Sum("count", filter=Q(level__gte=threshold)))
        .values_list("organization_id", "reported", "offering")
    }
    for pk, ags, name in towns:
        reported, offering = totals.get(pk, (0, 0))
        figures.append(
            RegionFigure(
                key=ags,
                name=name,
                municipalities=1,
                reported=reported,
                offering=offering,
                share=offering / services if reported and services else None,
            )
        )
    return figures


def services_online_somewhere(*, model: str = DASHBOARD_MODEL) -> int:
    """How many OZG-Leistungen at least one municipality offers online (level ≥ 2), from the aggregates."""
    return (
        AreaServiceCount.objects.filter(
            scope=AreaScope.NATIONAL, model__version=model, level__gte=ONLINE_LEVEL, count__gt=0
        )
        .values("service_id")
        .distinct()
        .count()
    )
