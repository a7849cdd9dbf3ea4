"""The solver input from the database: a network's open OZG-Leistungen, its members' capacities
and preferences, efforts and priorities.

Open: no member offers the OZG-Leistung at the target level (default: Reifegrad ≥ 3 in model 1.1)
and no open claim of the network covers it. Priority (whole points, times the coordinator's
weight, rounded): 10 per member without an online offer (no report, or below Reifegrad 2 in the
model), 2 per person asking for it in a member town (citizens' proposals and their supports,
`participation.selectors.demand_by_service`), +10 when a LeiKa-Leistung of it is SDG-relevant,
+5 when municipalities execute it (LeiKa-Typ 2/3, 4 or 5). Effort: the coordinator's override,
else the average effort of the claims of this OZG-Leistung on the platform, else the network
default (20 PT). Preferences: what the member entered; without an entry "Erfahrung" when the
member already offers another OZG-Leistung of the Themenfeld at the target level.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Avg

from ikone.claims.models import Claim
from ikone.claims.selectors import claim_members, open_claims_by_service
from ikone.coverage.choices import ONLINE_LEVEL
from ikone.coverage.models import ServiceStatus
from ikone.organizations.models import Network, Organization
from ikone.ozg.models import LeikaService, Service, Themenfeld
from ikone.participation.selectors import demand_by_service
from ikone.planning.choices import (
    DEFAULT_EFFORT_DAYS,
    DEMAND_POINTS,
    LACKING_POINTS,
    MUNICIPAL_POINTS,
    MUNICIPAL_TYPES,
    SDG_POINTS,
)
from ikone.planning.models import MemberCapacity, ServiceOverride, ThemenfeldPreference
from ikone.planning.solver import Instance, Member, Preference, ServiceItem


@dataclass(frozen=True)
class PlanParameters:
    period: str
    time_limit: float = 10.0
    fairness_slack: Decimal | None = Decimal("1.25")  # None: no fairness constraint
    fairness_allowance: int | None = None  # PT; None: the largest effort of an open service
    default_effort: int = DEFAULT_EFFORT_DAYS
    target_level: int = 3
    maturity_model: str = "1.1"

    def as_json(self) -> dict[str, Any]:
        values = asdict(self)
        values["fairness_slack"] = str(self.fairness_slack) if self.fairness_slack is not None else None
        return values


def default_period(today: dt.date | None = None) -> str:
    """The next half-year: planning happens ahead."""
    today = today or dt.date.today()
    return f"{today.year}-H2" if today.month <= 6 else f"{today.year + 1}-H1"


@dataclass
class OpenService:
    service: Service
    lacking: int
    priority: int
    effort: int
    effort_source: str  # "Koordination", "Übernahmen", "Vorgabe"
    reasons: tuple[str, ...]
    weight: Decimal


@dataclass
class NetworkInstance:
    instance: Instance
    organizations: dict[str, Organization]  # member name → organisation
    services: dict[str, Service]  # service key → OZG-Leistung
    open_services: list[OpenService]
    capacities: dict[int, int]  # organisation id → PT


def member_names(organizations: list[Organization]) -> dict[str, Organization]:
    counts: dict[str, int] = defaultdict(int)
    for org in organizations:
        counts[str(org)] += 1
    return {(str(org) if counts[str(org)] == 1 else f"{org} ({org.key})"): org for org in organizations}


def open_services(
    network: Network, parameters: PlanParameters, members: list[Organization]
) -> list[OpenService]:
    levels: dict[int, dict[int, int]] = defaultdict(dict)  # service → organisation → level
    for org_id, service_id, level in ServiceStatus.objects.filter(
        organization__in=members, model__version=parameters.maturity_model
    ).values_list("organization_id", "service_id", "level"):
        levels[service_id][org_id] = level
    claimed = set(open_claims_by_service(network))
    overrides = {o.service_id: o for o in ServiceOverride.objects.filter(network=network)}
    averages = dict(
        Claim.objects.filter(effort_days__isnull=False, effort_days__gt=0)
        .values("service_id")
        .annotate(average=Avg("effort_days"))
        .values_list("service_id", "average")
    )
    sdg: set[int] = set()
    municipal: set[int] = set()
    for service_id, sdg1, sdg2, leika_type in LeikaService.objects.filter(service__isnull=False).values_list(
        "service_id", "sdg1", "sdg2", "leika_type"
    ):
        if sdg1 or sdg2:
            sdg.add(service_id)
        if any(part.strip() in MUNICIPAL_TYPES for part in leika_type.split(",")):
            municipal.add(service_id)
    demands = demand_by_service(organizations=members)
    result = []
    for service in Service.objects.select_related("themenfeld").order_by("ozg_id"):
        by_org = levels.get(service.pk, {})
        if service.pk in claimed or any(level >= parameters.target_level for level in by_org.values()):
            continue
        lacking = sum(1 for org in members if by_org.get(org.pk, -1) < ONLINE_LEVEL)
        reasons = []
        demand = demands.get(service.pk, 0)
        points = LACKING_POINTS * lacking + DEMAND_POINTS * demand
        if demand:
            reasons.append(
                "eine Person aus der Bürgerschaft sie nachfragt"
                if demand == 1
                else f"{demand} Personen aus der Bürgerschaft sie nachfragen"
            )
        if service.pk in sdg:
            points += SDG_POINTS
            reasons.append("sie SDG-relevant ist")
        if service.pk in municipal:
            points += MUNICIPAL_POINTS
            reasons.append("die Kommunen sie vollziehen")
        override = overrides.get(service.pk)
        weight = override.weight if override else Decimal("1")
        if weight > 1:
            reasons.append("die Koordination sie höher gewichtet hat")
        priority = int((Decimal(points) * weight).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
        if override and override.effort_days:
            effort, source = override.effort_days, "Koordination"
        elif service.pk in averages:
            effort = max(1, int(Decimal(averages[service.pk]).quantize(Decimal("1"), rounding=ROUND_HALF_UP)))
            source = "Übernahmen"
        else:
            effort, source = parameters.default_effort, "Vorgabe"
        result.append(
            OpenService(
                service=service,
                lacking=lacking,
                priority=priority,
                effort=effort,
                effort_source=source,
                reasons=tuple(reasons),
                weight=weight,
            )
        )
    return result


def preferences_of(
    organizations: list[Organization], parameters: PlanParameters
) -> dict[int, dict[int, Preference]]:
    """Themenfeld preferences per organisation id (explicit entries win over derived experience)."""
    result: dict[int, dict[int, Preference]] = defaultdict(dict)
    for org_id, themenfeld_id in (
        ServiceStatus.objects.filter(
            organization__in=organizations,
            model__version=parameters.maturity_model,
            level__gte=parameters.target_level,
        )
        .values_list("organization_id", "service__themenfeld_id")
        .distinct()
    ):
        result[org_id][themenfeld_id] = Preference.EXPERIENCE
    for pref in ThemenfeldPreference.objects.filter(organization__in=organizations):
        result[pref.organization_id][pref.themenfeld_id] = Preference(pref.preference)
    return result


def build_instance(*, network: Network, parameters: PlanParameters) -> NetworkInstance:
    organizations = claim_members(network)
    names = member_names(organizations)
    capacities = dict(
        MemberCapacity.objects.filter(network=network, period=parameters.period).values_list(
            "organization_id", "person_days"
        )
    )
    preferences = preferences_of(organizations, parameters)
    opened = open_services(network, parameters, organizations)
    all_themenfelder = dict(Themenfeld.objects.values_list("id", "name"))
    members = tuple(
        Member(
            name=name,
            capacity=capacities.get(org.pk, 0),
            preferences={all_themenfelder[t]: p for t, p in preferences.get(org.pk, {}).items()},
        )
        for name, org in names.items()
    )
    items = tuple(
        ServiceItem(
            key=str(o.service.ozg_id),
            name=o.service.name,
            themenfeld=o.service.themenfeld.name,
            effort=o.effort,
            priority=o.priority,
            lacking=o.lacking,
            reasons=o.reasons,
        )
        for o in opened
    )
    slack = parameters.fairness_slack
    instance = Instance(
        members=members,
        services=items,
        fairness_slack=Fraction(str(slack)) if slack is not None else None,
        fairness_allowance=parameters.fairness_allowance,
    )
    return NetworkInstance(
        instance=instance,
        organizations=names,
        services={str(o.service.ozg_id): o.service for o in opened},
        open_services=opened,
        capacities=capacities,
    )
