from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from ikone.api.auth import write_auth
from ikone.api.schemas import ErrorOut
from ikone.catalog import selectors as catalog_selectors
from ikone.catalog.models import Solution
from ikone.core.audit import Actor
from ikone.core.errors import NotFound
from ikone.transferability import selectors, services
from ikone.transferability.models import TransferabilityFacts
from ikone.transferability.schemas import FactsIn, FactsOut, TransferabilityOut
from ikone.transferability.scoring import Assessment
from ikone.transferability.sources import sources_for
from ikone.transferability.views import pdf_response

solution_transferability_router = Router(tags=["Übertragbarkeit"])


def _out(solution: Solution, assessment: Assessment, general: Assessment) -> dict[str, Any]:
    target = assessment.target
    return {
        "solution": solution.slug,
        "name": solution.name,
        "score": assessment.score,
        "general_score": general.score,
        "max_points": assessment.max_points,
        "target": None
        if target is None
        else {
            "key": target.key,
            "name": target.name,
            "land_key": target.land_key,
            "population": target.population,
            "it_providers": list(target.it_providers),
            "languages": list(target.languages),
        },
        "criteria": [
            {
                "key": r.key,
                "label": r.criterion.label,
                "group": r.criterion.group,
                "weight": r.criterion.weight,
                "fulfilment": round(r.fulfilment, 4),
                "points": round(r.points, 2),
                "met": r.met,
                "evidence": list(r.evidence),
                "todo": r.todo,
                "sources": [vars(s) for s in sources_for(r.key)],
            }
            for r in assessment.results
        ],
        "todo": assessment.todo,
    }


def _facts_out(solution: Solution, facts: TransferabilityFacts) -> dict[str, Any]:
    return {
        "solution": solution.slug,
        **{name: getattr(facts, name) for name in services.FACT_FIELDS if name != "it_providers"},
        "it_providers": facts.it_provider_list,
    }


@solution_transferability_router.get(
    "/{slug}/transferability",
    response={200: TransferabilityOut, 404: ErrorOut, 422: ErrorOut},
    summary="Übertragbarkeit einer Lösung (allgemein oder für eine Zielorganisation)",
    description="`target`: AGS oder Kurzname der Zielorganisation; ohne `target` der allgemeine Wert.",
)
def transferability(request: HttpRequest, slug: str, target: str | None = None) -> dict[str, Any]:
    solution = catalog_selectors.solution_get(user=request.user, slug=slug)
    general = selectors.transferability(solution)
    assessment = general
    if target:
        organization, _candidates = selectors.target_resolve(target)
        if organization is None:
            raise NotFound(f"Keine Organisation mit dem Schlüssel „{target[:120]}“.")
        assessment = selectors.transferability(solution, organization)
    return _out(solution, assessment, general)


@solution_transferability_router.get(
    "/{slug}/transferability.pdf",
    response={200: bytes, 404: ErrorOut, 422: ErrorOut},
    summary="Bericht zur Übertragbarkeit als PDF",
    openapi_extra={
        "responses": {
            200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}
        }
    },
)
def transferability_pdf(request: HttpRequest, slug: str, target: str | None = None) -> HttpResponse:
    solution = catalog_selectors.solution_get(user=request.user, slug=slug)
    return pdf_response(solution, (target or "").strip())


@solution_transferability_router.get(
    "/{slug}/transferability/facts",
    response={200: FactsOut, 404: ErrorOut, 422: ErrorOut},
    summary="Angaben der Eigentümerin zur Übertragbarkeit",
)
def facts_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    solution = catalog_selectors.solution_get(user=request.user, slug=slug)
    return _facts_out(solution, selectors.facts_get(solution))


@solution_transferability_router.put(
    "/{slug}/transferability/facts",
    response={200: FactsOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=write_auth,
    summary="Angaben der Eigentümerin zur Übertragbarkeit setzen",
)
def facts_update(request: HttpRequest, slug: str, payload: FactsIn) -> dict[str, Any]:
    solution = catalog_selectors.solution_get(user=request.user, slug=slug)
    facts = services.facts_update(
        actor=Actor.of(request.user), solution=solution, values=services.FactValues(**payload.dict())
    )
    return _facts_out(solution, facts)
