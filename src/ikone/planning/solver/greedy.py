"""Greedy baseline: services by priority per person-day, each to the best-fitting member that keeps
the plan feasible (preference first, then most free capacity)."""

from __future__ import annotations

import time
from fractions import Fraction

from ikone.planning.solver.model import (
    Assignment,
    Instance,
    Result,
    objective_of,
    sort_assignments,
    upper_bound,
)


def solve_greedy(instance: Instance) -> Result:
    started = time.perf_counter()
    free = {m.name: m.capacity for m in instance.members}
    load = dict.fromkeys(free, 0)
    total_capacity = instance.total_capacity
    total_load = 0
    allowance = instance.allowance
    slack = instance.fairness_slack
    p, q = (slack.numerator, slack.denominator) if slack is not None else (0, 0)
    chosen: list[Assignment] = []
    order = sorted(instance.services, key=lambda s: (-Fraction(s.priority, s.effort), -s.priority, s.key))
    for service in order:
        if service.priority == 0:
            continue
        candidates = [
            m
            for m in instance.members
            if instance.allowed(m, service)
            and free[m.name] >= service.effort
            and (
                slack is None
                or q * (load[m.name] + service.effort - allowance) * total_capacity
                <= p * m.capacity * (total_load + service.effort)
            )
        ]
        if not candidates:
            continue
        best = max(candidates, key=lambda m: (m.preference(service.themenfeld), free[m.name], m.name))
        chosen.append(Assignment(member=best.name, service=service.key, effort=service.effort))
        free[best.name] -= service.effort
        load[best.name] += service.effort
        total_load += service.effort
    priority, preference = objective_of(instance, ((a.member, a.service) for a in chosen))
    return Result(
        assignments=sort_assignments(instance, chosen),
        objective=float(priority),
        bound=max(float(priority), upper_bound(instance)),
        seconds=time.perf_counter() - started,
        status="GREEDY",
        method="greedy",
        preference=preference,
    )
