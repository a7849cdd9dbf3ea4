"""Journey "Wer zahlt was?": the coordinator creates a cost-sharing agreement with a population key,
compares it with equal shares, signs it off; Andernach's treasurer downloads the statement PDF."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from ikone.accounts.models import NetworkCoordinator, OrganizationMember, User
from ikone.core.audit import Actor
from ikone.core.testing.factories import MembershipFactory, MunicipalityFactory, NetworkFactory
from ikone.costs import services
from ikone.costs.models import CostAgreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "ein-sehr-langes-passwort"


@pytest.fixture
def cost_network():
    network = NetworkFactory(slug="ikone-ds", name="IKONE-DS")
    kaiserslautern = MunicipalityFactory(
        ags="07312000", name="Kaiserslautern, Stadt", short_name="Kaiserslautern", population=100_000
    )
    andernach = MunicipalityFactory(
        ags="07137003", name="Andernach, Stadt", short_name="Andernach", population=30_000
    )
    speyer = MunicipalityFactory(ags="07318000", name="Speyer, Stadt", short_name="Speyer", population=50_000)
    for town in (kaiserslautern, andernach, speyer):
        MembershipFactory(network=network, organization=town)
    services.cost_item_create(
        actor=Actor.system("test"),
        network=network,
        title="Betrieb Plattform",
        kind="operation",
        amount_eur=Decimal("18000.00"),
        year=2025,
        incurred_by=kaiserslautern,
    )
    coordinator = User.objects.create_user(email="koordination@ikone-ds.de", password=PASSWORD)
    NetworkCoordinator.objects.create(user=coordinator, network=network)
    treasurer = User.objects.create_user(email="kaemmerei@andernach.de", password=PASSWORD)
    OrganizationMember.objects.create(user=treasurer, organization=andernach, role="viewer")
    return network


def _sign_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(live_server.url + "/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def test_coordinator_agrees_on_a_population_key_and_the_treasurer_gets_the_statement(
    page, live_server, cost_network, assert_accessible
):
    _sign_in(page, live_server, "koordination@ikone-ds.de")
    page.goto(live_server.url + "/netzwerke/ikone-ds/kosten/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kosten und Kostenteilung")
    assert_accessible(page)
    page.get_by_role("link", name="Neue Vereinbarung").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neue Kostenteilungsvereinbarung")
    assert_accessible(page)
    page.get_by_label("Bezeichnung").fill("Betrieb 2025")
    page.get_by_label("Beginn des Zeitraums").fill("2025-01-01")
    page.get_by_label("Ende des Zeitraums").fill("2025-12-31")
    page.get_by_label("Schlüssel", exact=True).select_option("population")
    page.get_by_label("Schlüssel vereinbart am").fill("2024-11-20")
    page.get_by_label("Höchstbetrag je Mitglied").fill("abc")
    page.get_by_role("button", name="Vereinbarung speichern").click()
    expect(page.get_by_role("alert").first).to_contain_text("Bitte korrigieren")
    assert not CostAgreement.objects.exists()
    assert_accessible(page)
    page.get_by_label("Höchstbetrag je Mitglied").fill("")
    page.get_by_role("button", name="Vereinbarung speichern").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Betrieb 2025")
    shares = page.get_by_role("table", name="Anteile nach dem vereinbarten Schlüssel")
    expect(shares.get_by_role("row", name="Andernach")).to_contain_text("3.000,00 €")
    expect(shares).to_contain_text("18.000,00 €")
    expect(page.get_by_role("img", name="Anteile je Mitglied in Euro")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("gleiche Anteile").check()
    page.get_by_label("Was wäre, wenn … austritt").select_option(label="Speyer")
    page.get_by_role("button", name="Vergleichen").click()
    comparison = page.get_by_role("table", name="Anteile je Mitglied und Schlüssel")
    expect(comparison.get_by_role("row", name="Andernach")).to_contain_text("4.153,85 €")
    expect(comparison.get_by_role("row", name="Andernach")).to_contain_text("9.000,00 €")
    assert_accessible(page)

    page.get_by_role("button", name="Vereinbarung freigeben").click()
    expect(page.get_by_text("freigegeben am")).to_be_visible()
    assert CostAgreement.objects.get().status == "signed"

    _sign_in(page, live_server, "kaemmerei@andernach.de")
    page.goto(live_server.url + f"/netzwerke/ikone-ds/kosten/{CostAgreement.objects.get().pk}/")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF für Andernach").click()
    content = Path(download_info.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Ihr Anteil: 3.000,00 €" in text
    assert "Freigegeben von der Koordination" in text
    expect(page.get_by_role("link", name="PDF für Speyer")).to_have_count(0)


def test_treasurer_records_a_cost_and_reads_the_savings_estimate(
    page, live_server, cost_network, assert_accessible
):
    _sign_in(page, live_server, "kaemmerei@andernach.de")
    OrganizationMember.objects.filter(user__email="kaemmerei@andernach.de").update(role="editor")
    page.goto(live_server.url + "/netzwerke/ikone-ds/kosten/")
    page.get_by_role("link", name="Kosten erfassen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kosten erfassen")
    assert_accessible(page)
    page.get_by_label("Bezeichnung").fill("Einführung Ratsinfo")
    page.get_by_label("Kostenart").select_option("introduction")
    page.get_by_label("Betrag").fill("1.234,56")
    page.get_by_label("bei Nachnutzung (EfA) umlagefähig").check()
    page.get_by_role("button", name="Kosten speichern").click()
    expect(page.get_by_role("alert").first).to_contain_text("einmalige Kosten nicht")
    assert_accessible(page)
    page.get_by_label("bei Nachnutzung (EfA) umlagefähig").uncheck()
    page.get_by_role("button", name="Kosten speichern").click()
    expect(page.get_by_role("table", name="Alle Kostenpositionen des Netzwerks")).to_contain_text(
        "1.234,56 €"
    )
    page.get_by_role("link", name="Einsparungen durch Nachnutzung (Schätzung)").click()
    expect(page.get_by_text("Einsparung = Kosten, die Lösung allein zu bauen")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/kommunen/07137003/kosten/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Andernach")
    assert_accessible(page)


def test_coordinator_creates_a_funding_programme_and_sees_its_remaining_budget(
    page, live_server, cost_network, assert_accessible
):
    _sign_in(page, live_server, "koordination@ikone-ds.de")
    page.goto(live_server.url + "/netzwerke/ikone-ds/kosten/")
    page.get_by_role("link", name="Neues Förderprogramm").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Neues Förderprogramm")
    assert_accessible(page)
    page.get_by_label("Name des Programms").fill("Modellprojekte Smart Cities")
    page.get_by_label("Fördermittelgeber").fill("Bund")
    page.get_by_label("Fördersumme").fill("425.000,00")
    page.get_by_label("Förderquote (%)").fill("90")
    page.get_by_label("Beginn der Förderung").fill("2026-01-01")
    page.get_by_label("Ende der Förderung").fill("2025-12-31")
    page.get_by_label("Betrieb", exact=True).check()
    page.get_by_role("button", name="Förderprogramm speichern").click()
    expect(page.get_by_text("Das Ende liegt vor dem Beginn.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Beginn der Förderung").fill("2025-01-01")
    page.get_by_role("button", name="Förderprogramm speichern").click()
    table = page.get_by_role("table", name="Förderprogramme mit verbleibendem Budget")
    expect(table.get_by_role("row", name="Modellprojekte Smart Cities")).to_contain_text("425.000,00 €")
    assert_accessible(page)
