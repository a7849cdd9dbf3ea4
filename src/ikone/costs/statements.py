"""A member's statement ("Abrechnung") for an agreement's period: PDF (WeasyPrint, PDF/UA-1, fonts
from the project, no network access) and CSV in German formats (semicolon, decimal comma, TT.MM.JJJJ,
UTF-8 with BOM so that spreadsheet programs recognise it)."""

from __future__ import annotations

import csv
import io

from django.template.loader import render_to_string
from django.utils import timezone

from ikone.costs.formatting import date_de, eur, number_de
from ikone.costs.outputs import ROUNDING
from ikone.costs.selectors import Statement
from ikone.transferability.report import _fonts


def statement_html(statement: Statement) -> str:
    return render_to_string(
        "costs/statement.html",
        {"s": statement, "rounding": ROUNDING, "fonts": _fonts(), "created": timezone.localtime()},
    )


def statement_pdf(statement: Statement) -> bytes:
    from weasyprint import HTML, URLFetcher

    html = HTML(
        string=statement_html(statement),
        url_fetcher=URLFetcher(allowed_protocols={"file"}),
        base_url="/",
    )
    return bytes(html.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True))


def statement_csv(statement: Statement) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    a = statement.agreement
    writer.writerow(["Abrechnung", a.title])
    writer.writerow(["Netzwerk", str(a.network)])
    writer.writerow(["Mitglied", str(statement.organization), statement.organization.key])
    writer.writerow(["Zeitraum", date_de(a.starts_on), date_de(a.ends_on)])
    writer.writerow(
        [
            "Schlüssel",
            statement.key.get_kind_display(),
            f"Version {statement.key.version}",
            date_de(statement.key.agreed_on),
        ]
    )
    writer.writerow(["Stand", a.get_status_display(), date_de(a.signed_at.date()) if a.signed_at else ""])
    writer.writerow([])
    writer.writerow(["Jahr", "Kostenposition", "Kostenart", "getragen von", "Betrag (EUR)"])
    for item in statement.items:
        writer.writerow(
            [
                item.year,
                item.title,
                item.get_kind_display(),
                str(item.incurred_by),
                number_de(item.amount_eur),
            ]
        )
    writer.writerow(["", "Kosten insgesamt", "", "", number_de(statement.allocation.total)])
    writer.writerow([])
    writer.writerow(["Mitglied", "Anteil (%)", "Betrag (EUR)"])
    for row in statement.allocation.rows:
        writer.writerow([str(row.organization), number_de(row.percent), number_de(row.amount)])
    writer.writerow(["Summe", "", number_de(statement.allocation.sum)])
    writer.writerow([])
    writer.writerow(
        [
            "Ihr Anteil",
            number_de(statement.row.percent),
            number_de(statement.row.amount),
            eur(statement.row.amount),
        ]
    )
    return out.getvalue()


def statement_filename(statement: Statement, extension: str) -> str:
    return f"abrechnung-{statement.agreement.pk}-{statement.organization.key}.{extension}"
