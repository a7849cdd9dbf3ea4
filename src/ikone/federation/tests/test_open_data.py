import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from ikone.core.testing.factories import MembershipFactory, NetworkFactory
from ikone.core.testing.queries import assert_constant_queries

from .conftest import delete, make_solution

pytestmark = pytest.mark.django_db


def test_open_data_page_lists_datasets_formats_and_the_licence(settings):
    make_solution()
    NetworkFactory(name="Smart-City Fichtelgebirge", short_name="Fichtelgebirge", slug="fichtelgebirge")
    settings.OPEN_DATA_LICENSE = "cc-by/4.0"
    response = Client().get("/offene-daten/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lösungskatalog: nachnutzbare Software für Kommunen" in html
    assert "OZG-Umsetzungsstand im Netzwerk Fichtelgebirge" in html
    assert "Register der Standards und Schnittstellen" in html
    assert "OZG-Umsetzungsstand aller Netzwerke" in html
    assert "Creative Commons Namensnennung" in html
    for link in (
        "/offene-daten/loesungskatalog.csv",
        "/offene-daten/loesungskatalog.xlsx",
        "/offene-daten/loesungskatalog.atom",
        "/api/v1/federation/solutions",
        "/api/v1/federation/standards",
        "/api/v1/federation/coverage",
        "/offene-daten/netzwerke/fichtelgebirge/umsetzungsstand.csv",
        "/api/v1/dcat/catalog.ttl",
    ):
        assert link in html


def test_catalog_csv_has_one_row_per_public_solution_and_names_the_licence():
    make_solution(name="Bürgerportal")
    make_solution(name="Entwurf", visibility="draft")
    response = Client().get("/offene-daten/loesungskatalog.csv")
    assert response["Link"] == '<http://dcat-ap.de/def/licenses/dl-by-de/2.0>; rel="license"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Kurzname", "Name"]
    assert [row[1] for row in rows[1:]] == ["Bürgerportal"]


def test_catalog_xlsx_has_a_metadata_sheet_with_the_licence():
    make_solution(name="Bürgerportal")
    response = Client().get("/offene-daten/loesungskatalog.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Daten", "Metadaten"]
    assert workbook["Daten"]["B2"].value == "Bürgerportal"
    metadata = {row[0]: row[1] for row in workbook["Metadaten"].iter_rows(min_row=2, values_only=True)}
    assert metadata["Lizenz"] == "Datenlizenz Deutschland – Namensnennung – Version 2.0"
    assert metadata["Lizenz (URI)"] == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"


def test_coverage_figures_are_sums_per_themenfeld_and_level_without_member_names():
    from ikone.coverage.services import StatusValues, statuses_set
    from ikone.coverage.tests.factories import maturity_models, small_catalog

    from .conftest import SYSTEM

    maturity_models()
    services = small_catalog()
    network = NetworkFactory(slug="ikone-ds")
    members = [MembershipFactory(network=network).organization for _ in range(2)]
    for member in members:
        statuses_set(actor=SYSTEM, organization=member, items=[(services[0], StatusValues(level=3))])
    statuses_set(actor=SYSTEM, organization=members[0], items=[(services[1], StatusValues(level=2))])
    response = Client().get("/offene-daten/netzwerke/ikone-ds/umsetzungsstand.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Themenfeld",
        "Reifegradmodell",
        "Stufe",
        "Leistungen (Summe über Mitglieder)",
        "Mitglieder",
    ]
    figures = {(row[0], int(row[2])): int(row[3]) for row in rows[1:]}
    assert figures[(services[0].themenfeld.name, 3)] == 2
    assert figures[(services[1].themenfeld.name, 2)] == 1
    assert all(row[4] == "2" for row in rows[1:])
    assert not any(str(m) in response.content.decode("utf-8-sig") for m in members)
    assert Client().get("/offene-daten/netzwerke/gibt-es-nicht/umsetzungsstand.csv").status_code == 404
    assert Client().get("/offene-daten/netzwerke/ikone-ds/umsetzungsstand.pdf").status_code == 404


def test_atom_feed_shows_changed_and_removed_solutions():
    make_solution(name="Bürgerportal")
    delete(make_solution(name="Altes Werkzeug"))
    response = Client().get("/offene-daten/loesungskatalog.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Lösung geändert: Bürgerportal" in body
    assert "Lösung nicht mehr im Katalog: altes-werkzeug" in body


def test_open_data_lists_cost_the_same_queries_for_more_rows():
    make_solution()
    NetworkFactory()

    def grow():
        for _ in range(3):
            make_solution()
            NetworkFactory()

    for url in ("/offene-daten/", "/offene-daten/loesungskatalog.csv", "/offene-daten/loesungskatalog.atom"):
        assert_constant_queries(
            lambda url=url: Client().get(url), grow if url == "/offene-daten/" else lambda: None
        )
    assert_constant_queries(lambda: Client().get("/offene-daten/loesungskatalog.xlsx"), grow)
    assert_constant_queries(lambda: Client().get("/api/v1/dcat/catalog.ttl"), grow)
