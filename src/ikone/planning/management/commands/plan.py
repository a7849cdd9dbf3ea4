"""`ikone plan --network SLUG [--period 2027-H1] [--time-limit S] [--json] [--check [FILE]]`, or
`--synthetic-members N --synthetic-services M --seed S` for a reproducible instance without the
database. Computes a plan (nothing is saved); progress and status go to stderr."""

from __future__ import annotations

import json
import sys
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ikone.planning.solver import (
    DEFAULT_SEED,
    DEFAULT_WORKERS,
    Instance,
    check_json,
    explain,
    solve,
    solve_greedy,
    synthetic_instance,
)


class Command(BaseCommand):
    help = "Berechnet einen Verteilungsplan für die offenen OZG-Leistungen eines Netzwerks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--network", help="Kurzname des Netzwerks")
        parser.add_argument("--period", help="Planungszeitraum, z. B. 2027-H1 (Vorgabe: nächstes Halbjahr)")
        parser.add_argument("--time-limit", type=float, default=10.0, help="Sekunden (Vorgabe 10)")
        parser.add_argument("--json", action="store_true", help="Ergebnis als JSON auf stdout")
        parser.add_argument(
            "--check",
            nargs="?",
            const="-",
            default=None,
            metavar="FILE",
            help="Ergebnis unabhängig prüfen; mit FILE stattdessen einen gespeicherten JSON-Plan prüfen",
        )
        parser.add_argument("--greedy", action="store_true", help="nur die einfache Heuristik (Vergleich)")
        parser.add_argument("--fairness-slack", default="1.25", help="Fairness-Faktor ≥ 1, „off“ schaltet ab")
        parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="CP-SAT-Threads")
        parser.add_argument("--synthetic-members", type=int)
        parser.add_argument("--synthetic-services", type=int)
        parser.add_argument("--seed", type=int, default=1, help="Seed der synthetischen Instanz")

    def _slack(self, value: str) -> Fraction | None:
        if value.lower() in {"off", "aus", "none"}:
            return None
        try:
            slack = Fraction(str(Decimal(value)))
        except InvalidOperation as exc:
            raise CommandError(f"--fairness-slack: keine Zahl: {value}") from exc
        if slack < 1:
            raise CommandError("--fairness-slack muss ≥ 1 sein.")
        return slack

    def _instance(self, options: dict[str, Any]) -> tuple[Instance, str]:
        slack = self._slack(options["fairness_slack"])
        members, services = options["synthetic_members"], options["synthetic_services"]
        if members is not None or services is not None:
            if not members or not services or members < 1 or services < 1:
                raise CommandError("--synthetic-members und --synthetic-services brauchen beide Werte ≥ 1.")
            instance = synthetic_instance(members, services, seed=options["seed"], fairness_slack=slack)
            return instance, f"synthetisch {members} × {services}, Seed {options['seed']}"
        if not options["network"]:
            raise CommandError("--network SLUG oder --synthetic-members/--synthetic-services angeben.")
        from ikone.core.errors import DomainError
        from ikone.organizations.selectors import network_get
        from ikone.planning.instance import PlanParameters, build_instance, default_period

        try:
            network = network_get(slug=options["network"])
        except DomainError as exc:
            raise CommandError(exc.detail) from exc
        period = options["period"] or default_period()
        parameters = PlanParameters(
            period=period,
            time_limit=options["time_limit"],
            fairness_slack=Decimal(slack.numerator) / Decimal(slack.denominator)
            if slack is not None
            else None,
        )
        return build_instance(network=network, parameters=parameters).instance, f"{network}, {period}"

    def handle(self, *args: Any, **options: Any) -> None:
        instance, label = self._instance(options)
        err = sys.stderr
        err.write(
            f"Instanz {label}: {len(instance.members)} Mitglieder, {len(instance.services)} offene Leistungen, "
            f"Kapazität {instance.total_capacity} PT.\n"
        )
        if options["check"] not in (None, "-"):
            with open(options["check"], encoding="utf-8") as handle:
                self._report_check(instance, json.load(handle))
            return
        if options["greedy"]:
            result = solve_greedy(instance)
        else:
            err.write(
                f"Löse mit HiGHS und CP-SAT (Zeitlimit {options['time_limit']:g} s, {options['workers']} CP-SAT-Thread(s), Seed {DEFAULT_SEED}) …\n"
            )
            result = solve(instance, time_limit=options["time_limit"], workers=options["workers"])
        result.assignments = explain(instance, result.assignments)
        err.write(
            f"Status {result.status}: Zielwert {result.objective:g}, Schranke {result.bound:g}, "
            f"Lücke {result.gap:.2%}, {result.seconds:.2f} s, {len(result.assignments)} Zuteilungen.\n"
        )
        output = result.to_json(instance)
        if options["json"]:
            self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
        else:
            for a in result.assignments:
                self.stdout.write(a.reason)
            self.stdout.write(f"Nicht in diesem Zeitraum: {len(output['unassigned'])} Leistungen.")
        if options["check"] == "-":
            self._report_check(instance, json.loads(json.dumps(output)))

    def _report_check(self, instance: Instance, plan: dict[str, Any]) -> None:
        violations = check_json(instance, plan)
        if violations:
            for v in violations:
                sys.stderr.write(f"Verstoß: {v.message}\n")
            raise CommandError(f"Die Prüfung fand {len(violations)} Verstöße.")
        sys.stderr.write(
            "Prüfung: Der Plan ist zulässig (Kapazitäten, Fairness, jede Leistung höchstens einmal).\n"
        )
