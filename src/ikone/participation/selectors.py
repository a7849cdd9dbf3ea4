"""Reads for citizen participation: the public town page, proposals, demand aggregates, the
moderation queue and a person's own data.

Demand of an OZG-Leistung in a municipality = the people behind its proposals whose wish is not
yet met (offen, beantwortet, geplant; not hidden, not merged): one per proposal (its author) plus
one per support. Supports of deleted accounts stay counted anonymously.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from ikone.accounts import policy
from ikone.claims.models import Claim
from ikone.claims.selectors import claim_members, claims_coming_to
from ikone.core.errors import DomainError, FieldError, NotFound
from ikone.coverage.choices import DASHBOARD_MODEL, ONLINE_LEVEL
from ikone.coverage.models import ServiceStatus
from ikone.coverage.selectors import status_list
from ikone.organizations.choices import Level
from ikone.organizations.models import Network, Organization
from ikone.ozg.models import Service
from ikone.ozg.selectors import ServiceFilter, service_list
from ikone.participation.choices import DELETED_NAME, DEMAND_STATES, MAX_CHOICES, ProcessKind, ProposalState
from ikone.participation.computations import ItemResult, budget_result, ranking_result
from ikone.participation.models import (
    Ballot,
    BallotChoice,
    Comment,
    Follow,
    Participant,
    Process,
    ProcessItem,
    Proposal,
    Report,
    Support,
)

SUGGESTIONS = 8
CANDIDATES = 200
MAX_WORDS = 6
MIN_ENDING = 6


def participant_of(user: Any) -> Participant | None:
    if not policy.is_authenticated(user):
        return None
    return Participant.objects.filter(user=user).first()


def can_moderate(user: Any, organization: Organization) -> bool:
    return policy.can_edit_organization_data(user, organization.pk)


def _annotated(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return queryset.select_related("organization", "service__themenfeld", "author__participant").annotate(
        support_count=Count("supports", distinct=True),
        comment_count=Count("comments", filter=Q(comments__is_hidden=False), distinct=True),
    )


@dataclass(frozen=True)
class ProposalFilter:
    state: str = ""
    ozg_id: int | None = None


def proposal_list(
    *, organization: Organization, filters: ProposalFilter | None = None, include_hidden: bool = False
) -> QuerySet[Proposal]:
    """A town's proposals, most supported first (hidden ones only for moderation)."""
    filters = filters or ProposalFilter()
    queryset = Proposal.objects.filter(organization=organization)
    if not include_hidden:
        queryset = queryset.filter(is_hidden=False)
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.ozg_id is not None:
        queryset = queryset.filter(service__ozg_id=filters.ozg_id)
    return _annotated(queryset).order_by("-support_count", "-created_at", "-id")


def proposal_get(*, proposal_id: int, user: Any = None) -> Proposal:
    """One proposal; a hidden one only for the town's moderation (others get 404)."""
    proposal = _annotated(Proposal.objects.filter(pk=proposal_id)).first()
    if proposal is None or (proposal.is_hidden and not can_moderate(user, proposal.organization)):
        raise NotFound(f"Kein Vorschlag mit der Nummer {proposal_id}.")
    return proposal


def proposal_comments(*, proposal: Proposal, include_hidden: bool = False) -> QuerySet[Comment]:
    queryset = Comment.objects.filter(proposal=proposal).select_related("author__participant")
    return queryset if include_hidden else queryset.filter(is_hidden=False)


def display_name(user: Any) -> str:
    """The pseudonym shown for a person (never the e-mail address)."""
    if user is None:
        return str(DELETED_NAME)
    participant = getattr(user, "participant", None)
    return participant.display_name if participant else str(DELETED_NAME)


@dataclass(frozen=True)
class PersonalState:
    supports: bool
    follows: bool
    is_author: bool


def personal_state(*, proposal: Proposal, user: Any) -> PersonalState:
    if not policy.is_authenticated(user):
        return PersonalState(False, False, False)
    return PersonalState(
        supports=Support.objects.filter(proposal=proposal, user=user).exists(),
        follows=Follow.objects.filter(proposal=proposal, user=user).exists(),
        is_author=proposal.author_id == user.pk,
    )


