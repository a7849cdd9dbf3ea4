"""`ikone import-standards`: the curated standards registry from data/standards.yaml (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ikone.core.audit import Actor
from ikone.standards.services import STANDARDS_FILE, standards_import


class Command(BaseCommand):
    help = "Importiert das Standardregister aus data/standards.yaml (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=None, help="Datei (Vorgabe: data/standards.yaml)")

    def handle(self, *args: Any, file: Path | None, **options: Any) -> None:
        path = file or Path(settings.DATA_DIR) / STANDARDS_FILE
        if not path.is_file():
            raise CommandError(f"Datei fehlt: {path}")
        result = standards_import(path=path, actor=Actor.system("import-standards"))
        for label, stats in result.stats.items():
            self.stdout.write(
                f"{label}: {stats.created} neu, {stats.updated} geändert, {stats.unchanged} unverändert"
            )
        if not result.changed:
            self.stdout.write("Keine Änderungen: das Standardregister ist aktuell.")
