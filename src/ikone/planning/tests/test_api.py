"""Planning API: compute, read, adjust and accept a plan; capacities."""

import pytest
from django.test import Client

from ikone.claims.models import Claim
from ikone.core.testing.queries import assert_constant_queries
from ikone.planning import services
from ikone.planning.instance import PlanParameters

from .conftest import PERIOD

pytestmark = pytest.mark.django_db


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_coordinator_computes_adjusts_and_accepts(world, coordinator):
    client = _client(coordinator)
    response = client.post(
        "/api/v1/networks/ikone-ds/plans",
        {"period": PERIOD, "time_limit": 5, "fairness_slack": "1.25"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    plan = response.json()
    assert plan["solver_status"] == "OPTIMAL"
    assert plan["gap"] == 0
    assert plan["capacity"]["Speyer"]["total"] == 40
    assert sum(c["used"] for c in plan["capacity"].values()) == sum(a["effort"] for a in plan["assignments"])
    assert plan["violations"] == []

    assignment = plan["assignments"][0]
    response = client.patch(
        f"/api/v1/plans/{plan['id']}/assignments/{assignment['id']}",
        {"member": None},
        content_type="application/json",
    )
    assert response.json() == {"violations": []}
    listed = client.get("/api/v1/networks/ikone-ds/plans").json()
    assert listed["count"] == 1
    assert listed["items"][0]["assignments"] == len(plan["assignments"]) - 1
    assert str(assignment["service"]) in client.get(f"/api/v1/plans/{plan['id']}").json()["unassigned"]

    response = client.post(f"/api/v1/plans/{plan['id']}/accept")
    assert response.status_code == 200
    assert (
        Claim.objects.filter(pk__in=response.json()["claims"], source="plan").count()
        == len(plan["assignments"]) - 1
    )
    again = client.post(f"/api/v1/plans/{plan['id']}/accept")
    assert again.status_code == 409
    assert "schon angenommen" in again.json()["detail"]


def test_reassignment_beyond_capacity_reports_violations(world, coordinator):
    client = _client(coordinator)
    plan = client.post(
        "/api/v1/networks/ikone-ds/plans",
        {"period": PERIOD, "time_limit": 5},
        content_type="application/json",
    ).json()
    for a in plan["assignments"]:
        response = client.patch(
            f"/api/v1/plans/{plan['id']}/assignments/{a['id']}",
            {"member": "07211000"},
            content_type="application/json",
        )
    assert any("Kapazität" in v for v in response.json()["violations"])
    assert client.post(f"/api/v1/plans/{plan['id']}/accept").status_code == 409


def test_invalid_input_is_422_and_unknown_plan_404(world, coordinator):
    client = _client(coordinator)
    response = client.post(
        "/api/v1/networks/ikone-ds/plans",
        {"period": "bald", "time_limit": 5},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "period"
    assert client.get("/api/v1/plans/999").status_code == 404


def test_capacities_are_read_and_written_by_the_member(world, speyer_editor):
    client = _client(speyer_editor)
    response = client.put(
        "/api/v1/networks/ikone-ds/capacities/07318000",
        {"period": "2027-H2", "person_days": 25},
        content_type="application/json",
    )
    assert response.status_code == 200
    rows = {
        r["member"]: r["person_days"]
        for r in client.get("/api/v1/networks/ikone-ds/capacities?period=2027-H2").json()["items"]
    }
    assert rows == {"Speyer": 25, "Trier": None, "Worms": None}
    assert (
        client.put(
            "/api/v1/networks/ikone-ds/capacities/07319000",
            {"period": "2027-H2", "person_days": 25},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_plan_list_pages_newest_first_with_constant_queries(world, system):
    def compute():
        return services.plan_compute(
            actor=system, network=world["network"], parameters=PlanParameters(period=PERIOD, time_limit=2)
        )

    first = compute()
    url = "/api/v1/networks/ikone-ds/plans"
    assert_constant_queries(lambda: Client().get(url), lambda: [compute() for _ in range(2)])
    listed = Client().get(f"{url}?limit=2&offset=2").json()
    assert listed["count"] == 3
    assert [(p["id"], p["assignments"]) for p in listed["items"]] == [(first.pk, first.assignments.count())]
