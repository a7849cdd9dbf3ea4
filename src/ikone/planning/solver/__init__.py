"""The allocation planner's mathematics, without the ORM: instance, HiGHS/CP-SAT models, greedy baseline,
brute force, an independent feasibility check and German explanations."""

from ikone.planning.solver.brute import solve_brute_force
from ikone.planning.solver.check import Violation, check, check_json
from ikone.planning.solver.explain import explain
from ikone.planning.solver.greedy import solve_greedy
from ikone.planning.solver.model import (
    DEFAULT_SEED,
    DEFAULT_TIME_LIMIT,
    DEFAULT_WORKERS,
    Assignment,
    Instance,
    Member,
    Preference,
    Result,
    ServiceItem,
    objective_of,
)
from ikone.planning.solver.synthetic import synthetic_instance


def solve(
    instance: Instance,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    seed: int = DEFAULT_SEED,
    candidates: int | None = None,
) -> Result:
    """Greedy start, bounds, HiGHS and CP-SAT (see `cpsat.solve`); OR-Tools is imported only when a plan is computed,
    which keeps it (and numpy/pandas behind it) out of every web worker that never plans."""
    from ikone.planning.solver import cpsat

    return cpsat.solve(instance, time_limit=time_limit, workers=workers, seed=seed, candidates=candidates)


__all__ = [
    "DEFAULT_SEED",
    "DEFAULT_WORKERS",
    "Assignment",
    "Instance",
    "Member",
    "Preference",
    "Result",
    "ServiceItem",
    "Violation",
    "check",
    "check_json",
    "explain",
    "objective_of",
    "solve",
    "solve_brute_force",
    "solve_greedy",
    "synthetic_instance",
]