def _word_endings(text: str) -> list[str]:
    """Lower-case endings (≥ 6 letters) of the words in `text`: German compounds end in their head
    word, so "Anwohnerparkausweis" also looks for "parkausweis"."""
    endings: set[str] = set()
    for word in re.findall(r"\w{6,}", text.lower())[:MAX_WORDS]:
        endings.update(word[start:] for start in range(len(word) - MIN_ENDING + 1))
    return sorted(endings, key=len, reverse=True)


def service_suggestions(*, q: str) -> list[Service]:
    """OZG-Leistungen matching what a citizen types: the OZG catalog's search for the whole text;
    without a hit, services whose name contains a word of it or a word's ending (longest first)."""
    q = (q or "").strip()[:100]
    if len(q) < 3 or "\x00" in q:
        return []
    found = list(service_list(filters=ServiceFilter(q=q))[:SUGGESTIONS])
    endings = _word_endings(q)
    if found or not endings:
        return found
    condition = Q()
    for ending in endings:
        condition |= Q(name__icontains=ending)
    candidates = list(Service.objects.filter(condition).order_by("ozg_id")[:CANDIDATES])

    def best(service: Service) -> int:
        name = service.name.lower()
        return next((len(e) for e in endings if e in name), 0)

    return sorted(candidates, key=lambda s: (-best(s), s.ozg_id))[:SUGGESTIONS]


def services_by_ozg_id(ozg_ids: Iterable[int | None]) -> dict[int, Service]:
    """OZG-Leistungen by OZG-ID (ids out of range are simply not found)."""
    wanted = [i for i in ozg_ids if isinstance(i, int) and 0 < i < 2**31]
    return Service.objects.in_bulk(wanted, field_name="ozg_id") if wanted else {}


def _id(value: object) -> int | None:
    text = str(value if value is not None else "").strip()
    return int(text) if text.isdigit() and 0 < int(text) < 2**31 else None


def comment_of(*, proposal: Proposal, comment_id: object) -> Comment | None:
    pk = _id(comment_id)
    return Comment.objects.filter(proposal=proposal, pk=pk).select_related("proposal").first() if pk else None


def proposal_find(*, proposal_id: object) -> Proposal | None:
    pk = _id(proposal_id)
    return Proposal.objects.filter(pk=pk).first() if pk else None


# --- demand ---------------------------------------------------------------------------------


def _demand_proposals() -> QuerySet[Proposal]:
    return Proposal.objects.filter(is_hidden=False, state__in=DEMAND_STATES, service__isnull=False)


@dataclass
class DemandCount:
    proposals: int = 0
    supports: int = 0

    @property
    def people(self) -> int:
        return self.proposals + self.supports


