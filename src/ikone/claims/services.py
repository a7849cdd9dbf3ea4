"""Writes for claims: create, edit, move through the life cycle, accept duplicate-work findings.

Every write is atomic, authorised via `accounts.policy`, records a `ChangeRecord`, and every state
change a `ClaimTransition` and a notification event (`claim.state_changed`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from ikone.accounts import policy
from ikone.catalog.models import Solution
from ikone.claims.choices import OPEN_STATES, ClaimAction, ClaimSource, ClaimState
from ikone.claims.conflicts import ClaimDraft, Detector, Finding, unaccepted
from ikone.claims.models import Claim, ClaimTransition
from ikone.claims.selectors import claim_conflicts
from ikone.claims.statemachine import TRANSITIONS, InvalidTransition, allowed_actions, target_state
from ikone.core.audit import Actor, ChangeRecord, field_values, record_change
from ikone.core.errors import Conflict, DomainError, FieldError
from ikone.coverage.choices import StatusSource
from ikone.coverage.models import ServiceStatus
from ikone.coverage.services import StatusValues, service_status_set
from ikone.notifications.events import publish
from ikone.organizations.choices import MembershipRole
from ikone.organizations.models import Network, NetworkMembership, Organization
from ikone.ozg.models import MaturityLevel, MaturityModel, Service

TRACKED = [
    "solution",
    "new_solution_name",
    "model",
    "target_level",
    "target_date",
    "effort_days",
    "contact",
    "note",
    "state",
]


@dataclass
class ClaimResult:
    claim: Claim
    conflicts: list[Finding] = field(default_factory=list)


def _invalid(detail: str, name: str, message: str) -> DomainError:
    return DomainError(detail=detail, errors=[FieldError(name, message)], status=422)


def _maturity_model(version: str, level: int) -> MaturityModel:
    model = MaturityModel.objects.filter(version=version).first()
    if model is None:
        raise _invalid(f"Unbekanntes Reifegradmodell „{version}“.", "maturity_model", "unbekannt")
    levels = set(MaturityLevel.objects.filter(model=model).values_list("level", flat=True))
    if level not in levels:
        span = f"{min(levels)}–{max(levels)}" if levels else "keine"
        raise _invalid(
            f"Stufe {level} gibt es im Reifegradmodell {version} nicht.",
            "target_level",
            f"Stufen im Modell {version}: {span}",
        )
    return model


def _check_solution(actor: Actor, solution: Solution | None, new_solution_name: str) -> None:
    if solution is not None and new_solution_name.strip():
        raise _invalid(
            "Bitte entweder eine Lösung aus dem Katalog wählen oder eine neue benennen, nicht beides.",
            "new_solution_name",
            "Nur eines von beiden angeben.",
        )
    if (
        solution is not None
        and not actor.is_system
        and not Solution.objects.visible_to(actor.user).filter(pk=solution.pk).exists()
    ):
        raise _invalid("Diese Lösung ist nicht sichtbar.", "solution", "unbekannte Lösung")


def _check_effort(effort_days: Decimal | None) -> None:
    if effort_days is not None and effort_days < 0:
        raise _invalid("Der Aufwand darf nicht negativ sein.", "effort_days", "mindestens 0")


def _snapshot(claim: Claim) -> dict[str, Any]:
    values = field_values(claim, TRACKED)
    values["partners"] = sorted(p.pk for p in claim.partners.all()) if claim.pk else []
    return values


def _record_transition(
    *, actor: Actor, claim: Claim, action: str, before: str, reason: str, now: Any
) -> ClaimTransition:
    transition = ClaimTransition.objects.create(
        claim=claim,
        action=action,
        from_state=before,
        to_state=claim.state,
        reason=reason,
        actor=actor.user if actor.user is not None and actor.user.pk else None,
        actor_label=actor.label[:200],
        created_at=now,
    )
    publish(
        kind="claim.state_changed",
        key=f"claim.state_changed:{claim.pk}:{transition.pk}",
        subject=claim,
        actor=actor,
        title=f"{claim.organization} – {claim.service.name}: {claim.get_state_display()}",
        url=f"/netzwerke/{claim.network.slug}/uebernahmen/{claim.pk}/",
        related=[claim.network, claim.service, claim.organization],
    )
    return transition


@transaction.atomic
def claim_create(
    *,
    actor: Actor,
    network: Network,
    organization: Organization,
    service: Service,
    solution: Solution | None = None,
    new_solution_name: str = "",
    target_level: int = 3,
    maturity_model: str = "1.1",
    target_date: date | None = None,
    effort_days: Decimal | None = None,
    partners: Iterable[Organization] = (),
    contact: str = "",
    note: str = "",
    source: str = "manual",
    accept_conflicts: bool = False,
) -> ClaimResult:
    """A member claims an OZG-Leistung for its network (state "vorgeschlagen").

    Editors of the member create claims for it; coordinators of the network too when the claim comes
    from an accepted plan (`source="plan"`). `accept_conflicts` (coordinators only) accepts the
    duplicate-work findings right away; otherwise they are returned and must be accepted later.
    """
    if source not in ClaimSource.values:
        raise _invalid(f"Unbekannte Herkunft „{source}“.", "source", "manual oder plan")
    may_coordinate = policy.can_coordinate(actor.user, network.pk)
    policy.authorize(
        actor,
        policy.can_edit_organization_data(actor.user, organization.pk)
        or (source == ClaimSource.PLAN and may_coordinate),
    )
    if accept_conflicts:
        policy.authorize(actor, may_coordinate)
    is_member = (
        NetworkMembership.objects.filter(network=network, organization=organization)
        .exclude(role=MembershipRole.OBSERVER)
        .exists()
    )
    if not is_member:
        raise _invalid(
            f"{organization} ist kein Mitglied von {network} und kann dort nichts übernehmen.",
            "organization",
            "kein Mitglied des Netzwerks",
        )
    model = _maturity_model(maturity_model, target_level)
    _check_solution(actor, solution, new_solution_name)
    _check_effort(effort_days)
    partner_list = list(partners)
    if any(p.pk == organization.pk for p in partner_list):
        raise _invalid(
            "Das übernehmende Mitglied kann nicht zugleich Partner sein.", "partners", "ohne das Mitglied"
        )
    existing = (
        Claim.objects.filter(
            network=network, organization=organization, service=service, state__in=OPEN_STATES
        )
        .order_by("id")
        .first()
    )
    if existing is not None:
        raise Conflict(
            f"{organization} hat diese OZG-Leistung in {network} schon übernommen "
            f"(Übernahme {existing.pk}, {existing.get_state_display()}).",
            errors=[FieldError("service", "schon übernommen")],
        )
    draft = ClaimDraft(
        network=network,
        organization_id=organization.pk,
        service=service,
        model_id=model.pk,
        target_level=target_level,
        solution_id=solution.pk if solution else None,
        new_solution_name=new_solution_name.strip(),
    )
    findings = Detector(network, [draft]).detect(draft)
    now = timezone.now()
    user = actor.user if actor.user is not None and actor.user.pk else None
    claim = Claim(
        network=network,
        organization=organization,
        service=service,
        solution=solution,
        new_solution_name=new_solution_name.strip(),
        model=model,
        target_level=target_level,
        target_date=target_date,
        effort_days=effort_days,
        contact=contact.strip(),
        note=note.strip(),
        source=source,
        state=ClaimState.PROPOSED,
        state_changed_at=now,
        created_by=user,
        created_by_label=actor.label[:200],
    )
    if accept_conflicts and findings:
        claim.conflicts_accepted = [f.key for f in findings]
        claim.conflicts_accepted_by = user
        claim.conflicts_accepted_by_label = actor.label[:200]
        claim.conflicts_accepted_at = now
        claim.conflicts_accepted_reason = (
            "Beim Übernehmen des Verteilungsplans akzeptiert."
            if source == ClaimSource.PLAN
            else "Beim Anlegen akzeptiert."
        )
    claim.full_clean(exclude=["network", "organization", "service", "solution", "model", "created_by"])
    claim.save()
    claim.partners.set(partner_list)
    changes = {key: [None, value] for key, value in _snapshot(claim).items() if value not in (None, "", [])}
    if claim.conflicts_accepted:
        changes["conflicts_accepted"] = [[], claim.conflicts_accepted]
    record_change(
        actor=actor,
        instance=claim,
        action=ChangeRecord.Action.CREATE,
        changes=changes,
        organization_id=organization.pk,
    )
    _record_transition(actor=actor, claim=claim, action="create", before="", reason=note.strip(), now=now)
    return ClaimResult(claim=claim, conflicts=findings)


def _authorize_edit(actor: Actor, claim: Claim) -> None:
    policy.authorize(
        actor,
        policy.can_edit_organization_data(actor.user, claim.organization_id)
        or policy.can_coordinate(actor.user, claim.network_id),
    )


@transaction.atomic
def claim_update(
    *,
    actor: Actor,
    claim: Claim,
    solution: Solution | None = None,
    new_solution_name: str | None = None,
    target_level: int | None = None,
    maturity_model: str | None = None,
    target_date: date | None = None,
    effort_days: Decimal | None = None,
    partners: Iterable[Organization] | None = None,
    contact: str | None = None,
    note: str | None = None,
    clear: Iterable[str] = (),
) -> Claim:
    """Change the details of an open claim (only the given fields; `clear` empties optional ones:
    "solution", "target_date", "effort_days")."""
    claim = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("network", "service", "model")
        .get(pk=claim.pk)
    )
    _authorize_edit(actor, claim)
    if not claim.is_open:
        raise Conflict(
            f"Eine Übernahme im Stand „{claim.get_state_display()}“ kann nicht mehr geändert werden."
        )
    before = _snapshot(claim)
    cleared = set(clear)
    if solution is not None:
        claim.solution = solution
        claim.new_solution_name = ""
    if "solution" in cleared:
        claim.solution = None
    if new_solution_name is not None:
        claim.new_solution_name = new_solution_name.strip()
        if new_solution_name.strip() and solution is None:
            claim.solution = None
    if "target_date" in cleared:
        claim.target_date = None
    if target_date is not None:
        claim.target_date = target_date
    if "effort_days" in cleared:
        claim.effort_days = None
    if effort_days is not None:
        claim.effort_days = effort_days
    if contact is not None:
        claim.contact = contact.strip()
    if note is not None:
        claim.note = note.strip()
    level = target_level if target_level is not None else claim.target_level
    version = maturity_model if maturity_model is not None else claim.model.version
    claim.model = _maturity_model(version, level)
    claim.target_level = level
    _check_solution(actor, claim.solution, claim.new_solution_name)
    _check_effort(claim.effort_days)
    if partners is not None:
        partner_list = list(partners)
        if any(p.pk == claim.organization_id for p in partner_list):
            raise _invalid(
                "Das übernehmende Mitglied kann nicht zugleich Partner sein.",
                "partners",
                "ohne das Mitglied",
            )
        claim.partners.set(partner_list)
    claim.full_clean(exclude=["network", "organization", "service", "solution", "model", "created_by"])
    claim.save()
    after = _snapshot(claim)
    changes = {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}
    record_change(
        actor=actor,
        instance=claim,
        action=ChangeRecord.Action.UPDATE,
        changes=changes,
        organization_id=claim.organization_id,
    )
    return claim


ACTION_VERBS = {
    ClaimAction.ACCEPT: "angenommen",
    ClaimAction.START: "begonnen",
    ClaimAction.DELIVER: "geliefert",
    ClaimAction.WITHDRAW: "zurückgezogen",
    ClaimAction.REJECT: "abgelehnt",
}
REASON_REQUIRED = {ClaimAction.WITHDRAW, ClaimAction.REJECT}


def _deliver_coverage(actor: Actor, claim: Claim, solution: Solution) -> None:
    """The delivered service counts as the member's offer: level at least the target level."""
    current = ServiceStatus.objects.filter(organization=claim.organization, service=claim.service).first()
    level = claim.target_level
    online_since = timezone.localdate()
    url = ""
    if current is not None and current.model_id == claim.model_id:
        level = max(level, current.level)
        online_since = current.online_since or online_since
        url = current.url
    service_status_set(
        actor=actor,
        organization=claim.organization,
        service=claim.service,
        values=StatusValues(
            level=level,
            model=claim.model.version,
            online_since=online_since,
            url=url,
            solution=solution,
            note=f"Geliefert über die Übernahme {claim.pk} im Netzwerk {claim.network}.",
        ),
        source=StatusSource.CLAIM,
    )


