from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from ikone.api.schemas import ErrorOut
from ikone.core.pagination import LimitOffsetPagination
from ikone.ozg import selectors
from ikone.ozg.schemas import MaturityModelOut, ServiceDetailOut, ServiceFilterIn, ServiceOut

services_router = Router(tags=["OZG-Katalog"])
maturity_router = Router(tags=["OZG-Katalog"])


@services_router.get("", response=list[ServiceOut], summary="OZG-Leistungen suchen und filtern")
@paginate(LimitOffsetPagination)
def service_list(request: HttpRequest, filters: Query[ServiceFilterIn]) -> Any:
    return selectors.service_list(filters=selectors.ServiceFilter(**filters.dict()))


@services_router.get(
    "/{ozg_id}",
    response={200: ServiceDetailOut, 404: ErrorOut},
    summary="Eine OZG-Leistung mit LeiKa-Leistungen",
)
def service_detail(request: HttpRequest, ozg_id: int) -> Any:
    return selectors.service_get(ozg_id=ozg_id)


@maturity_router.get("", response=list[MaturityModelOut], summary="Reifegradmodelle mit ihren Stufen")
@paginate(LimitOffsetPagination)
def maturity_model_list(request: HttpRequest) -> Any:
    return selectors.maturity_model_list()
