"""`ikone recommend KEY` lists recommendations for an organisation; `ikone recommend --evaluate
[--json] [--max-cases N] [--seed S]` runs the leave-one-out evaluation (see docs/reuse.md)."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ikone.core.errors import DomainError
from ikone.organizations.selectors import organization_get
from ikone.reuse.recommend import evaluate, organization_recommendations


class Command(BaseCommand):
    help = (
        "Empfehlungen für eine Organisation oder Leave-one-out-Auswertung der Empfehlungen (Trefferquote@5)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organization", nargs="?", help="AGS oder Kurzname der Organisation")
        parser.add_argument("--evaluate", action="store_true", help="Leave-one-out-Auswertung")
        parser.add_argument("--json", action="store_true", help="Ausgabe als JSON")
        parser.add_argument(
            "--max-cases", type=int, default=None, help="höchstens N Fälle (Stichprobe je Seed)"
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--limit", type=int, default=10)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["evaluate"]:
            started = time.perf_counter()
            result = evaluate(max_cases=options["max_cases"], seed=options["seed"])
            if options["json"]:
                self.stdout.write(json.dumps(result.as_dict()))
            else:
                self.stdout.write(
                    f"{result.cases} Fälle: Trefferquote@5 {result.hit_rate_at_5:.1%}, "
                    f"Beliebtheit als Vergleich {result.baseline_hit_rate_at_5:.1%} "
                    f"({time.perf_counter() - started:.1f} s)"
                )
            return
        if not options["organization"]:
            raise CommandError("Bitte eine Organisation angeben oder --evaluate verwenden.")
        try:
            organization = organization_get(key=options["organization"])
        except DomainError as exc:
            raise CommandError(exc.detail) from exc
        recommendations = organization_recommendations(
            user=None, organization=organization, limit=options["limit"]
        )
        if options["json"]:
            rows = [
                {"solution": r.solution.slug, "score": r.score, "explanation": r.explanation}
                for r in recommendations
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for r in recommendations:
            self.stdout.write(f"{r.score:6.3f}  {r.solution.name}: {r.explanation}")
