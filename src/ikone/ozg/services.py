"""Import of the OZG catalog and the Reifegrad models (idempotent, atomic, audited)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.db import transaction

from ikone.core.audit import Actor
from ikone.core.sync import RowError, SyncResult, sync_rows
from ikone.core.text import german_slugify as slugify
from ikone.ozg.maturity import MODEL_1_1, MODEL_2_0, MODEL_2_0_LEVELS
from ikone.ozg.models import Lage, LeikaService, MaturityLevel, MaturityModel, Service, Themenfeld

THEMENFELDER_FILE = "ozg_themenfelder.csv"
LAGEN_FILE = "ozg_lebenslagen.csv"
SERVICES_FILE = "ozg_leistungen.csv"
LEIKA_FILE = "ozg_leika_zuordnung.csv"
MATURITY_FILE = "ozg_reifegradmodell_1_1_stufen.csv"
OZG_FILES = [THEMENFELDER_FILE, LAGEN_FILE, SERVICES_FILE, LEIKA_FILE, MATURITY_FILE]
NO_LEIKA_KEY = "nicht im LeiKa"


def _rows(path: Path, columns: list[str], errors: list[RowError]) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            errors.append(RowError(path.name, 1, f"Spalten fehlen: {', '.join(missing)}"))
            return
        for row in reader:
            if any(row.get(c) is None for c in columns):
                errors.append(RowError(path.name, reader.line_num, "Zeile hat zu wenige Spalten"))
                continue
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k is not None}


def _positive_int(value: str, label: str) -> int:
    if not value.isdigit():
        raise ValueError(f"{label} „{value}“ ist keine Zahl")
    return int(value)


def _flag(value: str, label: str) -> bool:
    if value not in {"", "0", "1"}:
        raise ValueError(f"{label} „{value}“ muss 0 oder 1 sein")
    return value == "1"


def _collect(
    path: Path,
    columns: list[str],
    errors: list[RowError],
    build: Callable[[dict[str, str]], dict[str, Any]],
    key: Callable[[dict[str, Any]], Any],
) -> list[dict[str, Any]]:
    """Build sync rows from a CSV file; bad or duplicate rows go to `errors` with their line."""
    rows: list[dict[str, Any]] = []
    seen: set[Any] = set()
    for line, raw in _rows(path, columns, errors):
        try:
            row = build(raw)
        except ValueError as exc:
            errors.append(RowError(path.name, line, str(exc)))
            continue
        if key(row) in seen:
            errors.append(RowError(path.name, line, f"Eintrag {key(row)} kommt doppelt vor"))
            continue
        seen.add(key(row))
        rows.append(row)
    return rows


def _unique_slug(name: str, source_id: int, taken: set[str]) -> str:
    slug = slugify(name)[:180] or f"lage-{source_id}"
    if slug in taken:
        slug = f"{slug}-{source_id}"
    taken.add(slug)
    return slug


def ozg_catalog_import(
    *, data_dir: Path, actor: Actor, progress: Callable[[int], None] | None = None
) -> SyncResult:
    """Import Themenfelder, Lagen, OZG-Leistungen, LeiKa keys and the Reifegrad models."""
    result = SyncResult()
    errors = result.errors

    def themenfeld_row(raw: dict[str, str]) -> dict[str, Any]:
        name = raw["themenfeld"]
        if not name:
            raise ValueError("Name des Themenfelds fehlt")
        return {
            "source_id": _positive_int(raw["themenfeld_id"], "themenfeld_id"),
            "name": name,
            "slug": slugify(name),
        }

    themen_rows = _collect(
        data_dir / THEMENFELDER_FILE,
        ["themenfeld_id", "themenfeld"],
        errors,
        themenfeld_row,
        lambda r: r["source_id"],
    )
    with transaction.atomic():
        stats, themen = sync_rows(
            model=Themenfeld,
            key_fields=("source_id",),
            fields=["name", "slug"],
            rows=themen_rows,
            actor=actor,
            progress=progress,
        )
        result.stats["Themenfelder"] = stats
        themen_ids = {key[0]: obj.pk for key, obj in themen.items()}

        taken: set[str] = set()

        def lage_row(raw: dict[str, str]) -> dict[str, Any]:
            source_id = _positive_int(raw["lage_id"], "lage_id")
            themenfeld = _positive_int(raw["themenfeld_id"], "themenfeld_id")
            if themenfeld not in themen_ids:
                raise ValueError(f"Themenfeld {themenfeld} ist unbekannt")
            if not raw["lage"]:
                raise ValueError("Name der Lage fehlt")
            return {
                "source_id": source_id,
                "name": raw["lage"],
                "slug": _unique_slug(raw["lage"], source_id, taken),
                "themenfeld_id": themen_ids[themenfeld],
            }

        lage_rows = _collect(
            data_dir / LAGEN_FILE,
            ["lage_id", "lage", "themenfeld_id"],
            errors,
            lage_row,
            lambda r: r["source_id"],
        )
        stats, lagen = sync_rows(
            model=Lage,
            key_fields=("source_id",),
            fields=["name", "slug", "themenfeld_id"],
            rows=lage_rows,
            actor=actor,
            progress=progress,
        )
        result.stats["Lagen"] = stats
        lage_ids = {key[0]: obj.pk for key, obj in lagen.items()}
        lage_themen = {obj.pk: obj.themenfeld_id for obj in lagen.values()}  # type: ignore[attr-defined]

        def service_row(raw: dict[str, str]) -> dict[str, Any]:
            ozg_id = _positive_int(raw["ozg_id"], "ozg_id")
            lage = _positive_int(raw["lage_id"], "lage_id")
            if lage not in lage_ids:
                raise ValueError(f"Lage {lage} ist unbekannt")
            if not raw["ozg_leistung"]:
                raise ValueError("Bezeichnung der OZG-Leistung fehlt")
            return {
                "ozg_id": ozg_id,
                "name": raw["ozg_leistung"],
                "lage_id": lage_ids[lage],
                "themenfeld_id": lage_themen[lage_ids[lage]],
            }

        service_rows = _collect(
            data_dir / SERVICES_FILE,
            ["ozg_id", "ozg_leistung", "lage_id"],
            errors,
            service_row,
            lambda r: r["ozg_id"],
        )
        stats, services = sync_rows(
            model=Service,
            key_fields=("ozg_id",),
            fields=["name", "lage_id", "themenfeld_id"],
            rows=service_rows,
            actor=actor,
            progress=progress,
        )
        result.stats["OZG-Leistungen"] = stats
        service_ids = {key[0]: obj.pk for key, obj in services.items()}

        def leika_row(raw: dict[str, str]) -> dict[str, Any]:
            key = "" if raw["leika_schluessel"] == NO_LEIKA_KEY else raw["leika_schluessel"]
            if key and (len(key) != 14 or not key.isdigit()):
                raise ValueError(f"LeiKa-Schlüssel „{key}“ muss aus 14 Ziffern bestehen")
            if not raw["leika_bezeichnung"]:
                raise ValueError("Bezeichnung der LeiKa-Leistung fehlt")
            ozg_id = _positive_int(raw["ozg_id"], "ozg_id") if raw["ozg_id"] else None
            return {
                "key": key,
                "name": raw["leika_bezeichnung"][:500],
                "leika_type": raw.get("leika_typ", "")[:30],
                "legal_basis": raw.get("rechtsgrundlagen", ""),
                "laws": raw.get("gesetze", ""),
                "law_abbreviations": raw.get("gesetzeskuerzel", "")[:500],
                "sdg1": _flag(raw.get("sdg1_relevanz", ""), "sdg1_relevanz"),
                "sdg2": _flag(raw.get("sdg2_relevanz", ""), "sdg2_relevanz"),
                "source_ozg_id": ozg_id,
                "service_id": service_ids.get(ozg_id) if ozg_id else None,
            }

        occurrences: dict[tuple[str, int | None], int] = {}

        def numbered_leika_row(raw: dict[str, str]) -> dict[str, Any]:
            row = leika_row(raw)
            if not row["key"]:
                ident = (row["name"], row["source_ozg_id"])
                row["duplicate_index"] = occurrences.get(ident, 0)
                occurrences[ident] = row["duplicate_index"] + 1
            return row

        leika_rows = _collect(
            data_dir / LEIKA_FILE,
            ["leika_schluessel", "leika_bezeichnung", "ozg_id"],
            errors,
            numbered_leika_row,
            lambda r: (r["key"],) if r["key"] else ("", r["name"], r["source_ozg_id"], r["duplicate_index"]),
        )
        leika_fields = [
            "name",
            "leika_type",
            "legal_basis",
            "laws",
            "law_abbreviations",
            "sdg1",
            "sdg2",
            "source_ozg_id",
            "service_id",
        ]
        keyed, _ = sync_rows(
            model=LeikaService,
            key_fields=("key",),
            fields=leika_fields,
            rows=[r for r in leika_rows if r["key"]],
            actor=actor,
            existing=LeikaService.objects.exclude(key=""),
            progress=progress,
        )
        unkeyed, _ = sync_rows(
            model=LeikaService,
            key_fields=("name", "source_ozg_id", "duplicate_index"),
            fields=[f for f in leika_fields if f not in {"name", "source_ozg_id"}],
            rows=[r for r in leika_rows if not r["key"]],
            actor=actor,
            existing=LeikaService.objects.filter(key=""),
            progress=progress,
        )
        keyed.add(unkeyed)
        result.stats["LeiKa-Leistungen"] = keyed
        result.stats["Reifegradmodelle"] = _maturity_import(data_dir=data_dir, actor=actor, errors=errors)
    return result


def _maturity_import(*, data_dir: Path, actor: Actor, errors: list[RowError]) -> Any:
    model_fields = ["name", "valid_from", "valid_until", "compliant_from", "source"]
    specs = [MODEL_1_1, MODEL_2_0]
    stats, models_by_key = sync_rows(
        model=MaturityModel,
        key_fields=("version",),
        fields=model_fields,
        rows=[{"version": s.version, **{f: getattr(s, f) for f in model_fields}} for s in specs],
        actor=actor,
    )
    model_ids = {key[0]: obj.pk for key, obj in models_by_key.items()}

    def level_row(raw: dict[str, str]) -> dict[str, Any]:
        level = _positive_int(raw["stufe"], "stufe")
        if raw["ozg_konform"] not in {"ja", "nein"}:
            raise ValueError(f"ozg_konform „{raw['ozg_konform']}“ muss ja oder nein sein")
        return {
            "model_id": model_ids["1.1"],
            "level": level,
            "label": raw["bezeichnung"],
            "description": raw["beschreibung"],
            "ozg_compliant": raw["ozg_konform"] == "ja",
        }

    rows = _collect(
        data_dir / MATURITY_FILE,
        ["stufe", "bezeichnung", "beschreibung", "ozg_konform"],
        errors,
        level_row,
        lambda r: r["level"],
    )
    rows += [
        {
            "model_id": model_ids["2.0"],
            "level": level,
            "label": label,
            "description": text,
            "ozg_compliant": False,
        }
        for level, label, text in MODEL_2_0_LEVELS
    ]
    level_stats, _ = sync_rows(
        model=MaturityLevel,
        key_fields=("model_id", "level"),
        fields=["label", "description", "ozg_compliant"],
        rows=rows,
        actor=actor,
    )
    stats.add(level_stats)
    return stats
