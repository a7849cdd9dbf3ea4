"""Planning services: permissions, computing, adjusting and accepting a plan."""

from decimal import Decimal

import pytest

from ikone.accounts.policy import NotAuthenticated, PermissionDenied
from ikone.claims.models import Claim
from ikone.claims.services import claim_create
from ikone.core.audit import Actor
from ikone.core.errors import Conflict, DomainError
from ikone.core.models import ChangeRecord
from ikone.planning import services
from ikone.planning.instance import PlanParameters
from ikone.planning.models import MemberCapacity, Plan, ThemenfeldPreference
from ikone.planning.selectors import plan_usage

from .conftest import PERIOD

pytestmark = pytest.mark.django_db


def _plan(world, coordinator, **kwargs):
    return services.plan_compute(
        actor=Actor.of(coordinator),
        network=world["network"],
        parameters=PlanParameters(period=PERIOD, **kwargs),
    )


def test_member_editor_sets_own_capacity_only(world, speyer_editor):
    actor = Actor.of(speyer_editor)
    services.capacity_set(
        actor=actor,
        network=world["network"],
        organization=world["members"]["Speyer"],
        period=PERIOD,
        person_days=55,
    )
    assert (
        MemberCapacity.objects.get(organization=world["members"]["Speyer"], period=PERIOD).person_days == 55
    )
    with pytest.raises(PermissionDenied):
        services.capacity_set(
            actor=actor,
            network=world["network"],
            organization=world["members"]["Worms"],
            period=PERIOD,
            person_days=5,
        )
    with pytest.raises(DomainError) as error:
        services.capacity_set(
            actor=actor,
            network=world["network"],
            organization=world["members"]["Speyer"],
            period="2027",
            person_days=5,
        )
    assert error.value.errors[0].field == "period"


def test_preferences_are_set_and_cleared(world, speyer_editor):
    themenfeld = world["services"]["hund"].themenfeld
    organization = world["members"]["Speyer"]
    services.preference_set(
        actor=Actor.of(speyer_editor), organization=organization, themenfeld=themenfeld, preference=2
    )
    assert ThemenfeldPreference.objects.get(organization=organization).preference == 2
    services.preference_set(
        actor=Actor.of(speyer_editor), organization=organization, themenfeld=themenfeld, preference=0
    )
    assert not ThemenfeldPreference.objects.filter(organization=organization).exists()


def test_only_coordinators_compute(world, speyer_editor):
    with pytest.raises(PermissionDenied):
        _plan(world, speyer_editor)
    with pytest.raises(NotAuthenticated):
        services.plan_compute(
            actor=Actor.of(None), network=world["network"], parameters=PlanParameters(period=PERIOD)
        )


def test_computed_plan_is_feasible_explained_and_audited(world, coordinator):
    plan = _plan(world, coordinator)
    assignments = list(plan.assignments.select_related("organization", "service"))
    # open: Hundesteuer (45), Zweitwohnungsteuer (30), Bewohnerparkausweis (30), Wohngeld (20);
    # 20 PT each, 80 PT in all; capacities 40 + 30 + 20 PT
    assert {a.service.name for a in assignments} == {
        "Hundesteuer",
        "Zweitwohnungsteuer",
        "Bewohnerparkausweis",
        "Wohngeld",
    }
    assert plan.solver_status == "OPTIMAL"
    assert plan.gap == 0
    assert plan.objective == 125
    assert all(
        a.reason.startswith(f"{a.organization} übernimmt „{a.service.name}“ (20 PT), weil ")
        for a in assignments
    )
    assert services.plan_violations(plan) == []
    assert ChangeRecord.objects.filter(object_type="planning.plan", object_id=str(plan.pk)).exists()
    assert {row.organization.short_name: row.total for row in plan_usage(plan=plan)} == {
        "Speyer": 40,
        "Trier": 20,
        "Worms": 30,
    }


def test_reassignment_is_rechecked_and_blocks_acceptance(world, coordinator):
    plan = _plan(world, coordinator, fairness_slack=None)
    trier = world["members"]["Trier"]
    moved = [a for a in plan.assignments.all() if a.organization_id != trier.pk]
    violations = []
    for a in moved:
        violations = services.plan_assignment_change(
            actor=Actor.of(coordinator), assignment=a, organization=trier
        )
    assert [v.kind for v in violations] == ["capacity"]
    assert plan.assignments.filter(adjusted=True).count() == len(moved) > 0
    assert violations[0].message.startswith("Trier ist mit ")
    with pytest.raises(Conflict, match="verletzt Regeln"):
        services.plan_accept(actor=Actor.of(coordinator), plan=plan)
    assert not Claim.objects.exists()
    for a in plan.assignments.filter(organization=trier)[1:]:
        services.plan_assignment_change(actor=Actor.of(coordinator), assignment=a, organization=None)
    assert services.plan_violations(plan) == []
    assert plan.assignments.count() == 1


def test_accepting_creates_proposed_claims_atomically(world, coordinator):
    plan = _plan(world, coordinator)
    claim_ids = services.plan_accept(actor=Actor.of(coordinator), plan=plan)
    claims = Claim.objects.filter(pk__in=claim_ids)
    assert claims.count() == 4
    assert {c.state for c in claims} == {"proposed"}
    assert {c.source for c in claims} == {"plan"}
    assert {c.effort_days for c in claims} == {Decimal("20")}
    plan.refresh_from_db()
    assert plan.status == "accepted"
    assert all(a.claim_id for a in plan.assignments.all())
    with pytest.raises(Conflict):
        services.plan_accept(actor=Actor.of(coordinator), plan=plan)
    with pytest.raises(Conflict):
        services.plan_assignment_change(
            actor=Actor.of(coordinator), assignment=plan.assignments.first(), organization=None
        )
    # the claimed services are no longer open work
    assert _plan(world, coordinator).assignments.count() == 0


def test_accept_rolls_back_when_a_claim_fails(world, coordinator, system):
    plan = _plan(world, coordinator)
    first = plan.assignments.order_by("id").last()
    claim_create(
        actor=system, network=world["network"], organization=first.organization, service=first.service
    )
    with pytest.raises(Conflict):
        services.plan_accept(actor=Actor.of(coordinator), plan=plan)
    assert Claim.objects.count() == 1
    assert Plan.objects.get(pk=plan.pk).status == "draft"


def test_parameters_are_validated(world, coordinator):
    with pytest.raises(DomainError) as error:
        _plan(world, coordinator, time_limit=600)
    assert error.value.errors[0].field == "time_limit"
    with pytest.raises(DomainError):
        _plan(world, coordinator, fairness_slack=Decimal("0.5"))


def test_override_needs_the_coordinator(world, coordinator, speyer_editor):
    with pytest.raises(PermissionDenied):
        services.service_override_set(
            actor=Actor.of(speyer_editor),
            network=world["network"],
            service=world["services"]["hund"],
            effort_days=5,
        )
    override = services.service_override_set(
        actor=Actor.of(coordinator),
        network=world["network"],
        service=world["services"]["hund"],
        weight=Decimal("0"),
    )
    assert override.weight == 0
    assert "Hundesteuer" not in {a.service.name for a in _plan(world, coordinator).assignments.all()}
