"""Planning API: plans of a network (list, compute), a plan (read, adjust, accept), capacities."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ikone.api.auth import write_auth
from ikone.api.schemas import ErrorOut
from ikone.core.audit import Actor
from ikone.core.pagination import LimitOffsetPagination, PageIn, page
from ikone.organizations.selectors import network_get, organization_get
from ikone.planning import selectors, services
from ikone.planning.instance import PlanParameters, default_period
from ikone.planning.models import Plan
from ikone.planning.schemas import (
    AcceptOut,
    AssignmentChangeIn,
    CapacityIn,
    CapacityOut,
    PlanIn,
    PlanOut,
    PlanPageOut,
    ViolationsOut,
)

network_plans_router = Router(tags=["Verteilungsplanung"])
plans_router = Router(tags=["Verteilungsplanung"])
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _summary(plan: Plan, assignments: int) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "network": plan.network.slug,
        "period": plan.period,
        "status": plan.status,
        "solver_status": plan.solver_status,
        "objective": plan.objective,
        "bound": plan.bound,
        "gap": plan.gap,
        "seconds": plan.seconds,
        "greedy_objective": plan.greedy_objective,
        "assignments": assignments,
        "created_at": plan.created_at.isoformat(),
    }


def plan_out(plan: Plan) -> dict[str, Any]:
    items = list(selectors.assignments(plan=plan))
    return {
        **_summary(plan, plan.assignments.count()),
        "parameters": plan.parameters,
        "assignments": [
            {
                "id": a.pk,
                "member": str(a.organization),
                "member_key": a.organization.key,
                "service": a.service.ozg_id,
                "service_name": a.service.name,
                "effort": a.effort_days,
                "reason": a.reason,
                "adjusted": a.adjusted,
                "claim": a.claim_id,
            }
            for a in items
        ],
        "unassigned": [str(s["key"]) for s in selectors.unassigned(plan=plan)],
        "capacity": {
            str(row.organization): {"used": row.used, "total": row.total}
            for row in selectors.plan_usage(plan=plan)
        },
        "violations": [v.message for v in services.plan_violations(plan)],
    }


@network_plans_router.get(
    "/{slug}/plans",
    response={200: PlanPageOut, 404: ErrorOut},
    summary="Verteilungspläne eines Netzwerks, neueste zuerst",
)
def plan_list(request: HttpRequest, slug: str, paging: Query[PageIn]) -> dict[str, Any]:
    plans = selectors.plan_list(network=network_get(slug=slug))
    return page(plans, paging, out=lambda plan: _summary(plan, plan.assignment_total))


@network_plans_router.post(
    "/{slug}/plans",
    response={201: PlanOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Verteilungsplan berechnen (Koordination)",
    description="Rechnet synchron mit dem Zeitlimit `time_limit` (höchstens 60 s) und legt einen Entwurf an.",
)
def plan_create(request: HttpRequest, slug: str, payload: PlanIn) -> Status:
    network = network_get(slug=slug)
    plan = services.plan_compute(
        actor=Actor.of(request.user),
        network=network,
        parameters=PlanParameters(
            period=payload.period or default_period(),
            time_limit=payload.time_limit,
            fairness_slack=payload.fairness_slack,
            fairness_allowance=payload.fairness_allowance,
            default_effort=payload.default_effort,
        ),
    )
    return Status(201, plan_out(plan))


@network_plans_router.get(
    "/{slug}/capacities",
    response={200: list[CapacityOut], 404: ErrorOut},
    summary="Kapazitäten der Mitglieder in einem Zeitraum",
)
@paginate(LimitOffsetPagination)
def capacity_list(request: HttpRequest, slug: str, period: str | None = None) -> list[dict[str, Any]]:
    network = network_get(slug=slug)
    period = period or default_period()
    return [
        {
            "member": str(row.organization),
            "member_key": row.organization.key,
            "period": period,
            "person_days": row.person_days,
        }
        for row in selectors.capacities(network=network, period=period)
    ]


@network_plans_router.put(
    "/{slug}/capacities/{key}",
    response={200: CapacityOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Kapazität eines Mitglieds setzen (Redaktion des Mitglieds)",
)
def capacity_put(request: HttpRequest, slug: str, key: str, payload: CapacityIn) -> dict[str, Any]:
    network = network_get(slug=slug)
    organization = organization_get(key=key)
    capacity = services.capacity_set(
        actor=Actor.of(request.user),
        network=network,
        organization=organization,
        period=payload.period,
        person_days=payload.person_days,
        note=payload.note,
    )
    return {
        "member": str(organization),
        "member_key": organization.key,
        "period": capacity.period,
        "person_days": capacity.person_days,
    }


@plans_router.get(
    "/{plan_id}",
    response={200: PlanOut, 404: ErrorOut},
    summary="Ein Verteilungsplan mit Zuteilungen und Begründungen",
)
def plan_get(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    return plan_out(selectors.plan_get(plan_id=plan_id))


@plans_router.patch(
    "/{plan_id}/assignments/{assignment_id}",
    response={200: ViolationsOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Zuteilung ändern oder entfernen (Koordination)",
    description='`{"member": "<AGS>"}` gibt die Leistung einem anderen Mitglied, `{"member": null}` nimmt sie '
    "aus dem Plan. Die Antwort nennt Regelverstöße; ein Plan mit Verstößen kann nicht angenommen werden.",
)
def assignment_change(
    request: HttpRequest, plan_id: int, assignment_id: int, payload: AssignmentChangeIn
) -> dict[str, Any]:
    plan = selectors.plan_get(plan_id=plan_id)
    assignment = selectors.assignment_get(plan=plan, assignment_id=assignment_id)
    organization = organization_get(key=payload.member) if payload.member else None
    violations = services.plan_assignment_change(
        actor=Actor.of(request.user), assignment=assignment, organization=organization
    )
    return {"violations": [v.message for v in violations]}


@plans_router.post(
    "/{plan_id}/accept",
    response={200: AcceptOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Plan annehmen: jede Zuteilung wird eine vorgeschlagene Übernahme (Koordination)",
)
def plan_accept(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan = selectors.plan_get(plan_id=plan_id)
    return {"claims": services.plan_accept(actor=Actor.of(request.user), plan=plan)}
