"""A member's statement ("Abrechnung") for an agreement's period: PDF (WeasyPrint, PDF/UA-1, fonts
from the project, no network access) CSV in German formats (semicolon, decimal comma, TT.MM.JJJJ,
UTF-8 with BOM so that spreadsheet programs recognise it) and XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from ikone.core.pdf import fonts, html_to_pdf
from ikone.costs.formatting import date_de, number_de
from ikone.costs.outputs import ROUNDING
from ikone.costs.selectors import FunderReport, Statement, TreasurerView


def statement_html(statement: Statement) -> str:
    return render_to_string(
        "costs/statement.html",
        {"s": statement, "rounding": ROUNDING, "fonts": fonts(), "created": timezone.localtime()},
    )


def statement_pdf(statement: Statement) -> bytes:
    return html_to_pdf(statement_html(statement))


def statement_rows(statement: Statement) -> list[list[Any]]:
    """The statement as rows of typed values (Decimal, date); CSV and XLSX format them."""
    a = statement.agreement
    rows: list[list[Any]] = [
        ["Abrechnung", a.title],
        ["Netzwerk", str(a.network)],
        ["Mitglied", str(statement.organization), statement.organization.key],
        ["Zeitraum", *statement.period],
        [
            "Schlüssel",
            statement.key.get_kind_display(),
            f"Version {statement.key.version}",
            statement.key.agreed_on,
        ],
        ["Stand", a.get_status_display(), a.signed_at.date() if a.signed_at else ""],
        [],
        ["Jahr", "Kostenposition", "Kostenart", "getragen von", "Betrag (EUR)"],
    ]
    rows += [
        [item.year, item.title, item.get_kind_display(), str(item.incurred_by), item.amount_eur]
        for item in statement.items
    ]
    rows += [
        ["", "Kosten insgesamt", "", "", statement.allocation.total],
        [],
        ["Mitglied", "Anteil (%)", "Betrag (EUR)"],
    ]
    rows += [[str(row.organization), row.percent, row.amount] for row in statement.allocation.rows]
    rows += [
        ["Summe", "", statement.allocation.sum],
        [],
        ["Ihr Anteil", statement.row.percent, statement.row.amount],
    ]
    return rows


def _german(value: Any) -> Any:
    if isinstance(value, Decimal):
        return number_de(value)
    if isinstance(value, dt.date):
        return date_de(value)
    return value


def statement_csv(statement: Statement) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in statement_rows(statement):
        writer.writerow([_german(value) for value in row])
    return out.getvalue()


def statement_xlsx(statement: Statement) -> bytes:
    """Numbers stay numbers (shown as #.##0,00 in a German spreadsheet), dates stay dates (TT.MM.JJJJ)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Abrechnung"
    for row in statement_rows(statement):
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, int | float | Decimal) and not isinstance(cell.value, bool):
                cell.number_format = "#,##0.00" if not isinstance(cell.value, int) else "0"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "DD.MM.YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def statement_filename(statement: Statement, extension: str) -> str:
    year = f"-{statement.year}" if statement.year is not None else ""
    return f"abrechnung-{statement.agreement.pk}-{statement.organization.key}{year}.{extension}"


def funder_report_pdf(report: FunderReport) -> bytes:
    """The report for the funder: costs, what was delivered, reuse achieved, transferability."""
    return html_to_pdf(
        render_to_string(
            "costs/funder_report.html",
            {"r": report, "p": report.budget.programme, "fonts": fonts(), "created": timezone.localtime()},
        )
    )


def mayor_pdf(view: TreasurerView) -> bytes:
    """One page for the mayor: what the town pays, what is still a draft, what reuse saves."""
    return html_to_pdf(
        render_to_string("costs/mayor.html", {"v": view, "fonts": fonts(), "created": timezone.localtime()})
    )
