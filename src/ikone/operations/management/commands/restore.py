"""`ikone restore FILE --yes` replaces the whole database with a backup written by `ikone backup`.
The file is checked first; PostgreSQL restores in one transaction. Run `ikone migrate` afterwards
when the backup is older than the installed version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ikone.operations.backup import BackupError, restore


class Command(BaseCommand):
    help = "Datenbank aus einer Sicherung wiederherstellen (ersetzt alle Daten)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="DATEI")
        parser.add_argument(
            "--yes", action="store_true", help="bestätigt, dass alle heutigen Daten ersetzt werden"
        )

    def handle(self, *args: Any, file: Path, yes: bool, **options: Any) -> None:
        if not yes:
            raise CommandError(
                "Die Wiederherstellung ersetzt alle Daten. Zum Bestätigen --yes angeben.", returncode=2
            )
        try:
            restore(file)
        except BackupError as error:
            raise CommandError(str(error), returncode=1) from error
        self.stdout.write(f"Wiederhergestellt aus {file}. Danach: ikone migrate")
