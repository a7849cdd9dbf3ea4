"""Participation documents. The result of a process and the network's most requested missing
services as PDF (WeasyPrint, PDF/UA-1: tagged, with language and title), like the transferability
report: fonts from the project's static files, no network. The network's demand also as a table
for the CSV/XLSX downloads of `coverage.outputs` (the same figures as the page, counts only)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from ikone.core.pdf import fonts, html_to_pdf
from ikone.coverage.outputs import Table
from ikone.organizations.models import Network
from ikone.participation.models import Process
from ikone.participation.selectors import KreisOption, NetworkDemandRow, ResultRow


def results_pdf(process: Process, rows: list[ResultRow]) -> bytes:
    html = render_to_string(
        "participation/results_pdf.html",
        {"process": process, "rows": rows, "fonts": fonts(), "created": timezone.localtime()},
    )
    return html_to_pdf(html)


DEMAND_HEADER = [
    "OZG-ID",
    "OZG-Leistung",
    "Menschen",
    "Vorschläge",
    "Unterstützungen",
    "Kommunen (Menschen)",
    "Schon online bei",
]


def network_demand_table(rows: list[NetworkDemandRow]) -> Table:
    """The table of the network page: per missing OZG-Leistung the people, proposals, supports,
    the member towns with their people and the members offering it online."""
    return DEMAND_HEADER, [
        [
            row.service.ozg_id,
            row.service.name,
            row.people,
            row.proposals,
            row.supports,
            "; ".join(f"{town} ({people})" for town, people in row.towns),
            "; ".join(str(town) for town in row.offered_by),
        ]
        for row in rows
    ]


def network_demand_pdf(network: Network, kreis: KreisOption | None, rows: list[NetworkDemandRow]) -> bytes:
    """One page for the council: the network's most requested missing services."""
    html = render_to_string(
        "participation/network_demand_pdf.html",
        {"network": network, "kreis": kreis, "rows": rows, "fonts": fonts(), "created": timezone.localtime()},
    )
    return html_to_pdf(html)


def network_demand_filename(network: Network, kreis: KreisOption | None) -> str:
    """The downloads' file name without extension, e.g. `nachfrage-ikone-ds-kreis-07319`."""
    suffix = f"-kreis-{kreis.kreis_key}" if kreis else ""
    return f"nachfrage-{network.slug}{suffix}"
