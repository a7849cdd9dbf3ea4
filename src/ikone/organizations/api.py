from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ikone.api.auth import write_auth
from ikone.api.schemas import ErrorOut
from ikone.core.audit import Actor
from ikone.core.pagination import LimitOffsetPagination
from ikone.organizations import membership, selectors
from ikone.organizations.models import MembershipRequest
from ikone.organizations.schemas import (
    MembershipRequestIn,
    MembershipRequestOut,
    NetworkDetailOut,
    NetworkListOut,
    OrganizationDetailOut,
    OrganizationFilterIn,
    OrganizationOut,
)

organizations_router = Router(tags=["Organisationen"])
networks_router = Router(tags=["Netzwerke"])
requests_router = Router(tags=["Netzwerke"])


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


WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@networks_router.post(
    "/{slug}/invitations",
    response={201: MembershipRequestOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Organisation in das Netzwerk einladen (Koordination)",
)
def network_invite(request: HttpRequest, slug: str, payload: MembershipRequestIn) -> Status[Any]:
    invitation = membership.network_invite(
        actor=Actor.of(request.user),
        network=selectors.network_get(slug=slug),
        organization=selectors.organization_get(key=payload.organization),
        message=payload.message,
    )
    return Status(201, invitation)


@networks_router.post(
    "/{slug}/join-requests",
    response={201: MembershipRequestOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Beitritt beantragen (Organisationsadministration)",
)
def network_join_request(request: HttpRequest, slug: str, payload: MembershipRequestIn) -> Status[Any]:
    join_request = membership.network_join_request(
        actor=Actor.of(request.user),
        network=selectors.network_get(slug=slug),
        organization=selectors.organization_get(key=payload.organization),
        message=payload.message,
    )
    return Status(201, join_request)


def _decide(request: HttpRequest, request_id: int, accept: bool) -> Any:
    item = get_object_or_404(
        MembershipRequest.objects.select_related("network", "organization"), pk=request_id
    )
    return membership.membership_request_decide(actor=Actor.of(request.user), request=item, accept=accept)


@requests_router.post(
    "/{request_id}/accept",
    response={200: MembershipRequestOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Einladung oder Beitrittsanfrage annehmen",
)
def membership_request_accept(request: HttpRequest, request_id: int) -> Any:
    return _decide(request, request_id, True)


@requests_router.post(
    "/{request_id}/decline",
    response={200: MembershipRequestOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Einladung oder Beitrittsanfrage ablehnen",
)
def membership_request_decline(request: HttpRequest, request_id: int) -> Any:
    return _decide(request, request_id, False)
