"""`ikone openapi diff OLD NEW [--json]` and `ikone openapi validate FILE [--json]`.

diff: exit 1 when there are breaking changes, 0 otherwise; validate: exit 1 when invalid.
Both exit 2 on usage errors and on files that cannot be read or parsed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ikone.standards.openapi import document
from ikone.standards.openapi.diff import diff


class Command(BaseCommand):
    help = "OpenAPI-Dokumente prüfen und vergleichen (inkompatible Änderungen erkennen)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        diff_parser = sub.add_parser("diff", help="zwei Versionen vergleichen")
        diff_parser.add_argument("old", type=Path)
        diff_parser.add_argument("new", type=Path)
        diff_parser.add_argument("--json", action="store_true", dest="as_json")
        validate_parser = sub.add_parser("validate", help="ein Dokument prüfen")
        validate_parser.add_argument("file", type=Path)
        validate_parser.add_argument("--json", action="store_true", dest="as_json")

    def _load(self, path: Path) -> document.ParsedSpec:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.stderr.write(f"{path}: {exc}")
            sys.exit(2)
        try:
            return document.parse(text)
        except document.SpecParseError as exc:
            self.stderr.write(f"{path}: {exc}")
            sys.exit(2)

    def handle(self, *args: Any, action: str, as_json: bool, **options: Any) -> None:
        if action == "validate":
            self._validate(options["file"], as_json)
        else:
            self._diff(options["old"], options["new"], as_json)

    def _validate(self, path: Path, as_json: bool) -> None:
        parsed = document.validate(self._load(path))
        if as_json:
            self.stdout.write(
                json.dumps({"valid": parsed.is_valid, "errors": [e.as_dict() for e in parsed.errors]})
            )
        else:
            for error in parsed.errors:
                self.stdout.write(
                    f"{path}:{error.line or 0}:{error.column or 0}: {error.path}: {error.message}"
                )
            self.stdout.write("gültig" if parsed.is_valid else f"{len(parsed.errors)} Fehler")
        sys.exit(0 if parsed.is_valid else 1)

    def _diff(self, old: Path, new: Path, as_json: bool) -> None:
        result = diff(self._load(old).document, self._load(new).document)
        if as_json:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            for label, changes in (("inkompatibel", result.breaking), ("kompatibel", result.non_breaking)):
                for change in changes:
                    self.stdout.write(
                        f"[{label}] {change.path}: {change.rule} ({change.level}) – {change.detail}"
                    )
            self.stdout.write(
                f"{len(result.breaking)} inkompatible, {len(result.non_breaking)} kompatible Änderung(en)"
            )
        sys.exit(1 if result.breaking else 0)
