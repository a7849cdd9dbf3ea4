"""The federation API for peer instances: public data only, no authentication."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from ikone.api.schemas import ErrorOut
from ikone.federation import dcat, selectors
from ikone.federation.http import conditional_json
from ikone.federation.schemas import (
    AdoptionFeedOut,
    CoverageFeedOut,
    FeedQueryIn,
    ReportFeedOut,
    SolutionFeedOut,
    StandardFeedOut,
)

federation_router = Router(tags=["Föderation"])


def _since(query: FeedQueryIn) -> dt.datetime | None:
    since = query.changed_since
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    return since


@federation_router.get(
    "/solutions",
    response={200: SolutionFeedOut, 304: None, 422: ErrorOut},
    url_name="federation_solution_feed",
    summary="Geänderte öffentliche Lösungen seit einem Zeitpunkt (mit Löschvermerken)",
    description=(
        "Sortiert nach `changed_at`, dann `id`; `changed_since` schließt den Zeitpunkt ein. Einträge mit "
        "`deleted: true` sind gelöschte oder nicht mehr öffentliche Lösungen. Antwortet mit `ETag`; "
        "eine Anfrage mit passendem `If-None-Match` erhält 304 ohne Inhalt."
    ),
)
def solution_feed(request: HttpRequest, query: Query[FeedQueryIn]) -> HttpResponse:
    data = selectors.solution_feed(
        changed_since=_since(query),
        offset=query.offset,
        limit=query.limit,
        absolute=request.build_absolute_uri,
    )
    return conditional_json(request, data)


@federation_router.get(
    "/adoptions",
    response={200: AdoptionFeedOut, 304: None, 422: ErrorOut},
    url_name="federation_adoption_feed",
    summary="Geänderte Nachnutzungen öffentlicher Lösungen seit einem Zeitpunkt (mit Löschvermerken)",
    description=(
        "Wie der Feed der Lösungen: sortiert nach `changed_at`, dann `id`; `changed_since` schließt den "
        "Zeitpunkt ein; `ETag`/`If-None-Match`. Ohne Kontaktangaben."
    ),
)
def adoption_feed(request: HttpRequest, query: Query[FeedQueryIn]) -> HttpResponse:
    data = selectors.adoption_feed(changed_since=_since(query), offset=query.offset, limit=query.limit)
    return conditional_json(request, data)


@federation_router.get(
    "/reports",
    response={200: ReportFeedOut, 304: None, 422: ErrorOut},
    url_name="federation_report_feed",
    summary="Geänderte öffentliche Erfahrungsberichte seit einem Zeitpunkt (mit Löschvermerken)",
    description=(
        "Nur öffentliche Berichte zu öffentlichen Lösungen; wie der Feed der Lösungen sortiert und "
        "geblättert, mit `ETag`/`If-None-Match`."
    ),
)
def report_feed(request: HttpRequest, query: Query[FeedQueryIn]) -> HttpResponse:
    data = selectors.report_feed(changed_since=_since(query), offset=query.offset, limit=query.limit)
    return conditional_json(request, data)


@federation_router.get(
    "/standards",
    response={200: StandardFeedOut, 304: None, 422: ErrorOut},
    url_name="federation_standard_feed",
    summary="Geänderte Standards des Registers mit den vereinbarten Versionen je Netzwerk",
    description=(
        "Wie der Feed der Lösungen sortiert und geblättert, mit `ETag`/`If-None-Match`. Ein Standard "
        "ändert sich auch, wenn sich eine seiner Versionen ändert oder ein Netzwerk eine Version "
        "vereinbart oder aufgibt."
    ),
)
def standard_feed(request: HttpRequest, query: Query[FeedQueryIn]) -> HttpResponse:
    data = selectors.standard_feed(
        changed_since=_since(query),
        offset=query.offset,
        limit=query.limit,
        absolute=request.build_absolute_uri,
    )
    return conditional_json(request, data)


@federation_router.get(
    "/coverage",
    response={200: CoverageFeedOut, 304: None, 422: ErrorOut},
    url_name="federation_coverage_feed",
    summary="Geänderter OZG-Umsetzungsstand je Netzwerk (Summen über die Mitglieder)",
    description=(
        "Je Netzwerk die Zahl der OZG-Leistungen je Themenfeld und Reifegradstufe, zusammengezählt "
        "über die Mitglieder ohne beobachtende (wie CSV/XLSX der offenen Daten), ohne Namen von "
        "Mitgliedern. Wie der Feed der Lösungen sortiert und geblättert, mit `ETag`/`If-None-Match`."
    ),
)
def coverage_feed(request: HttpRequest, query: Query[FeedQueryIn]) -> HttpResponse:
    data = selectors.coverage_feed(
        changed_since=_since(query),
        offset=query.offset,
        limit=query.limit,
        absolute=request.build_absolute_uri,
    )
    return conditional_json(request, data)


dcat_router = Router(tags=["Offene Daten"])
JSON_LD_SCHEMA = {"type": "array", "items": {"type": "object"}, "description": "JSON-LD, expandierte Form"}
RDF_RESPONSES = {
    fmt: {
        200: {
            "content": {
                content_type.split(";")[0]: {
                    "schema": JSON_LD_SCHEMA if fmt == "jsonld" else {"type": "string"}
                }
            }
        }
    }
    for fmt, content_type in dcat.CONTENT_TYPES.items()
}


def _catalog(request: HttpRequest, fmt: str) -> HttpResponse:
    body = dcat.serialize(dcat.catalog_graph(absolute=request.build_absolute_uri), fmt)
    response = HttpResponse(body, content_type=dcat.CONTENT_TYPES[fmt])
    response["Cache-Control"] = "public, max-age=300"
    return response


@dcat_router.get(
    "/catalog.jsonld",
    response={200: str},
    summary="Offene Daten als DCAT-AP.de-Katalog (JSON-LD)",
    openapi_extra={"responses": RDF_RESPONSES["jsonld"]},
)
def dcat_catalog_jsonld(request: HttpRequest) -> HttpResponse:
    return _catalog(request, "jsonld")


@dcat_router.get(
    "/catalog.ttl",
    response={200: str},
    summary="Offene Daten als DCAT-AP.de-Katalog (Turtle)",
    openapi_extra={"responses": RDF_RESPONSES["ttl"]},
)
def dcat_catalog_ttl(request: HttpRequest) -> HttpResponse:
    return _catalog(request, "ttl")


@dcat_router.get(
    "/catalog.rdf",
    response={200: str},
    summary="Offene Daten als DCAT-AP.de-Katalog (RDF/XML)",
    openapi_extra={"responses": RDF_RESPONSES["rdf"]},
)
def dcat_catalog_rdf(request: HttpRequest) -> HttpResponse:
    return _catalog(request, "rdf")
