"""The planner's solver: greedy start, bounds, HiGHS and CP-SAT, in two stages.

Variables x[m, s] ∈ {0, 1} for the allowed pairs (effort fits the member's capacity, Themenfeld
not excluded, priority > 0). Constraints: Σ_m x[m, s] ≤ 1; load(m) = Σ_s effort(s)·x[m, s] ≤
capacity(m); with fairness (slack = p/q, C = Σ capacity, E = Σ_m load(m)):
q·C·(load(m) − allowance) ≤ p·capacity(m)·E.

Stage 1 maximises the covered priority Σ priority(s)·x[m, s]. Two bounds hold for every plan:
the integer knapsack bound (`bound.knapsack`: the services that fit into the network's total
capacity) and the LP relaxation of this model over all allowed pairs (`mip.Linear.bound`, certified
from GLOP's duals), which also knows that each service must fit into *one* member. The smaller one
is the bound. When the greedy plan reaches it, the greedy plan is optimal. Otherwise:

1. if the LP bound admits the knapsack value, HiGHS tries to distribute exactly the knapsack's
   services among the members (a packing model; on success the plan is proven optimal; at most half
   the time limit plus a second);
2. HiGHS solves the whole model as a mixed-integer programme (branch and cut on the LP relaxation)
   for three quarters of the remaining time; "optimal" there (gap tolerance 0) proves the plan
   optimal;
3. if neither proves optimality, CP-SAT (with its stronger linear relaxation,
   `linearization_level` 2) continues from the best plan so far as hint, with the bound as a
   constraint, until the time limit; its own proven bound tightens the reported one.

Stage 2 keeps the services chosen in stage 1 and redistributes them among the members to maximise
the preference score, with HiGHS, within the rest of the time (at most a quarter of the limit, at
least one second); "OPTIMAL" there means: no distribution of these services fits the preferences
better. Every plan that HiGHS returns passes the independent check (`check.py`) before it is used;
the greedy plan is the fallback, so the result is never worse than greedy.

Large instances: with more than `FULL_MODEL_PAIRS` pairs each service may only go to its
`candidates` best-fitting members (preference, then capacity) plus the greedy plan's member, and
the LP bound over all pairs is computed only if it is expected to take at most half the remaining
time (`LP_SECONDS_PER_PAIR`). The reported bound is still valid for the full problem (it comes from
the full model's relaxation or the knapsack or LP bound), so the reported gap stays honest.

Deterministic: HiGHS and GLOP are deterministic; for CP-SAT one worker (the default) and a fixed
random seed give the same plan for the same instance unless the time limit cuts the search. More workers search in parallel and may return a
different plan of the same quality from run to run (CP-SAT's parallel portfolio is not
deterministic; its deterministic `interleave_search` mode was much slower here).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from fractions import Fraction

from ortools.sat.python import cp_model

from ikone.planning.solver.bound import knapsack
from ikone.planning.solver.check import check
from ikone.planning.solver.greedy import solve_greedy
from ikone.planning.solver.mip import Linear, allowed_pairs
from ikone.planning.solver.model import (
    DEFAULT_SEED,
    DEFAULT_TIME_LIMIT,
    DEFAULT_WORKERS,
    Assignment,
    Instance,
    Result,
    objective_of,
    sort_assignments,
)

FULL_MODEL_PAIRS = 50_000
DEFAULT_CANDIDATES = 25
MIN_STAGE_SECONDS = 0.05
MIP_SHARE = 0.75  # of the remaining stage-1 time for HiGHS; CP-SAT gets the rest if needed
# Building and solving the LP over all pairs is not time-limited; on large instances it is done
# only if this pessimistic estimate (measured: 400 × 557, 182,000 pairs, 17 s at load 7 on 2 cores)
# fits into half the remaining time.
LP_SECONDS_PER_PAIR = 1e-4


@dataclass
class _Model:
    model: cp_model.CpModel
    x: dict[tuple[int, int], cp_model.IntVar]
    coverage: cp_model.LinearExpr
    preference: cp_model.LinearExpr


def _pairs(instance: Instance, hint: set[tuple[int, int]], candidates: int | None) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    for j, service in enumerate(instance.services):
        if service.priority <= 0:
            continue
        allowed = [i for i, m in enumerate(instance.members) if instance.allowed(m, service)]
        if candidates is not None and len(allowed) > candidates:
            ranked = sorted(
                allowed,
                key=lambda i: (
                    -instance.members[i].preference(service.themenfeld),
                    -instance.members[i].capacity,
                    i,
                ),
            )
            keep = set(ranked[:candidates]) | {i for i, jj in hint if jj == j}
            allowed = sorted(keep)
        pairs.extend((i, j) for i in allowed)
    return pairs


def _build(instance: Instance, pairs: list[tuple[int, int]]) -> _Model:
    model = cp_model.CpModel()
    x = {(i, j): model.new_bool_var(f"x_{i}_{j}") for i, j in pairs}
    by_service: dict[int, list[cp_model.IntVar]] = {}
    by_member: dict[int, list[tuple[cp_model.IntVar, int]]] = {}
    for (i, j), var in x.items():
        by_service.setdefault(j, []).append(var)
        by_member.setdefault(i, []).append((var, instance.services[j].effort))
    for variables in by_service.values():
        if len(variables) > 1:
            model.add_at_most_one(variables)
    loads: dict[int, cp_model.LinearExpr] = {}
    for i, terms in by_member.items():
        load = cp_model.LinearExpr.weighted_sum([v for v, _e in terms], [e for _v, e in terms])
        loads[i] = load
        if sum(e for _v, e in terms) > instance.members[i].capacity:
            model.add(load <= instance.members[i].capacity)
    if instance.fairness_slack is not None and loads:
        slack = Fraction(instance.fairness_slack)
        total = model.new_int_var(0, sum(s.effort for s in instance.services), "total_load")
        model.add(total == sum(loads.values()))
        for i, load in loads.items():
            model.add(
                slack.denominator * instance.total_capacity * (load - instance.allowance)
                <= slack.numerator * instance.members[i].capacity * total
            )
    variables = list(x.values())
    coverage = cp_model.LinearExpr.weighted_sum(variables, [instance.services[j].priority for _i, j in x])
    preference = cp_model.LinearExpr.weighted_sum(
        variables,
        [int(instance.members[i].preference(instance.services[j].themenfeld)) for i, j in x],
    )
    return _Model(model=model, x=x, coverage=coverage, preference=preference)


def _solver(seconds: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    return solver


def _hint(built: _Model, chosen: set[tuple[int, int]]) -> None:
    built.model.clear_hints()
    for key, var in built.x.items():
        built.model.add_hint(var, key in chosen)


def _pack(
    instance: Instance, keys: list[str], seconds: float, candidates: int | None
) -> set[tuple[int, int]] | None:
    """Distribute exactly the knapsack's services among the members (a plan reaching the bound);
    on large instances among each service's candidates only."""
    wanted = {j for j, s in enumerate(instance.services) if s.key in set(keys)}
    pairs = [(i, j) for i, j in _pairs(instance, set(), candidates) if j in wanted]
    found = Linear(instance, pairs, every_service=True).solve_integer(seconds)
    if found.chosen and {j for _i, j in found.chosen} == wanted:
        return found.chosen
    return None


