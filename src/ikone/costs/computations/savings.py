"""Savings estimate: what reuse saved compared with building alone. An estimate, not accounting.

For every adoption in production (a member uses a solution it does not own):

    saving = cost of building alone − the member's share of the solution's costs − its own introduction

- cost of building alone: the owner's one-off costs of the solution (development, introduction,
  migration) if recorded, otherwise the sum of the network's estimates for the solution's
  OZG-Leistungen (where any is set), otherwise the network's general assumption;
- the member's share: what it pays for the solution under the network's cost-sharing agreements;
- its own introduction: the one-off costs from its experience report on the solution, otherwise the
  network's assumption.

A saving can be negative (reuse cost more than the estimate of building alone) and is shown as such.
All amounts are exact Decimals in EUR.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Assumptions:
    build_alone_eur: Decimal
    introduction_eur: Decimal


@dataclass(frozen=True)
class AdoptionFacts:
    member: str
    solution: str
    year: int
    owner_one_off_eur: Decimal | None  # None: not recorded
    share_eur: Decimal
    own_introduction_eur: Decimal | None  # None: no experience report with costs
    service_estimate_eur: Decimal | None = None  # None: no estimate for any of its OZG-Leistungen


@dataclass(frozen=True)
class Saving:
    facts: AdoptionFacts
    build_alone_eur: Decimal
    build_alone_basis: str  # "owner" (recorded costs), "service" (estimate per OZG-Leistung), "network"
    introduction_eur: Decimal
    introduction_assumed: bool

    @property
    def build_alone_assumed(self) -> bool:
        return self.build_alone_basis != "owner"

    @property
    def saving_eur(self) -> Decimal:
        return self.build_alone_eur - self.facts.share_eur - self.introduction_eur


@dataclass(frozen=True)
class SavingsEstimate:
    savings: list[Saving]

    @property
    def total_eur(self) -> Decimal:
        return sum((s.saving_eur for s in self.savings), ZERO)

    def by_member(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for s in self.savings:
            totals[s.facts.member] += s.saving_eur
        return dict(sorted(totals.items()))

    def by_year(self) -> dict[int, Decimal]:
        totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for s in self.savings:
            totals[s.facts.year] += s.saving_eur
        return dict(sorted(totals.items()))


def build_alone(facts: AdoptionFacts, assumptions: Assumptions) -> tuple[Decimal, str]:
    """The cost of building alone and what it rests on: recorded costs before estimates."""
    if facts.owner_one_off_eur is not None:
        return facts.owner_one_off_eur, "owner"
    if facts.service_estimate_eur is not None:
        return facts.service_estimate_eur, "service"
    return assumptions.build_alone_eur, "network"


def estimate(adoptions: list[AdoptionFacts], assumptions: Assumptions) -> SavingsEstimate:
    return SavingsEstimate(
        savings=[
            Saving(
                facts=a,
                build_alone_eur=build_alone(a, assumptions)[0],
                build_alone_basis=build_alone(a, assumptions)[1],
                introduction_eur=a.own_introduction_eur
                if a.own_introduction_eur is not None
                else assumptions.introduction_eur,
                introduction_assumed=a.own_introduction_eur is None,
            )
            for a in adoptions
        ]
    )
