"""The demo as a newcomer meets it after `make run`: the reference data imported for real, then
`ikone load-demo`. Deliberately one integration test over the full reference data (importing it
and loading the demo is the expensive part, so it happens once and every check reads the same
database): the networks, every journey's data, the planner and the recommendation evaluation must
work on exactly what a fresh clone shows."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from ikone.catalog.models import Release, Solution
from ikone.claims.demo import DEMO_NOTE as CLAIM_NOTE
from ikone.claims.models import Claim
from ikone.core.models import ChangeRecord
from ikone.organizations.models import MembershipRequest, Network
from ikone.ozg.models import Service
from ikone.planning.demo import DEMO_NOTE as CAPACITY_NOTE
from ikone.planning.instance import PlanParameters, build_instance
from ikone.planning.models import MemberCapacity
from ikone.reuse.models import Adoption, Answer, ExperienceReport, Question
from ikone.standards.models import Conformance, NetworkStandard
from ikone.transferability.models import TransferabilityFacts

pytestmark = pytest.mark.django_db


def test_the_demo_as_a_newcomer_meets_it():
    call_command("import-reference", "--quiet", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("load-demo", "--no-user", stdout=io.StringIO())
    _second_load_changes_nothing()
    _both_networks_are_built_from_real_municipalities()
    _the_demo_covers_every_journey()
    _planner_assigns_work_and_the_evaluation_has_twenty_cases()


def _second_load_changes_nothing():
    changes = ChangeRecord.objects.count()
    out = io.StringIO()
    call_command("load-demo", "--no-user", stdout=out)
    assert "Keine Änderungen" in out.getvalue()
    assert ChangeRecord.objects.count() == changes


def _the_demo_covers_every_journey():
    solutions = Solution.objects.all()
    assert not solutions.filter(is_demo=False).exists()
    assert solutions.count() >= 20
    assert Solution.objects.filter(releases__isnull=True).count() == 0
    assert Release.objects.count() > solutions.count()  # some have a history
    themenfelder = Service.objects.filter(solutions__isnull=False).values("themenfeld").distinct().count()
    assert themenfelder >= 8
    assert solutions.filter(networks__slug="smart-city-fichtelgebirge").exists()

    assert set(Adoption.objects.values_list("origin", flat=True)) == {"demo"}
    assert set(Adoption.objects.values_list("state", flat=True)) == {
        "interested",
        "evaluating",
        "pilot",
        "production",
        "ended",
    }
    assert ExperienceReport.objects.filter(origin="demo").count() >= 10
    assert Question.objects.count() >= 5
    assert Answer.objects.exists()
    assert Claim.objects.filter(network__slug="ikone-ds", note=CLAIM_NOTE).count() >= 5
    assert NetworkStandard.objects.filter(network__slug="ikone-ds").count() >= 5
    assert Conformance.objects.filter(kind="verified").exists()
    assert TransferabilityFacts.objects.count() >= 5
    request = MembershipRequest.objects.get(network__slug="ikone-ds", status="pending")
    assert request.message.startswith("Demodaten:")
    capacities = MemberCapacity.objects.filter(network__slug="ikone-ds")
    assert capacities.exists()
    assert set(capacities.values_list("note", flat=True)) == {CAPACITY_NOTE}

    client = Client()
    for page in ("planung/", "uebernahmen/", "uebernahmen/zeitplan/", "standards/", "ozg-stand/"):
        response = client.get(f"/netzwerke/ikone-ds/{page}")
        assert response.status_code == 200
        assert "Demodaten: Dieses Netzwerk und seine Inhalte" in response.content.decode()

    demand = client.get("/api/v1/networks/ikone-ds/demand").json()
    top = demand["items"][0]
    assert (top["service"]["ozg_id"], top["people"], top["towns"][0]["key"]) == (10173, 4, "07318000")
    assert "07312000" in {town["key"] for town in top["offered_by"]}  # Kaiserslautern offers it online
    assert 10110 not in {item["service"]["ozg_id"] for item in demand["items"]}  # online where it is wished
    page = client.get("/netzwerke/ikone-ds/beteiligung/").content.decode()
    assert '<svg role="img" aria-labelledby="nachfrage-titel nachfrage-beschreibung"' in page


def _planner_assigns_work_and_the_evaluation_has_twenty_cases():
    out = io.StringIO()
    call_command(
        "plan", "--network", "ikone-ds", "--json", "--time-limit", "5", stdout=out, stderr=io.StringIO()
    )
    plan = json.loads(out.getvalue())
    assert len(plan["assignments"]) > 0

    out = io.StringIO()
    call_command("recommend", "--evaluate", "--json", stdout=out)
    evaluation = json.loads(out.getvalue())
    assert evaluation["cases"] >= 20
    production = Adoption.objects.filter(state="production", solution__services__isnull=False).distinct()
    assert evaluation["cases"] == production.count()


def _both_networks_are_built_from_real_municipalities():
    body = Client().get("/api/v1/networks/ikone-ds").json()
    members = {m["ags"]: m["role"] for m in body["members"] if m["level"] == "gemeinde"}
    assert set(members) == {
        "07312000",
        "07137003",
        "07318000",
        "07334501",
        "07320000",
        "07133006",
        "07141068",
        "07317000",
        "07211000",
        "07313000",
    }
    assert set(members.values()) == {"member"}
    assert body["coordinator"]["name"] == "KL digital GmbH"
    assert body["fundings"][0]["amount_eur"] == "425000.00"
    assert body["is_demo"] is True
    fichtelgebirge = Network.objects.get(slug="smart-city-fichtelgebirge")
    assert fichtelgebirge.coordinator.kreis_key == "09479"
    assert fichtelgebirge.memberships.filter(organization__level="gemeinde").count() == 17

    demand = Client().get("/api/v1/organizations/07318000/demand").json()  # Speyer's citizens
    assert {item["service"]["ozg_id"]: item["people"] for item in demand["items"]} == {
        10173: 4,
        10148: 3,
        10160: 2,
    }

    built = build_instance(network=Network.objects.get(slug="ikone-ds"), parameters=PlanParameters("2027-H1"))
    # Sondernutzung von Straßen (a moving-day parking ban, asked for in Kaiserslautern) and the
    # Fischereischein (Speyer) are still open in the network; the parking permit is being built.
    for ozg_id in ("10348", "10148"):
        wished = next(s for s in built.instance.services if s.key == ozg_id)
        assert "3 Personen aus der Bürgerschaft sie nachfragen" in wished.reasons
    speyer_online = {item["service"]["ozg_id"]: item["offered_online"] for item in demand["items"]}
    assert speyer_online == {10173: False, 10148: False, 10160: False}
