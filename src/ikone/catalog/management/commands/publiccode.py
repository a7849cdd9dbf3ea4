"""`ikone publiccode validate|import`: check publiccode.yml files and bring them into the catalog."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ikone.catalog.publiccode import format_text, to_json_obj, validate_path
from ikone.catalog.services import PubliccodeInvalid, solution_import
from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.core.progress import progress_bar
from ikone.organizations.selectors import network_get, organization_get


class Command(BaseCommand):
    help = "publiccode.yml prüfen (validate) oder in den Lösungskatalog importieren (import)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        validate = sub.add_parser("validate", help="Dateien prüfen; Exit 0 ohne Fehler, 1 mit Fehlern")
        validate.add_argument("files", nargs="+", metavar="FILE")
        validate.add_argument("--format", choices=["text", "json"], default="text")
        validate.add_argument("--network", action="store_true", help="auch URLs im Netz prüfen")
        importer = sub.add_parser("import", help="eine Datei oder alle publiccode.yml unter einem Ordner")
        importer.add_argument("path", metavar="PATH_OR_DIR", type=Path)
        importer.add_argument("--owner", help="AGS oder Kurzname der Eigentümerin")
        importer.add_argument("--network", dest="network_slug", help="Kurzname des Netzwerks")
        importer.add_argument("--quiet", action="store_true")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "validate":
            self._validate(options["files"], options["format"], options["network"])
        else:
            self._import(options["path"], options.get("owner"), options.get("network_slug"), options["quiet"])

    def _validate(self, files: list[str], output: str, network: bool) -> None:
        report: dict[str, list[dict[str, Any]]] = {}
        failed = False
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: Datei nicht gefunden", returncode=2)
            results = validate_path(path, network=network)
            failed = failed or any(r.type == "error" for r in results)
            if output == "json":
                report[name] = to_json_obj(results)
            else:
                for line in format_text(name, results):
                    self.stdout.write(line)
        if output == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        if failed:
            sys.exit(1)

    def _import(self, path: Path, owner_key: str | None, network_slug: str | None, quiet: bool) -> None:
        try:
            owner = organization_get(key=owner_key) if owner_key else None
            network = network_get(slug=network_slug) if network_slug else None
        except DomainError as exc:
            raise CommandError(exc.detail, returncode=2) from exc
        if path.is_dir():
            files = sorted(p for p in path.rglob("publiccode.y*ml") if p.is_file())
        elif path.is_file():
            files = [path]
        else:
            raise CommandError(f"{path}: weder Datei noch Ordner", returncode=2)
        counts = {"created": 0, "updated": 0, "unchanged": 0, "invalid": 0}
        messages: list[str] = []
        actor = Actor.system("publiccode import")
        with progress_bar("publiccode.yml", len(files), quiet=quiet) as advance:
            for file in files:
                try:
                    report = solution_import(
                        actor=actor,
                        content=file.read_bytes(),
                        owner=owner,
                        network=network,
                        base_path=file.parent,
                    )
                except PubliccodeInvalid as exc:
                    counts["invalid"] += 1
                    messages += format_text(str(file), exc.results)
                else:
                    counts[report.status] += 1
                    messages += [f"{file}: Hinweis: {w}" for w in report.warnings]
                advance(1)
        for message in messages:
            self.stderr.write(message)
        self.stdout.write(
            f"{len(files)} Dateien: {counts['created']} neu, {counts['updated']} geändert, "
            f"{counts['unchanged']} unverändert, {counts['invalid']} ungültig (übersprungen)"
        )
        if counts["invalid"]:
            sys.exit(1)
