"""Writes of the allocation planner: atomic, audited, authorised through `accounts.policy`."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ikone.accounts import policy
from ikone.claims.services import claim_create
from ikone.core.audit import Actor, record_change
from ikone.core.errors import Conflict, DomainError, FieldError
from ikone.core.models import ChangeRecord
from ikone.notifications.events import publish
from ikone.organizations.models import Network, NetworkMembership, Organization
from ikone.ozg.models import Service, Themenfeld
from ikone.planning.choices import PERIOD_PATTERN, PlanStatus, PreferenceChoice
from ikone.planning.instance import PlanParameters, build_instance
from ikone.planning.models import MemberCapacity, Plan, PlanAssignment, ServiceOverride, ThemenfeldPreference
from ikone.planning.solver import Assignment, Violation, check, explain, solve, solve_greedy
from ikone.planning.solver.model import instance_from_dict, instance_to_dict

MAX_TIME_LIMIT = 60.0


def _invalid(detail: str, name: str, message: str) -> DomainError:
    return DomainError(detail=detail, errors=[FieldError(name, message)], status=422)


def _check_period(period: str) -> None:
    if not PERIOD_PATTERN.match(period):
        raise _invalid(
            f"Unbekannter Planungszeitraum „{period}“.",
            "period",
            "Format JJJJ-H1 oder JJJJ-H2, z. B. 2027-H1",
        )


def _check_member(network: Network, organization: Organization) -> None:
    if not NetworkMembership.objects.filter(network=network, organization=organization).exists():
        raise _invalid(
            f"{organization} ist kein Mitglied von {network}.", "organization", "kein Mitglied des Netzwerks"
        )


@transaction.atomic
def capacity_set(
    *,
    actor: Actor,
    network: Network,
    organization: Organization,
    period: str,
    person_days: int,
    note: str = "",
) -> MemberCapacity:
    """A member states how many person-days it gives the network's shared work in a period."""
    policy.authorize(actor, policy.can_edit_organization_data(actor.user, organization.pk))
    _check_period(period)
    _check_member(network, organization)
    if not 0 <= person_days <= 10000:
        raise _invalid("Die Kapazität muss zwischen 0 und 10 000 PT liegen.", "person_days", "0 bis 10 000")
    capacity = MemberCapacity.objects.filter(
        network=network, organization=organization, period=period
    ).first()
    before = {"person_days": capacity.person_days, "note": capacity.note} if capacity else {}
    if capacity is None:
        capacity = MemberCapacity(network=network, organization=organization, period=period, person_days=0)
    capacity.person_days = person_days
    capacity.note = note.strip()[:500]
    capacity.full_clean(exclude=["network", "organization"], validate_constraints=False)
    capacity.save()
    after = {"person_days": capacity.person_days, "note": capacity.note}
    record_change(
        actor=actor,
        instance=capacity,
        action=ChangeRecord.Action.UPDATE if before else ChangeRecord.Action.CREATE,
        changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
        organization_id=organization.pk,
    )
    return capacity


@transaction.atomic
def preference_set(
    *, actor: Actor, organization: Organization, themenfeld: Themenfeld, preference: int
) -> ThemenfeldPreference | None:
    """A member's competence or preference for a Themenfeld ("keine Angabe" removes the entry)."""
    policy.authorize(actor, policy.can_edit_organization_data(actor.user, organization.pk))
    if preference not in PreferenceChoice.values:
        raise _invalid(
            "Unbekannte Präferenz.", "preference", "ausgeschlossen, keine Angabe, Interesse, Erfahrung"
        )
    existing = ThemenfeldPreference.objects.filter(organization=organization, themenfeld=themenfeld).first()
    old = existing.preference if existing else PreferenceChoice.NEUTRAL
    if old == preference:
        return existing
    if preference == PreferenceChoice.NEUTRAL and existing is not None:
        record_change(
            actor=actor,
            instance=existing,
            action=ChangeRecord.Action.DELETE,
            changes={"preference": [old, preference]},
            organization_id=organization.pk,
        )
        existing.delete()
        return None
    item = existing or ThemenfeldPreference(organization=organization, themenfeld=themenfeld)
    item.preference = preference
    item.save()
    record_change(
        actor=actor,
        instance=item,
        action=ChangeRecord.Action.UPDATE if existing else ChangeRecord.Action.CREATE,
        changes={"preference": [old, preference]},
        organization_id=organization.pk,
    )
    return item


