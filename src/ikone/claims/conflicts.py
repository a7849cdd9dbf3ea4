"""Duplicate-work detection: does a claim repeat work another member already does or did?

Findings (each with a stable `key`, so the coordinator's acceptance can be compared later):
- another member of the network claims the same OZG-Leistung (open claim),
- another member already offers it at the target level or higher (coverage),
- the catalog has a solution linked to the OZG-Leistung, or a solution with a similar name
  (the catalog's similarity check). Catalog findings only count when the claim does not
  already reuse a catalog solution.
Solutions are looked up in the network's scope (public ones and those shared in the network),
so every viewer sees the same findings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from ikone.catalog.choices import Visibility
from ikone.catalog.models import Solution
from ikone.catalog.similarity import rank_similar, solution_text
from ikone.claims.choices import OPEN_STATES, ConflictKind
from ikone.claims.models import Claim
from ikone.coverage.models import ServiceStatus
from ikone.organizations.models import Network


@dataclass(frozen=True)
class Finding:
    kind: str
    key: str
    message: str
    object_id: int

    @property
    def kind_label(self) -> str:
        return str(ConflictKind(self.kind).label)


@dataclass(frozen=True)
class ClaimDraft:
    """What detection needs to know about a claim (saved or not yet saved)."""

    network: Network
    organization_id: int
    service: Any
    model_id: int
    target_level: int
    solution_id: int | None = None
    new_solution_name: str = ""
    claim_id: int | None = None


def network_solutions(network: Network) -> QuerySet[Solution]:
    return Solution.objects.filter(
        Q(visibility=Visibility.PUBLIC) | Q(visibility=Visibility.NETWORK, networks=network)
    ).distinct()


class Detector:
    """Detects findings for many claims of one network with a fixed number of queries per batch."""

    def __init__(self, network: Network, drafts: Iterable[ClaimDraft]) -> None:
        self.network = network
        self.drafts = list(drafts)
        service_ids = {d.service.pk for d in self.drafts}
        self.claims: dict[int, list[Claim]] = {}
        for claim in (
            Claim.objects.filter(network=network, service_id__in=service_ids, state__in=OPEN_STATES)
            .select_related("organization")
            .order_by("id")
        ):
            self.claims.setdefault(claim.service_id, []).append(claim)
        self.offers: dict[int, list[ServiceStatus]] = {}
        for status in (
            ServiceStatus.objects.filter(
                service_id__in=service_ids, organization__memberships__network=network
            )
            .select_related("organization")
            .order_by("organization__short_name")
            .distinct()
        ):
            self.offers.setdefault(status.service_id, []).append(status)
        scope = network_solutions(network)
        self.linked: dict[int, list[Solution]] = {}
        for solution in scope.filter(services__in=service_ids).prefetch_related("services"):
            for service in solution.services.all():
                if service.pk in service_ids:
                    self.linked.setdefault(service.pk, []).append(solution)
        self.candidates = {s.pk: s for s in scope.only("pk", "slug", "name", "short_description")}
        self.texts = {pk: solution_text(s) for pk, s in self.candidates.items()}

    def similar(self, text: str, limit: int = 5) -> list[Solution]:
        """The catalog's similarity rule (`catalog.similarity.rank_similar`) on
        the candidates loaded once for the whole batch."""
        if len(text.strip()) < 3:
            return []
        return [self.candidates[key] for key in rank_similar(text, self.texts, limit=limit)]

    def detect(self, draft: ClaimDraft) -> list[Finding]:
        findings: list[Finding] = []
        for other in self.claims.get(draft.service.pk, []):
            if other.pk == draft.claim_id or other.organization_id == draft.organization_id:
                continue
            findings.append(
                Finding(
                    ConflictKind.CLAIMED,
                    f"claim:{other.pk}",
                    f"{other.organization} übernimmt diese OZG-Leistung schon "
                    f"(Übernahme {other.pk}, {other.get_state_display()}).",
                    other.pk,
                )
            )
        for status in self.offers.get(draft.service.pk, []):
            if status.organization_id == draft.organization_id:
                continue
            if status.model_id == draft.model_id and status.level >= draft.target_level:
                findings.append(
                    Finding(
                        ConflictKind.OFFERED,
                        f"offer:{status.organization_id}",
                        f"{status.organization} bietet diese OZG-Leistung schon mit Reifegrad "
                        f"{status.level} an.",
                        status.organization_id,
                    )
                )
        if draft.solution_id is None:
            linked = sorted(self.linked.get(draft.service.pk, []), key=lambda s: s.name)
            for solution in linked:
                findings.append(
                    Finding(
                        ConflictKind.CATALOG,
                        f"solution:{solution.pk}",
                        f"Im Katalog gibt es für diese OZG-Leistung schon die Lösung „{solution.name}“.",
                        solution.pk,
                    )
                )
            seen = {s.pk for s in linked}
            text = draft.new_solution_name or draft.service.name
            for solution in self.similar(text):
                if solution.pk not in seen:
                    findings.append(
                        Finding(
                            ConflictKind.SIMILAR,
                            f"solution:{solution.pk}",
                            f"Die Lösung „{solution.name}“ im Katalog klingt ähnlich.",
                            solution.pk,
                        )
                    )
        return findings


def draft_of(claim: Claim) -> ClaimDraft:
    return ClaimDraft(
        network=claim.network,
        organization_id=claim.organization_id,
        service=claim.service,
        model_id=claim.model_id,
        target_level=claim.target_level,
        solution_id=claim.solution_id,
        new_solution_name=claim.new_solution_name,
        claim_id=claim.pk,
    )


def unaccepted(claim: Claim, findings: list[Finding]) -> list[Finding]:
    accepted = set(claim.conflicts_accepted or [])
    return [f for f in findings if f.key not in accepted]
