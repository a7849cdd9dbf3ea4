"""Instance and result of the allocation planner.

Efforts and capacities are whole person-days (PT). The objective is lexicographic: first the
priority of the covered services (the reported objective), then, among plans with that coverage,
how well the assigned services match the members' preferences (the preference score). Fairness: a member's load may exceed its share
of the total assigned effort (share = its capacity / the network's capacity) at most by the factor
`fairness_slack`, plus an allowance of one service's effort:

    load(m) ≤ slack · capacity(m) / Σ capacity · Σ load + allowance

equivalently: a member's utilisation is at most `slack` times the network's average utilisation
(plus the allowance, so that a plan with a single service is possible at all).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

# CP-SAT settings (here, so that importing them does not load OR-Tools).
DEFAULT_SEED = 20270101
DEFAULT_WORKERS = 1
DEFAULT_TIME_LIMIT = 30.0


class Preference(enum.IntEnum):
    """What a member says about a Themenfeld (the score enters the small preference term)."""

    EXCLUDED = -1  # never assign services of this Themenfeld to the member (hard)
    NEUTRAL = 0
    INTEREST = 1
    EXPERIENCE = 2


@dataclass(frozen=True)
class Member:
    name: str  # unique within the instance; the JSON output names members by it
    capacity: int  # person-days in the planning period
    preferences: Mapping[str, Preference] = field(default_factory=dict)  # Themenfeld → preference

    def preference(self, themenfeld: str) -> Preference:
        return self.preferences.get(themenfeld, Preference.NEUTRAL)


@dataclass(frozen=True)
class ServiceItem:
    key: str  # unique (the OZG-ID for real instances)
    name: str
    themenfeld: str
    effort: int  # person-days
    priority: int  # ≥ 0; 0 means "covering it is worth nothing"
    lacking: int = 0  # members without the service (for the explanation)
    reasons: tuple[str, ...] = ()  # further German reasons for its priority ("sie SDG-relevant ist")


@dataclass(frozen=True)
class Instance:
    members: tuple[Member, ...]
    services: tuple[ServiceItem, ...]
    fairness_slack: Fraction | None = Fraction(5, 4)  # None: no fairness constraint
    fairness_allowance: int | None = None  # PT; None: the largest effort of any service

    def __post_init__(self) -> None:
        if len({m.name for m in self.members}) != len(self.members):
            raise ValueError("member names must be unique")
        if len({s.key for s in self.services}) != len(self.services):
            raise ValueError("service keys must be unique")
        if any(m.capacity < 0 for m in self.members) or any(s.effort <= 0 for s in self.services):
            raise ValueError("capacities must be ≥ 0 and efforts > 0")
        if any(s.priority < 0 for s in self.services):
            raise ValueError("priorities must be ≥ 0")
        if self.fairness_slack is not None and self.fairness_slack < 1:
            raise ValueError("fairness_slack must be ≥ 1")

    @property
    def total_capacity(self) -> int:
        return sum(m.capacity for m in self.members)

    @property
    def allowance(self) -> int:
        if self.fairness_allowance is not None:
            return self.fairness_allowance
        return max((s.effort for s in self.services), default=0)

    def allowed(self, member: Member, service: ServiceItem) -> bool:
        return service.effort <= member.capacity and member.preference(service.themenfeld) != (
            Preference.EXCLUDED
        )


@dataclass(frozen=True)
class Assignment:
    member: str
    service: str
    effort: int
    reason: str = ""


@dataclass
class Result:
    assignments: list[Assignment]
    objective: float  # covered priority
    bound: float  # upper bound on the covered priority
    seconds: float
    status: str  # OPTIMAL, FEASIBLE, UNKNOWN (CP-SAT); GREEDY; BRUTE_FORCE
    method: str = "cp-sat"
    preference: int = 0  # preference score of the plan (second, lower-ranked objective)
    preference_status: str = ""  # OPTIMAL when no plan with the same coverage has a higher score

    @property
    def gap(self) -> float:
        """Relative optimality gap (bound − objective) / bound; 0 when proven optimal."""
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.objective) / self.bound)

    def used(self) -> dict[str, int]:
        used: dict[str, int] = {}
        for a in self.assignments:
            used[a.member] = used.get(a.member, 0) + a.effort
        return used

    def to_json(self, instance: Instance) -> dict[str, Any]:
        used = self.used()
        assigned = {a.service for a in self.assignments}
        return {
            "assignments": [
                {"member": a.member, "service": a.service, "effort": a.effort, "reason": a.reason}
                for a in self.assignments
            ],
            "unassigned": [s.key for s in instance.services if s.key not in assigned],
            "objective": round(self.objective, 6),
            "bound": round(self.bound, 6),
            "gap": round(self.gap, 6),
            "seconds": round(self.seconds, 3),
            "capacity": {
                m.name: {"used": used.get(m.name, 0), "total": m.capacity} for m in instance.members
            },
        }


def objective_of(instance: Instance, pairs: Iterable[tuple[str, str]]) -> tuple[int, int]:
    """(covered priority, preference score) of (member, service key) pairs; compared lexicographically."""
    members = {m.name: m for m in instance.members}
    services = {s.key: s for s in instance.services}
    priority = preference = 0
    for member, key in pairs:
        service = services[key]
        priority += service.priority
        preference += int(members[member].preference(service.themenfeld))
    return priority, preference


def upper_bound(instance: Instance) -> float:
    """A bound on the covered priority of any plan: the fractional knapsack of all services into the
    network's total capacity (ignores which member does what)."""
    remaining = Fraction(instance.total_capacity)
    bound = Fraction(0)
    for service in sorted(instance.services, key=lambda s: -Fraction(s.priority, s.effort)):
        if remaining <= 0:
            break
        share = min(Fraction(1), remaining / service.effort)
        bound += share * service.priority
        remaining -= share * service.effort
    return float(bound)


def sort_assignments(instance: Instance, assignments: Iterable[Assignment]) -> list[Assignment]:
    order = {m.name: i for i, m in enumerate(instance.members)}
    return sorted(assignments, key=lambda a: (order[a.member], a.service))


def instance_to_dict(instance: Instance) -> dict[str, Any]:
    return {
        "members": [
            {
                "name": m.name,
                "capacity": m.capacity,
                "preferences": {t: int(p) for t, p in sorted(m.preferences.items())},
            }
            for m in instance.members
        ],
        "services": [
            {
                "key": s.key,
                "name": s.name,
                "themenfeld": s.themenfeld,
                "effort": s.effort,
                "priority": s.priority,
                "lacking": s.lacking,
                "reasons": list(s.reasons),
            }
            for s in instance.services
        ],
        "fairness_slack": str(instance.fairness_slack) if instance.fairness_slack is not None else None,
        "fairness_allowance": instance.fairness_allowance,
    }


def instance_from_dict(data: Mapping[str, Any]) -> Instance:
    slack = data.get("fairness_slack")
    return Instance(
        members=tuple(
            Member(
                name=m["name"],
                capacity=int(m["capacity"]),
                preferences={t: Preference(int(p)) for t, p in m.get("preferences", {}).items()},
            )
            for m in data["members"]
        ),
        services=tuple(
            ServiceItem(
                key=str(s["key"]),
                name=s["name"],
                themenfeld=s["themenfeld"],
                effort=int(s["effort"]),
                priority=int(s["priority"]),
                lacking=int(s.get("lacking", 0)),
                reasons=tuple(s.get("reasons", ())),
            )
            for s in data["services"]
        ),
        fairness_slack=Fraction(slack) if slack is not None else None,
        fairness_allowance=data.get("fairness_allowance"),
    )
