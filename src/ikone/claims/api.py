"""Claims API: mounted under /networks (list, create) and /claims (read, edit, transitions)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Status

from ikone.api.auth import write_auth
from ikone.api.schemas import ErrorOut
from ikone.catalog.models import Solution
from ikone.claims import selectors, services
from ikone.claims.conflicts import Finding
from ikone.claims.models import Claim
from ikone.claims.schemas import (
    ClaimIn,
    ClaimListOut,
    ClaimOut,
    ClaimPatch,
    ConflictsAcceptIn,
    TransitionIn,
)
from ikone.claims.selectors import ClaimFilter
from ikone.claims.statemachine import allowed_actions
from ikone.core.audit import Actor
from ikone.core.errors import NotFound
from ikone.core.pagination import PageIn, page
from ikone.organizations.models import Organization
from ikone.organizations.selectors import network_get, organization_get
from ikone.ozg.models import Service

network_claims_router = Router(tags=["Übernahmen"])
claims_router = Router(tags=["Übernahmen"])
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Action = Literal["accept", "start", "deliver", "withdraw", "reject"]


def _org(organization: Organization) -> dict[str, str]:
    return {"key": organization.key, "name": str(organization)}


def claim_out(claim: Claim, findings: list[Finding], *, insider: bool) -> dict[str, Any]:
    accepted = set(claim.conflicts_accepted or [])
    transitions = getattr(claim, "_prefetched_objects_cache", {}).get("transitions")
    if transitions is None:
        transitions = claim.transitions.order_by("created_at", "id")
    return {
        "id": claim.pk,
        "network": claim.network.slug,
        "organization": _org(claim.organization),
        "service": {
            "ozg_id": claim.service.ozg_id,
            "name": claim.service.name,
            "themenfeld": claim.service.themenfeld.name,
        },
        "solution": {"slug": claim.solution.slug, "name": claim.solution.name} if claim.solution else None,
        "new_solution_name": claim.new_solution_name,
        "maturity_model": claim.model.version,
        "target_level": claim.target_level,
        "target_date": claim.target_date,
        "effort_days": claim.effort_days,
        "partners": [_org(p) for p in claim.partners.all()],
        "contact": claim.contact if insider else "",
        "note": claim.note if insider else "",
        "source": claim.source,
        "state": claim.state,
        "state_label": claim.get_state_display(),
        "overdue": claim.is_overdue,
        "allowed_actions": allowed_actions(claim.state),
        "conflicts": [
            {"kind": f.kind, "key": f.key, "message": f.message, "accepted": f.key in accepted}
            for f in findings
        ],
        "conflicts_accepted": {
            "by": claim.conflicts_accepted_by_label,
            "at": claim.conflicts_accepted_at,
            "reason": claim.conflicts_accepted_reason,
        }
        if claim.conflicts_accepted_at
        else None,
        "transitions": [
            {
                "action": t.action,
                "from_state": t.from_state,
                "to_state": t.to_state,
                "reason": t.reason if insider else "",
                "actor": t.actor_label if insider else "",
                "at": t.created_at,
            }
            for t in transitions
        ],
        "created_at": claim.created_at,
    }


def _detail(request: HttpRequest, claim_id: int) -> dict[str, Any]:
    claim = selectors.claim_get(claim_id=claim_id)
    return claim_out(
        claim,
        selectors.claim_conflicts(claim=claim),
        insider=selectors.can_see_contacts(request.user, claim.network),
    )


def _solution(slug: str | None) -> Solution | None:
    if not slug:
        return None
    solution = Solution.objects.filter(slug=slug).first()
    if solution is None:
        raise NotFound(f"Keine Lösung mit dem Kurznamen „{slug}“.")
    return solution


def _service(ozg_id: int) -> Service:
    service = Service.objects.filter(ozg_id=ozg_id).first()
    if service is None:
        raise NotFound(f"Keine OZG-Leistung mit der OZG-ID {ozg_id}.")
    return service


@network_claims_router.get(
    "/{slug}/claims",
    response={200: ClaimListOut, 404: ErrorOut},
    summary="Übernahmen eines Netzwerks (mit Überschneidungen)",
)
def claim_list(
    request: HttpRequest,
    slug: str,
    paging: Query[PageIn],
    themenfeld: str = "",
    organization: str = "",
    state: str = "",
) -> dict[str, Any]:
    network = network_get(slug=slug)
    claims = selectors.claim_list(
        network=network, filters=ClaimFilter(themenfeld=themenfeld, organization=organization, state=state)
    ).prefetch_related("transitions")
    result = page(claims, paging)
    findings = selectors.conflicts_by_claim(result["items"])
    insider = selectors.can_see_contacts(request.user, network)
    return {
        **result,
        "items": [claim_out(c, findings.get(c.pk, []), insider=insider) for c in result["items"]],
    }


@network_claims_router.post(
    "/{slug}/claims",
    response={201: ClaimOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="OZG-Leistung für das Netzwerk übernehmen",
    description="Legt eine Übernahme im Stand „vorgeschlagen“ an. `conflicts` nennt Überschneidungen "
    "(schon übernommen, schon angeboten, Lösung im Katalog); die Koordination muss sie vor dem "
    "Annehmen akzeptieren.",
)
def claim_create(request: HttpRequest, slug: str, payload: ClaimIn) -> Status[Any]:
    network = network_get(slug=slug)
    result = services.claim_create(
        actor=Actor.of(request.user),
        network=network,
        organization=organization_get(key=payload.organization),
        service=_service(payload.ozg_id),
        solution=_solution(payload.solution),
        new_solution_name=payload.new_solution_name,
        target_level=payload.target_level,
        maturity_model=payload.maturity_model,
        target_date=payload.target_date,
        effort_days=payload.effort_days,
        partners=[organization_get(key=key) for key in payload.partners],
        contact=payload.contact,
        note=payload.note,
        accept_conflicts=payload.accept_conflicts,
    )
    return Status(201, _detail(request, result.claim.pk))


@claims_router.get("/{claim_id}", response={200: ClaimOut, 404: ErrorOut}, summary="Eine Übernahme")
def claim_get(request: HttpRequest, claim_id: int) -> dict[str, Any]:
    return _detail(request, claim_id)


@claims_router.patch(
    "/{claim_id}",
    response={200: ClaimOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Angaben einer offenen Übernahme ändern",
    description="Nur die gesendeten Felder werden geändert; `null` leert `solution`, `target_date` "
    "und `effort_days`.",
)
def claim_update(request: HttpRequest, claim_id: int, payload: ClaimPatch) -> dict[str, Any]:
    claim = selectors.claim_get(claim_id=claim_id)
    sent = payload.model_dump(exclude_unset=True)
    clear = [
        name for name in ("solution", "target_date", "effort_days") if name in sent and sent[name] is None
    ]
    services.claim_update(
        actor=Actor.of(request.user),
        claim=claim,
        solution=_solution(sent.get("solution")),
        new_solution_name=sent.get("new_solution_name"),
        target_level=sent.get("target_level"),
        maturity_model=sent.get("maturity_model"),
        target_date=sent.get("target_date"),
        effort_days=sent.get("effort_days"),
        partners=[organization_get(key=key) for key in sent["partners"]]
        if sent.get("partners") is not None
        else None,
        contact=sent.get("contact"),
        note=sent.get("note"),
        clear=clear,
    )
    return _detail(request, claim_id)


@claims_router.post(
    "/{claim_id}/accept-conflicts",
    response={200: ClaimOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Überschneidungen akzeptieren (Koordination)",
)
def claim_conflicts_accept(request: HttpRequest, claim_id: int, payload: ConflictsAcceptIn) -> dict[str, Any]:
    claim = selectors.claim_get(claim_id=claim_id)
    services.claim_conflicts_accept(actor=Actor.of(request.user), claim=claim, reason=payload.reason)
    return _detail(request, claim_id)


@claims_router.post(
    "/{claim_id}/{action}",
    response={200: ClaimOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Übernahme weiterführen: annehmen, ablehnen (Koordination), beginnen, liefern, zurückziehen",
    description="Eine Aktion, die im aktuellen Stand nicht möglich ist, ergibt 409. Liefern braucht "
    "eine Lösung aus dem Katalog und setzt den Umsetzungsstand des Mitglieds.",
)
def claim_transition(
    request: HttpRequest, claim_id: int, action: Action, payload: TransitionIn
) -> dict[str, Any]:
    claim = selectors.claim_get(claim_id=claim_id)
    services.claim_transition(
        actor=Actor.of(request.user),
        claim=claim,
        action=action,
        reason=payload.reason,
        solution=_solution(payload.solution),
    )
    return _detail(request, claim_id)
