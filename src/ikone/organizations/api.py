from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import LimitOffsetPagination, paginate

from ikone.api.schemas import ErrorOut
from ikone.organizations import selectors
from ikone.organizations.schemas import (
    NetworkDetailOut,
    NetworkListOut,
    OrganizationDetailOut,
    OrganizationFilterIn,
    OrganizationOut,
)

organizations_router = Router(tags=["Organisationen"])
networks_router = Router(tags=["Netzwerke"])


@organizations_router.get("", response=list[OrganizationOut], summary="Organisationen suchen und filtern")
@paginate(LimitOffsetPagination)
def organization_list(request: HttpRequest, filters: Query[OrganizationFilterIn]) -> Any:
    return selectors.organization_list(filters=selectors.OrganizationFilter(**filters.dict()))


@organizations_router.get(
    "/{key}",
    response={200: OrganizationDetailOut, 404: ErrorOut},
    summary="Eine Organisation (AGS oder Kurzname)",
)
def organization_detail(request: HttpRequest, key: str) -> Any:
    return selectors.organization_get(key=key)


@networks_router.get("", response=list[NetworkListOut], summary="Netzwerke")
@paginate(LimitOffsetPagination)
def network_list(request: HttpRequest) -> Any:
    return selectors.network_list()


@networks_router.get(
    "/{slug}", response={200: NetworkDetailOut, 404: ErrorOut}, summary="Ein Netzwerk mit Mitgliedern"
)
def network_detail(request: HttpRequest, slug: str) -> Any:
    return selectors.network_get(slug=slug)
