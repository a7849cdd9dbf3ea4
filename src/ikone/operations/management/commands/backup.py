"""`ikone backup [-o FILE]` writes a backup of the whole database (pg_dump on PostgreSQL, SQLite's
online backup API on SQLite); without -o it goes to var/backups/ikone-<time>.<ext>."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from ikone.operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sicherung der gesamten Datenbank in eine Datei schreiben."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", type=Path, metavar="DATEI", help="Ziel der Sicherung")

    def handle(self, *args: Any, output: Path | None = None, **options: Any) -> None:
        if output is None:
            suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            output = Path(settings.VAR_DIR) / "backups" / f"ikone-{stamp}.{suffix}"
        try:
            result = backup(output)
        except BackupError as error:
            raise CommandError(str(error), returncode=1) from error
        self.stdout.write(
            f"Sicherung geschrieben: {result.path} ({result.size:,} Bytes, {result.tables} Tabellen, "
            f"{result.vendor})".replace(",", ".")
        )
