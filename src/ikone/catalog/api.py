from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.errors import HttpError

from ikone.api.auth import write_auth
from ikone.api.schemas import ErrorOut
from ikone.catalog import listing, selectors, services
from ikone.catalog.publiccode import parse, to_json_obj
from ikone.catalog.schemas import (
    ImportOut,
    SolutionDetailOut,
    SolutionFilterIn,
    SolutionIn,
    SolutionPageIn,
    SolutionPageOut,
    ValidationResultOut,
)
from ikone.catalog.views import publiccode_response
from ikone.core.audit import Actor
from ikone.core.http import json_response
from ikone.organizations.selectors import network_get, organization_get
from ikone.ozg.models import Service

solutions_router = Router(tags=["Lösungskatalog"])
publiccode_router = Router(tags=["Lösungskatalog"])
MAX_YAML_BYTES = 1024 * 1024


@solutions_router.get("", response=SolutionPageOut, summary="Lösungen suchen, filtern, mit Facetten")
def solution_list(
    request: HttpRequest, filters: Query[SolutionFilterIn], paging: Query[SolutionPageIn]
) -> HttpResponse:
    # Written straight from the list snapshot or PostgreSQL (see ikone.catalog.listing); the tests check it
    # against the SolutionPageOut schema.
    query = selectors.SolutionFilter(**filters.dict())
    return json_response(
        request, listing.list_json(user=request.user, filters=query, offset=paging.offset, limit=paging.limit)
    )


def _links(payload: SolutionIn) -> services.SolutionLinks:
    return services.SolutionLinks(
        owner=organization_get(key=payload.owner) if payload.owner else None,
        networks=[network_get(slug=slug) for slug in payload.networks]
        if payload.networks is not None
        else None,
        services=list(Service.objects.filter(ozg_id__in=payload.services))
        if payload.services is not None
        else None,
        visibility=payload.visibility,
    )


@solutions_router.post(
    "",
    response={
        201: SolutionDetailOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    auth=write_auth,
    summary="Lösung anlegen",
)
def solution_create(request: HttpRequest, payload: SolutionIn) -> Status[Any]:
    solution = services.solution_create(
        actor=Actor.of(request.user), document=payload.document, links=_links(payload)
    )
    return Status(201, selectors.solution_get(user=request.user, slug=solution.slug))


@solutions_router.post(
    "/import",
    response={200: ImportOut, 201: ImportOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=write_auth,
    summary="publiccode.yml importieren (YAML im Rumpf)",
)
def solution_import(
    request: HttpRequest, owner: str | None = None, network: str | None = None, visibility: str | None = None
) -> Status[Any]:
    if len(request.body) > MAX_YAML_BYTES:
        raise HttpError(413, "Die Datei ist größer als 1 MiB.")
    report = services.solution_import(
        actor=Actor.of(request.user),
        content=request.body,
        owner=organization_get(key=owner) if owner else None,
        network=network_get(slug=network) if network else None,
        visibility=visibility if visibility in {"public", "network", "draft"} else None,
    )
    status = 201 if report.status == "created" else 200
    return Status(status, {"status": report.status, "warnings": report.warnings, "solution": report.solution})


@solutions_router.get("/{slug}", response={200: SolutionDetailOut, 404: ErrorOut}, summary="Eine Lösung")
def solution_detail(request: HttpRequest, slug: str) -> Any:
    return selectors.solution_get(user=request.user, slug=slug)


@solutions_router.put(
    "/{slug}",
    response={
        200: SolutionDetailOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    auth=write_auth,
    summary="Lösung ändern",
)
def solution_update(request: HttpRequest, slug: str, payload: SolutionIn) -> Any:
    solution = selectors.solution_get(user=request.user, slug=slug)
    solution = services.solution_update(
        actor=Actor.of(request.user), solution=solution, document=payload.document, links=_links(payload)
    )
    return selectors.solution_get(user=request.user, slug=solution.slug)


@solutions_router.delete(
    "/{slug}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=write_auth,
    summary="Lösung löschen",
)
def solution_delete(request: HttpRequest, slug: str) -> Status[None]:
    services.solution_delete(
        actor=Actor.of(request.user), solution=selectors.solution_get(user=request.user, slug=slug)
    )
    return Status(204, None)


@solutions_router.get(
    "/{slug}/publiccode.yml",
    response={200: str, 404: ErrorOut},
    summary="publiccode.yml herunterladen",
    openapi_extra={"responses": {200: {"content": {"application/yaml": {"schema": {"type": "string"}}}}}},
)
def solution_export(request: HttpRequest, slug: str) -> HttpResponse:
    return publiccode_response(selectors.solution_get(user=request.user, slug=slug))


@publiccode_router.post(
    "/validate",
    response=list[ValidationResultOut],
    summary="publiccode.yml prüfen (YAML im Rumpf)",
    description="Ergebnisliste wie die `-json`-Ausgabe des Referenzparsers; Netzprüfungen sind aus.",
)
def publiccode_validate(request: HttpRequest) -> Any:
    if len(request.body) > MAX_YAML_BYTES:
        raise HttpError(413, "Die Datei ist größer als 1 MiB.")
    return to_json_obj(parse(request.body).results)
