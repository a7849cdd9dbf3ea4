"""Harvesting API under /harvest: sources (platform administration and coordination), runs with
their items, and starting a run as a background job."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from ikone.api.auth import write_auth
from ikone.api.schemas import ErrorOut
from ikone.core.audit import Actor
from ikone.core.pagination import PageIn, page
from ikone.harvesting import selectors, services
from ikone.harvesting.models import HarvestItem, HarvestRun, HarvestSource
from ikone.harvesting.schemas import (
    ItemListOut,
    JobOut,
    RunListOut,
    RunOut,
    SourceIn,
    SourceListOut,
    SourceOut,
)
from ikone.organizations.models import Network
from ikone.organizations.selectors import network_get

harvest_router = Router(tags=["Import aus anderen Katalogen"])
READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def source_out(source: HarvestSource) -> dict[str, Any]:
    return {
        **{name: getattr(source, name) for name in services.SOURCE_FIELDS if name != "network"},
        "network": source.network.slug if source.network else None,
        "next_run_at": source.next_run_at,
    }


def run_out(run: HarvestRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "source": run.source.slug,
        "status": run.status,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "total": run.total,
        "message": run.message,
        "counts": selectors.run_counts_of(run),
    }


def item_out(item: HarvestItem) -> dict[str, Any]:
    return {
        "key": item.key,
        "outcome": item.outcome,
        "solution": item.solution.slug if item.solution else None,
        "message": item.message,
        "hints": item.hints,
    }


def _values(payload: SourceIn) -> dict[str, Any]:
    values = payload.dict()
    network: Network | None = network_get(slug=payload.network) if payload.network else None
    return {**values, "network": network}


@harvest_router.get(
    "/sources",
    response={200: SourceListOut, **READ_ERRORS},
    summary="Quellen des Imports aus anderen Katalogen",
)
def source_list(request: HttpRequest, paging: Query[PageIn]) -> dict[str, Any]:
    return page(selectors.sources(user=request.user), paging, source_out)


@harvest_router.post(
    "/sources", response={201: SourceOut, **WRITE_ERRORS}, auth=write_auth, summary="Quelle anlegen"
)
def source_create(request: HttpRequest, payload: SourceIn) -> Status[Any]:
    source = services.source_create(actor=Actor.of(request.user), values=_values(payload))
    return Status(201, source_out(source))


@harvest_router.get("/sources/{slug}", response={200: SourceOut, **READ_ERRORS}, summary="Eine Quelle")
def source_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    return source_out(selectors.source_get(user=request.user, slug=slug))


@harvest_router.put(
    "/sources/{slug}",
    response={200: SourceOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Quelle ändern",
)
def source_update(request: HttpRequest, slug: str, payload: SourceIn) -> dict[str, Any]:
    source = selectors.source_get(user=request.user, slug=slug)
    updated = services.source_update(actor=Actor.of(request.user), source=source, values=_values(payload))
    return source_out(updated)


@harvest_router.delete(
    "/sources/{slug}",
    response={204: None, **WRITE_ERRORS},
    auth=write_auth,
    summary="Quelle entfernen (übernommene Lösungen bleiben)",
)
def source_delete(request: HttpRequest, slug: str) -> Status[None]:
    services.source_delete(
        actor=Actor.of(request.user), source=selectors.source_get(user=request.user, slug=slug)
    )
    return Status(204, None)


@harvest_router.post(
    "/sources/{slug}/runs",
    response={202: JobOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Lauf starten (als Hintergrundaufgabe)",
)
def run_start(request: HttpRequest, slug: str) -> Status[Any]:
    source = selectors.source_get(user=request.user, slug=slug)
    return Status(202, {"job": services.run_request(actor=Actor.of(request.user), source=source)})


@harvest_router.get("/runs", response={200: RunListOut, **READ_ERRORS}, summary="Läufe, neueste zuerst")
def run_list(request: HttpRequest, paging: Query[PageIn], source: str | None = None) -> dict[str, Any]:
    selected = selectors.source_get(user=request.user, slug=source) if source else None
    return page(selectors.runs(user=request.user, source=selected), paging, run_out)


@harvest_router.get("/runs/{run_id}", response={200: RunOut, **READ_ERRORS}, summary="Ein Lauf")
def run_detail(request: HttpRequest, run_id: int) -> dict[str, Any]:
    return run_out(selectors.run_get(user=request.user, pk=run_id))


@harvest_router.get(
    "/runs/{run_id}/items", response={200: ItemListOut, **READ_ERRORS}, summary="Einträge eines Laufs"
)
def run_items(
    request: HttpRequest, run_id: int, paging: Query[PageIn], problems: bool = False
) -> dict[str, Any]:
    run = selectors.run_get(user=request.user, pk=run_id)
    return page(selectors.run_items(run=run, problems_only=problems), paging, item_out)