@transaction.atomic
def service_override_set(
    *,
    actor: Actor,
    network: Network,
    service: Service,
    effort_days: int | None = None,
    weight: Decimal = Decimal("1"),
) -> ServiceOverride:
    """The coordinator's effort estimate and weight for an OZG-Leistung in the network."""
    policy.authorize(actor, policy.can_coordinate(actor.user, network.pk))
    if effort_days is not None and not 1 <= effort_days <= 10000:
        raise _invalid("Der Aufwand muss zwischen 1 und 10 000 PT liegen.", "effort_days", "1 bis 10 000")
    if not Decimal("0") <= weight <= Decimal("10"):
        raise _invalid("Das Gewicht muss zwischen 0 und 10 liegen.", "weight", "0 bis 10")
    override = ServiceOverride.objects.filter(network=network, service=service).first()
    before = {"effort_days": override.effort_days, "weight": str(override.weight)} if override else {}
    if override is None:
        override = ServiceOverride(network=network, service=service)
    override.effort_days = effort_days
    override.weight = weight
    override.save()
    after = {"effort_days": effort_days, "weight": str(override.weight)}
    record_change(
        actor=actor,
        instance=override,
        action=ChangeRecord.Action.UPDATE if before else ChangeRecord.Action.CREATE,
        changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
    )
    return override


def _parameters_valid(parameters: PlanParameters) -> None:
    _check_period(parameters.period)
    if not 0.1 <= parameters.time_limit <= MAX_TIME_LIMIT:
        raise _invalid(
            f"Das Zeitlimit muss zwischen 0,1 und {MAX_TIME_LIMIT:g} Sekunden liegen.",
            "time_limit",
            "0,1 bis 60",
        )
    if parameters.fairness_slack is not None and not Decimal("1") <= parameters.fairness_slack <= Decimal(
        "10"
    ):
        raise _invalid("Der Fairness-Faktor muss zwischen 1 und 10 liegen.", "fairness_slack", "1 bis 10")
    if parameters.fairness_allowance is not None and parameters.fairness_allowance < 0:
        raise _invalid(
            "Der Fairness-Spielraum darf nicht negativ sein.", "fairness_allowance", "mindestens 0"
        )
    if not 1 <= parameters.default_effort <= 10000:
        raise _invalid(
            "Der Standardaufwand muss zwischen 1 und 10 000 PT liegen.", "default_effort", "1 bis 10 000"
        )


def plan_compute(*, actor: Actor, network: Network, parameters: PlanParameters) -> Plan:
    """Compute a draft plan for the network's open work (synchronously, within the time limit).

    The solver runs outside the transaction; the plan, its assignments and the audit record are
    written atomically afterwards."""
    policy.authorize(actor, policy.can_coordinate(actor.user, network.pk))
    _parameters_valid(parameters)
    built = build_instance(network=network, parameters=parameters)
    result = solve(built.instance, time_limit=parameters.time_limit)
    greedy = solve_greedy(built.instance)
    explained = explain(built.instance, result.assignments)
    user = actor.user if actor.user is not None and actor.user.pk else None
    with transaction.atomic():
        plan = Plan.objects.create(
            network=network,
            period=parameters.period,
            parameters=parameters.as_json(),
            instance={
                **instance_to_dict(built.instance),
                "organizations": {name: org.pk for name, org in built.organizations.items()},
            },
            solver_status=result.status,
            objective=result.objective,
            bound=result.bound,
            gap=result.gap,
            seconds=round(result.seconds, 3),
            greedy_objective=greedy.objective,
            created_by=user,
            created_by_label=actor.label[:200],
        )
        PlanAssignment.objects.bulk_create(
            [
                PlanAssignment(
                    plan=plan,
                    organization=built.organizations[a.member],
                    service=built.services[a.service],
                    effort_days=a.effort,
                    reason=a.reason,
                )
                for a in explained
            ]
        )
        record_change(
            actor=actor,
            instance=plan,
            action=ChangeRecord.Action.CREATE,
            changes={
                "period": [None, plan.period],
                "assignments": [None, len(explained)],
                "objective": [None, plan.objective],
                "gap": [None, plan.gap],
            },
        )
    return plan


def plan_violations(plan: Plan) -> list[Violation]:
    """What breaks the plan's rules after the coordinator's changes (empty: feasible)."""
    instance = instance_from_dict(plan.instance)
    names = {org_id: name for name, org_id in _member_ids(plan).items()}
    return check(
        instance,
        [
            Assignment(
                member=names.get(a.organization_id, str(a.organization)),
                service=str(a.service.ozg_id),
                effort=a.effort_days,
            )
            for a in plan.assignments.select_related("service", "organization")
        ],
    )


