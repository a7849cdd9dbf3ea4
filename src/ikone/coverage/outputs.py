"""Plain-data shapes of the dashboard results, shared by the API, the exports and the templates."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse

from ikone.core.errors import NotFound
from ikone.coverage.choices import COMPLIANT_LEVEL, DASHBOARD_MODEL, ONLINE_LEVEL
from ikone.coverage.computations.rows import COLUMNS
from ikone.coverage.selectors import AreaCoverage, Gap, NetworkMatrix, Offer, OrganizationSummary, ServiceGrid
from ikone.ozg.models import Service


def _offer(offer: Offer) -> dict[str, Any]:
    return {
        "organization": {"key": offer.organization.key, "name": str(offer.organization)},
        "level": offer.level,
        "solution": {"slug": offer.solution_slug, "name": offer.solution_name}
        if offer.solution_slug
        else None,
    }


def _service(service: Service) -> dict[str, Any]:
    return {"ozg_id": service.ozg_id, "name": service.name, "themenfeld": service.themenfeld.name}


def gap_dict(gap: Gap) -> dict[str, Any]:
    return {
        "service": _service(gap.service),
        "own_level": gap.own_level,
        "own_model": gap.own_model,
        "network_members": [_offer(o) for o in gap.peers],
        "same_kreis": [_offer(o) for o in gap.nearby],
        "municipalities_offering": gap.municipalities,
        "solutions": [{"slug": s, "name": n, "users": u} for s, n, u in gap.solutions],
        "demand": gap.demand,
    }


def matrix_dict(result: NetworkMatrix) -> dict[str, Any]:
    return {
        "network": result.network.slug,
        "model": DASHBOARD_MODEL,
        "online_from": ONLINE_LEVEL,
        "compliant_from": COMPLIANT_LEVEL,
        "members": [
            {
                "organization": {"key": row.key.key, "name": str(row.key)},  # type: ignore[attr-defined]
                "rank": row.rank,
                "online": row.total.online,
                "compliant": row.total.compliant,
                "online_share": round(row.total.online_share, 4),
                "compliant_share": round(row.total.compliant_share, 4),
                "themenfelder": [
                    {
                        "themenfeld": t.slug,
                        "services": c.services,
                        "online": c.online,
                        "compliant": c.compliant,
                        "online_share": round(c.online_share, 4),
                        "compliant_share": round(c.compliant_share, 4),
                    }
                    for t, c in zip(result.themenfelder, row.cells, strict=True)
                ],
            }
            for row in result.ranking
        ],
    }


def area_dict(result: AreaCoverage) -> dict[str, Any]:
    figures = result.figures
    return {
        "scope": result.scope,
        "key": result.key,
        "name": result.name,
        "model": result.model,
        "min_level": result.threshold,
        "municipalities": figures.municipalities,
        "services_everywhere": figures.everywhere,
        "services_somewhere": figures.somewhere,
        "mean_share": round(figures.mean_share, 4),
        "kreise": [
            {"key": k, "name": n, "municipalities": m, "mean_share": round(s, 4)}
            for k, n, m, s in result.parts
        ],
        "services": [
            {
                **_service(result.services[s.service_id]),
                "by_level": dict(s.by_level),
                "offering": s.at_threshold,
                "share": round(s.share, 4),
                "everywhere": s.everywhere,
                "somewhere": s.somewhere,
            }
            for s in figures.services
        ],
    }


# --- tables for CSV/XLSX export ---------------------------------------------------------------

Table = tuple[list[str], list[list[Any]]]


def summary_table(summary: OrganizationSummary) -> Table:
    header = ["Themenfeld", "OZG-Leistungen", *[f"Stufe {lv}" for lv in summary.levels]]
    header += ["online (≥ 2)", "OZG-konform (≥ 3)", "Anteil OZG-konform", "Modell 2.0", "ohne Angabe"]
    rows = [
        [
            r.themenfeld.name,
            r.services,
            *[r.by_level.get(lv, 0) for lv in summary.levels],
            r.online,
            r.compliant,
            round(r.compliant_share, 4),
            r.other_model,
            r.unreported,
        ]
        for r in summary.rows
    ]
    return header, rows


def gaps_table(gaps: Sequence[Gap]) -> Table:
    header = [
        "OZG-ID",
        "OZG-Leistung",
        "Themenfeld",
        "eigene Stufe",
        "Netzwerkmitglieder mit Angebot",
        "im selben Kreis",
        "Kommunen bundesweit",
        "Lösungen (Nutzende)",
        "Nachfrage",
    ]
    rows = [
        [
            g.service.ozg_id,
            g.service.name,
            g.service.themenfeld.name,
            "" if g.own_level is None else f"{g.own_level} ({g.own_model})",
            "; ".join(f"{o.organization} ({o.level})" for o in g.peers),
            "; ".join(f"{o.organization} ({o.level})" for o in g.nearby),
            g.municipalities,
            "; ".join(f"{n} ({u})" for _s, n, u in g.solutions),
            g.demand,
        ]
        for g in gaps
    ]
    return header, rows


def matrix_table(result: NetworkMatrix) -> Table:
    header = ["Rang", "Organisation", "AGS", "online gesamt", "OZG-konform gesamt"]
    for t in result.themenfelder:
        header += [f"{t.name}: online", f"{t.name}: OZG-konform"]
    rows = []
    for row in result.ranking:
        line: list[Any] = [row.rank, str(row.key), row.key.ags, row.total.online, row.total.compliant]  # type: ignore[attr-defined]
        for c in row.cells:
            line += [round(c.online_share, 4), round(c.compliant_share, 4)]
        rows.append(line)
    return header, rows


def grid_table(grid: ServiceGrid) -> Table:
    header = ["OZG-ID", "OZG-Leistung"]
    for m in grid.members:
        header += [f"{m}: Stufe", f"{m}: Lösung"]
    rows = []
    for service, cells in grid.rows():
        line: list[Any] = [service.ozg_id, service.name]
        for status in cells:
            line += [
                "" if status is None else f"{status.level} ({status.model.version})",
                status.solution.name if status and status.solution else "",
            ]
        rows.append(line)
    return header, rows


def area_table(result: AreaCoverage) -> Table:
    header = [
        "OZG-ID",
        "OZG-Leistung",
        "Themenfeld",
        f"Kommunen mit Stufe ≥ {result.threshold}",
        "Kommunen gesamt",
        "Anteil",
        "überall verfügbar",
        "in mindestens einer Kommune",
    ]
    rows = [
        [
            result.services[s.service_id].ozg_id,
            result.services[s.service_id].name,
            result.services[s.service_id].themenfeld.name,
            s.at_threshold,
            s.municipalities,
            round(s.share, 4),
            "ja" if s.everywhere else "nein",
            "ja" if s.somewhere else "nein",
        ]
        for s in result.figures.services
    ]
    return header, rows


def template_table(services: Sequence[Service]) -> Table:
    return list(COLUMNS), [[s.ozg_id, s.name, "", "1.1", "", "", ""] for s in services]


def to_csv(table: Table) -> bytes:
    header, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(table: Table, *, title: str = "Daten", more: Sequence[tuple[str, Table]] = ()) -> bytes:
    """`table` as the first sheet, `more` (title, table) as further sheets."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for name, (header, rows) in [(title, table), *more]:
        sheet = workbook.create_sheet(title=name[:31])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(table: Table, fmt: str, name: str) -> HttpResponse:
    """A download of `table` as CSV (semicolons, UTF-8 with BOM for Excel) or XLSX."""
    if fmt == "xlsx":
        response = HttpResponse(
            to_xlsx(table), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    elif fmt == "csv":
        response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    else:
        raise NotFound(f"Unbekanntes Format „{fmt}“.")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def template_response(fmt: str) -> HttpResponse:
    """The import template: every OZG-Leistung with an empty level."""
    return export_response(
        template_table(list(Service.objects.select_related("themenfeld").order_by("ozg_id"))),
        fmt,
        "ozg-umsetzungsstand-vorlage",
    )
