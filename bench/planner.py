"""Allocation planner benchmark (`make bench`): CP-SAT against the issue's targets, with the greedy
baseline side by side.

    bench/planner.py [--seeds 5] [--quick]

Instances are synthetic (`ikone.planning.solver.synthetic_instance`, reproducible per seed):
IKONE-DS-sized (10 members × 557 OZG-Leistungen) and 400 × 557. Every plan also passes the
independent feasibility check. Prints a markdown table and PASS/FAIL; exit code 1 on FAIL.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import sys

import ortools

from ikone.planning.solver import (
    DEFAULT_SEED,
    DEFAULT_WORKERS,
    check,
    solve,
    solve_greedy,
    synthetic_instance,
)


@dataclasses.dataclass
class Case:
    label: str
    members: int
    services: int
    time_limit: float
    target: str  # "optimal" or "gap"
    max_seconds: float
    capacity_divisor: int = 1  # > 1: scarce capacity (informative case, no target)


CASES = [
    Case("IKONE-DS-Größe 10 × 557", 10, 557, 2.0, "optimal", 2.0),
    Case("400 × 557", 400, 557, 30.0, "gap", 30.0),
    Case("400 × 557, Kapazität ÷ 8 (knapp)", 400, 557, 30.0, "info", 30.0, capacity_divisor=8),
]


def _instance(case: Case, seed: int):
    instance = synthetic_instance(case.members, case.services, seed=seed)
    if case.capacity_divisor > 1:
        members = tuple(
            dataclasses.replace(m, capacity=m.capacity // case.capacity_divisor) for m in instance.members
        )
        instance = dataclasses.replace(instance, members=members)
    return instance


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, default=3, help="instances per case (seeds 1…N)")
    parser.add_argument("--quick", action="store_true", help="one seed per case")
    args = parser.parse_args(argv)
    seeds = range(1, 2 if args.quick else args.seeds + 1)
    print(
        f"Verteilungsplaner: OR-Tools {ortools.__version__}, CP-SAT mit {DEFAULT_WORKERS} Thread(s), "
        f"Seed {DEFAULT_SEED}; {platform.python_version()}, {os.cpu_count()} Kerne",
        file=sys.stderr,
    )
    rows = []
    failed = False
    for case in CASES:
        for seed in seeds:
            print(f"… {case.label}, Seed {seed}", file=sys.stderr, flush=True)
            instance = _instance(case, seed)
            greedy = solve_greedy(instance)
            result = solve(instance, time_limit=case.time_limit)
            feasible = not check(instance, result.assignments) and not check(instance, greedy.assignments)
            if case.target == "optimal":
                ok = result.status == "OPTIMAL" and result.seconds <= case.max_seconds
                goal = f"optimal ≤ {case.max_seconds:g} s"
            elif case.target == "gap":
                ok = result.gap <= 0.01 and result.seconds <= case.max_seconds
                goal = f"Lücke ≤ 1 % in ≤ {case.max_seconds:g} s"
            else:
                ok = True
                goal = "nur berichtet"
            verdict = ("PASS" if ok and feasible else "FAIL") if case.target != "info" else "INFO"
            failed |= verdict == "FAIL"
            gain = (result.objective - greedy.objective) / greedy.objective if greedy.objective else 0.0
            rows.append(
                (
                    case.label,
                    seed,
                    f"{instance.total_capacity} / {sum(s.effort for s in instance.services)}",
                    result.status,
                    f"{result.objective:,.0f}".replace(",", "."),
                    f"{result.bound:,.0f}".replace(",", "."),
                    f"{result.gap:.2%}",
                    f"{result.seconds:.2f}",
                    f"{greedy.objective:,.0f}".replace(",", "."),
                    f"{greedy.seconds:.2f}",
                    f"+{gain:.2%}",
                    "ja" if feasible else "NEIN",
                    goal,
                    verdict,
                )
            )
    header = (
        "Fall",
        "Seed",
        "Kapazität / Aufwand (PT)",
        "Status",
        "Zielwert",
        "Schranke",
        "Lücke",
        "s",
        "Greedy",
        "Greedy s",
        "Löser vs. Greedy",
        "zulässig",
        "Ziel",
        "Ergebnis",
    )
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(str(v) for v in row) + " |")
    print("FAIL" if failed else "PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
