"""Authorisation cases of the allocation planner."""

from tests.authz.common import COORDINATORS, EDITORS_OF_A, EVERYONE, Case


def _plan(world):
    """A draft plan of the world's network: Speyer (org_a) takes OZG-Leistung 10200."""
    from ikone.ozg.models import Service
    from ikone.planning.models import Plan, PlanAssignment

    service = Service.objects.get(ozg_id=10200)
    name = str(world.org_a)
    plan = Plan.objects.create(
        network=world.network,
        period="2027-H1",
        parameters={"period": "2027-H1", "target_level": 3, "maturity_model": "1.1"},
        instance={
            "members": [{"name": name, "capacity": 40, "preferences": {}}],
            "services": [
                {
                    "key": "10200",
                    "name": service.name,
                    "themenfeld": service.themenfeld.name,
                    "effort": 10,
                    "priority": 10,
                }
            ],
            "fairness_slack": "5/4",
            "fairness_allowance": None,
            "organizations": {name: world.org_a.pk},
        },
        solver_status="OPTIMAL",
        objective=10,
        bound=10,
        gap=0,
        seconds=0.1,
    )
    PlanAssignment.objects.create(
        plan=plan, organization=world.org_a, service=service, effort_days=10, reason="Speyer übernimmt …"
    )
    return plan


def _themenfelder(world):
    from ikone.ozg.models import Themenfeld

    return ({f"tf-{t.pk}": "1" for t in Themenfeld.objects.all()}, None)


def _patch_url(world):
    plan = _plan(world)
    return f"/api/v1/plans/{plan.pk}/assignments/{plan.assignments.get().pk}"


def _change_url(world):
    plan = _plan(world)
    return f"/netzwerke/{world.network.slug}/planung/{plan.pk}/zuteilungen/{plan.assignments.get().pk}/"


API_CASES = [
    Case("GET", "/api/v1/networks/{slug}/plans", lambda w: f"/api/v1/networks/{w.network.slug}/plans"),
    Case(
        "POST",
        "/api/v1/networks/{slug}/plans",
        lambda w: f"/api/v1/networks/{w.network.slug}/plans",
        allowed=COORDINATORS,
        body=lambda w: ({"period": "2027-H1", "time_limit": 1}, "application/json"),
    ),
    Case(
        "GET", "/api/v1/networks/{slug}/capacities", lambda w: f"/api/v1/networks/{w.network.slug}/capacities"
    ),
    Case(
        "PUT",
        "/api/v1/networks/{slug}/capacities/{key}",
        lambda w: f"/api/v1/networks/{w.network.slug}/capacities/{w.org_a.ags}",
        allowed=EDITORS_OF_A,
        body=lambda w: ({"period": "2027-H1", "person_days": 30}, "application/json"),
    ),
    Case("GET", "/api/v1/plans/{plan_id}", lambda w: f"/api/v1/plans/{_plan(w).pk}", allowed=EVERYONE),
    Case(
        "PATCH",
        "/api/v1/plans/{plan_id}/assignments/{assignment_id}",
        _patch_url,
        allowed=COORDINATORS,
        body=lambda w: ({"member": None}, "application/json"),
    ),
    Case(
        "POST",
        "/api/v1/plans/{plan_id}/accept",
        lambda w: f"/api/v1/plans/{_plan(w).pk}/accept",
        allowed=COORDINATORS,
    ),
]

UI_WRITE_CASES = [
    Case(
        "POST",
        "planning:service-override",
        lambda w: f"/netzwerke/{w.network.slug}/planung/leistung/",
        allowed=COORDINATORS,
        body=lambda w: ({"ozg_id": "10200", "effort_days": "12", "weight": "2"}, None),
    ),
    Case(
        "POST",
        "planning:plan-compute",
        lambda w: f"/netzwerke/{w.network.slug}/planung/berechnen/",
        allowed=COORDINATORS,
        body=lambda w: (
            {"period": "2027-H1", "time_limit": "1", "fairness_slack": "1.25", "default_effort": "20"},
            None,
        ),
    ),
    Case(
        "POST",
        "planning:assignment-change",
        _change_url,
        allowed=COORDINATORS,
        body=lambda w: ({"member": ""}, None),
    ),
    Case(
        "POST",
        "planning:plan-accept",
        lambda w: f"/netzwerke/{w.network.slug}/planung/{_plan(w).pk}/annehmen/",
        allowed=COORDINATORS,
    ),
    Case(
        "POST",
        "planning:member-capacity",
        lambda w: f"/kommunen/{w.org_a.ags}/planung/kapazitaet/",
        allowed=EDITORS_OF_A,
        body=lambda w: ({"network": w.network.slug, "period": "2027-H1", "person_days": "25"}, None),
    ),
    Case(
        "POST",
        "planning:member-preferences",
        lambda w: f"/kommunen/{w.org_a.ags}/planung/themenfelder/",
        allowed=EDITORS_OF_A,
        body=_themenfelder,
    ),
]
