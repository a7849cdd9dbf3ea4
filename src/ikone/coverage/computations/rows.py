"""Reading and checking coverage files (CSV or XLSX) row by row, without the database.

Columns of the template: ozg_id, name, level, model, online_since, url, note. `name` is only there
for the people filling in the file and is ignored. A row whose `level` is empty is skipped (the
template lists every OZG-Leistung; blank means "not reported"). `model` defaults to 1.1. Every bad
row is reported with its line number (the header is line 1) and the reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

COLUMNS = ["ozg_id", "name", "level", "model", "online_since", "url", "note"]
REQUIRED_COLUMNS = ["ozg_id", "level"]
DEFAULT_MODEL = "1.1"
MAX_NOTE = 2000
MAX_ROWS = 20000


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return (
            f"Zeile {self.line}: {self.column}: {self.message}"
            if self.column
            else f"Zeile {self.line}: {self.message}"
        )


@dataclass(frozen=True)
class StatusRow:
    line: int
    ozg_id: int
    level: int
    model: str
    online_since: dt.date | None
    url: str
    note: str


@dataclass
class ParsedFile:
    rows: list[StatusRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    skipped: int = 0


class UnreadableFile(ValueError):
    """The file is neither a CSV nor an XLSX file ikone can read, or it lacks required columns."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _csv_records(content: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for record in reader:
        yield reader.line_num, record


def _xlsx_records(content: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise UnreadableFile("Die XLSX-Datei lässt sich nicht lesen.") from exc
    sheet = workbook.worksheets[0]
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, [_text(v) for v in values]
    workbook.close()


def is_xlsx(content: bytes) -> bool:
    return content[:4] == b"PK\x03\x04"


def _date(value: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError("kein Datum (JJJJ-MM-TT oder TT.MM.JJJJ)")


def parse_file(
    content: bytes,
    *,
    known_ozg_ids: set[int],
    levels_by_model: dict[str, set[int]],
    today: dt.date,
) -> ParsedFile:
    """Check every row; valid rows in `rows`, every bad one in `problems` with its line."""
    records = _xlsx_records(content) if is_xlsx(content) else _csv_records(content)
    result = ParsedFile()
    header: list[str] | None = None
    seen: dict[int, int] = {}
    url_check = URLValidator(schemes=["http", "https"])
    for line, record in records:
        values = [_text(v) for v in record]
        if header is None:
            header = [v.strip().lower() for v in values]
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                raise UnreadableFile("Spalten fehlen in Zeile 1: " + ", ".join(missing))
            continue
        if not any(values):
            continue
        if len(result.rows) + len(result.problems) >= MAX_ROWS:
            raise UnreadableFile(f"Die Datei hat mehr als {MAX_ROWS} Zeilen.")
        raw = {name: (values[i] if i < len(values) else "") for i, name in enumerate(header)}
        if not raw.get("level"):
            result.skipped += 1
            continue
        problems: list[RowProblem] = []

        ozg_id = raw.get("ozg_id", "")
        if not ozg_id.isdigit():
            problems.append(RowProblem(line, "ozg_id", f"„{ozg_id}“ ist keine OZG-ID"))
        elif int(ozg_id) not in known_ozg_ids:
            problems.append(RowProblem(line, "ozg_id", f"unbekannte OZG-ID {ozg_id}"))
        elif int(ozg_id) in seen:
            problems.append(
                RowProblem(line, "ozg_id", f"OZG-ID {ozg_id} steht schon in Zeile {seen[int(ozg_id)]}")
            )

        model = raw.get("model") or DEFAULT_MODEL
        level_text = raw["level"]
        if model not in levels_by_model:
            problems.append(RowProblem(line, "model", f"unbekanntes Reifegradmodell „{model}“"))
        elif not level_text.isdigit() or int(level_text) not in levels_by_model[model]:
            allowed = sorted(levels_by_model[model])
            problems.append(
                RowProblem(
                    line,
                    "level",
                    f"„{level_text}“ ist keine Stufe des Modells {model} ({allowed[0]}–{allowed[-1]})",
                )
            )

        online_since: dt.date | None = None
        if raw.get("online_since"):
            try:
                online_since = _date(raw["online_since"])
                if online_since > today:
                    problems.append(RowProblem(line, "online_since", "liegt in der Zukunft"))
            except ValueError as exc:
                problems.append(RowProblem(line, "online_since", f"„{raw['online_since']}“ ist {exc}"))

        url = raw.get("url", "")
        if url:
            try:
                url_check(url)
            except ValidationError:
                problems.append(RowProblem(line, "url", f"„{url}“ ist keine gültige http(s)-Adresse"))
        note = raw.get("note", "")
        if len(note) > MAX_NOTE:
            problems.append(RowProblem(line, "note", f"länger als {MAX_NOTE} Zeichen"))

        if problems:
            result.problems.extend(problems)
            continue
        seen[int(ozg_id)] = line
        result.rows.append(
            StatusRow(
                line=line,
                ozg_id=int(ozg_id),
                level=int(level_text),
                model=model,
                online_since=online_since,
                url=url,
                note=note,
            )
        )
    if header is None:
        raise UnreadableFile("Die Datei ist leer.")
    return result