@transaction.atomic
def claim_transition(
    *, actor: Actor, claim: Claim, action: str, reason: str = "", solution: Solution | None = None
) -> Claim:
    """Move a claim on: accept / reject (coordinators), start / deliver / withdraw (the member).

    An action not allowed in the current state is a 409. Accepting needs every duplicate-work
    finding accepted by the coordinator; delivering needs a catalog solution and sets the member's
    coverage (source "Übernahme im Netzwerk geliefert")."""
    claim = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("network", "organization", "service", "model", "solution")
        .get(pk=claim.pk)
    )
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise _invalid(f"Unbekannte Aktion „{action}“.", "action", ", ".join(TRANSITIONS))
    if transition.by_coordinator:
        policy.authorize(actor, policy.can_coordinate(actor.user, claim.network_id))
    else:
        policy.authorize(actor, policy.can_edit_organization_data(actor.user, claim.organization_id))
    before = claim.state
    try:
        claim.state = target_state(before, action)
    except InvalidTransition:
        possible = ", ".join(str(ClaimAction(a).label) for a in allowed_actions(before)) or "keine"
        raise Conflict(
            f"Eine Übernahme im Stand „{ClaimState(before).label}“ kann nicht "
            f"{ACTION_VERBS[ClaimAction(action)]} werden. Möglich: {possible}.",
            errors=[FieldError("state", str(ClaimState(before).label))],
        ) from None
    reason = reason.strip()
    if action in REASON_REQUIRED and not reason:
        raise _invalid("Bitte geben Sie eine Begründung an.", "reason", "Pflichtangabe")
    if action == ClaimAction.ACCEPT:
        open_findings = unaccepted(claim, claim_conflicts(claim=claim))
        if open_findings:
            raise Conflict(
                "Die Übernahme hat Überschneidungen, die die Koordination erst klären oder "
                "ausdrücklich akzeptieren muss.",
                errors=[FieldError("conflicts", f.message) for f in open_findings],
            )
    changes: dict[str, Any] = {"state": [before, claim.state]}
    if reason:
        changes["reason"] = [None, reason]
    if action == ClaimAction.DELIVER:
        if solution is not None:
            _check_solution(actor, solution, "")
            if claim.solution_id != solution.pk:
                changes["solution"] = [claim.solution_id, solution.pk]
            claim.solution = solution
            claim.new_solution_name = ""
        if claim.solution is None:
            raise _invalid(
                "Zum Liefern muss die Übernahme mit einer Lösung aus dem Katalog verknüpft sein.",
                "solution",
                "Lösung aus dem Katalog wählen",
            )
        _deliver_coverage(actor, claim, claim.solution)
    now = timezone.now()
    claim.state_changed_at = now
    claim.save()
    record_change(
        actor=actor,
        instance=claim,
        action=ChangeRecord.Action.UPDATE,
        changes=changes,
        organization_id=claim.organization_id,
    )
    _record_transition(actor=actor, claim=claim, action=action, before=before, reason=reason, now=now)
    return claim


