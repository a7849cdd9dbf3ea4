"""The solver input from the database."""

import datetime as dt
from decimal import Decimal

import pytest

from ikone.claims.services import claim_create
from ikone.core.testing.factories import MembershipFactory, NetworkFactory
from ikone.planning.instance import PlanParameters, build_instance, default_period
from ikone.planning.models import ServiceOverride, ThemenfeldPreference
from ikone.planning.solver import Preference

from .conftest import PERIOD

pytestmark = pytest.mark.django_db


def _by_key(built):
    return {s.key: s for s in built.instance.services}


def test_open_work_excludes_offered_and_claimed_services(world, system):
    claim_create(
        actor=system,
        network=world["network"],
        organization=world["members"]["Trier"],
        service=world["services"]["park"],
    )
    built = build_instance(network=world["network"], parameters=PlanParameters(period=PERIOD))
    assert set(_by_key(built)) == {"10200", "10201", "10300"}  # 10301 offered at Stufe 3, 10302 claimed


def test_priority_counts_members_without_online_offer_and_legal_relevance(world):
    services = _by_key(build_instance(network=world["network"], parameters=PlanParameters(period=PERIOD)))
    assert services["10200"].lacking == 3
    assert services["10200"].priority == 3 * 10 + 10 + 5  # SDG-relevant, LeiKa-Typ 5
    assert services["10200"].reasons == ("sie SDG-relevant ist", "die Kommunen sie vollziehen")
    assert services["10300"].lacking == 2  # Worms has it online (Stufe 2), not at the target level
    assert services["10300"].priority == 20


def test_citizens_demand_in_member_towns_raises_the_priority_and_is_a_reason(world):
    from ikone.core.audit import Actor
    from ikone.participation.services import proposal_create, support_add
    from ikone.participation.tests.factories import citizen

    anna, ben = citizen("Anna"), citizen("Ben")
    proposal = proposal_create(
        actor=Actor.of(anna),
        organization=world["members"]["Speyer"],
        title="Hundesteuer online",
        text="Bitte online anmelden können.",
        service=world["services"]["hund"],
    )
    support_add(actor=Actor.of(ben), proposal=proposal)
    services = _by_key(build_instance(network=world["network"], parameters=PlanParameters(period=PERIOD)))
    assert services["10200"].priority == 3 * 10 + 2 * 2 + 10 + 5
    assert services["10200"].reasons[0] == "2 Personen aus der Bürgerschaft sie nachfragen"
    assert services["10300"].priority == 20


def test_effort_from_override_then_claims_then_default(world, system):
    ServiceOverride.objects.create(
        network=world["network"], service=world["services"]["hund"], effort_days=12, weight=Decimal("2")
    )
    other = world["members"]["Speyer"]
    elsewhere = NetworkFactory()
    MembershipFactory(network=elsewhere, organization=other)
    claim_create(
        actor=system,
        network=elsewhere,
        organization=other,
        service=world["services"]["zweit"],
        effort_days=Decimal("33"),
    )
    services = _by_key(
        build_instance(network=world["network"], parameters=PlanParameters(period=PERIOD, default_effort=17))
    )
    assert services["10200"].effort == 12
    assert services["10200"].priority == 2 * 45
    assert "die Koordination sie höher gewichtet hat" in services["10200"].reasons
    assert services["10201"].effort == 33
    assert services["10300"].effort == 17


def test_members_capacities_and_preferences(world):
    ThemenfeldPreference.objects.create(
        organization=world["members"]["Worms"], themenfeld=world["services"]["hund"].themenfeld, preference=-1
    )
    built = build_instance(network=world["network"], parameters=PlanParameters(period=PERIOD))
    members = {m.name: m for m in built.instance.members}
    assert {n: m.capacity for n, m in members.items()} == {"Speyer": 40, "Trier": 20, "Worms": 30}
    assert (
        members["Speyer"].preference("Bauen & Wohnen") == Preference.EXPERIENCE
    )  # offers the Baugenehmigung
    assert members["Worms"].preference("Steuern & Zoll") == Preference.EXCLUDED
    assert (
        build_instance(
            network=world["network"], parameters=PlanParameters(period="2030-H2")
        ).instance.total_capacity
        == 0
    )


def test_default_period_is_the_next_half_year():
    assert default_period(dt.date(2026, 11, 27)) == "2027-H1"
    assert default_period(dt.date(2027, 3, 1)) == "2027-H2"