def _preference(instance: Instance, chosen: set[tuple[int, int]]) -> int:
    return sum(int(instance.members[i].preference(instance.services[j].themenfeld)) for i, j in chosen)


def _assignments(instance: Instance, chosen: set[tuple[int, int]]) -> list[Assignment]:
    return [
        Assignment(
            member=instance.members[i].name,
            service=instance.services[j].key,
            effort=instance.services[j].effort,
        )
        for i, j in chosen
    ]


def solve(
    instance: Instance,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    seed: int = DEFAULT_SEED,
    candidates: int | None = None,
) -> Result:
    started = time.perf_counter()
    deadline = started + time_limit
    member_index = {m.name: i for i, m in enumerate(instance.members)}
    service_index = {s.key: j for j, s in enumerate(instance.services)}
    greedy = solve_greedy(instance)
    chosen = {(member_index[a.member], service_index[a.service]) for a in greedy.assignments}
    coverage = int(greedy.objective)
    dp = knapsack(instance)
    bound = float(dp[0]) if dp is not None else greedy.bound

    full = sum(1 for s in instance.services for m in instance.members if instance.allowed(m, s))
    if candidates is None and full > FULL_MODEL_PAIRS:
        candidates = DEFAULT_CANDIDATES
    if coverage < bound:
        pairs = allowed_pairs(instance)
        linear: Linear | None = None
        if (
            len(pairs) <= FULL_MODEL_PAIRS
            or len(pairs) * LP_SECONDS_PER_PAIR <= (deadline - time.perf_counter()) / 2
        ):
            linear = Linear(instance, pairs)
            relaxation = linear.bound()
            if relaxation is not None:
                bound = min(bound, float(relaxation))
        # A plan reaching the knapsack bound exists only if the LP relaxation allows it.
        budget = min(deadline - time.perf_counter(), time_limit / 2 + 1)
        if dp is not None and coverage < dp[0] <= bound and budget > MIN_STAGE_SECONDS:
            packed = _pack(instance, dp[1], budget, candidates)
            if packed is not None and not check(instance, _assignments(instance, packed)):
                chosen, coverage = packed, dp[0]
        remaining = deadline - time.perf_counter()
        if coverage < bound and remaining > MIN_STAGE_SECONDS:
            if candidates is not None or linear is None:
                linear = Linear(instance, _pairs(instance, chosen, candidates))
            found = linear.solve_integer(remaining * MIP_SHARE)
            if found.coverage > coverage and not check(instance, _assignments(instance, found.chosen)):
                chosen, coverage = found.chosen, found.coverage
                if found.optimal and candidates is None:
                    bound = float(coverage)

    if coverage < bound and deadline - time.perf_counter() > MIN_STAGE_SECONDS:
        built = _build(instance, _pairs(instance, chosen, candidates))
        built.model.add(built.coverage <= math.floor(bound))
        built.model.maximize(built.coverage)
        _hint(built, chosen)
        solver = _solver(deadline - time.perf_counter(), workers, seed)
        solver.parameters.linearization_level = 2
        code = solver.solve(built.model)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value >= coverage:
            coverage = round(solver.objective_value)
            chosen = {key for key, var in built.x.items() if solver.boolean_value(var)}
        if candidates is None and code == cp_model.OPTIMAL:
            bound = float(coverage)
        elif candidates is None and code == cp_model.FEASIBLE:
            bound = min(bound, float(solver.best_objective_bound))
    status = "OPTIMAL" if coverage >= bound else "FEASIBLE"

    preference_status = ""
    remaining = deadline - time.perf_counter()
    if remaining > MIN_STAGE_SECONDS and chosen:
        covered = {j for _i, j in chosen}
        pairs = [(i, j) for i, j in _pairs(instance, chosen, candidates) if j in covered]
        found = Linear(instance, pairs, preference=True, every_service=True).solve_integer(
            min(remaining, max(1.0, time_limit / 4))
        )
        if (
            {j for _i, j in found.chosen} == covered
            and _preference(instance, found.chosen) >= _preference(instance, chosen)
            and not check(instance, _assignments(instance, found.chosen))
        ):
            chosen = found.chosen
            preference_status = "OPTIMAL" if found.optimal and candidates is None else "FEASIBLE"
        else:
            preference_status = "FEASIBLE"

    assignments = _assignments(instance, chosen)
    priority, preference = objective_of(instance, ((a.member, a.service) for a in assignments))
    return Result(
        assignments=sort_assignments(instance, assignments),
        objective=float(priority),
        bound=max(float(priority), bound),
        seconds=time.perf_counter() - started,
        status=status,
        preference=preference,
        preference_status=preference_status,
    )
