"""The incremental aggregates as pure functions.

A status is reduced to a `StatusFact`. Each fact contributes +1 to one key in each aggregate table;
a change of a status is the difference of the old and the new fact's contributions. Applying the
deltas of any sequence of changes must equal `recompute` over the final facts; the property tests
prove it and the services rely on it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

# Keys of the three aggregate tables (see coverage.models):
#   org      (organization_id, themenfeld_id, model_id, level)
#   area     (scope, area_key, service_id, model_id, level)   scope ∈ national | land | kreis
#   solution (service_id, solution_id, model_id, level)
OrgKey = tuple[int, int, int, int]
AreaKey = tuple[str, str, int, int, int]
SolutionKey = tuple[int, int, int, int]


@dataclass(frozen=True)
class StatusFact:
    """What the aggregates need to know about one ServiceStatus row."""

    organization_id: int
    service_id: int
    themenfeld_id: int
    model_id: int
    level: int
    solution_id: int | None = None
    is_municipality: bool = False
    land_key: str = ""
    kreis_key: str = ""


@dataclass
class Aggregates:
    org: Counter[OrgKey]
    area: Counter[AreaKey]
    solution: Counter[SolutionKey]

    @classmethod
    def empty(cls) -> Aggregates:
        return cls(org=Counter(), area=Counter(), solution=Counter())

    def add(self, other: Aggregates, sign: int = 1) -> None:
        for mine, theirs in ((self.org, other.org), (self.area, other.area), (self.solution, other.solution)):
            for key, value in theirs.items():
                mine[key] += sign * value  # type: ignore[index]

    def nonzero(self) -> Aggregates:
        """The same counts without zero entries (tables may keep rows that dropped to 0)."""
        return Aggregates(
            org=Counter({k: v for k, v in self.org.items() if v}),
            area=Counter({k: v for k, v in self.area.items() if v}),
            solution=Counter({k: v for k, v in self.solution.items() if v}),
        )


def contributions(fact: StatusFact) -> Aggregates:
    """The +1s one status adds to the aggregates. Area counts cover municipalities only."""
    result = Aggregates.empty()
    result.org[(fact.organization_id, fact.themenfeld_id, fact.model_id, fact.level)] += 1
    if fact.is_municipality:
        result.area[("national", "", fact.service_id, fact.model_id, fact.level)] += 1
        if fact.land_key:
            result.area[("land", fact.land_key, fact.service_id, fact.model_id, fact.level)] += 1
        if fact.kreis_key:
            result.area[("kreis", fact.kreis_key, fact.service_id, fact.model_id, fact.level)] += 1
    if fact.solution_id is not None:
        result.solution[(fact.service_id, fact.solution_id, fact.model_id, fact.level)] += 1
    return result


def delta(old: StatusFact | None, new: StatusFact | None) -> Aggregates:
    """What changes in the aggregates when a status goes from `old` to `new` (None: absent)."""
    result = Aggregates.empty()
    if old is not None:
        result.add(contributions(old), sign=-1)
    if new is not None:
        result.add(contributions(new))
    return result.nonzero()


def recompute(facts: Iterable[StatusFact]) -> Aggregates:
    """The aggregates computed from scratch: the reference the incremental tables must equal."""
    result = Aggregates.empty()
    for fact in facts:
        result.add(contributions(fact))
    return result.nonzero()


def at_least(counts_by_level: dict[int, int], threshold: int) -> int:
    """How many are at `threshold` or above, from counts per level."""
    return sum(count for level, count in counts_by_level.items() if level >= threshold)


def share(part: int, total: int) -> float:
    """A share between 0 and 1 (0 when there is nothing to divide by)."""
    return part / total if total else 0.0
