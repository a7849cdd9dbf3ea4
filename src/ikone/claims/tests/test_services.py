"""Claim services: permissions, validation, duplicate-work findings, life cycle, coverage on delivery."""

from decimal import Decimal

import pytest

from ikone.accounts.policy import NotAuthenticated, PermissionDenied
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.claims import services
from ikone.claims.choices import ClaimState, ConflictKind
from ikone.claims.models import Claim, ClaimTransition
from ikone.claims.selectors import claim_conflicts, open_claims_by_service
from ikone.core.audit import Actor
from ikone.core.errors import Conflict, DomainError
from ikone.core.models import ChangeRecord
from ikone.core.testing.factories import MunicipalityFactory
from ikone.coverage.choices import StatusSource
from ikone.coverage.models import ServiceStatus
from ikone.coverage.services import StatusValues, service_status_set

pytestmark = pytest.mark.django_db


def _create(actor, network, organization, service, **kwargs):
    return services.claim_create(
        actor=actor, network=network, organization=organization, service=service, **kwargs
    )


def test_an_editor_claims_a_service_for_its_network(editor, network, speyer, worms, catalog):
    result = _create(
        Actor.of(editor),
        network,
        speyer,
        catalog[0],
        target_level=3,
        effort_days=Decimal("12.5"),
        partners=[worms],
        contact="Frau Beispiel",
        new_solution_name="Neues Portal",
    )
    claim = result.claim
    assert (claim.state, claim.source, claim.created_by) == (ClaimState.PROPOSED, "manual", editor)
    assert list(claim.partners.all()) == [worms]
    assert result.conflicts == []
    transition = ClaimTransition.objects.get(claim=claim)
    assert (transition.from_state, transition.to_state, transition.actor) == ("", "proposed", editor)
    record = ChangeRecord.objects.get(object_type="claims.claim", object_id=str(claim.pk))
    assert record.changes["effort_days"] == [None, "12.5"]
    assert record.organization_id == speyer.pk


def test_only_the_members_people_create_manual_claims(
    editor, worms_editor, coordinator, network, speyer, catalog
):
    with pytest.raises(PermissionDenied):
        _create(Actor.of(worms_editor), network, speyer, catalog[0])
    with pytest.raises(NotAuthenticated):
        _create(Actor.of(None), network, speyer, catalog[0])
    with pytest.raises(PermissionDenied):
        _create(Actor.of(coordinator), network, speyer, catalog[0])
    assert _create(Actor.of(coordinator), network, speyer, catalog[0], source="plan").claim.source == "plan"
    with pytest.raises(PermissionDenied):
        _create(Actor.of(editor), network, speyer, catalog[1], accept_conflicts=True)


def test_validation_errors_name_the_field(system, network, speyer, catalog, solution):
    outsider = MunicipalityFactory()
    cases = [
        ({"organization": outsider}, "organization"),
        ({"target_level": 9}, "target_level"),
        ({"maturity_model": "9.9"}, "maturity_model"),
        ({"solution": solution, "new_solution_name": "Neu"}, "new_solution_name"),
        ({"effort_days": Decimal("-1")}, "effort_days"),
        ({"partners": [speyer]}, "partners"),
        ({"source": "magic"}, "source"),
    ]
    for kwargs, field in cases:
        arguments = {"organization": speyer, **kwargs}
        with pytest.raises(DomainError) as error:
            services.claim_create(actor=system, network=network, service=catalog[0], **arguments)
        assert error.value.status == 422
        assert error.value.errors[0].field == field
    assert not Claim.objects.exists()


def test_a_member_claims_a_service_only_once_while_open(system, network, speyer, catalog):
    claim = _create(system, network, speyer, catalog[0]).claim
    with pytest.raises(Conflict):
        _create(system, network, speyer, catalog[0])
    services.claim_transition(actor=system, claim=claim, action="withdraw", reason="anders gelöst")
    assert _create(system, network, speyer, catalog[0]).claim.state == ClaimState.PROPOSED


def test_findings_another_members_claim_and_offer(system, network, speyer, worms, catalog):
    other = _create(system, network, worms, catalog[0]).claim
    result = _create(system, network, speyer, catalog[0])
    assert [(f.kind, f.key) for f in result.conflicts] == [(ConflictKind.CLAIMED, f"claim:{other.pk}")]
    assert "Worms" in result.conflicts[0].message
    # and the first claim now sees the second one
    assert [f.key for f in claim_conflicts(claim=other)] == [f"claim:{result.claim.pk}"]

    service_status_set(actor=system, organization=worms, service=catalog[1], values=StatusValues(level=2))
    assert _create(system, network, speyer, catalog[1], target_level=3).conflicts == []
    service_status_set(actor=system, organization=worms, service=catalog[2], values=StatusValues(level=3))
    offered = _create(system, network, speyer, catalog[2], target_level=3).conflicts
    assert [(f.kind, f.key) for f in offered] == [(ConflictKind.OFFERED, f"offer:{worms.pk}")]


