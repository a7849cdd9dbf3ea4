"""The planning model as a linear (mixed-integer) programme, solved with HiGHS and GLOP through
OR-Tools' MathOpt (both ship with OR-Tools; no extra package).

Same model as the CP-SAT one (`cpsat.py`), in linear form with x[m, s] ∈ [0, 1] or {0, 1}:

    maximise Σ priority(s)·x[m, s]
    Σ_m x[m, s] ≤ 1                                      (dual y_s)
    Σ_s effort(s)·x[m, s] ≤ capacity(m)                  (dual u_m)
    E − Σ_(m,s) effort(s)·x[m, s] = 0                    (dual v; E: total load, 0 ≤ E ≤ Ē)
    load(m) − f·capacity(m)/C·E ≤ allowance              (fairness, dual w_m; only rows that can bind)

The fairness row of a member whose capacity is at most the allowance is left out: its load never
exceeds the allowance, so the row always holds. Ē is the total effort of the services in the model.

`Linear.bound` solves the LP relaxation (GLOP) and turns its duals into a *certified* bound: for any duals
y, u, w ≥ 0 and any v, weak duality gives

    Σ_s y_s + Σ_m u_m·capacity(m) + Σ_m w_m·allowance + Ē·max(0, f/C·Σ_m w_m·capacity(m) − v)
      + Σ_(m,s) max(0, priority(s) − y_s − effort(s)·(u_m + w_m − v))

as an upper bound on every plan. It is evaluated in exact rational arithmetic from the solver's
floating-point duals, so rounding in the LP solver can only loosen it, never make it invalid; as
every plan's coverage is a whole number, the bound is rounded down.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from ortools.math_opt.python import mathopt

from ikone.planning.solver.model import Instance

CLEARLY_NEGATIVE = 1e-6  # float rounding here is below 1e-9 for the sizes that occur


@dataclass
class MipResult:
    chosen: set[tuple[int, int]]  # (member index, service index); empty when nothing was found
    coverage: int
    optimal: bool  # HiGHS proved that no plan over these pairs is better (gap 0)


def fairness_rows(instance: Instance) -> list[int]:
    """Members whose fairness row can bind (capacity above the allowance)."""
    if instance.fairness_slack is None or instance.total_capacity == 0:
        return []
    return [i for i, m in enumerate(instance.members) if m.capacity > instance.allowance]


def allowed_pairs(instance: Instance) -> list[tuple[int, int]]:
    """All (member, service) index pairs of the model: the effort fits, the Themenfeld is not
    excluded and the service is worth something."""
    return [
        (i, j)
        for j, service in enumerate(instance.services)
        if service.priority > 0
        for i, member in enumerate(instance.members)
        if instance.allowed(member, service)
    ]


def lp_bound(instance: Instance) -> int | None:
    """The certified LP-relaxation bound of the whole problem (see the module docstring)."""
    return Linear(instance, allowed_pairs(instance)).bound()


def _total_effort(instance: Instance, pairs: list[tuple[int, int]]) -> int:
    return sum(instance.services[j].effort for j in {j for _i, j in pairs})


class Linear:
    """The model over the given (member, service) pairs: its LP relaxation with a certified bound,
    then the same model with integral x solved by HiGHS."""

    def __init__(
        self,
        instance: Instance,
        pairs: list[tuple[int, int]],
        *,
        preference: bool = False,
        every_service: bool = False,
    ) -> None:
        """`every_service`: each service of the pairs must be assigned (Σ_m x[m, s] = 1);
        `preference`: maximise the preference score instead of the covered priority."""
        self.instance = instance
        self.pairs = pairs
        model = mathopt.Model(name="verteilungsplan")
        self.model = model
        self.x = {(i, j): model.add_variable(lb=0.0, ub=1.0) for i, j in pairs}
        self.services: dict[int, mathopt.LinearConstraint] = {}
        self.capacities: dict[int, mathopt.LinearConstraint] = {}
        for i, j in pairs:
            if j not in self.services:
                self.services[j] = model.add_linear_constraint(lb=1.0 if every_service else 0.0, ub=1.0)
            if i not in self.capacities:
                self.capacities[i] = model.add_linear_constraint(ub=float(instance.members[i].capacity))
            self.services[j].set_coefficient(self.x[i, j], 1.0)
            self.capacities[i].set_coefficient(self.x[i, j], float(instance.services[j].effort))
        self.fairness: dict[int, mathopt.LinearConstraint] = {}
        self.total: mathopt.LinearConstraint | None = None  # defines the total load E
        rows = fairness_rows(instance)
        if rows and pairs:
            share = Fraction(instance.fairness_slack or 1) / instance.total_capacity
            load = model.add_variable(lb=0.0, ub=float(_total_effort(instance, pairs)))
            self.total = model.add_linear_constraint(lb=0.0, ub=0.0)
            self.total.set_coefficient(load, 1.0)
            for (_i, j), var in self.x.items():
                self.total.set_coefficient(var, -float(instance.services[j].effort))
            for k in rows:
                row = model.add_linear_constraint(ub=float(instance.allowance))
                row.set_coefficient(load, -float(share * instance.members[k].capacity))
                self.fairness[k] = row
            for (i, j), var in self.x.items():
                if i in self.fairness:
                    self.fairness[i].set_coefficient(var, float(instance.services[j].effort))
        weights = [
            float(instance.members[i].preference(instance.services[j].themenfeld))
            if preference
            else float(instance.services[j].priority)
            for i, j in pairs
        ]
        model.maximize(mathopt.fast_sum(w * var for w, var in zip(weights, self.x.values(), strict=True)))

    def bound(self) -> int | None:
        """The certified bound of the LP relaxation (over all allowed pairs it bounds every plan);
        None when GLOP does not finish."""
        if not self.pairs:
            return 0
        result = mathopt.solve(self.model, mathopt.SolverType.GLOP)
        if result.termination.reason != mathopt.TerminationReason.OPTIMAL:
            return None
        if not result.has_dual_feasible_solution():
            return None
        return _certify(self, result.dual_values())

    def solve_integer(self, seconds: float) -> MipResult:
        """Maximise the objective with x ∈ {0, 1} using HiGHS (branch and cut on the LP
        relaxation), stopping after `seconds`; the caller verifies the plan with the independent
        check."""
        for var in self.x.values():
            var.integer = True
        parameters = mathopt.SolveParameters(
            time_limit=datetime.timedelta(seconds=max(0.05, seconds)),
            relative_gap_tolerance=0.0,
            absolute_gap_tolerance=0.0,
            enable_output=False,
        )
        result = mathopt.solve(self.model, mathopt.SolverType.HIGHS, params=parameters)
        if not result.has_primal_feasible_solution():
            return MipResult(chosen=set(), coverage=0, optimal=False)
        values = result.variable_values()
        chosen = {key for key, var in self.x.items() if values[var] > 0.5}
        return MipResult(
            chosen=chosen,
            coverage=sum(self.instance.services[j].priority for _i, j in chosen),
            optimal=result.termination.reason == mathopt.TerminationReason.OPTIMAL,
        )


def _certify(linear: Linear, dual: Mapping[mathopt.LinearConstraint, float]) -> int:
    """The weak-duality bound above for the solver's duals, in exact arithmetic."""
    instance = linear.instance
    y = {j: Fraction(max(0.0, dual[c])) for j, c in linear.services.items()}
    u = {i: Fraction(max(0.0, dual[c])) for i, c in linear.capacities.items()}
    w = {k: Fraction(max(0.0, dual[c])) for k, c in linear.fairness.items()}
    v = Fraction(dual[linear.total]) if linear.total is not None else Fraction(0)
    share = Fraction(instance.fairness_slack or 1) / instance.total_capacity if w else Fraction(0)
    spread = share * sum(w[k] * instance.members[k].capacity for k in w)
    rate = {i: u.get(i, Fraction(0)) + w.get(i, Fraction(0)) - v for i, _j in linear.pairs}
    bound = sum(y.values()) + sum(u[i] * instance.members[i].capacity for i in u)
    bound += sum(w.values()) * instance.allowance
    bound += _total_effort(instance, linear.pairs) * max(Fraction(0), spread - v)
    approximate = {i: float(r) for i, r in rate.items()}
    for i, j in linear.pairs:
        service = instance.services[j]
        # Clearly negative terms add nothing; the exact test decides the others.
        if service.priority - float(y[j]) - service.effort * approximate[i] < -CLEARLY_NEGATIVE:
            continue
        reduced = service.priority - y[j] - service.effort * rate[i]
        if reduced > 0:
            bound += reduced
    return math.floor(bound)
