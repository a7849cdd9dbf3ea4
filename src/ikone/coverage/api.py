"""Coverage API. Three routers: mounted under /organizations and /networks next to the routers of
those apps (django-ninja allows several routers on one prefix; the paths do not overlap), and
/coverage for the area aggregates and the import template."""

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Query, Router, UploadedFile
from ninja.errors import HttpError

from ikone.api.auth import write_auth
from ikone.api.schemas import ErrorOut
from ikone.catalog.models import Solution
from ikone.core.audit import Actor
from ikone.core.errors import NotFound
from ikone.core.pagination import PageIn, page
from ikone.coverage import cache, outputs, selectors, services
from ikone.coverage.choices import COMPLIANT_LEVEL, DASHBOARD_MODEL, AreaScope
from ikone.coverage.schemas import (
    AreaCoverageOut,
    BulkIn,
    BulkOut,
    CoverageOut,
    GapsOut,
    HistoryPageOut,
    ImportOut,
    LeikaStatusOut,
    NetworkCoverageOut,
    StatusIn,
    StatusOut,
)
from ikone.organizations.selectors import network_get, organization_get
from ikone.ozg.models import LeikaService

organization_coverage_router = Router(tags=["OZG-Umsetzungsstand"])
network_coverage_router = Router(tags=["OZG-Umsetzungsstand"])
coverage_router = Router(tags=["OZG-Umsetzungsstand"])
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class CoveragePageIn(PageIn):
    """Coverage lists have a row per OZG-Leistung: 100 by default, the whole catalog (under 600) at most."""

    limit: int = Field(100, ge=1, le=600, description="Höchstzahl der Einträge auf der Seite")


def _values(payload: StatusIn) -> services.StatusValues:
    solution = None
    if payload.solution:
        solution = Solution.objects.filter(slug=payload.solution).first()
        if solution is None:
            raise NotFound(f"Keine Lösung mit dem Kurznamen „{payload.solution}“.")
    return services.StatusValues(
        level=payload.level,
        model=payload.model,
        online_since=payload.online_since,
        url=payload.url,
        solution=solution,
        note=payload.note,
    )


@organization_coverage_router.get(
    "/{key}/coverage",
    response={200: CoverageOut, 404: ErrorOut},
    summary="Umsetzungsstand einer Organisation",
)
def coverage_list(request: HttpRequest, key: str, paging: Query[CoveragePageIn]) -> HttpResponse:
    return cache.cached_json(
        request, ("coverage", key, paging.offset, paging.limit), CoverageOut, lambda: _coverage(key, paging)
    )


def _coverage(key: str, paging: PageIn) -> dict[str, Any]:
    organization = organization_get(key=key)
    summary = selectors.organization_summary(organization=organization)
    statuses = selectors.status_list(organization=organization)
    return {
        "organization": organization.key,
        "services": summary.services,
        "online": summary.online,
        "compliant": summary.compliant,
        "compliant_share": round(summary.compliant_share, 4),
        "themenfelder": summary.rows,
        **page(statuses, paging),
    }


@organization_coverage_router.get(
    "/{key}/coverage/history",
    response={200: HistoryPageOut, 404: ErrorOut},
    summary="Änderungsverlauf des Umsetzungsstands (wer, wann, alt → neu)",
)
def coverage_history(
    request: HttpRequest, key: str, paging: Query[CoveragePageIn], ozg_id: int | None = None
) -> dict[str, Any]:
    organization = organization_get(key=key)
    return page(selectors.status_history(organization=organization, ozg_id=ozg_id), paging)


