"""One German sentence per assignment: who takes what, and why."""

from __future__ import annotations

from collections.abc import Iterable

from ikone.planning.solver.model import Assignment, Instance, Preference


def _join(clauses: list[str]) -> str:
    if len(clauses) == 1:
        return clauses[0]
    return ", ".join(clauses[:-1]) + " und " + clauses[-1]


def sentence(
    instance: Instance, assignment: Assignment, used: dict[str, int], member_count: int | None = None
) -> str:
    member = next(m for m in instance.members if m.name == assignment.member)
    service = next(s for s in instance.services if s.key == assignment.service)
    total = member_count if member_count is not None else len(instance.members)
    clauses = []
    if service.lacking:
        plural = "Mitglied" if total == 1 else "Mitgliedern"
        clauses.append(f"{service.lacking} von {total} {plural} die Leistung fehlt")
    clauses.extend(service.reasons)
    preference = member.preference(service.themenfeld)
    if preference == Preference.EXPERIENCE:
        clauses.append(f"{member.name} Erfahrung im Themenfeld {service.themenfeld} hat")
    elif preference == Preference.INTEREST:
        clauses.append(f"{member.name} Interesse am Themenfeld {service.themenfeld} angegeben hat")
    free = member.capacity - used.get(member.name, 0)
    clauses.append(f"noch {free} von {member.capacity} PT frei sind")
    return f"{member.name} übernimmt „{service.name}“ ({service.effort} PT), weil {_join(clauses)}."


def explain(
    instance: Instance, assignments: Iterable[Assignment], member_count: int | None = None
) -> list[Assignment]:
    """The assignments with their `reason` filled in ("frei" counts what the whole plan leaves)."""
    assignments = list(assignments)
    used: dict[str, int] = {}
    for a in assignments:
        used[a.member] = used.get(a.member, 0) + a.effort
    return [
        Assignment(a.member, a.service, a.effort, sentence(instance, a, used, member_count))
        for a in assignments
    ]
