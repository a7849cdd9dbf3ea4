"""Reuse API: adoptions, experience reports, questions and answers, recommendations, near-duplicates.

Routers mounted under /adoptions, /reports, /questions, /answers, and next to the catalog and
organisation routers under /solutions and /organizations (paths do not overlap)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from ikone.api.auth import write_auth
from ikone.api.schemas import ErrorOut
from ikone.catalog.models import Release
from ikone.catalog.selectors import solution_get
from ikone.core.audit import Actor
from ikone.core.errors import NotFound
from ikone.core.pagination import LimitOffsetPagination, PageIn, page
from ikone.organizations.models import Organization
from ikone.organizations.selectors import organization_get
from ikone.ozg.models import Service
from ikone.reuse import selectors, services
from ikone.reuse.models import Adoption
from ikone.reuse.recommend import organization_recommendations
from ikone.reuse.schemas import (
    AdoptionDetailsIn,
    AdoptionIn,
    AdoptionOut,
    AdoptionPageOut,
    AnswerIn,
    AnswerOut,
    ConfirmIn,
    DuplicateOut,
    LinkIn,
    LinkOut,
    ModerationIn,
    QuestionIn,
    QuestionOut,
    QuestionPageOut,
    QuestionUpdateIn,
    RecommendationOut,
    ReportIn,
    ReportOut,
    ReportPageOut,
    SupportIn,
    TransitionIn,
)

adoptions_router = Router(tags=["Nachnutzung"])
reports_router = Router(tags=["Nachnutzung"])
questions_router = Router(tags=["Nachnutzung"])
answers_router = Router(tags=["Nachnutzung"])
solution_reuse_router = Router(tags=["Nachnutzung"])
organization_reuse_router = Router(tags=["Nachnutzung"])
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
RANKED = 50  # recommendations and near-duplicates are ranked lists: the best 50, paged


class AdoptionFilterIn(Schema):
    solution: str | None = None
    organization: str | None = None
    state: str | None = None
    service: int | None = None


def _services(ozg_ids: list[int] | None) -> list[Service] | None:
    if ozg_ids is None:
        return None
    found = list(Service.objects.filter(ozg_id__in=ozg_ids))
    missing = sorted(set(ozg_ids) - {s.ozg_id for s in found})
    if missing:
        raise NotFound(f"Unbekannte OZG-IDs: {', '.join(map(str, missing))}")
    return found


def _details(payload: AdoptionDetailsIn, solution_id: int) -> services.AdoptionDetails:
    release = None
    if payload.release:
        release = Release.objects.filter(solution_id=solution_id, version=payload.release).first()
        if release is None:
            raise NotFound(f"Keine Version „{payload.release}“ dieser Lösung.")
    return services.AdoptionDetails(
        release=release,
        services=_services(payload.services),
        started_on=payload.started_on,
        production_since=payload.production_since,
        effort_days=payload.effort_days,
        operator_model=payload.operator_model,
        it_provider=payload.it_provider,
        contact_name=payload.contact_name,
        contact_email=payload.contact_email,
        review_due=payload.review_due,
    )


def _adoption(request: HttpRequest, adoption_id: int) -> Adoption:
    return selectors.adoption_get(user=request.user, pk=adoption_id)


@adoptions_router.get("", response=AdoptionPageOut, summary="Nachnutzungen (filterbar)")
def adoption_list(
    request: HttpRequest, filters: Query[AdoptionFilterIn], paging: Query[PageIn]
) -> dict[str, Any]:
    results = selectors.adoption_list(user=request.user, filters=selectors.AdoptionFilter(**filters.dict()))
    return page(results, paging)


@adoptions_router.post(
    "", response={201: AdoptionOut, **WRITE_ERRORS}, auth=write_auth, summary="Nachnutzung erfassen"
)
def adoption_create(request: HttpRequest, payload: AdoptionIn) -> Status[Any]:
    solution = solution_get(user=request.user, slug=payload.solution)
    adoption = services.adoption_create(
        actor=Actor.of(request.user),
        organization=organization_get(key=payload.organization),
        solution=solution,
        state=payload.state,
        details=_details(payload, solution.pk),
        ended_on=payload.ended_on,
        end_reason=payload.end_reason,
    )
    return Status(201, _adoption(request, adoption.pk))


@adoptions_router.get(
    "/{adoption_id}", response={200: AdoptionOut, 404: ErrorOut}, summary="Eine Nachnutzung"
)
def adoption_detail(request: HttpRequest, adoption_id: int) -> Any:
    return _adoption(request, adoption_id)


@adoptions_router.patch(
    "/{adoption_id}", response={200: AdoptionOut, **WRITE_ERRORS}, auth=write_auth, summary="Angaben ändern"
)
def adoption_update(request: HttpRequest, adoption_id: int, payload: AdoptionDetailsIn) -> Any:
    adoption = _adoption(request, adoption_id)
    services.adoption_update(
        actor=Actor.of(request.user), adoption=adoption, details=_details(payload, adoption.solution_id)
    )
    return _adoption(request, adoption_id)


@adoptions_router.post(
    "/{adoption_id}/transition",
    response={200: AdoptionOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Stand ändern (interessiert → in Prüfung → Pilot → in Produktion → beendet)",
)
def adoption_transition(request: HttpRequest, adoption_id: int, payload: TransitionIn) -> Any:
    services.adoption_transition(
        actor=Actor.of(request.user),
        adoption=_adoption(request, adoption_id),
        state=payload.state,
        on=payload.on,
        reason=payload.reason,
    )
    return _adoption(request, adoption_id)


@adoptions_router.post(
    "/{adoption_id}/confirm",
    response={200: AdoptionOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Nachnutzung bestätigen (nachnutzende Organisation)",
)
def adoption_confirm(request: HttpRequest, adoption_id: int, payload: ConfirmIn) -> Any:
    services.adoption_confirm(
        actor=Actor.of(request.user), adoption=_adoption(request, adoption_id), review_due=payload.review_due
    )
    return _adoption(request, adoption_id)


@adoptions_router.post(
    "/{adoption_id}/support",
    response={200: AdoptionOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Als von der Eigentümerin unterstützt markieren",
)
def adoption_support(request: HttpRequest, adoption_id: int, payload: SupportIn) -> Any:
    services.adoption_support_set(
        actor=Actor.of(request.user), adoption=_adoption(request, adoption_id), supported=payload.supported
    )
    return _adoption(request, adoption_id)


def _report_values(payload: ReportIn) -> services.ReportValues:
    return services.ReportValues(**payload.dict())


@adoptions_router.post(
    "/{adoption_id}/reports",
    response={201: ReportOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Erfahrungsbericht verfassen",
)
def report_create(request: HttpRequest, adoption_id: int, payload: ReportIn) -> Status[Any]:
    report = services.report_create(
        actor=Actor.of(request.user), adoption=_adoption(request, adoption_id), values=_report_values(payload)
    )
    return Status(201, selectors.report_get(user=request.user, pk=report.pk))


@reports_router.get("", response=ReportPageOut, summary="Erfahrungsberichte")
def report_list(
    request: HttpRequest, paging: Query[PageIn], solution: str | None = None, organization: str | None = None
) -> dict[str, Any]:
    results = selectors.report_list(user=request.user, solution=solution, organization=organization)
    return page(results, paging)


@reports_router.get("/{report_id}", response={200: ReportOut, 404: ErrorOut}, summary="Ein Erfahrungsbericht")
def report_detail(request: HttpRequest, report_id: int) -> Any:
    return selectors.report_get(user=request.user, pk=report_id)


@reports_router.put(
    "/{report_id}",
    response={200: ReportOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Erfahrungsbericht ändern",
)
def report_update(request: HttpRequest, report_id: int, payload: ReportIn) -> Any:
    services.report_update(
        actor=Actor.of(request.user),
        report=selectors.report_get(user=request.user, pk=report_id),
        values=_report_values(payload),
    )
    return selectors.report_get(user=request.user, pk=report_id)


def _own_organization(key: str | None) -> Organization | None:
    return organization_get(key=key) if key else None


@questions_router.get("", response=QuestionPageOut, summary="Fragen zu Lösungen")
def question_list(request: HttpRequest, paging: Query[PageIn], solution: str | None = None) -> dict[str, Any]:
    results = selectors.question_list(user=request.user, solution=solution)
    return page(results, paging)


@questions_router.post(
    "", response={201: QuestionOut, **WRITE_ERRORS}, auth=write_auth, summary="Frage stellen"
)
def question_create(request: HttpRequest, payload: QuestionIn) -> Status[Any]:
    question = services.question_create(
        actor=Actor.of(request.user),
        solution=solution_get(user=request.user, slug=payload.solution),
        title=payload.title,
        body=payload.body,
        organization=_own_organization(payload.organization),
    )
    return Status(201, selectors.question_get(user=request.user, pk=question.pk))


@questions_router.get(
    "/{question_id}", response={200: QuestionOut, 404: ErrorOut}, summary="Eine Frage mit Antworten"
)
def question_detail(request: HttpRequest, question_id: int) -> Any:
    return selectors.question_get(user=request.user, pk=question_id)


@questions_router.put(
    "/{question_id}", response={200: QuestionOut, **WRITE_ERRORS}, auth=write_auth, summary="Frage ändern"
)
def question_update(request: HttpRequest, question_id: int, payload: QuestionUpdateIn) -> Any:
    services.question_update(
        actor=Actor.of(request.user),
        question=selectors.question_get(user=request.user, pk=question_id),
        title=payload.title,
        body=payload.body,
    )
    return selectors.question_get(user=request.user, pk=question_id)


@questions_router.post(
    "/{question_id}/answers", response={201: AnswerOut, **WRITE_ERRORS}, auth=write_auth, summary="Antworten"
)
def answer_create(request: HttpRequest, question_id: int, payload: AnswerIn) -> Status[Any]:
    question = selectors.question_get(user=request.user, pk=question_id)
    parent = selectors.answer_get(user=request.user, pk=payload.parent) if payload.parent else None
    answer = services.answer_create(
        actor=Actor.of(request.user),
        question=question,
        body=payload.body,
        parent=parent,
        organization=_own_organization(payload.organization),
    )
    return Status(201, answer)


@questions_router.post(
    "/{question_id}/moderation",
    response={200: QuestionOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Frage ausblenden oder wieder zeigen (Eigentümerin, Koordination)",
)
def question_moderate(request: HttpRequest, question_id: int, payload: ModerationIn) -> Any:
    services.question_moderate(
        actor=Actor.of(request.user),
        question=selectors.question_get(user=request.user, pk=question_id),
        hidden=payload.hidden,
        reason=payload.reason,
    )
    return selectors.question_get(user=request.user, pk=question_id)


@answers_router.post(
    "/{answer_id}/moderation",
    response={200: AnswerOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Antwort ausblenden oder wieder zeigen (Eigentümerin, Koordination)",
)
def answer_moderate(request: HttpRequest, answer_id: int, payload: ModerationIn) -> Any:
    return services.answer_moderate(
        actor=Actor.of(request.user),
        answer=selectors.answer_get(user=request.user, pk=answer_id),
        hidden=payload.hidden,
        reason=payload.reason,
    )


@organization_reuse_router.get(
    "/{key}/recommendations",
    response={200: list[RecommendationOut], 404: ErrorOut},
    summary="Empfohlene Lösungen für die Lücken der Organisation, mit Begründung",
    description="Die besten 50 Empfehlungen, beste zuerst, seitenweise.",
)
@paginate(LimitOffsetPagination)
def recommendations(request: HttpRequest, key: str) -> list[dict[str, Any]]:
    return [
        {
            "solution": {"slug": r.solution.slug, "name": r.solution.name},
            "score": r.score,
            "explanation": r.explanation,
            "production_adopters": r.production_adopters,
            "average_rating": r.average_rating,
            "services": [s.ozg_id for s in r.gap_services],
        }
        for r in organization_recommendations(
            user=request.user, organization=organization_get(key=key), limit=RANKED
        )
    ]


@solution_reuse_router.get(
    "/{slug}/near-duplicates",
    response={200: list[DuplicateOut], 404: ErrorOut},
    summary="Möglicherweise dieselbe Lösung (gleiche OZG-Leistungen, ähnlicher Text)",
    description="Die 50 ähnlichsten Lösungen, ähnlichste zuerst, seitenweise.",
)
@paginate(LimitOffsetPagination)
def near_duplicates(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    solution = solution_get(user=request.user, slug=slug)
    return [
        {
            "solution": {"slug": other.slug, "name": other.name},
            "owner": {"key": other.owner.key, "name": str(other.owner)} if other.owner else None,
            "text_score": match.text_score,
            "service_overlap": round(match.service_overlap, 3),
        }
        for other, match in selectors.solution_near_duplicates(
            user=request.user, solution=solution, limit=RANKED
        )
    ]


@solution_reuse_router.post(
    "/{slug}/links",
    response={201: LinkOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Ähnliche Lösung verknüpfen (dieselbe, Variante, abgelöst durch, verschieden)",
)
def link_create(request: HttpRequest, slug: str, payload: LinkIn) -> Status[Any]:
    link = services.solution_link_set(
        actor=Actor.of(request.user),
        source=solution_get(user=request.user, slug=slug),
        target=solution_get(user=request.user, slug=payload.target),
        kind=payload.kind,
        note=payload.note,
    )
    return Status(201, link)
