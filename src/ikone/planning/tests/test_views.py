"""Planning pages: open work, computing, the plan, adjusting, accepting; the member's page."""

from decimal import Decimal

import pytest
from django.test import Client

from ikone.claims.models import Claim
from ikone.operations.models import JobRun
from ikone.planning.models import MemberCapacity, Plan, ServiceOverride, ThemenfeldPreference

from .conftest import PERIOD

pytestmark = pytest.mark.django_db


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_planning_page_shows_open_work_and_capacities(world):
    page = _client().get(f"/netzwerke/ikone-ds/planung/?period={PERIOD}").content.decode()
    assert "Verteilungsplanung im Netzwerk IKONE-DS" in page
    assert "Hundesteuer" in page
    assert "Baugenehmigung" not in page  # Speyer offers it
    assert "Plan berechnen" not in page  # only for the coordination


def test_coordinator_computes_adjusts_and_accepts_in_the_ui(world, coordinator):
    client = _client(coordinator)
    assert "Plan berechnen" in client.get("/netzwerke/ikone-ds/planung/").content.decode()
    response = client.post(
        "/netzwerke/ikone-ds/planung/berechnen/",
        {"period": PERIOD, "time_limit": "5", "fairness_slack": "1.25", "default_effort": "20"},
    )
    plan = Plan.objects.get()
    run = JobRun.objects.get()
    assert response["Location"] == f"/vorgaenge/{run.pk}/"
    status = client.get(response["Location"]).content.decode()
    assert "Erledigt: Der Plan wurde berechnet." in status
    assert f'href="/netzwerke/ikone-ds/planung/{plan.pk}/"' in status
    page = client.get(f"/netzwerke/ikone-ds/planung/{plan.pk}/").content.decode()
    assert "übernimmt „Hundesteuer“ (20 PT), weil 3 von 3 Mitgliedern die Leistung fehlt" in page
    assert "<svg" in page
    assert "Auslastung je Mitglied" in page

    assignment = plan.assignments.get(service__ozg_id=10302)
    client.post(f"/netzwerke/ikone-ds/planung/{plan.pk}/zuteilungen/{assignment.pk}/", {"member": ""})
    assert not plan.assignments.filter(pk=assignment.pk).exists()
    page = client.get(f"/netzwerke/ikone-ds/planung/{plan.pk}/").content.decode()
    assert "Bewohnerparkausweis" in page  # now under "Nicht in diesem Zeitraum"

    response = client.post(f"/netzwerke/ikone-ds/planung/{plan.pk}/annehmen/")
    assert response["Location"] == "/netzwerke/ikone-ds/uebernahmen/"
    assert Claim.objects.filter(source="plan").count() == 3


def test_violations_are_shown_in_german(world, coordinator):
    client = _client(coordinator)
    client.post(
        "/netzwerke/ikone-ds/planung/berechnen/",
        {"period": PERIOD, "time_limit": "5", "fairness_slack": "1.25", "default_effort": "20"},
    )
    plan = Plan.objects.get()
    for a in plan.assignments.all():
        client.post(f"/netzwerke/ikone-ds/planung/{plan.pk}/zuteilungen/{a.pk}/", {"member": "07211000"})
    page = client.get(f"/netzwerke/ikone-ds/planung/{plan.pk}/").content.decode()
    assert "Trier ist mit 80 PT verplant, hat aber nur 20 PT Kapazität." in page
    assert "disabled" in page


def test_member_enters_capacity_and_themenfelder(world, speyer_editor):
    client = _client(speyer_editor)
    page = client.get("/kommunen/07318000/planung/").content.decode()
    assert "Kapazität und Themenfelder: Speyer" in page
    response = client.post(
        "/kommunen/07318000/planung/kapazitaet/",
        {"network": "ikone-ds", "period": "2027-H2", "person_days": "33"},
    )
    assert response.status_code == 302
    assert MemberCapacity.objects.get(period="2027-H2").person_days == 33
    bad = client.post(
        "/kommunen/07318000/planung/kapazitaet/", {"network": "ikone-ds", "period": "H2", "person_days": "3"}
    )
    assert "Bitte im Format JJJJ-H1 oder JJJJ-H2 angeben." in bad.content.decode()
    themenfeld = world["services"]["hund"].themenfeld
    data = {
        f"tf-{pk}": "0"
        for pk in ThemenfeldPreference._meta.get_field("themenfeld").related_model.objects.values_list(
            "pk", flat=True
        )
    }
    data[f"tf-{themenfeld.pk}"] = "2"
    client.post("/kommunen/07318000/planung/themenfelder/", data)
    assert ThemenfeldPreference.objects.get().preference == 2
    assert _client().get("/kommunen/07318000/planung/").status_code == 302


def test_coordinator_sets_effort_and_weight(world, coordinator):
    client = _client(coordinator)
    client.post(
        "/netzwerke/ikone-ds/planung/leistung/", {"ozg_id": "10300", "effort_days": "7", "weight": "3"}
    )
    override = ServiceOverride.objects.get()
    assert (override.service.ozg_id, override.effort_days, override.weight) == (10300, 7, Decimal("3"))
    page = client.get(f"/netzwerke/ikone-ds/planung/?period={PERIOD}").content.decode()
    assert "Koordination" in page
    response = client.post(
        "/netzwerke/ikone-ds/planung/leistung/", {"ozg_id": "99999", "weight": "1"}, follow=True
    )
    assert "99999" in response.content.decode()
