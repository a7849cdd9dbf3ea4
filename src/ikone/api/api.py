"""The ikone API (`/api/v1/`): mounts each app's router; errors share one structured body."""

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI, Schema, Status
from ninja.parser import Parser

from ikone.api.errors import error_body, install_error_handlers
from ikone.api.schemas import ErrorOut
from ikone.catalog.api import publiccode_router, solutions_router
from ikone.claims.api import claims_router, network_claims_router
from ikone.core.text import nul_paths
from ikone.costs.api import network_costs_router
from ikone.coverage.api import coverage_router, network_coverage_router, organization_coverage_router
from ikone.federation.api import dcat_router, federation_router
from ikone.harvesting.api import harvest_router
from ikone.notifications.api import notifications_router, subscriptions_router, webhooks_router
from ikone.operations.checks import readiness
from ikone.organizations.api import networks_router, organizations_router, requests_router
from ikone.ozg.api import maturity_router, services_router
from ikone.participation.api import (
    network_participation_router,
    organization_participation_router,
    processes_router,
    proposals_router,
)
from ikone.planning.api import network_plans_router, plans_router
from ikone.reuse.api import (
    adoptions_router,
    answers_router,
    organization_reuse_router,
    questions_router,
    reports_router,
    solution_reuse_router,
)
from ikone.standards.api import (
    interfaces_router,
    network_standards_router,
    openapi_router,
    solution_standards_router,
    standards_router,
)
from ikone.transferability.api import solution_transferability_router


class JsonParser(Parser):
    """Refuses NUL characters anywhere in a JSON body (PostgreSQL text cannot hold them): ninja
    answers an unparseable body with a structured 400 instead of a database error."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if nul_paths(data):
            raise ValueError("NUL character in the request body")
        return data


api = NinjaAPI(
    title="ikone API",
    version="1",
    description=(
        "Programmierschnittstelle von ikone: Organisationen, Netzwerke, OZG-Katalog und Reifegradmodelle. "
        'Fehler haben die Form {"detail": ..., "errors": [{"field": ..., "message": ...}]}.'
    ),
    urls_namespace="api",
    parser=JsonParser(),
)
install_error_handlers(api)


class HealthOut(Schema):
    status: str


@api.get("/health", response=HealthOut, tags=["Betrieb"], summary="Lebenszeichen (ohne Datenbank)")
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


class ReadyOut(Schema):
    status: str
    checks: dict[str, str]


@api.get(
    "/ready",
    response={200: ReadyOut, 503: ErrorOut},
    tags=["Betrieb"],
    summary="Bereitschaft (prüft die Datenbank)",
)
def ready(request: HttpRequest) -> Status:
    checks = readiness()
    failed = [{"field": name, "message": state} for name, state in checks.items() if state != "ok"]
    if failed:
        return Status(503, error_body("ikone ist nicht bereit.", failed))
    return Status(200, {"status": "ok", "checks": checks})


api.add_router("/organizations", organizations_router)
api.add_router("/networks", networks_router)
api.add_router("/membership-requests", requests_router)
api.add_router("/services", services_router)
api.add_router("/maturity-models", maturity_router)
api.add_router("/solutions", solutions_router)
api.add_router("/publiccode", publiccode_router)
api.add_router("/organizations", organization_coverage_router)
api.add_router("/networks", network_coverage_router)
api.add_router("/coverage", coverage_router)
api.add_router("/networks", network_claims_router)
api.add_router("/claims", claims_router)
api.add_router("/notifications", notifications_router)
api.add_router("/subscriptions", subscriptions_router)
api.add_router("/webhooks", webhooks_router)
api.add_router("/adoptions", adoptions_router)
api.add_router("/reports", reports_router)
api.add_router("/questions", questions_router)
api.add_router("/answers", answers_router)
api.add_router("/organizations", organization_reuse_router)
api.add_router("/solutions", solution_reuse_router)
api.add_router("/standards", standards_router)
api.add_router("/networks", network_standards_router)
api.add_router("/solutions", solution_standards_router)
api.add_router("/solutions", solution_transferability_router)
api.add_router("/interfaces", interfaces_router)
api.add_router("/openapi", openapi_router)
api.add_router("/harvest", harvest_router)
api.add_router("/networks", network_plans_router)
api.add_router("/plans", plans_router)
api.add_router("/organizations", organization_participation_router)
api.add_router("/proposals", proposals_router)
api.add_router("/processes", processes_router)
api.add_router("/networks", network_participation_router)
api.add_router("/networks", network_costs_router)
api.add_router("/federation", federation_router)
api.add_router("/dcat", dcat_router)
