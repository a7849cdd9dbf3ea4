"""`ikone coverage import FILE --org AGS [--partial]`, `template`, `rebuild`, `check`."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.coverage import aggregation, outputs, services
from ikone.coverage.computations.aggregates import recompute
from ikone.organizations.selectors import organization_get


class Command(BaseCommand):
    help = "OZG-Umsetzungsstand: importieren, Vorlage schreiben, Zählungen neu aufbauen oder prüfen."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        importer = sub.add_parser("import", help="CSV oder XLSX importieren (alles oder nichts)")
        importer.add_argument("file", type=Path, metavar="FILE")
        importer.add_argument("--org", required=True, help="AGS oder Kurzname der Organisation")
        importer.add_argument(
            "--partial",
            action="store_true",
            help="gültige Zeilen übernehmen, auch wenn andere fehlerhaft sind",
        )
        template = sub.add_parser("template", help="Importvorlage schreiben")
        template.add_argument("file", type=Path, metavar="FILE", help="…/vorlage.csv oder …/vorlage.xlsx")
        sub.add_parser("rebuild", help="alle Zählungen aus den Ständen neu berechnen")
        sub.add_parser("check", help="Zählungen mit einer Neuberechnung vergleichen (Exit 1 bei Abweichung)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "import":
            self._import(options["file"], options["org"], options["partial"])
        elif action == "template":
            fmt = options["file"].suffix.lstrip(".").lower()
            if fmt not in {"csv", "xlsx"}:
                raise CommandError("Die Vorlage endet auf .csv oder .xlsx.", returncode=2)
            options["file"].write_bytes(outputs.template_response(fmt).content)
            self.stdout.write(f"Vorlage geschrieben: {options['file']}")
        elif action == "rebuild":
            started = time.perf_counter()
            services.aggregates_rebuild(actor=Actor.system("coverage rebuild"))
            self.stdout.write(f"Zählungen neu aufgebaut in {time.perf_counter() - started:.1f} s.")
        else:
            stored, expected = aggregation.stored_aggregates(), recompute(aggregation.current_facts())
            if stored != expected:
                self.stderr.write("Die Zählungen weichen von der Neuberechnung ab.")
                sys.exit(1)
            self.stdout.write("Die Zählungen stimmen mit der Neuberechnung überein.")

    def _import(self, path: Path, key: str, partial: bool) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: Datei nicht gefunden", returncode=2)
        try:
            organization = organization_get(key=key)
            report = services.coverage_import(
                actor=Actor.system("coverage import"),
                organization=organization,
                content=path.read_bytes(),
                partial=partial,
            )
        except services.UnprocessableRows as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path.name}: {problem}")
            raise CommandError(
                f"{len({p.line for p in exc.problems})} fehlerhafte Zeilen; nichts übernommen."
            ) from exc
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        for problem in report.problems:
            self.stderr.write(f"{path.name}: {problem}")
        self.stdout.write(
            f"{organization}: {report.applied} übernommen, {report.unchanged} unverändert, "
            f"{report.skipped_blank} ohne Stufe übersprungen, {report.rejected} fehlerhafte Zeilen."
        )
        if report.problems:
            raise CommandError(f"{report.rejected} fehlerhafte Zeilen nicht übernommen.")
