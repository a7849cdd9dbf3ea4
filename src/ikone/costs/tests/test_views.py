import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook
from pypdf import PdfReader

from ikone.core.testing.queries import assert_constant_queries
from ikone.costs import services
from ikone.costs.models import CostAgreement, CostItem
from ikone.costs.services import KeyInput
from ikone.costs.tests.conftest import participants

PAGE = "/netzwerke/ikone-ds/kosten/"


def test_the_network_page_lists_agreements_costs_and_programmes(client, agreement):
    response = client.get(PAGE)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Betrieb 2025" in text
    assert "10.000,01 €" in text


def test_the_network_page_needs_a_constant_number_of_queries(
    client, agreement, network, kaiserslautern, system
):
    def grow():
        for year in (2026, 2027):
            services.agreement_create(
                actor=system,
                network=network,
                title=f"Betrieb {year}",
                starts_on=dt.date(year, 1, 1),
                ends_on=dt.date(year, 12, 31),
                participants=participants(kaiserslautern),
                key=KeyInput(kind="equal", agreed_on=dt.date(2025, 1, 1)),
            )

    assert_constant_queries(lambda: client.get(PAGE), grow)


def test_the_agreement_page_shows_shares_chart_and_a_comparison(client, agreement):
    url = f"{PAGE}{agreement.pk}/"
    text = client.get(url).content.decode()
    assert "5.555,56 €" in text
    assert "<svg" in text
    text = client.get(url, {"keys": ["equal"], "join": "07211000"}).content.decode()
    assert "gleiche Anteile" in text
    assert "Trier tritt bei" in text
    assert "2.500,00 €" in text  # four members, equal shares of 10.000,01 € (one gets the extra cent)


def test_the_coordinator_edits_with_german_numbers_and_errors_stay_at_the_field(
    client, agreement, coordinator, kaiserslautern, andernach
):
    client.force_login(coordinator)
    url = f"{PAGE}{agreement.pk}/bearbeiten/"
    assert client.get(url).status_code == 200
    data = {
        "title": "Betrieb 2025",
        "solution": "",
        "starts_on": "01.01.2025",
        "ends_on": "31.12.2025",
        "kind": "hybrid",
        "agreed_on": "2025-02-01",
        "weight_population": "0,5",
        "weight_usage": "0",
        "weight_equal": "0,4",
        "variable_measure": "population",
        "base_fee_eur": "",
        f"m{kaiserslautern.pk}_in": "on",
        f"m{andernach.pk}_in": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "genau 1 ergeben" in response.content.decode()
    assert agreement.keys.count() == 1
    data["weight_equal"] = "0,5"
    response = client.post(url, data)
    assert response.status_code == 302
    assert agreement.keys.count() == 2


def test_only_coordinators_open_the_form(client, agreement, treasurer):
    client.force_login(treasurer)
    assert client.get(f"{PAGE}neu/").status_code == 403
    assert client.post(f"{PAGE}{agreement.pk}/freigeben/").status_code == 403
    agreement.refresh_from_db()
    assert agreement.status == "draft"


def test_the_treasurer_downloads_the_statement_as_pdf_csv_and_xlsx(client, agreement, treasurer):
    client.force_login(treasurer)
    response = client.get(f"{PAGE}{agreement.pk}/abrechnung/07137003.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Abrechnung für Andernach" in text
    assert "1.666,67 €" in text
    csv = client.get(f"{PAGE}{agreement.pk}/abrechnung/07137003.csv").content.decode("utf-8-sig")
    assert "Ihr Anteil;16,67;1.666,67" in csv
    assert "01.01.2025;31.12.2025" in csv
    xlsx = client.get(f"{PAGE}{agreement.pk}/abrechnung/07137003.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    last = [c.value for c in list(sheet.iter_rows())[-1]]
    assert last[0] == "Ihr Anteil"
    assert Decimal(str(last[2])) == Decimal("1666.67")
    assert client.get(f"{PAGE}{agreement.pk}/abrechnung/07312000.pdf").status_code == 403


def test_statements_need_sign_in(client, agreement):
    response = client.get(f"{PAGE}{agreement.pk}/abrechnung/07137003.pdf")
    assert response.status_code == 302
    assert CostAgreement.objects.count() == 1


def test_a_treasurer_records_costs_with_german_numbers_and_the_reuse_rule_at_the_field(
    client, network, treasurer
):
    client.force_login(treasurer)
    url = f"{PAGE}positionen/neu/"
    page = client.get(url).content.decode()
    assert "Andernach" in page
    assert "Kaiserslautern" not in page  # only the members the treasurer may book for
    data = {
        "title": "Einführung",
        "kind": "introduction",
        "amount_eur": "1.234,56",
        "year": "2025",
        "incurred_by": "07137003",
        "chargeable_for_reuse": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "einmalige Kosten nicht" in response.content.decode()
    assert not CostItem.objects.exists()
    del data["chargeable_for_reuse"]
    assert client.post(url, data).status_code == 302
    assert CostItem.objects.get().amount_eur == Decimal("1234.56")


def test_the_network_page_charts_each_programmes_budget(client, network, system):
    services.programme_create(
        actor=system,
        network=network,
        name="Landesförderung",
        funder="Land",
        amount_eur=Decimal("425000.00"),
        starts_on=dt.date(2019, 1, 1),
        ends_on=dt.date(2021, 12, 31),
        funding_rate=Decimal("90"),
    )
    page = client.get(PAGE).content.decode()
    assert "Fördersumme je Programm: gefördert und verbleibend, in Euro" in page
    assert "425.000,00 €" in page