def test_findings_from_the_catalog(system, network, speyer, catalog, solution):
    solution.services.add(catalog[0])
    linked = _create(
        system, network, speyer, catalog[0], new_solution_name="Ganz eigenes Verfahren"
    ).conflicts
    assert [(f.kind, f.object_id) for f in linked] == [(ConflictKind.CATALOG, solution.pk)]
    similar = _create(system, network, speyer, catalog[1], new_solution_name="Bürgerportal").conflicts
    assert [(f.kind, f.object_id) for f in similar] == [(ConflictKind.SIMILAR, solution.pk)]
    reuse = _create(system, network, speyer, catalog[2], solution=solution).conflicts
    assert reuse == []


def test_solutions_outside_the_network_scope_are_not_findings(system, network, speyer, catalog):
    draft = solution_import(
        actor=system,
        content=publiccode_yaml(name="Bürgerportal intern", url="https://git.example.org/x/intern"),
        visibility="draft",
    ).solution
    draft.services.add(catalog[0])
    assert _create(system, network, speyer, catalog[0], new_solution_name="Bürgerportal").conflicts == []


def test_accepting_needs_accepted_findings(editor, coordinator, network, speyer, worms, catalog):
    other = _create(Actor.system("t"), network, worms, catalog[0]).claim
    claim = _create(Actor.of(editor), network, speyer, catalog[0]).claim
    with pytest.raises(PermissionDenied):
        services.claim_transition(actor=Actor.of(editor), claim=claim, action="accept")
    with pytest.raises(Conflict) as error:
        services.claim_transition(actor=Actor.of(coordinator), claim=claim, action="accept")
    assert error.value.errors[0].field == "conflicts"
    with pytest.raises(PermissionDenied):
        services.claim_conflicts_accept(actor=Actor.of(editor), claim=claim, reason="passt")
    with pytest.raises(DomainError):
        services.claim_conflicts_accept(actor=Actor.of(coordinator), claim=claim, reason=" ")
    services.claim_conflicts_accept(
        actor=Actor.of(coordinator), claim=claim, reason="Worms baut nur für sich"
    )
    claim.refresh_from_db()
    assert claim.conflicts_accepted == [f"claim:{other.pk}"]
    assert (claim.conflicts_accepted_by, claim.conflicts_accepted_reason) == (
        coordinator,
        "Worms baut nur für sich",
    )
    assert claim.conflicts_accepted_at is not None
    services.claim_transition(actor=Actor.of(coordinator), claim=claim, action="accept", reason="ok")
    claim.refresh_from_db()
    assert claim.state == ClaimState.ACCEPTED


def test_a_new_finding_after_acceptance_blocks_again(system, coordinator, network, speyer, worms, catalog):
    other = _create(system, network, worms, catalog[0]).claim
    claim = _create(system, network, speyer, catalog[0]).claim
    services.claim_conflicts_accept(actor=Actor.of(coordinator), claim=claim, reason="passt")
    service_status_set(actor=system, organization=worms, service=catalog[0], values=StatusValues(level=4))
    with pytest.raises(Conflict) as error:
        services.claim_transition(actor=Actor.of(coordinator), claim=claim, action="accept")
    assert [e.message for e in error.value.errors] == [
        "Worms bietet diese OZG-Leistung schon mit Reifegrad 4 an."
    ]
    services.claim_transition(actor=system, claim=other, action="withdraw", reason="x")
    assert claim.pk


def test_plan_claims_can_be_created_with_accepted_findings(coordinator, network, speyer, worms, catalog):
    _create(Actor.system("t"), network, worms, catalog[0])
    result = _create(Actor.of(coordinator), network, speyer, catalog[0], source="plan", accept_conflicts=True)
    assert result.conflicts
    assert result.claim.conflicts_accepted == [f.key for f in result.conflicts]
    services.claim_transition(actor=Actor.of(coordinator), claim=result.claim, action="accept")


def test_invalid_transitions_are_409_with_a_clear_message(system, network, speyer, catalog):
    claim = _create(system, network, speyer, catalog[0]).claim
    with pytest.raises(Conflict) as error:
        services.claim_transition(actor=system, claim=claim, action="deliver")
    assert str(error.value) == (
        "Eine Übernahme im Stand „vorgeschlagen“ kann nicht geliefert werden. "
        "Möglich: annehmen, ablehnen, zurückziehen."
    )
    with pytest.raises(DomainError) as unknown:
        services.claim_transition(actor=system, claim=claim, action="fly")
    assert unknown.value.status == 422


def test_withdraw_and_reject_need_a_reason(system, network, speyer, catalog):
    claim = _create(system, network, speyer, catalog[0]).claim
    for action in ("withdraw", "reject"):
        with pytest.raises(DomainError) as error:
            services.claim_transition(actor=system, claim=claim, action=action)
        assert error.value.errors[0].field == "reason"
    services.claim_transition(actor=system, claim=claim, action="reject", reason="nicht im Plan")
    assert ClaimTransition.objects.filter(claim=claim, reason="nicht im Plan", to_state="rejected").exists()


