"""Reads for organisations and networks. Filters are defined once here for the UI and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from ikone.core.errors import NotFound
from ikone.organizations.choices import Level, MembershipRole
from ikone.organizations.models import MembershipRequest, Network, NetworkMembership, Organization


@dataclass(frozen=True)
class OrganizationFilter:
    land: str | None = None
    kreis: str | None = None
    level: str | None = None
    kind: str | None = None
    q: str | None = None


def organization_list(*, filters: OrganizationFilter | None = None) -> QuerySet[Organization]:
    filters = filters or OrganizationFilter()
    queryset = Organization.objects.all()
    if filters.land:
        queryset = queryset.filter(land_key=filters.land)
    if filters.kreis:
        queryset = queryset.filter(kreis_key=filters.kreis)
    if filters.level:
        queryset = queryset.filter(level=filters.level)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.q:
        term = filters.q.strip()
        condition = Q(short_name__icontains=term) | Q(name__icontains=term)
        if term.isdigit():
            condition |= Q(ags__startswith=term) | Q(ars__startswith=term)
        queryset = queryset.filter(condition)
    return queryset.order_by("short_name", "ags", "slug")


def organization_get(*, key: str) -> Organization:
    organization = Organization.objects.by_key(key).select_related("land", "kreis", "gemeindeverband").first()
    if organization is None:
        raise NotFound(f"Keine Organisation mit dem Schlüssel „{key}“.")
    return organization


def organization_memberships(*, organization: Organization) -> QuerySet[NetworkMembership]:
    return organization.memberships.select_related("network").order_by("network__name")


def organization_children(*, organization: Organization) -> QuerySet[Organization]:
    """Municipalities of a Kreis or a Gemeindeverband."""
    if organization.level == Level.KREIS:
        return Organization.objects.filter(level=Level.GEMEINDE, kreis=organization)
    if organization.level == Level.GEMEINDEVERBAND:
        return Organization.objects.filter(level=Level.GEMEINDE, gemeindeverband=organization)
    return Organization.objects.none()


def network_list() -> QuerySet[Network]:
    return (
        Network.objects.select_related("coordinator")
        .annotate(
            member_count=Count(
                "memberships", filter=~Q(memberships__role=MembershipRole.OBSERVER), distinct=True
            ),
            population=Sum(
                "memberships__organization__population",
                filter=Q(memberships__organization__level=Level.GEMEINDE),
            ),
        )
        .order_by("name")
    )


def network_get(*, slug: str) -> Network:
    network = (
        Network.objects.select_related("coordinator")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=NetworkMembership.objects.select_related("organization").order_by(
                    "role", "organization__short_name"
                ),
            ),
            "fundings__funder",
        )
        .filter(slug=slug)
        .first()
    )
    if network is None:
        raise NotFound(f"Kein Netzwerk mit dem Kurznamen „{slug}“.")
    return network


@dataclass(frozen=True)
class PlatformFigures:
    networks: int
    members: int
    municipalities: int


def platform_figures() -> PlatformFigures:
    return PlatformFigures(
        networks=Network.objects.count(),
        members=NetworkMembership.objects.values("organization").distinct().count(),
        municipalities=Organization.objects.filter(level=Level.GEMEINDE).count(),
    )


def pending_requests(
    *, network: Network | None = None, organization: Organization | None = None
) -> QuerySet[MembershipRequest]:
    """Open invitations and join requests of a network or an organisation."""
    queryset = MembershipRequest.objects.filter(status=MembershipRequest.Status.PENDING).select_related(
        "network", "organization"
    )
    if network is not None:
        queryset = queryset.filter(network=network)
    if organization is not None:
        queryset = queryset.filter(organization=organization)
    return queryset.order_by("-created_at")