@transaction.atomic
def claim_conflicts_accept(*, actor: Actor, claim: Claim, reason: str) -> ClaimResult:
    """The coordinator accepts the current duplicate-work findings of an open claim, with a reason."""
    claim = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("network", "organization", "service", "model")
        .get(pk=claim.pk)
    )
    policy.authorize(actor, policy.can_coordinate(actor.user, claim.network_id))
    if not claim.is_open:
        raise Conflict(f"Die Übernahme ist schon abgeschlossen ({claim.get_state_display()}).")
    if not reason.strip():
        raise _invalid(
            "Bitte begründen Sie, warum die Überschneidungen in Ordnung sind.", "reason", "Pflichtangabe"
        )
    findings = claim_conflicts(claim=claim)
    if not findings:
        raise Conflict("Diese Übernahme hat keine Überschneidungen, die zu akzeptieren wären.")
    before = list(claim.conflicts_accepted or [])
    claim.conflicts_accepted = sorted({f.key for f in findings} | set(before))
    claim.conflicts_accepted_by = actor.user if actor.user is not None and actor.user.pk else None
    claim.conflicts_accepted_by_label = actor.label[:200]
    claim.conflicts_accepted_at = timezone.now()
    claim.conflicts_accepted_reason = reason.strip()
    claim.save()
    record_change(
        actor=actor,
        instance=claim,
        action=ChangeRecord.Action.UPDATE,
        changes={
            "conflicts_accepted": [before, claim.conflicts_accepted],
            "conflicts_accepted_reason": [None, claim.conflicts_accepted_reason],
        },
        organization_id=claim.organization_id,
    )
    return ClaimResult(claim=claim, conflicts=findings)
