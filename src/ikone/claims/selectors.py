"""Reads for claims: the network board, the roadmap, one claim with its history and findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from ikone.accounts import policy
from ikone.claims.choices import OPEN_STATES, ClaimState
from ikone.claims.conflicts import ClaimDraft, Detector, Finding, draft_of, unaccepted
from ikone.claims.models import Claim, ClaimTransition
from ikone.claims.roadmap import Item as RoadmapItem
from ikone.core.errors import NotFound
from ikone.organizations.choices import MembershipRole
from ikone.organizations.models import Network, NetworkMembership, Organization
from ikone.ozg.models import MaturityModel


@dataclass
class ClaimFilter:
    """Board filters: Themenfeld (slug), member (AGS or slug), state."""

    themenfeld: str = ""
    organization: str = ""
    state: str = ""


def _base() -> QuerySet[Claim]:
    return Claim.objects.select_related(
        "network", "organization", "service__themenfeld", "solution", "model"
    ).prefetch_related("partners")


def claim_list(*, network: Network, filters: ClaimFilter | None = None) -> QuerySet[Claim]:
    filters = filters or ClaimFilter()
    claims = _base().filter(network=network)
    if filters.themenfeld:
        claims = claims.filter(service__themenfeld__slug=filters.themenfeld)
    if filters.organization:
        claims = claims.filter(organization__in=Organization.objects.by_key(filters.organization))
    if filters.state:
        claims = claims.filter(state=filters.state)
    return claims.order_by("target_date", "organization__short_name", "id")


def claim_get(*, claim_id: int, network: Network | None = None) -> Claim:
    claims = _base().prefetch_related(
        Prefetch("transitions", queryset=ClaimTransition.objects.order_by("created_at", "id"))
    )
    if network is not None:
        claims = claims.filter(network=network)
    claim = claims.filter(pk=claim_id).first()
    if claim is None:
        raise NotFound(f"Keine Übernahme mit der Nummer {claim_id}.")
    return claim


def claim_conflicts(*, claim: Claim) -> list[Finding]:
    """Current duplicate-work findings of a claim (empty once it is closed)."""
    if not claim.is_open:
        return []
    draft = draft_of(claim)
    return Detector(claim.network, [draft]).detect(draft)


def conflicts_by_claim(claims: list[Claim]) -> dict[int, list[Finding]]:
    """Findings of the open claims of one network, computed together."""
    open_claims = [c for c in claims if c.is_open]
    if not open_claims:
        return {}
    detector = Detector(open_claims[0].network, [draft_of(c) for c in open_claims])
    return {c.pk: detector.detect(draft_of(c)) for c in open_claims}


def unaccepted_conflicts(*, claim: Claim, findings: list[Finding]) -> list[Finding]:
    return unaccepted(claim, findings)


def open_claims_by_service(network: Network) -> dict[int, list[Claim]]:
    """Open claims (proposed, accepted, in progress) of a network by OZG-Leistung id."""
    result: dict[int, list[Claim]] = {}
    for claim in (
        Claim.objects.filter(network=network, state__in=OPEN_STATES)
        .select_related("organization")
        .order_by("service_id", "id")
    ):
        result.setdefault(claim.service_id, []).append(claim)
    return result


def claim_members(network: Network) -> list[Organization]:
    """Members that can claim work (observers cannot)."""
    return list(
        Organization.objects.filter(
            pk__in=NetworkMembership.objects.filter(network=network)
            .exclude(role=MembershipRole.OBSERVER)
            .values("organization_id")
        ).order_by("short_name")
    )


def can_see_contacts(user: Any, network: Network) -> bool:
    """Contacts and notes are for the network's people (its members' staff, coordinators, admins)."""
    if policy.can_coordinate(user, network.pk):
        return True
    orgs = policy.organization_ids(user)
    return bool(orgs) and NetworkMembership.objects.filter(network=network, organization_id__in=orgs).exists()


@dataclass
class BoardColumn:
    state: str
    label: str
    cards: list[tuple[Claim, list[Finding]]]


def board_columns(claims: list[Claim], open_conflicts: dict[int, list[Finding]]) -> list[BoardColumn]:
    """One column per state; each card with its unaccepted findings."""
    return [
        BoardColumn(
            state=state.value,
            label=str(state.label),
            cards=[(c, open_conflicts.get(c.pk, [])) for c in claims if c.state == state],
        )
        for state in ClaimState
    ]


def draft_conflicts(
    *,
    network: Network,
    organization: Organization,
    service: Any,
    maturity_model: str,
    target_level: int,
    solution_id: int | None,
    new_solution_name: str,
) -> list[Finding]:
    """Findings for a claim not yet made (the warning on the claim form)."""
    model = MaturityModel.objects.filter(version=maturity_model).first()
    if model is None:
        return []
    draft = ClaimDraft(
        network=network,
        organization_id=organization.pk,
        service=service,
        model_id=model.pk,
        target_level=target_level,
        solution_id=solution_id,
        new_solution_name=new_solution_name.strip(),
    )
    return Detector(network, [draft]).detect(draft)


def roadmap_items(claims: list[Claim]) -> list[RoadmapItem]:
    """Open and delivered claims with a target date, as roadmap items."""
    return [
        RoadmapItem(
            claim_id=c.pk,
            member=str(c.organization),
            label=c.service.name,
            state=c.state,
            state_label=c.get_state_display(),
            start=timezone.localtime(c.created_at).date(),
            end=c.target_date,
            overdue=c.is_overdue,
        )
        for c in claims
        if c.target_date and c.state not in {ClaimState.WITHDRAWN, ClaimState.REJECTED}
    ]


def claims_coming_to(*, organization: Organization) -> QuerySet[Claim]:
    """Accepted and started claims that will bring an OZG-Leistung to `organization`: its own, and
    those of other members built for a network it belongs to."""
    networks = NetworkMembership.objects.filter(organization=organization).values("network_id")
    return (
        Claim.objects.filter(
            Q(organization=organization) | Q(network__in=networks),
            state__in=[ClaimState.ACCEPTED, ClaimState.IN_PROGRESS],
        )
        .select_related("network", "organization", "service__themenfeld")
        .order_by("service__ozg_id", "target_date", "id")
    )