def _member_ids(plan: Plan) -> dict[str, int]:
    """Member name in the plan's instance → organisation id."""
    return {name: int(org_id) for name, org_id in plan.instance.get("organizations", {}).items()}


def _require_draft(plan: Plan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise Conflict("Dieser Plan ist schon angenommen und kann nicht mehr geändert werden.")


@transaction.atomic
def plan_assignment_change(
    *, actor: Actor, assignment: PlanAssignment, organization: Organization | None
) -> list[Violation]:
    """Give an assignment to another member of the plan, or remove it (`organization=None`).

    The change is kept even when it breaks a rule; the returned violations (German) say which, and
    a plan with violations cannot be accepted."""
    plan = assignment.plan
    policy.authorize(actor, policy.can_coordinate(actor.user, plan.network_id))
    _require_draft(plan)
    service = assignment.service
    old = assignment.organization
    if organization is None:
        record_change(
            actor=actor,
            instance=assignment,
            action=ChangeRecord.Action.DELETE,
            changes={"organization": [old.pk, None], "service": [service.pk, None]},
        )
        assignment.delete()
        return plan_violations(plan)
    if organization.pk not in _member_ids(plan).values():
        raise _invalid(
            f"{organization} war bei der Berechnung kein planbares Mitglied dieses Netzwerks.",
            "organization",
            "kein Mitglied des Plans",
        )
    if organization.pk == old.pk:
        return plan_violations(plan)
    assignment.organization = organization
    assignment.adjusted = True
    assignment.reason = (
        f"Von der Koordination zugeteilt: {organization} übernimmt „{service.name}“ "
        f"({assignment.effort_days} PT) statt {old}."
    )
    assignment.save()
    record_change(
        actor=actor,
        instance=assignment,
        action=ChangeRecord.Action.UPDATE,
        changes={"organization": [old.pk, organization.pk]},
    )
    return plan_violations(plan)


@transaction.atomic
def plan_accept(*, actor: Actor, plan: Plan) -> list[int]:
    """Accept the plan: every assignment becomes a proposed claim of its member (all or nothing).

    Returns the ids of the created claims. Duplicate-work findings of the claims stay open on the
    claims board, where the coordinator resolves or accepts them."""
    policy.authorize(actor, policy.can_coordinate(actor.user, plan.network_id))
    plan = Plan.objects.select_for_update().select_related("network").get(pk=plan.pk)
    _require_draft(plan)
    violations = plan_violations(plan)
    if violations:
        raise Conflict(
            "Der Plan verletzt Regeln und kann so nicht angenommen werden: "
            + " ".join(v.message for v in violations),
            errors=[FieldError("assignments", v.message) for v in violations],
        )
    parameters = plan.parameters
    claims = []
    for assignment in plan.assignments.select_related("organization", "service"):
        result = claim_create(
            actor=actor,
            network=plan.network,
            organization=assignment.organization,
            service=assignment.service,
            target_level=int(parameters.get("target_level", 3)),
            maturity_model=str(parameters.get("maturity_model", "1.1")),
            effort_days=Decimal(assignment.effort_days),
            note=f"Aus dem Verteilungsplan {plan.period}: {assignment.reason}"[:2000],
            source="plan",
        )
        assignment.claim = result.claim
        assignment.save(update_fields=["claim"])
        claims.append(result.claim.pk)
    plan.status = PlanStatus.ACCEPTED
    plan.accepted_at = timezone.now()
    plan.accepted_by_label = actor.label[:200]
    plan.save(update_fields=["status", "accepted_at", "accepted_by_label"])
    record_change(
        actor=actor,
        instance=plan,
        action=ChangeRecord.Action.UPDATE,
        changes={"status": [PlanStatus.DRAFT, PlanStatus.ACCEPTED], "claims": [None, claims]},
    )
    publish(
        kind="plan.accepted",
        key=f"plan.accepted:{plan.pk}",
        subject=plan,
        actor=actor,
        title=f"Verteilungsplan {plan.period} für {plan.network} angenommen ({len(claims)} Übernahmen)",
        url=f"/netzwerke/{plan.network.slug}/planung/{plan.pk}/",
        related=[plan.network],
    )
    return claims