def test_delivery_needs_a_solution_and_sets_coverage(editor, coordinator, network, speyer, catalog, solution):
    member = Actor.of(editor)
    claim = _create(member, network, speyer, catalog[0], target_level=3, new_solution_name="Neu").claim
    services.claim_transition(actor=Actor.of(coordinator), claim=claim, action="accept")
    with pytest.raises(PermissionDenied):
        services.claim_transition(actor=Actor.of(coordinator), claim=claim, action="start")
    services.claim_transition(actor=member, claim=claim, action="start")
    with pytest.raises(DomainError) as error:
        services.claim_transition(actor=member, claim=claim, action="deliver")
    assert error.value.errors[0].field == "solution"
    assert not ServiceStatus.objects.exists()
    services.claim_transition(actor=member, claim=claim, action="deliver", solution=solution, reason="live")
    claim.refresh_from_db()
    assert (claim.state, claim.solution, claim.new_solution_name) == (ClaimState.DELIVERED, solution, "")
    status = ServiceStatus.objects.get(organization=speyer, service=catalog[0])
    assert (status.level, status.source, status.solution) == (3, StatusSource.CLAIM, solution)
    assert [t.to_state for t in claim.transitions.order_by("id")] == [
        "proposed",
        "accepted",
        "in_progress",
        "delivered",
    ]


def test_delivery_never_lowers_a_higher_level(system, network, speyer, catalog, solution):
    service_status_set(
        actor=system,
        organization=speyer,
        service=catalog[0],
        values=StatusValues(level=4, url="https://x.example.org"),
    )
    claim = _create(system, network, speyer, catalog[0], target_level=3, solution=solution).claim
    for action in ("accept", "start", "deliver"):
        services.claim_transition(actor=system, claim=claim, action=action)
    status = ServiceStatus.objects.get(organization=speyer, service=catalog[0])
    assert (status.level, status.url, status.source) == (4, "https://x.example.org", StatusSource.CLAIM)


def test_update_changes_open_claims_only(editor, system, network, speyer, worms, catalog, solution):
    claim = _create(system, network, speyer, catalog[0], new_solution_name="Neu").claim
    updated = services.claim_update(
        actor=Actor.of(editor), claim=claim, solution=solution, effort_days=Decimal(3), partners=[worms]
    )
    assert (updated.solution, updated.new_solution_name, updated.effort_days) == (solution, "", Decimal(3))
    record = ChangeRecord.objects.filter(object_id=str(claim.pk), action="update").get()
    assert record.changes["partners"] == [[], [worms.pk]]
    updated = services.claim_update(actor=system, claim=claim, clear=["effort_days", "solution"])
    assert (updated.effort_days, updated.solution) == (None, None)
    services.claim_transition(actor=system, claim=claim, action="withdraw", reason="x")
    with pytest.raises(Conflict):
        services.claim_update(actor=system, claim=claim, note="zu spät")


def test_open_claims_by_service(system, network, speyer, worms, catalog):
    a = _create(system, network, speyer, catalog[0]).claim
    b = _create(system, network, worms, catalog[0]).claim
    c = _create(system, network, worms, catalog[1]).claim
    services.claim_transition(actor=system, claim=c, action="withdraw", reason="x")
    assert open_claims_by_service(network) == {catalog[0].pk: [a, b]}


def test_every_state_change_publishes_an_event(system, network, speyer, catalog):
    from ikone.notifications.models import Event

    claim = _create(system, network, speyer, catalog[0]).claim
    services.claim_transition(actor=system, claim=claim, action="accept")
    events = list(Event.objects.filter(kind="claim.state_changed").order_by("id"))
    assert [e.title for e in events] == [
        f"Speyer – {catalog[0].name}: vorgeschlagen",
        f"Speyer – {catalog[0].name}: angenommen",
    ]
    assert events[1].url == f"/netzwerke/ikone-ds/uebernahmen/{claim.pk}/"
    assert list(events[1].networks.all()) == [network]
    assert list(events[1].services.all()) == [catalog[0]]
    assert list(events[1].organizations.all()) == [speyer]


def test_similarity_agrees_with_the_catalog_check(system, network, speyer, catalog):
    from ikone.catalog.similarity import most_similar
    from ikone.claims.conflicts import Detector, network_solutions

    for name in ("Bürgerportal Speyer", "Hundesteuer online", "Kita-Platz-Börse", "Parkausweis digital"):
        solution_import(
            actor=system, content=publiccode_yaml(name=name, url=f"https://git.example.org/{name.split()[0]}")
        )
    detector = Detector(network, [])
    for text in ("Bürgerportal", "Hundesteuer", "Kita Platz", "Parkausweise", "xy"):
        assert detector.similar(text) == most_similar(network_solutions(network), text) or len(text) < 3
