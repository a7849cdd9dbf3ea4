"""`ikone import-reference`: municipality directory, OZG catalog and standards registry from the shipped data files."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ikone.core.audit import Actor
from ikone.core.progress import progress_bar
from ikone.core.sync import SyncResult
from ikone.organizations.services import DIRECTORY_FILE, directory_import, directory_row_count
from ikone.ozg.services import OZG_FILES, ozg_catalog_import
from ikone.standards.services import STANDARDS_FILE, standards_import


class Command(BaseCommand):
    help = "Importiert das Gemeindeverzeichnis und den OZG-Katalog (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir", type=Path, default=settings.DATA_DIR, help="Ordner mit den Referenzdaten"
        )
        parser.add_argument("--quiet", action="store_true", help="keinen Fortschrittsbalken zeigen")

    def handle(self, *args: Any, data_dir: Path, quiet: bool, **options: Any) -> None:
        missing = [name for name in [DIRECTORY_FILE, *OZG_FILES] if not (data_dir / name).is_file()]
        if missing:
            raise CommandError(f"Dateien fehlen in {data_dir}: {', '.join(missing)}")
        started = time.perf_counter()
        actor = Actor.system("import-reference")
        with progress_bar(
            "Gemeindeverzeichnis", directory_row_count(data_dir / DIRECTORY_FILE), quiet=quiet
        ) as advance:
            directory = directory_import(path=data_dir / DIRECTORY_FILE, actor=actor, progress=advance)
        ozg_rows = sum(directory_row_count(data_dir / name) for name in OZG_FILES[:4])
        with progress_bar("OZG-Katalog", ozg_rows, quiet=quiet) as advance:
            catalog = ozg_catalog_import(data_dir=data_dir, actor=actor, progress=advance)
        standards_file = data_dir / STANDARDS_FILE
        if standards_file.is_file():
            registry = standards_import(path=standards_file, actor=actor)
            catalog.stats.update(registry.stats)
        self._summary(directory, catalog, time.perf_counter() - started)
        if directory.errors or catalog.errors:
            raise CommandError(
                f"{len(directory.errors) + len(catalog.errors)} fehlerhafte Zeilen übersprungen."
            )

    def _summary(self, directory: SyncResult, catalog: SyncResult, seconds: float) -> None:
        for result in (directory, catalog):
            for label, stats in result.stats.items():
                self.stdout.write(
                    f"{label}: {stats.created} neu, {stats.updated} geändert, {stats.unchanged} unverändert"
                )
            for warning in result.warnings:
                self.stderr.write(f"Hinweis: {warning}")
            for error in result.errors:
                self.stderr.write(f"Fehler: {error}")
        if not (directory.changed or catalog.changed):
            self.stdout.write("Keine Änderungen: die Referenzdaten sind aktuell.")
        self.stdout.write(f"Fertig in {seconds:.1f} s.")