def demand_counts(*, organizations: Iterable[Organization]) -> dict[tuple[int, int], DemandCount]:
    """(organisation id, service id) → proposals and supports that count as demand."""
    ids = [o.pk for o in organizations]
    result: dict[tuple[int, int], DemandCount] = defaultdict(DemandCount)
    for org_id, service_id, count in (
        _demand_proposals()
        .filter(organization_id__in=ids)
        .values_list("organization_id", "service_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        result[(org_id, service_id)].proposals = count
    for org_id, service_id, count in (
        Support.objects.filter(proposal__in=_demand_proposals().filter(organization_id__in=ids))
        .values_list("proposal__organization_id", "proposal__service_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        result[(org_id, service_id)].supports = count
    return dict(result)


def demand_by_service(*, organizations: Iterable[Organization]) -> dict[int, int]:
    """Service id → people asking for it in any of `organizations` (the planner's demand)."""
    totals: dict[int, int] = defaultdict(int)
    for (_org, service_id), count in demand_counts(organizations=organizations).items():
        totals[service_id] += count.people
    return dict(totals)


@dataclass(frozen=True)
class DemandRow:
    service: Service
    proposals: int
    supports: int
    offered_online: bool
    url: str

    @property
    def people(self) -> int:
        return self.proposals + self.supports


def _online(organization: Organization) -> dict[int, ServiceStatus]:
    return {
        status.service_id: status
        for status in status_list(organization=organization).filter(
            model__version=DASHBOARD_MODEL, level__gte=ONLINE_LEVEL
        )
    }


def organization_demand(*, organization: Organization, missing_only: bool = False) -> list[DemandRow]:
    """Demand per OZG-Leistung in one municipality, most requested first."""
    counts = {
        service_id: count for (_org, service_id), count in demand_counts(organizations=[organization]).items()
    }
    online = _online(organization)
    services = Service.objects.select_related("themenfeld").in_bulk(list(counts))
    rows = [
        DemandRow(
            service=services[service_id],
            proposals=count.proposals,
            supports=count.supports,
            offered_online=service_id in online,
            url=online[service_id].url if service_id in online else "",
        )
        for service_id, count in counts.items()
        if not (missing_only and service_id in online)
    ]
    return sorted(rows, key=lambda r: (-r.people, r.service.ozg_id))


# --- the public town page --------------------------------------------------------------------


@dataclass(frozen=True)
class ComingService:
    service: Service
    claims: list[Claim]


@dataclass
class TownPage:
    organization: Organization
    online: list[ServiceStatus]
    coming: list[ComingService]
    wanted: list[DemandRow]
    proposals: list[Proposal]
    proposal_count: int
    state_counts: dict[str, int] = field(default_factory=dict)
    processes: list[Process] = field(default_factory=list)


TOWN_PAGE_PROPOSALS = 20
TOWN_PAGE_WANTED = 10
TOWN_PAGE_PROCESSES = 10


def town_page(*, organization: Organization) -> TownPage:
    online = _online(organization)
    coming: dict[int, ComingService] = {}
    for claim in claims_coming_to(organization=organization):
        if claim.service_id in online:
            continue
        coming.setdefault(claim.service_id, ComingService(service=claim.service, claims=[])).claims.append(
            claim
        )
    proposals = proposal_list(organization=organization)
    states = dict(
        Proposal.objects.filter(organization=organization, is_hidden=False)
        .values_list("state")
        .annotate(n=Count("id"))
        .order_by()
    )
    return TownPage(
        organization=organization,
        online=sorted(online.values(), key=lambda s: s.service.name),
        coming=sorted(coming.values(), key=lambda c: c.service.name),
        wanted=organization_demand(organization=organization, missing_only=True)[:TOWN_PAGE_WANTED],
        proposals=list(proposals[:TOWN_PAGE_PROPOSALS]),
        proposal_count=sum(states.values()),
        state_counts={str(label): states.get(value, 0) for value, label in ProposalState.choices},
        processes=list(process_list(organization=organization)[:TOWN_PAGE_PROCESSES]),
    )


# --- the network and Kreis dashboards ---------------------------------------------------------


@dataclass(frozen=True)
class NetworkDemandRow:
    """A missing OZG-Leistung of an area: the towns that want it and do not offer it online (with
    the people asking in each), and the towns of the area that already offer it online."""

    service: Service
    proposals: int
    supports: int
    towns: list[tuple[Organization, int]]
    offered_by: list[Organization] = field(default_factory=list)

    @property
    def people(self) -> int:
        return self.proposals + self.supports


def _online_pairs(*, organization_ids: Iterable[int], service_ids: Iterable[int]) -> set[tuple[int, int]]:
    """(organisation id, service id) of the pairs offered online (Reifegrad ≥ 2, model 1.1)."""
    return set(
        ServiceStatus.objects.filter(
            organization_id__in=list(organization_ids),
            service_id__in=list(service_ids),
            model__version=DASHBOARD_MODEL,
            level__gte=ONLINE_LEVEL,
        ).values_list("organization_id", "service_id")
    )


def _area_demand(members: dict[int, Organization]) -> list[NetworkDemandRow]:
    counts = demand_counts(organizations=members.values())
    online = _online_pairs(organization_ids=members, service_ids={service_id for _o, service_id in counts})
    by_service: dict[int, list[tuple[Organization, int]]] = defaultdict(list)
    totals: dict[int, DemandCount] = defaultdict(DemandCount)
    for (org_id, service_id), count in counts.items():
        if (org_id, service_id) in online:
            continue
        by_service[service_id].append((members[org_id], count.people))
        totals[service_id].proposals += count.proposals
        totals[service_id].supports += count.supports
    offered_by: dict[int, list[Organization]] = defaultdict(list)
    for org_id, service_id in online:
        offered_by[service_id].append(members[org_id])
    services = Service.objects.select_related("themenfeld").in_bulk(list(by_service))
    rows = [
        NetworkDemandRow(
            service=services[service_id],
            proposals=totals[service_id].proposals,
            supports=totals[service_id].supports,
            towns=sorted(towns, key=lambda t: (-t[1], str(t[0]))),
            offered_by=sorted(offered_by[service_id], key=str),
        )
        for service_id, towns in by_service.items()
    ]
    return sorted(rows, key=lambda r: (-r.people, r.service.ozg_id))


@dataclass(frozen=True)
class KreisOption:
    kreis_key: str
    name: str


def network_kreise(*, network: Network) -> list[KreisOption]:
    """The Kreise of the network's members (for the filter), by name; a Kreis without its own
    record is named by its key."""
    keys = {m.kreis_key for m in claim_members(network) if m.kreis_key}
    names = dict(
        Organization.objects.filter(level=Level.KREIS, kreis_key__in=keys).values_list(
            "kreis_key", "short_name"
        )
    )
    return sorted(
        (KreisOption(kreis_key=key, name=names.get(key) or key) for key in keys),
        key=lambda k: (k.name, k.kreis_key),
    )


def network_demand(*, network: Network, kreis_key: str = "") -> list[NetworkDemandRow]:
    """Most requested missing OZG-Leistungen over the network's members (optionally those of one
    Kreis): a member's demand counts while the member does not offer the service online."""
    members = claim_members(network)
    if kreis_key:
        members = [m for m in members if m.kreis_key == kreis_key]
        if not members:
            raise DomainError(
                "Kein Mitglied des Netzwerks liegt in diesem Kreis.",
                [FieldError("kreis", "Kein Kreis der Mitglieder dieses Netzwerks.")],
                status=422,
            )
    return _area_demand({m.pk: m for m in members})


def kreis_get(*, kreis_key: str) -> Organization:
    kreis = Organization.objects.filter(level=Level.KREIS, kreis_key=kreis_key[:5]).first()
    if kreis is None:
        raise NotFound(f"Kein Kreis mit dem Schlüssel „{kreis_key[:5]}“.")
    return kreis


def kreis_demand(*, kreis: Organization) -> list[NetworkDemandRow]:
    """Most requested missing OZG-Leistungen over the municipalities of a Kreis (and the Kreis
    itself), as `network_demand`."""
    towns = Organization.objects.filter(kreis_key=kreis.kreis_key, level__in=[Level.GEMEINDE, Level.KREIS])
    return _area_demand({town.pk: town for town in towns})


# --- moderation and own data -----------------------------------------------------------------


@dataclass
class ModerationQueue:
    reported: list[Report]
    open_proposals: list[Proposal]
    hidden: list[Proposal]


def open_reports(*, organization: Organization) -> QuerySet[Report]:
    """Reports of the town's proposals and comments not yet resolved, newest first."""
    return Report.objects.filter(proposal__organization=organization, resolved_at=None).select_related(
        "proposal", "comment"
    )


MODERATION_FILTERS = ("", "hidden", "reported")


def moderation_proposals(*, organization: Organization, only: str = "") -> QuerySet[Proposal]:
    """The town's proposals that need or had moderation: hidden ones (also merged duplicates) and
    those with open reports (of the proposal or of one of its comments), newest first. `only`:
    "hidden" or "reported" narrows the list."""
    queryset = _annotated(Proposal.objects.filter(organization=organization)).annotate(
        open_reports=Count("reports", filter=Q(reports__resolved_at=None), distinct=True)
    )
    conditions = {
        "hidden": Q(is_hidden=True),
        "reported": Q(open_reports__gt=0),
        "": Q(is_hidden=True) | Q(open_reports__gt=0),
    }
    return queryset.filter(conditions[only]).order_by("-created_at", "-id")


def moderation_queue(*, organization: Organization) -> ModerationQueue:
    return ModerationQueue(
        reported=list(open_reports(organization=organization)),
        open_proposals=list(
            proposal_list(organization=organization, filters=ProposalFilter(state=ProposalState.OPEN))
        ),
        hidden=list(_annotated(Proposal.objects.filter(organization=organization, is_hidden=True))),
    )


def participant_data(*, user: Any) -> dict[str, Any]:
    """Everything ikone keeps about a citizen in participation (the export "Meine Daten")."""
    participant = participant_of(user)
    return {
        "account": {"email": user.email, "date_joined": user.date_joined.isoformat()},
        "profile": {
            "display_name": participant.display_name,
            "confirmed_at": participant.confirmed_at.isoformat() if participant.confirmed_at else None,
        }
        if participant
        else None,
        "proposals": [
            {
                "id": p.pk,
                "organization": p.organization.key,
                "ozg_id": p.service.ozg_id if p.service else None,
                "title": p.title,
                "text": p.text,
                "state": p.state,
                "created_at": p.created_at.isoformat(),
            }
            for p in Proposal.objects.filter(author=user).select_related("organization", "service")
        ],
        "supports": [
            {"proposal": s.proposal_id, "created_at": s.created_at.isoformat()}
            for s in Support.objects.filter(user=user)
        ],
        "comments": [
            {"proposal": c.proposal_id, "text": c.text, "created_at": c.created_at.isoformat()}
            for c in Comment.objects.filter(author=user)
        ],
        "follows": list(Follow.objects.filter(user=user).values_list("proposal_id", flat=True)),
        "ballots": [
            {
                "process": ballot.process_id,
                "choices": [c.item_id for c in ballot.choices.all()],
                "created_at": ballot.created_at.isoformat(),
            }
            for ballot in Ballot.objects.filter(user=user).prefetch_related("choices")
        ],
    }


# --- participation processes -----------------------------------------------------------------


def process_list(*, organization: Organization) -> QuerySet[Process]:
    return Process.objects.filter(organization=organization).annotate(ballot_count=Count("ballots"))


def process_get(*, process_id: int) -> Process:
    process = (
        Process.objects.select_related("organization")
        .annotate(ballot_count=Count("ballots"))
        .filter(pk=process_id)
        .first()
    )
    if process is None:
        raise NotFound(f"Kein Beteiligungsverfahren mit der Nummer {process_id}.")
    return process


def process_items(*, process: Process) -> list[ProcessItem]:
    return list(process.items.select_related("service").order_by("id"))


def has_voted(*, process: Process, user: Any) -> bool:
    return policy.is_authenticated(user) and Ballot.objects.filter(process=process, user=user).exists()


@dataclass(frozen=True)
class ResultRow:
    item: ProcessItem
    result: ItemResult


def process_results(*, process: Process) -> list[ResultRow]:
    """The result so far (ranking: Borda points; budget: votes and funded items), best first."""
    items = {item.pk: item for item in process_items(process=process)}
    ballots: dict[int, list[int]] = defaultdict(list)
    for ballot_id, item_id in (
        BallotChoice.objects.filter(ballot__process=process)
        .order_by("ballot_id", "rank")
        .values_list("ballot_id", "item_id")
    ):
        ballots[ballot_id].append(item_id)
    if process.kind == ProcessKind.BUDGET:
        results = budget_result(
            {pk: item.cost or Decimal(0) for pk, item in items.items()},
            ballots.values(),
            budget=process.budget or Decimal(0),
        )
    else:
        results = ranking_result(list(items), ballots.values(), max_choices=MAX_CHOICES)
    return [ResultRow(item=items[r.item_id], result=r) for r in results]
