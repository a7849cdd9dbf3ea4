"""`ikone transferability refresh [--solution SLUG] [--quiet]` recomputes the stored general scores
(run daily, e.g. by cron: the activity criterion depends on the date);
`ikone transferability report --solution SLUG [--target KEY] -o FILE.pdf` writes the PDF report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ikone.catalog.models import Solution
from ikone.core.audit import Actor
from ikone.core.progress import progress_bar
from ikone.transferability import selectors, services
from ikone.transferability.report import report_pdf


class Command(BaseCommand):
    help = "Übertragbarkeit: gespeicherte Werte neu berechnen (refresh) oder einen PDF-Bericht schreiben (report)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        refresh = sub.add_parser(
            "refresh", help="allgemeine Werte aller (oder einer) Lösung(en) neu berechnen"
        )
        refresh.add_argument("--solution", help="Kurzname einer Lösung")
        refresh.add_argument("--quiet", action="store_true")
        report = sub.add_parser("report", help="PDF-Bericht zur Übertragbarkeit schreiben")
        report.add_argument("--solution", required=True, help="Kurzname der Lösung")
        report.add_argument("--target", help="AGS oder Kurzname der Zielorganisation")
        report.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf")

    def _solution(self, slug: str) -> Solution:
        solution = Solution.objects.filter(slug=slug).first()
        if solution is None:
            raise CommandError(f"Keine Lösung mit dem Kurznamen „{slug}“.", returncode=2)
        return solution

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "refresh":
            self._refresh(options.get("solution"), options["quiet"])
        else:
            self._report(options["solution"], options.get("target"), options["output"])

    def _refresh(self, slug: str | None, quiet: bool) -> None:
        ids = [self._solution(slug).pk] if slug else None
        total = 1 if slug else Solution.objects.count()
        actor = Actor.system("transferability refresh")
        with progress_bar("Übertragbarkeit", total, quiet=quiet) as advance:
            changed = services.score_refresh(actor=actor, solution_ids=ids, progress=advance)
        if not quiet:
            self.stdout.write(f"{total} Lösung(en) bewertet, {changed} Wert(e) geändert.")

    def _report(self, slug: str, target_key: str | None, output: Path) -> None:
        solution = self._solution(slug)
        target = None
        if target_key:
            target, candidates = selectors.target_resolve(target_key)
            if target is None:
                names = ", ".join(f"{c} ({c.key})" for c in candidates)
                raise CommandError(
                    f"Zielorganisation „{target_key}“ nicht eindeutig gefunden."
                    + (f" Kandidaten: {names}" if names else ""),
                    returncode=2,
                )
        general = selectors.transferability(solution)
        assessment = selectors.transferability(solution, target) if target else general
        output.write_bytes(report_pdf(solution, assessment, general))
        self.stdout.write(f"{output}: {assessment.score} von 100 Punkten")