@organization_coverage_router.post(
    "/{key}/coverage/import",
    response={200: ImportOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Umsetzungsstand aus CSV oder XLSX importieren",
    description="Alles oder nichts (`mode=all`, Vorgabe): eine fehlerhafte Zeile → 422 mit jeder Zeile "
    "in `errors` (`field` = `rows.<Zeile>.<Spalte>`), nichts übernommen. `mode=partial` übernimmt die "
    "gültigen Zeilen und meldet die übrigen in `problems`.",
)
def coverage_import(
    request: HttpRequest, key: str, file: File[UploadedFile], mode: Literal["all", "partial"] = "all"
) -> dict[str, Any]:
    organization = organization_get(key=key)
    if file.size and file.size > MAX_UPLOAD_BYTES:
        raise HttpError(413, "Die Datei ist größer als 5 MiB.")
    report = services.coverage_import(
        actor=Actor.of(request.user),
        organization=organization,
        content=file.read(),
        partial=mode == "partial",
    )
    return {
        "mode": mode,
        "applied": report.applied,
        "unchanged": report.unchanged,
        "skipped_blank": report.skipped_blank,
        "rejected_rows": report.rejected,
        "problems": [{"line": p.line, "column": p.column, "message": p.message} for p in report.problems],
    }


@organization_coverage_router.post(
    "/{key}/coverage/bulk",
    response={200: BulkOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Einen Stand für alle OZG-Leistungen eines Themenfelds setzen",
)
def coverage_bulk(request: HttpRequest, key: str, payload: BulkIn) -> Any:
    organization = organization_get(key=key)
    return services.themenfeld_status_set(
        actor=Actor.of(request.user),
        organization=organization,
        themenfeld=selectors.themenfeld_get(slug=payload.themenfeld),
        values=_values(payload),
        only_unreported=payload.only_unreported,
    )


@organization_coverage_router.put(
    "/{key}/coverage/leika/{leika_key}",
    response={200: LeikaStatusOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Stand einer LeiKa-Leistung setzen (die OZG-Leistung erhält die niedrigste Stufe)",
)
def leika_status_put(request: HttpRequest, key: str, leika_key: str, payload: StatusIn) -> Any:
    organization = organization_get(key=key)
    leika = LeikaService.objects.select_related("service").filter(key=leika_key).first()
    if leika is None or not leika_key:
        raise NotFound(f"Keine LeiKa-Leistung mit dem Schlüssel „{leika_key}“.")
    status = services.leika_status_set(
        actor=Actor.of(request.user), organization=organization, leika_service=leika, values=_values(payload)
    )
    status.leika_service = leika
    return status


@organization_coverage_router.get(
    "/{key}/coverage/{ozg_id}",
    response={200: StatusOut, 404: ErrorOut},
    summary="Stand einer OZG-Leistung",
)
def coverage_get(request: HttpRequest, key: str, ozg_id: int) -> Any:
    return selectors.status_get(organization=organization_get(key=key), ozg_id=ozg_id)


@organization_coverage_router.put(
    "/{key}/coverage/{ozg_id}",
    response={200: StatusOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Stand einer OZG-Leistung setzen",
    description='Rumpf mindestens `{"level": 3, "model": "1.1"}`; die Stufe wird gegen die Stufen des '
    "Modells geprüft (422). Nicht angegebene Felder werden geleert.",
)
def coverage_put(request: HttpRequest, key: str, ozg_id: int, payload: StatusIn) -> Any:
    organization = organization_get(key=key)
    services.service_status_set(
        actor=Actor.of(request.user),
        organization=organization,
        service=selectors.service_get(ozg_id=ozg_id),
        values=_values(payload),
    )
    return selectors.status_get(organization=organization, ozg_id=ozg_id)


@organization_coverage_router.get(
    "/{key}/gaps",
    response={200: GapsOut, 404: ErrorOut, 422: ErrorOut},
    summary="Lückenanalyse: OZG-Leistungen unter der Zielstufe, wer sie anbietet und womit",
)
def coverage_gaps(
    request: HttpRequest,
    key: str,
    paging: Query[CoveragePageIn],
    target: int = COMPLIANT_LEVEL,
    model: str = DASHBOARD_MODEL,
) -> HttpResponse:
    return cache.cached_json(
        request,
        ("gaps", key, target, model, paging.offset, paging.limit),
        None,
        lambda: _gaps(key, target, model, paging),
    )


def _gaps(key: str, target: int, model: str, paging: PageIn) -> dict[str, Any]:
    organization = organization_get(key=key)
    gaps = selectors.organization_gaps(organization=organization, target_level=target, model=model)
    return {
        "organization": organization.key,
        "target_level": target,
        "model": model,
        **page(gaps, paging, out=outputs.gap_dict),
    }


@network_coverage_router.get(
    "/{slug}/coverage",
    response={200: NetworkCoverageOut, 404: ErrorOut},
    summary="Netzwerk: Mitglieder × Themenfelder (online ≥ 2, OZG-konform ≥ 3, Modell 1.1) mit Rangfolge",
)
def network_coverage(request: HttpRequest, slug: str) -> HttpResponse:
    return cache.cached_json(
        request,
        ("network", slug),
        None,
        lambda: outputs.matrix_dict(selectors.network_matrix(network=network_get(slug=slug))),
    )


def _area(request: HttpRequest, scope: str, key: str, min_level: int, model: str) -> HttpResponse:
    return cache.cached_json(
        request,
        ("area", scope, key, min_level, model),
        None,
        lambda: outputs.area_dict(
            selectors.area_coverage(scope=scope, key=key, threshold=min_level, model=model)
        ),
    )


@coverage_router.get(
    "/national",
    response={200: AreaCoverageOut, 422: ErrorOut},
    summary="Bundesweit: Anteil der Kommunen je OZG-Leistung ab einer Stufe",
)
def coverage_national(
    request: HttpRequest, min_level: int = COMPLIANT_LEVEL, model: str = DASHBOARD_MODEL
) -> HttpResponse:
    return _area(request, AreaScope.NATIONAL, "", min_level, model)


@coverage_router.get(
    "/lands/{land}",
    response={200: AreaCoverageOut, 404: ErrorOut, 422: ErrorOut},
    summary="Ein Land: Anteil der Kommunen je OZG-Leistung ab einer Stufe, mit seinen Kreisen",
)
def coverage_land(
    request: HttpRequest, land: str, min_level: int = COMPLIANT_LEVEL, model: str = DASHBOARD_MODEL
) -> HttpResponse:
    return _area(request, AreaScope.LAND, land, min_level, model)


@coverage_router.get(
    "/kreise/{kreis}",
    response={200: AreaCoverageOut, 404: ErrorOut, 422: ErrorOut},
    summary="Ein Kreis: Anteil der Kommunen je OZG-Leistung ab einer Stufe",
)
def coverage_kreis(
    request: HttpRequest, kreis: str, min_level: int = COMPLIANT_LEVEL, model: str = DASHBOARD_MODEL
) -> HttpResponse:
    return _area(request, AreaScope.KREIS, kreis, min_level, model)


@coverage_router.get("/template.csv", summary="Importvorlage als CSV (alle OZG-Leistungen)")
def coverage_template_csv(request: HttpRequest) -> HttpResponse:
    return outputs.template_response("csv")


@coverage_router.get("/template.xlsx", summary="Importvorlage als XLSX (alle OZG-Leistungen)")
def coverage_template_xlsx(request: HttpRequest) -> HttpResponse:
    return outputs.template_response("xlsx")
