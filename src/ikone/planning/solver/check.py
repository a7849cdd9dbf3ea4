"""Independent feasibility check of a plan (does not use the solver's model): every service at most
once, known members and services, the right efforts, no excluded Themenfeld, capacities, fairness."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ikone.planning.solver.model import Assignment, Instance, Preference


@dataclass(frozen=True)
class Violation:
    kind: str  # unknown_member, unknown_service, duplicate, effort, excluded, capacity, fairness
    member: str
    service: str
    message: str  # German


def check(instance: Instance, assignments: Iterable[Assignment]) -> list[Violation]:
    members = {m.name: m for m in instance.members}
    services = {s.key: s for s in instance.services}
    violations: list[Violation] = []
    seen: set[str] = set()
    load: dict[str, int] = dict.fromkeys(members, 0)
    for a in assignments:
        member = members.get(a.member)
        service = services.get(a.service)
        if member is None:
            violations.append(
                Violation("unknown_member", a.member, a.service, f"Unbekanntes Mitglied „{a.member}“.")
            )
            continue
        if service is None:
            violations.append(
                Violation("unknown_service", a.member, a.service, f"Unbekannte Leistung „{a.service}“.")
            )
            continue
        if a.service in seen:
            violations.append(
                Violation("duplicate", a.member, a.service, f"„{service.name}“ ist mehr als einmal verteilt.")
            )
        seen.add(a.service)
        if a.effort != service.effort:
            violations.append(
                Violation(
                    "effort",
                    a.member,
                    a.service,
                    f"„{service.name}“ steht mit {a.effort} PT im Plan, der Aufwand ist {service.effort} PT.",
                )
            )
        if member.preferences.get(service.themenfeld) == Preference.EXCLUDED:
            violations.append(
                Violation(
                    "excluded",
                    a.member,
                    a.service,
                    f"{member.name} hat das Themenfeld {service.themenfeld} ausgeschlossen.",
                )
            )
        load[a.member] += service.effort
    violations += _capacity(instance, load)
    violations += _fairness(instance, load)
    return violations


def _capacity(instance: Instance, load: Mapping[str, int]) -> list[Violation]:
    return [
        Violation(
            "capacity",
            m.name,
            "",
            f"{m.name} ist mit {load[m.name]} PT verplant, hat aber nur {m.capacity} PT Kapazität.",
        )
        for m in instance.members
        if load[m.name] > m.capacity
    ]


def _fairness(instance: Instance, load: Mapping[str, int]) -> list[Violation]:
    if instance.fairness_slack is None:
        return []
    total_capacity = sum(m.capacity for m in instance.members)
    total_load = sum(load.values())
    allowance = instance.fairness_allowance
    if allowance is None:
        allowance = max((s.effort for s in instance.services), default=0)
    violations = []
    for m in instance.members:
        if total_capacity == 0:
            limit = Fraction(allowance)
        else:
            limit = Fraction(instance.fairness_slack) * m.capacity * total_load / total_capacity + allowance
        if load[m.name] > limit:
            violations.append(
                Violation(
                    "fairness",
                    m.name,
                    "",
                    f"{m.name} trägt {load[m.name]} PT, fair wären höchstens {float(limit):.1f} PT "
                    f"({float(instance.fairness_slack):g} × Anteil an der Kapazität + {allowance} PT).",
                )
            )
    return violations


def check_json(instance: Instance, plan: Mapping[str, Any]) -> list[Violation]:
    """Check the CLI's JSON output: the assignments, and that `capacity` and `unassigned` agree."""
    assignments = [
        Assignment(member=str(a["member"]), service=str(a["service"]), effort=int(a["effort"]))
        for a in plan.get("assignments", [])
    ]
    violations = check(instance, assignments)
    used: dict[str, int] = {}
    for a in assignments:
        used[a.member] = used.get(a.member, 0) + a.effort
    for m in instance.members:
        reported = plan.get("capacity", {}).get(m.name, {})
        if reported.get("used") != used.get(m.name, 0) or reported.get("total") != m.capacity:
            violations.append(
                Violation("report", m.name, "", f"Die Kapazitätsangabe für {m.name} stimmt nicht.")
            )
    assigned = {a.service for a in assignments}
    expected = {s.key for s in instance.services} - assigned
    if set(map(str, plan.get("unassigned", []))) != expected:
        violations.append(
            Violation("report", "", "", "Die Liste der nicht verteilten Leistungen stimmt nicht.")
        )
    return violations
