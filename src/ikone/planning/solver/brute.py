"""Exhaustive search for tiny instances (tests compare the solver with it)."""

from __future__ import annotations

import itertools
import time

from ikone.planning.solver.check import check
from ikone.planning.solver.model import Assignment, Instance, Result, objective_of, sort_assignments

BRUTE_FORCE_LIMIT = 200_000


def solve_brute_force(instance: Instance) -> Result:
    """Try every plan (each service worth something: nobody or one member) and keep the
    lexicographically best feasible one; (members + 1) ** services plans. Services of priority 0
    are never planned, as in the solver: assigning one would only raise the total load that the
    fairness limit scales with, so a plan could buy room for a member with work nobody lacks."""
    options = len(instance.members) + 1
    services = [s for s in instance.services if s.priority > 0]
    if options ** len(services) > BRUTE_FORCE_LIMIT:
        raise ValueError("instance too large for brute force")
    started = time.perf_counter()
    best: list[Assignment] = []
    best_value = objective_of(instance, [])
    names = [None, *(m.name for m in instance.members)]
    for choice in itertools.product(range(options), repeat=len(services)):
        plan = [
            Assignment(member=str(names[c]), service=s.key, effort=s.effort)
            for c, s in zip(choice, services, strict=True)
            if c
        ]
        value = objective_of(instance, ((a.member, a.service) for a in plan))
        if value > best_value and not check(instance, plan):
            best, best_value = plan, value
    return Result(
        assignments=sort_assignments(instance, best),
        objective=float(best_value[0]),
        bound=float(best_value[0]),
        seconds=time.perf_counter() - started,
        status="BRUTE_FORCE",
        method="brute-force",
        preference=best_value[1],
        preference_status="OPTIMAL",
    )
