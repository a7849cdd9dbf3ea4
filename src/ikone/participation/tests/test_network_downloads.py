"""The network's most requested missing services as CSV, XLSX and PDF: the figures of the page."""

import csv
import html
import io
import re

from openpyxl import load_workbook
from pypdf import PdfReader

from ikone.core.audit import Actor
from ikone.participation import services

PAGE = "/netzwerke/ikone-ds/beteiligung/"
HEADER = [
    "OZG-ID",
    "OZG-Leistung",
    "Menschen",
    "Vorschläge",
    "Unterstützungen",
    "Kommunen (Menschen)",
    "Schon online bei",
]


def _propose(user, town, service, title):
    return services.proposal_create(
        actor=Actor.of(user), organization=town, title=title, text="Bitte online.", service=service
    )


def _wishes(speyer, worms, anna, ben, parking, dog_tax):
    services.support_add(actor=Actor.of(ben), proposal=_propose(anna, speyer, parking, "Parken in Speyer"))
    _propose(anna, worms, parking, "Parken in Worms")
    _propose(anna, speyer, dog_tax, "Hundesteuer in Speyer")  # Speyer offers it online: no demand
    services.support_add(actor=Actor.of(anna), proposal=_propose(ben, worms, dog_tax, "Hundesteuer in Worms"))


def _page_table(client, query=None) -> list[list[str]]:
    page = client.get(PAGE, query or {}).content.decode()
    if "<tbody>" not in page:
        return []
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return [
        [html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<td>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body)
    ]


def _csv(client, query=None) -> list[list[str]]:
    response = client.get(PAGE + "nachfrage.csv", query or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _xlsx(client, query=None) -> list[list[object]]:
    response = client.get(PAGE + "nachfrage.xlsx", query or {})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _pdf_text(client, query=None) -> str:
    response = client.get(PAGE + "nachfrage.pdf", query or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def _as_page(row: list) -> list[str]:
    """A file row in the shape of the page's table row."""
    ozg_id, name, people, proposals, supports, towns, offered_by = row
    return [
        f"{name} ({ozg_id})",
        str(people),
        str(proposals),
        str(supports),
        str(towns).replace("; ", ", "),
        str(offered_by).replace("; ", ", ") or "–",
    ]


def test_csv_and_xlsx_hold_the_figures_of_the_page(
    client, network, speyer, worms, anna, ben, parking, dog_tax
):
    _wishes(speyer, worms, anna, ben, parking, dog_tax)
    rows = _csv(client)
    assert rows == [
        HEADER,
        ["10173", "Parkausweise und Zufahrtsberechtigungen", "3", "2", "1", "Speyer (2); Worms (1)", ""],
        ["10200", "Hundesteuer", "2", "1", "1", "Worms (2)", "Speyer"],
    ]
    assert [_as_page(row) for row in rows[1:]] == _page_table(client)
    sheet = _xlsx(client)
    assert sheet[0] == HEADER
    assert sheet[1][:5] == [10173, "Parkausweise und Zufahrtsberechtigungen", 3, 2, 1]  # numbers stay numbers
    assert [[("" if v is None else str(v)) for v in row] for row in sheet[1:]] == rows[1:]


def test_downloads_keep_the_kreis_filter_of_the_page(
    client, network, speyer, worms, anna, ben, parking, dog_tax
):
    _wishes(speyer, worms, anna, ben, parking, dog_tax)
    page = client.get(PAGE, {"kreis": "07319"}).content.decode()
    for fmt, label in [("csv", "CSV"), ("xlsx", "Excel"), ("pdf", "PDF")]:
        assert (
            f'<a class="kern-link" href="{PAGE}nachfrage.{fmt}?kreis=07319" '
            f'aria-label="Nachfrage als {label} herunterladen">{label}</a>'
        ) in page
    rows = _csv(client, {"kreis": "07319"})
    assert rows[1:] == [
        ["10200", "Hundesteuer", "2", "1", "1", "Worms (2)", ""],  # Speyer lies outside the Kreis
        ["10173", "Parkausweise und Zufahrtsberechtigungen", "1", "1", "0", "Worms (1)", ""],
    ]
    assert [_as_page(row) for row in rows[1:]] == _page_table(client, {"kreis": "07319"})
    response = client.get(PAGE + "nachfrage.xlsx", {"kreis": "07319"})
    assert 'filename="nachfrage-ikone-ds-kreis-07319.xlsx"' in response["Content-Disposition"]


def test_a_kreis_without_members_gives_all_members_like_the_page(
    client, network, speyer, worms, anna, ben, parking, dog_tax
):
    _wishes(speyer, worms, anna, ben, parking, dog_tax)
    page = client.get(PAGE, {"kreis": "99999"}).content.decode()
    assert "Kein Mitglied des Netzwerks liegt in diesem Kreis" in page
    assert f'href="{PAGE}nachfrage.csv"' in page
    assert _csv(client, {"kreis": "99999"}) == _csv(client)
    assert [_as_page(row) for row in _csv(client, {"kreis": "99999"})[1:]] == _page_table(
        client, {"kreis": "99999"}
    )


def test_the_pdf_names_the_network_the_kreis_and_the_figures(
    client, network, speyer, worms, anna, ben, parking, dog_tax
):
    _wishes(speyer, worms, anna, ben, parking, dog_tax)
    text = _pdf_text(client, {"kreis": "07319"})
    assert "Meistgewünschte fehlende Leistungen: IKONE-DS" in text
    assert "Nur Mitglieder im Kreis 07319." in text
    assert "Hundesteuer (10200)" in text
    assert "Worms (2)" in text
    assert "Anna" not in text  # counts only, no citizens
    assert "Ben" not in text


def test_without_demand_the_files_have_headers_only_and_the_pdf_says_so(client, network):
    assert _csv(client) == [HEADER]
    assert _xlsx(client) == [HEADER]
    text = _pdf_text(client)
    assert "IKONE-DS" in text
    assert "Noch keine Wünsche nach fehlenden Leistungen aus den Kommunen." in text


def test_unknown_format_or_network_is_not_found(client, network):
    assert client.get(PAGE + "nachfrage.docx").status_code == 404
    assert client.get("/netzwerke/gibt-es-nicht/beteiligung/nachfrage.csv").status_code == 404
