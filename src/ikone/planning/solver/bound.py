"""An integer upper bound on the covered priority: the services that fit into the network's total
capacity (one knapsack, dynamic programming). Valid for every plan, because each plan's services
fit into the sum of the members' capacities. It ignores that each service must fit into one
member; the LP relaxation of the assignment model (`mip.Linear.bound`) knows that, and the solver
reports the smaller of the two."""

from __future__ import annotations

import numpy as np

from ikone.planning.solver.model import Instance

MAX_DP_CELLS = 50_000_000


def knapsack_bound(instance: Instance) -> int | None:
    """The bound, or None when the table would be too large (the caller then relies on CP-SAT)."""
    result = knapsack(instance)
    return None if result is None else result[0]


def knapsack(instance: Instance) -> tuple[int, list[str]] | None:
    """The bound and one set of service keys that reaches it (None when the table is too large)."""
    items = [
        s
        for s in instance.services
        if s.priority > 0 and any(instance.allowed(m, s) for m in instance.members)
    ]
    capacity = instance.total_capacity
    if sum(s.effort for s in items) <= capacity:
        return sum(s.priority for s in items), [s.key for s in items]
    if len(items) * capacity > MAX_DP_CELLS:
        return None
    best = np.zeros(capacity + 1, dtype=np.int64)
    taken = np.zeros((len(items), capacity + 1), dtype=np.bool_)
    for k, s in enumerate(items):
        candidate = best[: capacity + 1 - s.effort] + s.priority
        better = candidate > best[s.effort :]
        taken[k, s.effort :] = better
        best[s.effort :] = np.where(better, candidate, best[s.effort :])
    keys = []
    rest = capacity
    for k in range(len(items) - 1, -1, -1):
        if taken[k, rest]:
            keys.append(items[k].key)
            rest -= items[k].effort
    return int(best[capacity]), keys
