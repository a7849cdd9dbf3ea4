"""Participation API: demand aggregates and proposals of a municipality (under /organizations),
one proposal with supports, comments and the town's state changes (under /proposals)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from ikone.accounts import policy
from ikone.api.auth import write_auth
from ikone.api.schemas import ErrorOut
from ikone.core.audit import Actor
from ikone.core.errors import DomainError, FieldError, NotFound
from ikone.core.pagination import LimitOffsetPagination
from ikone.core.ratelimit import client_ip
from ikone.coverage.selectors import service_get
from ikone.notifications.api import signed_in
from ikone.organizations.models import Organization
from ikone.organizations.selectors import network_get, organization_get
from ikone.participation import selectors, services
from ikone.participation.models import Process, Proposal
from ikone.participation.schemas import (
    AreaDemandOut,
    BallotIn,
    CommentIn,
    DemandOut,
    HideIn,
    MergeIn,
    ModeratedProposalOut,
    ProcessDetailOut,
    ProcessIn,
    ProcessOut,
    ProposalDetailOut,
    ProposalIn,
    ProposalOut,
    QueuedReportOut,
    ReportIn,
    ReportOut,
    StateIn,
)

organization_participation_router = Router(tags=["Bürgerbeteiligung"])
network_participation_router = Router(tags=["Bürgerbeteiligung"])
proposals_router = Router(tags=["Bürgerbeteiligung"])
processes_router = Router(tags=["Bürgerbeteiligung"])
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def _service(proposal: Proposal) -> dict[str, Any] | None:
    return {"ozg_id": proposal.service.ozg_id, "name": proposal.service.name} if proposal.service else None


def proposal_out(proposal: Proposal) -> dict[str, Any]:
    return {
        "id": proposal.pk,
        "organization": proposal.organization.key,
        "service": _service(proposal),
        "title": proposal.title,
        "text": proposal.text,
        "author": selectors.display_name(proposal.author),
        "state": proposal.state,
        "state_label": proposal.get_state_display(),
        "state_reason": proposal.state_reason,
        "supports": getattr(proposal, "support_count", 0),
        "is_demo": proposal.is_demo,
        "created_at": proposal.created_at,
    }


def _detail(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    proposal = selectors.proposal_get(proposal_id=proposal_id, user=request.user)
    return {
        **proposal_out(proposal),
        "comments": [
            {
                "id": c.pk,
                "author": selectors.display_name(c.author),
                "text": c.text,
                "created_at": c.created_at,
            }
            for c in selectors.proposal_comments(proposal=proposal)
        ],
        "hidden": proposal.is_hidden,
        "merged_into": proposal.merged_into_id,
    }


@organization_participation_router.get(
    "/{key}/demand",
    response={200: list[DemandOut], 404: ErrorOut},
    summary="Nachfrage der Bürgerinnen und Bürger je OZG-Leistung in einer Kommune",
    description="Je OZG-Leistung: Vorschläge, die noch nicht erfüllt sind (offen, beantwortet, geplant), "
    "und ihre Unterstützungen; die meistgewünschte zuerst.",
)
@paginate(LimitOffsetPagination)
def demand(request: HttpRequest, key: str) -> Any:
    rows = selectors.organization_demand(organization=organization_get(key=key))
    return [
        {
            "service": {"ozg_id": r.service.ozg_id, "name": r.service.name},
            "proposals": r.proposals,
            "supports": r.supports,
            "people": r.people,
            "offered_online": r.offered_online,
        }
        for r in rows
    ]


def _town(organization: Organization) -> dict[str, str]:
    return {"key": organization.key, "name": str(organization)}


@network_participation_router.get(
    "/{slug}/demand",
    response={200: list[AreaDemandOut], 404: ErrorOut, 422: ErrorOut},
    summary="Meistgewünschte fehlende OZG-Leistungen im Netzwerk",
    description="Je OZG-Leistung: Menschen, die sie in Mitgliedskommunen wünschen, die sie noch nicht "
    "online anbieten (Vorschläge, die noch nicht erfüllt sind, und ihre Unterstützungen), mit der Zahl "
    "je Mitglied; dazu die Mitglieder, die sie schon online anbieten. Nur Zahlen, keine Namen von "
    "Personen. `kreis` (Kreisschlüssel, 5 Ziffern) beschränkt auf die Mitglieder eines Kreises; ein "
    "Kreis ohne Mitglieder ergibt 422.",
)
@paginate(LimitOffsetPagination)
def network_demand(request: HttpRequest, slug: str, kreis: str = "") -> Any:
    rows = selectors.network_demand(network=network_get(slug=slug), kreis_key=kreis.strip()[:5])
    return [
        {
            "service": {"ozg_id": r.service.ozg_id, "name": r.service.name},
            "proposals": r.proposals,
            "supports": r.supports,
            "people": r.people,
            "towns": [{**_town(town), "people": people} for town, people in r.towns],
            "offered_by": [_town(town) for town in r.offered_by],
        }
        for r in rows
    ]


@organization_participation_router.get(
    "/{key}/proposals",
    response={200: list[ProposalOut], 404: ErrorOut},
    summary="Vorschläge der Bürgerinnen und Bürger für eine Kommune",
)
@paginate(LimitOffsetPagination)
def proposal_list(request: HttpRequest, key: str, state: str = "", ozg_id: int | None = None) -> Any:
    return selectors.proposal_list(
        organization=organization_get(key=key),
        filters=selectors.ProposalFilter(state=state[:20], ozg_id=ozg_id),
    )


@organization_participation_router.post(
    "/{key}/proposals",
    response={201: ProposalDetailOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Vorschlag machen („Das fehlt mir“)",
    description="Nur mit bestätigtem Beteiligungskonto (sonst 403); zu viele Beiträge in kurzer Zeit ergeben 429.",
)
def proposal_create(request: HttpRequest, key: str, payload: ProposalIn) -> Status[Any]:
    proposal = services.proposal_create(
        actor=Actor.of(request.user),
        organization=organization_get(key=key),
        title=payload.title,
        text=payload.text,
        service=service_get(ozg_id=payload.ozg_id) if payload.ozg_id else None,
        ip=client_ip(request),
    )
    return Status(201, _detail(request, proposal.pk))


@proposals_router.get(
    "/{proposal_id}", response={200: ProposalDetailOut, 404: ErrorOut}, summary="Ein Vorschlag"
)
def proposal_detail(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    return _detail(request, proposal_id)


def _proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    return selectors.proposal_get(proposal_id=proposal_id, user=request.user)


@proposals_router.post(
    "/{proposal_id}/support",
    response={200: ProposalDetailOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Vorschlag unterstützen (einmal je Person; ein zweites Mal ergibt 409)",
)
def support_add(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    services.support_add(
        actor=Actor.of(request.user), proposal=_proposal(request, proposal_id), ip=client_ip(request)
    )
    return _detail(request, proposal_id)


@proposals_router.delete(
    "/{proposal_id}/support",
    response={200: ProposalDetailOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Unterstützung zurücknehmen",
)
def support_remove(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    services.support_remove(actor=Actor.of(request.user), proposal=_proposal(request, proposal_id))
    return _detail(request, proposal_id)


@proposals_router.post(
    "/{proposal_id}/comments",
    response={201: ProposalDetailOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Vorschlag kommentieren",
)
def comment_add(request: HttpRequest, proposal_id: int, payload: CommentIn) -> Status[Any]:
    services.comment_add(
        actor=Actor.of(request.user),
        proposal=_proposal(request, proposal_id),
        text=payload.text,
        ip=client_ip(request),
    )
    return Status(201, _detail(request, proposal_id))


@proposals_router.post(
    "/{proposal_id}/state",
    response={200: ProposalDetailOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Stand setzen (Redaktion der Kommune): beantwortet, geplant, umgesetzt, nicht möglich, offen",
    description="Außer bei „open“ ist eine Begründung Pflicht; sie ist öffentlich. Wer dem Vorschlag folgt, "
    "wird benachrichtigt.",
)
def state_set(request: HttpRequest, proposal_id: int, payload: StateIn) -> dict[str, Any]:
    services.proposal_set_state(
        actor=Actor.of(request.user),
        proposal=_proposal(request, proposal_id),
        state=payload.state,
        reason=payload.reason,
    )
    return _detail(request, proposal_id)


# --- moderation: the same services as the pages -----------------------------------------------


@organization_participation_router.get(
    "/{key}/moderation/proposals",
    response={200: list[ModeratedProposalOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="Ausgeblendete und gemeldete Vorschläge der Kommune (Redaktion der Kommune)",
    description="Neueste zuerst; `only=hidden` nur ausgeblendete (auch zusammengeführte Dubletten), "
    "`only=reported` nur die mit offenen Meldungen, leer beide. Ein Token „nur lesen“ genügt; andere "
    "als die Redaktion der Kommune bekommen 403.",
)
@paginate(LimitOffsetPagination)
def moderation_proposals(request: HttpRequest, key: str, only: str = "") -> Any:
    organization = organization_get(key=key)
    policy.require(
        selectors.can_moderate(request.user, organization),
        request.user,
        "Nur die Redaktion der Kommune sieht ausgeblendete und gemeldete Vorschläge.",
    )
    if only not in selectors.MODERATION_FILTERS:
        raise DomainError(
            "Unbekannter Filter.", [FieldError("only", "hidden, reported oder leer")], status=422
        )
    return selectors.moderation_proposals(organization=organization, only=only)


@proposals_router.post(
    "/{proposal_id}/reports",
    response={201: ReportOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Vorschlag oder einen seiner Kommentare der Moderation der Kommune melden",
    description="Jede angemeldete Person; mit `comment` wird der Kommentar gemeldet. Die Meldung sieht "
    "nur die Redaktion der Kommune; die meldende Person bleibt ihr gegenüber ungenannt.",
)
def report_create(request: HttpRequest, proposal_id: int, payload: ReportIn) -> Status[Any]:
    proposal = _proposal(request, proposal_id)
    comment = None
    if payload.comment is not None:
        comment = selectors.comment_of(proposal=proposal, comment_id=payload.comment)
        if comment is None or comment.is_hidden:
            raise DomainError(
                detail="Diesen Kommentar gibt es bei diesem Vorschlag nicht.",
                errors=[FieldError("comment", "unbekannter Kommentar")],
                status=422,
            )
    report = services.report_create(
        actor=Actor.of(request.user),
        proposal=proposal,
        comment=comment,
        reason=payload.reason,
        ip=client_ip(request),
    )
    return Status(
        201,
        {
            "id": report.pk,
            "proposal": proposal.pk,
            "comment": report.comment_id,
            "reason": report.reason,
            "created_at": report.created_at,
        },
    )


@organization_participation_router.get(
    "/{key}/reports",
    response={200: list[QueuedReportOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=signed_in,
    summary="Offene Meldungen der Kommune, neueste zuerst (Redaktion der Kommune)",
    description="Ein Token „nur lesen“ genügt. Erledigt werden Meldungen durch Ausblenden des Vorschlags "
    "oder des Kommentars.",
)
@paginate(LimitOffsetPagination)
def report_list(request: HttpRequest, key: str) -> Any:
    organization = organization_get(key=key)
    policy.require(
        selectors.can_moderate(request.user, organization),
        request.user,
        "Nur die Redaktion der Kommune sieht ihre Meldungen.",
    )
    return [
        {
            "id": report.pk,
            "proposal": report.proposal_id,
            "proposal_title": report.proposal.title,
            "comment": report.comment_id,
            "comment_text": report.comment.text if report.comment else None,
            "comment_hidden": report.comment.is_hidden if report.comment else None,
            "reason": report.reason,
            "created_at": report.created_at,
        }
        for report in selectors.open_reports(organization=organization)
    ]


@proposals_router.post(
    "/{proposal_id}/hide",
    response={200: ProposalDetailOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Vorschlag ausblenden oder wieder zeigen (Redaktion der Kommune)",
    description="Erledigt offene Meldungen zum Vorschlag. Ein zusammengeführter Vorschlag bleibt "
    "ausgeblendet (409).",
)
def proposal_hide(request: HttpRequest, proposal_id: int, payload: HideIn) -> dict[str, Any]:
    services.proposal_hide(
        actor=Actor.of(request.user), proposal=_proposal(request, proposal_id), hidden=payload.hidden
    )
    return _detail(request, proposal_id)


@proposals_router.post(
    "/{proposal_id}/comments/{comment_id}/hide",
    response={200: ProposalDetailOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Kommentar ausblenden (Redaktion der Kommune)",
)
def comment_hide(request: HttpRequest, proposal_id: int, comment_id: int) -> dict[str, Any]:
    proposal = _proposal(request, proposal_id)
    comment = selectors.comment_of(proposal=proposal, comment_id=comment_id)
    if comment is None:
        raise NotFound(f"Kein Kommentar mit der Nummer {comment_id} bei diesem Vorschlag.")
    services.comment_hide(actor=Actor.of(request.user), comment=comment)
    return _detail(request, proposal_id)


@proposals_router.post(
    "/{proposal_id}/merge",
    response={200: ProposalDetailOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Dublette in einen anderen Vorschlag derselben Kommune übernehmen (Redaktion der Kommune)",
    description="Die Unterstützungen der Dublette gehen auf `into` über, ihre Autorin oder ihr Autor "
    "unterstützt ihn; niemand zählt doppelt, Folgende folgen ihm; die Dublette wird ausgeblendet. "
    "Antwort: der Vorschlag `into`.",
)
def proposal_merge(request: HttpRequest, proposal_id: int, payload: MergeIn) -> dict[str, Any]:
    proposal = _proposal(request, proposal_id)
    into = selectors.proposal_find(proposal_id=payload.into)
    if into is None:
        raise DomainError(
            detail=f"Kein Vorschlag mit der Nummer {payload.into}.",
            errors=[FieldError("into", "unbekannter Vorschlag")],
            status=422,
        )
    services.proposal_merge(actor=Actor.of(request.user), proposal=proposal, into=into)
    return _detail(request, into.pk)


def process_out(process: Process) -> dict[str, Any]:
    return {
        "id": process.pk,
        "organization": process.organization.key,
        "title": process.title,
        "description": process.description,
        "kind": process.kind,
        "budget": process.budget,
        "starts_at": process.starts_at,
        "ends_at": process.ends_at,
        "phase": process.phase(),
        "ballots": getattr(process, "ballot_count", 0),
        "is_demo": process.is_demo,
    }


def _process_detail(process_id: int) -> dict[str, Any]:
    process = selectors.process_get(process_id=process_id)
    return {
        **process_out(process),
        "items": [
            {
                "id": row.item.pk,
                "title": row.item.title,
                "service": {"ozg_id": row.item.service.ozg_id, "name": row.item.service.name}
                if row.item.service
                else None,
                "cost": row.item.cost,
                "votes": row.result.votes,
                "points": row.result.points,
                "funded": row.result.funded,
            }
            for row in selectors.process_results(process=process)
        ],
    }


@organization_participation_router.get(
    "/{key}/processes",
    response={200: list[ProcessOut], 404: ErrorOut},
    summary="Beteiligungsverfahren einer Kommune",
)
@paginate(LimitOffsetPagination)
def process_list(request: HttpRequest, key: str) -> Any:
    organization = organization_get(key=key)
    return [
        process_out(p)
        for p in selectors.process_list(organization=organization).select_related("organization")
    ]


PROCESS_EDITORS = "Nur die Redaktion der Kommune legt Beteiligungsverfahren an und ändert sie."


def _process_values(request: HttpRequest, organization: Organization, payload: ProcessIn) -> dict[str, Any]:
    """The payload as the service's arguments (for the town's editors: others learn nothing more)."""
    policy.require(selectors.can_moderate(request.user, organization), request.user, PROCESS_EDITORS)
    return {
        "title": payload.title,
        "description": payload.description,
        "kind": payload.kind,
        "budget": payload.budget,
        "starts_at": payload.starts_at,
        "ends_at": payload.ends_at,
        "items": services.item_drafts(rows=[(i.title, i.cost, i.ozg_id) for i in payload.items]),
    }


PROCESS_RULES = (
    "Nur die Redaktion der Kommune. Regeln wie auf der Seite: Ende nach dem Beginn (422 `ends_at`), "
    "Bürgerhaushalt mit Budget (422 `budget`) und Kosten je Option, zwei bis 50 Optionen (422 `items`), "
    "bekannte OZG-IDs (422 `items`)."
)


@organization_participation_router.post(
    "/{key}/processes",
    response={201: ProcessDetailOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Beteiligungsverfahren anlegen",
    description=PROCESS_RULES,
)
def process_create(request: HttpRequest, key: str, payload: ProcessIn) -> Status[Any]:
    organization = organization_get(key=key)
    process = services.process_create(
        actor=Actor.of(request.user),
        organization=organization,
        **_process_values(request, organization, payload),
    )
    return Status(201, _process_detail(process.pk))


@processes_router.put(
    "/{process_id}",
    response={200: ProcessDetailOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Beteiligungsverfahren ändern",
    description=PROCESS_RULES
    + " Ersetzt das ganze Verfahren. Vor der ersten Stimme ist alles änderbar (die Optionen werden "
    "ersetzt und bekommen neue IDs); danach nur Titel, Beschreibung und Ende (nicht in der "
    "Vergangenheit), sonst 409 mit den betroffenen Feldern; ein beendetes Verfahren mit Stimmen 409.",
)
def process_update(request: HttpRequest, process_id: int, payload: ProcessIn) -> dict[str, Any]:
    process = selectors.process_get(process_id=process_id)
    services.process_update(
        actor=Actor.of(request.user),
        process=process,
        **_process_values(request, process.organization, payload),
    )
    return _process_detail(process_id)


@processes_router.get(
    "/{process_id}",
    response={200: ProcessDetailOut, 404: ErrorOut},
    summary="Ein Beteiligungsverfahren mit Zwischenstand bzw. Ergebnis",
)
def process_detail(request: HttpRequest, process_id: int) -> dict[str, Any]:
    return _process_detail(process_id)


@processes_router.post(
    "/{process_id}/ballot",
    response={201: ProcessDetailOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Abstimmen (einmal je Person, nur zwischen Beginn und Ende)",
    description="Rangfolge: bis zu drei Options-IDs in der gewünschten Reihenfolge; Bürgerhaushalt: "
    "Optionen, die zusammen höchstens das Budget kosten. Eine zweite Stimme oder eine Stimme außerhalb "
    "des Zeitraums ergibt 409.",
)
def ballot_cast(request: HttpRequest, process_id: int, payload: BallotIn) -> Status[Any]:
    services.ballot_cast(
        actor=Actor.of(request.user),
        process=selectors.process_get(process_id=process_id),
        item_ids=list(payload.items),
        ip=client_ip(request),
    )
    return Status(201, _process_detail(process_id))
