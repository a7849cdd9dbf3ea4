"""Reading the Destatis Gemeindeverzeichnis (all record types) into organisation rows.

Pure parsing: no database access. Rows that cannot be used are reported with their line number.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ikone.core.sync import RowError
from ikone.core.text import german_slugify as slugify
from ikone.organizations import keys
from ikone.organizations.choices import GEMEINDE_KINDS, GEMEINDEVERBAND_KINDS, KREIS_KINDS, Level

REQUIRED_COLUMNS = [
    "satzart",
    "textkennzeichen",
    "ars_land",
    "ars_rb",
    "ars_kreis",
    "ars_vb",
    "ars_gem",
    "gemeindename",
]
_KREIS_PREFIX = {"43": "Kreis", "44": "Landkreis"}
_KREIS_SUFFIX = {"41": "kreisfreie Stadt", "42": "Stadtkreis"}
_VERBAND_PREFIX = {"51": "Amt", "52": "Samtgemeinde", "53": "Verbandsgemeinde"}


@dataclass
class DirectoryRecord:
    """One usable record: its level, its key (2, 3, 5, 9 or 12 digits) and the organisation fields."""

    line: int
    level: str
    key: str
    values: dict[str, Any]


@dataclass
class DirectoryParse:
    records: list[DirectoryRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)


def _base_name(name: str) -> str:
    return name.split(",", 1)[0].strip()


def short_name(level: str, kind_code: str, name: str) -> str:
    """A readable, unambiguous display name for a directory record."""
    if level == Level.KREIS:
        if kind_code in _KREIS_SUFFIX:
            return f"{_base_name(name)} ({_KREIS_SUFFIX[kind_code]})"
        if kind_code in _KREIS_PREFIX:
            return f"{_KREIS_PREFIX[kind_code]} {name}"
        return name
    if level == Level.GEMEINDEVERBAND and kind_code in _VERBAND_PREFIX:
        return f"{_VERBAND_PREFIX[kind_code]} {name}"
    if level in {Level.GEMEINDE, Level.GEMEINDEVERBAND}:
        return _base_name(name)
    return name


def _int(value: str) -> int | None:
    return int(value) if value.strip() else None


def _decimal(value: str) -> Decimal | None:
    return Decimal(value).quantize(Decimal("0.01")) if value.strip() else None


def _float(value: str) -> float | None:
    return float(value) if value.strip() else None


def _digits(value: str, width: int, label: str) -> str:
    if len(value) != width or not value.isdigit():
        raise ValueError(f"{label} „{value}“ muss aus {width} Ziffern bestehen")
    return value


def _parse_row(row: dict[str, str]) -> tuple[str, str, str, str] | None:
    """Return (level, key, kind_code, kind) or None for record types ikone does not keep."""
    satzart = row["satzart"].strip()
    code = row["textkennzeichen"].strip()
    land = _digits(row["ars_land"].strip(), 2, "Länderschlüssel")
    if land not in keys.LAND_KEYS:
        raise ValueError(f"unbekannter Länderschlüssel „{land}“")
    if satzart == "10":
        return Level.LAND, land, code, "Land"
    if satzart == "30":
        return None  # Regionen (Baden-Württemberg) are planning regions, not administrative levels.
    rb = _digits(row["ars_rb"].strip(), 1, "Regierungsbezirk")
    if satzart == "20":
        return Level.REGIERUNGSBEZIRK, land + rb, code, "Regierungsbezirk"
    kreis = land + rb + _digits(row["ars_kreis"].strip(), 2, "Kreis")
    if satzart == "40":
        if code not in KREIS_KINDS:
            raise ValueError(f"unbekanntes Textkennzeichen „{code}“ für einen Kreis")
        return Level.KREIS, kreis, code, KREIS_KINDS[code]
    verband = kreis + _digits(row["ars_vb"].strip(), 4, "Gemeindeverband")
    if satzart == "50":
        if code not in GEMEINDEVERBAND_KINDS:
            raise ValueError(f"unbekanntes Textkennzeichen „{code}“ für einen Gemeindeverband")
        if code == "50":
            return None  # "verbandsfrei": mirrors a municipality that belongs to no association.
        return Level.GEMEINDEVERBAND, verband, code, GEMEINDEVERBAND_KINDS[code]
    if satzart == "60":
        if code not in GEMEINDE_KINDS:
            raise ValueError(f"unbekanntes Textkennzeichen „{code}“ für eine Gemeinde")
        return (
            Level.GEMEINDE,
            verband + _digits(row["ars_gem"].strip(), 3, "Gemeindeschlüssel"),
            code,
            GEMEINDE_KINDS[code],
        )
    raise ValueError(f"unbekannte Satzart „{satzart}“")


def read_directory(path: Path) -> DirectoryParse:
    """Parse the all-record-types CSV; every unusable row becomes a RowError with its line number."""
    result = DirectoryParse()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            result.errors.append(RowError(path.name, 1, f"Spalten fehlen: {', '.join(missing)}"))
            return result
        for row in reader:
            line = reader.line_num
            row_warnings: list[str] = []
            try:
                record = _record(line, row, row_warnings)
            except (ValueError, InvalidOperation, AttributeError) as exc:
                result.errors.append(RowError(path.name, line, str(exc)))
                continue
            result.warnings.extend(RowError(path.name, line, message) for message in row_warnings)
            if record is None:
                satzart = (row.get("satzart") or "").strip()
                result.skipped[satzart] = result.skipped.get(satzart, 0) + 1
                continue
            result.records.append(record)
    return result


def _record(line: int, row: dict[str, str], warnings: list[str]) -> DirectoryRecord | None:
    if any(row.get(c) is None for c in REQUIRED_COLUMNS):
        raise ValueError("Zeile hat zu wenige Spalten")
    parsed = _parse_row(row)
    if parsed is None:
        return None
    level, key, code, kind = parsed
    name = row["gemeindename"].strip()
    if not name:
        raise ValueError("Name fehlt")
    ars = keys.pad_ars(key)
    display = short_name(level, code, name)
    values: dict[str, Any] = {
        "level": str(level),
        "kind": kind,
        "name": name,
        "short_name": display,
        "ars": ars,
        "ags": keys.ags_from_ars(ars) if level == Level.GEMEINDE else "",
        "land_key": key[:2],
        "kreis_key": key[:5] if len(key) >= 5 else "",
        "verband_key": key[:9] if len(key) >= 9 else "",
        "slug": f"{slugify(display)[:100]}-{keys.ags_from_ars(ars) if level == Level.GEMEINDE else key}",
        "population": _int(row.get("bevoelkerung_insgesamt") or ""),
        "area_km2": _decimal(row.get("flaeche_km2") or ""),
        "postcode": (row.get("postleitzahl") or "").strip(),
        "latitude": _float(row.get("breitengrad") or ""),
        "longitude": _float(row.get("laengengrad") or ""),
    }
    if values["postcode"] and (len(values["postcode"]) != 5 or not values["postcode"].isdigit()):
        warnings.append(f"Postleitzahl „{values['postcode']}“ ist ungültig und wurde nicht übernommen")
        values["postcode"] = ""
    return DirectoryRecord(line=line, level=str(level), key=key, values=values)
