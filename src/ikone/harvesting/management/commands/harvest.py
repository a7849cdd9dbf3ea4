"""`ikone harvest sources [--json]` lists the harvest sources; `ikone harvest run SOURCE [--json]
[--quiet]` runs (or resumes) a harvest of one source and reports created / updated / unchanged /
withdrawn / skipped / failed. Exit code 0 when the run finished, 1 when it failed or items
failed, 2 for an unknown source."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.core.progress import progress_counter
from ikone.harvesting import selectors, services
from ikone.harvesting.choices import RunStatus
from ikone.harvesting.models import HarvestSource


class Command(BaseCommand):
    help = "Import aus anderen Katalogen: Quellen auflisten (sources) oder eine Quelle abrufen (run)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        sources = sub.add_parser("sources", help="Quellen auflisten")
        sources.add_argument("--json", action="store_true", help="als JSON ausgeben")
        run = sub.add_parser("run", help="eine Quelle abrufen (setzt einen abgebrochenen Lauf fort)")
        run.add_argument("source", help="Kurzname der Quelle")
        run.add_argument("--json", action="store_true", help="Ergebnis als JSON ausgeben")
        run.add_argument("--quiet", action="store_true", help="ohne Fortschrittsbalken")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "sources":
            self._sources(as_json=options["json"])
        else:
            self._run(options["source"], as_json=options["json"], quiet=options["quiet"])

    def _sources(self, *, as_json: bool) -> None:
        rows = selectors.source_summaries()
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            last = row["last_run"]
            when = f"{last['started_at'][:16]} {last['status']}" if last else "noch nie"
            self.stdout.write(
                f"{row['slug']:<24} {row['kind']:<18} {row['base_url']}  (letzter Lauf: {when})"
            )

    def _run(self, slug: str, *, as_json: bool, quiet: bool) -> None:
        source = HarvestSource.objects.filter(slug=slug).first()
        if source is None:
            raise CommandError(f"Keine Quelle mit dem Kurznamen „{slug}“.", returncode=2)
        try:
            with progress_counter(f"Import aus {source.name}", quiet=quiet or as_json) as counter:
                run = services.harvest_run(
                    actor=Actor.system(f"harvest {source.slug}"),
                    source=source,
                    progress=services.Progress(total=counter.total, advance=counter.advance),
                )
        except DomainError as exc:
            raise CommandError(exc.detail, returncode=1) from exc
        counts = services.run_counts(run)
        if as_json:
            report = {
                "source": source.slug,
                "run": run.pk,
                "status": run.status,
                "message": run.message,
                **counts,
            }
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        else:
            self.stdout.write(
                f"{source.name}: {counts['created']} neu, {counts['updated']} aktualisiert, "
                f"{counts['unchanged']} unverändert, {counts['withdrawn']} zurückgezogen, "
                f"{counts['skipped']} übersprungen, {counts['failed']} mit Fehler."
            )
            if run.message:
                self.stderr.write(run.message)
        if run.status != RunStatus.FINISHED or counts["failed"]:
            raise SystemExit(1)
