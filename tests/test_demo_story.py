"""The demo as a newcomer meets it after `make run`: the reference data imported for real, then
`ikone load-demo`. Deliberately an integration test over the full reference data (each test
imports it once, about 10–20 s on SQLite): the planner and the recommendation evaluation must
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
from ikone.organizations.models import MembershipRequest
from ikone.ozg.models import Service
from ikone.planning.demo import DEMO_NOTE as CAPACITY_NOTE
from ikone.planning.models import MemberCapacity
from ikone.reuse.models import Adoption, Answer, ExperienceReport, Question
from ikone.standards.models import Conformance, NetworkStandard
from ikone.transferability.models import TransferabilityFacts

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("import-reference", "--quiet", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("load-demo", "--no-user", stdout=io.StringIO())


def test_second_load_changes_nothing_and_the_demo_covers_every_journey(demo):
    changes = ChangeRecord.objects.count()
    out = io.StringIO()
    call_command("load-demo", "--no-user", stdout=out)
    assert "Keine Änderungen" in out.getvalue()
    assert ChangeRecord.objects.count() == changes

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


def test_planner_assigns_work_and_the_evaluation_has_twenty_cases(demo):
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
