"""Reads of the allocation planner (plans are public like the networks' coverage)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from ikone.claims.selectors import claim_members
from ikone.core.errors import NotFound
from ikone.organizations.models import Network, NetworkMembership, Organization
from ikone.planning.models import MemberCapacity, Plan, PlanAssignment, ThemenfeldPreference


def plan_list(*, network: Network) -> QuerySet[Plan]:
    """The network's plans, newest first, each with `assignment_total` (its number of assignments)."""
    return (
        Plan.objects.filter(network=network)
        .select_related("network")
        .annotate(assignment_total=Count("assignments"))
        .order_by("-created_at", "-id")
    )


def plan_get(*, plan_id: int) -> Plan:
    plan = Plan.objects.select_related("network").filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(f"Kein Verteilungsplan mit der Nummer {plan_id}.")
    return plan


def assignment_get(*, plan: Plan, assignment_id: int) -> PlanAssignment:
    assignment = (
        PlanAssignment.objects.select_related("plan", "organization", "service")
        .filter(plan=plan, pk=assignment_id)
        .first()
    )
    if assignment is None:
        raise NotFound(f"Keine Zuteilung {assignment_id} in diesem Plan.")
    return assignment


def assignments(*, plan: Plan) -> QuerySet[PlanAssignment]:
    return plan.assignments.select_related(
        "organization", "service", "service__themenfeld", "claim"
    ).order_by("organization__short_name", "service__ozg_id")


@dataclass(frozen=True)
class CapacityRow:
    organization: Organization
    person_days: int | None  # None: not entered yet
    used: int = 0

    @property
    def total(self) -> int:
        return self.person_days or 0

    @property
    def free(self) -> int:
        return self.total - self.used


def capacities(*, network: Network, period: str) -> list[CapacityRow]:
    """Every member that can take work, with its capacity for the period (None if not entered)."""
    entered = dict(
        MemberCapacity.objects.filter(network=network, period=period).values_list(
            "organization_id", "person_days"
        )
    )
    return [CapacityRow(organization=org, person_days=entered.get(org.pk)) for org in claim_members(network)]


def plan_usage(*, plan: Plan) -> list[CapacityRow]:
    """Capacity used by the plan's (possibly adjusted) assignments, per member of the plan."""
    used: dict[int, int] = {}
    for org_id, effort in plan.assignments.values_list("organization_id", "effort_days"):
        used[org_id] = used.get(org_id, 0) + effort
    totals = {m["name"]: int(m["capacity"]) for m in plan.instance.get("members", [])}
    ids = plan.instance.get("organizations", {})
    organizations = Organization.objects.in_bulk([int(i) for i in ids.values()])
    return [
        CapacityRow(
            organization=organizations[int(org_id)],
            person_days=totals.get(name, 0),
            used=used.get(int(org_id), 0),
        )
        for name, org_id in ids.items()
        if int(org_id) in organizations
    ]


def unassigned(*, plan: Plan) -> list[dict]:
    """The open services of the plan's input that no assignment covers ("nicht in diesem Zeitraum")."""
    assigned = {str(o) for o in plan.assignments.values_list("service__ozg_id", flat=True)}
    return [s for s in plan.instance.get("services", []) if str(s["key"]) not in assigned]


def member_networks(*, organization: Organization) -> list[Network]:
    return list(
        Network.objects.filter(
            pk__in=NetworkMembership.objects.filter(organization=organization).values("network_id")
        ).order_by("name")
    )


def member_capacities(*, organization: Organization) -> QuerySet[MemberCapacity]:
    return (
        MemberCapacity.objects.filter(organization=organization)
        .select_related("network")
        .order_by("network__name", "period")
    )


def member_preferences(*, organization: Organization) -> dict[int, int]:
    return dict(
        ThemenfeldPreference.objects.filter(organization=organization).values_list(
            "themenfeld_id", "preference"
        )
    )
