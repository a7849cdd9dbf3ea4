"""Secondary costs pages: costs of a network project (Übernahme) in the cost and agreement forms,
editing and deleting a cost item and a funding programme, the statements per year of a multi-year agreement, and the
coordination's estimate per OZG-Leistung for the savings estimate."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ikone.accounts.models import NetworkCoordinator, OrganizationMember, User
from ikone.claims.services import claim_create
from ikone.core.audit import Actor
from ikone.core.testing.factories import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
)
from ikone.costs import services
from ikone.costs.models import BuildAloneEstimate, CostAgreement, CostItem, FundingProgramme
from ikone.costs.services import KeyInput, ParticipantInput
from ikone.coverage.tests.factories import maturity_models

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "ein-sehr-langes-passwort"
SYSTEM = Actor.system("test")


@pytest.fixture
def towns():
    maturity_models()
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
    coordinator = User.objects.create_user(email="koordination@ikone-ds.de", password=PASSWORD)
    NetworkCoordinator.objects.create(user=coordinator, network=network)
    treasurer = User.objects.create_user(email="kaemmerei@andernach.de", password=PASSWORD)
    OrganizationMember.objects.create(user=treasurer, organization=andernach, role="viewer")
    return network, kaiserslautern, andernach, speyer


def _cost(network, town, *, title="Betrieb Plattform", amount="18000.00", year=2025):
    return services.cost_item_create(
        actor=SYSTEM,
        network=network,
        title=title,
        kind="operation",
        amount_eur=Decimal(amount),
        year=year,
        incurred_by=town,
    )


def _sign_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(live_server.url + "/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def test_coordinator_records_and_shares_the_costs_of_a_network_project(
    page, live_server, towns, assert_accessible
):
    network, kaiserslautern, _andernach, _speyer = towns
    claim_create(
        actor=SYSTEM, network=network, organization=kaiserslautern, service=ServiceFactory(name="Hundesteuer")
    )
    _sign_in(page, live_server, "koordination@ikone-ds.de")
    page.goto(live_server.url + "/netzwerke/ikone-ds/kosten/")
    page.get_by_role("link", name="Kosten erfassen").click()
    page.get_by_label("Bezeichnung").fill("Entwicklung Hundesteuer-Formular")
    page.get_by_label("Kostenart").select_option("development")
    page.get_by_label("Betrag").fill("zwölftausend")
    page.get_by_label("Jahr").fill("2025")
    page.get_by_label("getragen von").select_option(label="Kaiserslautern")
    page.get_by_label("Übernahme (Netzwerkprojekt)").select_option(label="Kaiserslautern: Hundesteuer")
    page.get_by_role("button", name="Kosten speichern").click()
    expect(page.get_by_role("alert").first).to_contain_text("Bitte korrigieren")
    expect(page.get_by_label("Übernahme (Netzwerkprojekt)")).to_have_value(str(network.claims.get().pk))
    assert not CostItem.objects.exists()
    assert_accessible(page)
    page.get_by_label("Betrag").fill("12.000,00")
    page.get_by_role("button", name="Kosten speichern").click()
    costs = page.get_by_role("table", name="Alle Kostenpositionen des Netzwerks")
    expect(costs.get_by_role("row", name="Entwicklung Hundesteuer-Formular")).to_contain_text(
        "Übernahme: Kaiserslautern – Hundesteuer"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Neue Vereinbarung").click()
    page.get_by_label("Bezeichnung").fill("Hundesteuer-Projekt")
    page.get_by_label("… oder Kosten welcher Übernahme (Netzwerkprojekt)?").select_option(
        label="Kaiserslautern: Hundesteuer"
    )
    page.get_by_label("Beginn des Zeitraums").fill("2025-01-01")
    page.get_by_label("Ende des Zeitraums").fill("2024-12-31")
    page.get_by_label("Schlüssel", exact=True).select_option("equal")
    page.get_by_label("Schlüssel vereinbart am").fill("2024-11-20")
    page.get_by_role("button", name="Vereinbarung speichern").click()
    expect(page.get_by_role("alert").first).to_contain_text("Bitte korrigieren")
    assert not CostAgreement.objects.exists()
    assert_accessible(page)
    page.get_by_label("Ende des Zeitraums").fill("2025-12-31")
    page.get_by_role("button", name="Vereinbarung speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hundesteuer-Projekt")
    expect(page.get_by_text("Übernahme: Kaiserslautern – Hundesteuer")).to_be_visible()
    shares = page.get_by_role("table", name="Anteile nach dem vereinbarten Schlüssel")
    expect(shares.get_by_role("row", name="Andernach")).to_contain_text("4.000,00 €")
    assert_accessible(page)


def test_coordinator_corrects_and_deletes_a_cost_item(page, live_server, towns, assert_accessible):
    network, kaiserslautern, _andernach, _speyer = towns
    _cost(network, kaiserslautern)
    _sign_in(page, live_server, "koordination@ikone-ds.de")
    page.goto(live_server.url + "/netzwerke/ikone-ds/kosten/")
    page.get_by_role("link", name="Betrieb Plattform (2025) bearbeiten oder löschen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kostenposition „Betrieb Plattform“ (2025) bearbeiten"
    )
    expect(page.get_by_label("Betrag")).to_have_value("18000,00")
    assert_accessible(page)
    page.get_by_label("Jahr").fill("1800")
    page.get_by_role("button", name="Kosten speichern").click()
    expect(page.get_by_role("alert").first).to_contain_text("Bitte korrigieren")
    assert CostItem.objects.get().year == 2025
    assert_accessible(page)
    page.get_by_label("Jahr").fill("2026")
    page.get_by_label("Betrag").fill("19.500,00")
    page.get_by_role("button", name="Kosten speichern").click()
    expect(page.get_by_role("status").first).to_contain_text("Die Kostenposition ist gespeichert.")
    costs = page.get_by_role("table", name="Alle Kostenpositionen des Netzwerks")
    expect(costs.get_by_role("row", name="Betrieb Plattform")).to_contain_text("19.500,00 €")
    expect(costs.get_by_role("row", name="Betrieb Plattform")).to_contain_text("2026")

    page.get_by_role("link", name="Betrieb Plattform (2026) bearbeiten oder löschen").click()
    page.get_by_role("button", name="Kostenposition löschen").click()
    expect(page.get_by_role("status").first).to_contain_text("Die Kostenposition ist gelöscht.")
    expect(costs).to_contain_text("Noch keine Kosten erfasst.")
    assert not CostItem.objects.exists()
    assert_accessible(page)


def test_treasurer_downloads_the_statement_of_one_year(page, live_server, towns, assert_accessible):
    network, kaiserslautern, andernach, speyer = towns
    _cost(network, kaiserslautern)
    _cost(network, speyer, title="Hosting 2026", amount="6000.00", year=2026)
    agreement = services.agreement_create(
        actor=SYSTEM,
        network=network,
        title="Betrieb 2025–2026",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        participants=[ParticipantInput(organization=t) for t in (kaiserslautern, andernach, speyer)],
        key=KeyInput(kind="population", agreed_on=dt.date(2024, 11, 20)),
    )
    services.agreement_sign_off(actor=SYSTEM, agreement=agreement)
    _sign_in(page, live_server, "kaemmerei@andernach.de")
    page.goto(live_server.url + "/kommunen/07137003/kosten/")
    page.get_by_role("link", name="Betrieb 2025–2026").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Betrieb 2025–2026")
    expect(page.get_by_text("Jahr 2026 für Andernach:")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV 2026 Andernach").click()
    download = download_info.value
    assert download.suggested_filename == f"abrechnung-{agreement.pk}-07137003-2026.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "Ihr Anteil;" in text
    assert text.strip().splitlines()[-1].endswith(";1.000,00")  # 30.000 of 180.000 people × 6.000 €
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV für Andernach").click()
    whole = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert whole.strip().splitlines()[-1].endswith(";4.000,00")  # (18.000 + 6.000) / 6
    expect(page.get_by_role("link", name="CSV 2026 Speyer")).to_have_count(0)


def test_coordinator_sets_and_removes_the_estimate_for_one_ozg_service(
    page, live_server, towns, assert_accessible
):
    ServiceFactory(ozg_id=10200, name="Hundesteuer")
    _sign_in(page, live_server, "koordination@ikone-ds.de")
    page.goto(live_server.url + "/netzwerke/ikone-ds/kosten/einsparungen/")
    page.get_by_role("link", name="Schätzung für eine OZG-Leistung setzen oder entfernen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schätzung je OZG-Leistung")
    assert_accessible(page)
    page.get_by_label("OZG-ID").fill("99999")
    page.get_by_label("Kosten, eine Lösung für diese OZG-Leistung allein zu bauen").fill("80.000,00")
    page.get_by_role("button", name="Schätzung speichern").click()
    expect(page.get_by_role("alert").first).to_contain_text("Bitte korrigieren")
    assert not BuildAloneEstimate.objects.exists()
    assert_accessible(page)
    page.get_by_label("OZG-ID").fill("10200")
    page.get_by_role("button", name="Schätzung speichern").click()
    expect(page.get_by_role("status").first).to_contain_text("Die Schätzung ist gespeichert.")
    estimates = page.locator("#build-alone-estimates")
    expect(estimates.get_by_role("row", name="10200 Hundesteuer")).to_contain_text("80.000,00 €")
    assert_accessible(page)

    page.get_by_role("link", name="Schätzung für eine OZG-Leistung setzen oder entfernen").click()
    page.get_by_label("OZG-ID").fill("10200")
    page.get_by_role("button", name="Schätzung speichern").click()
    expect(page.get_by_role("status").first).to_contain_text("Die Schätzung ist entfernt.")
    assert not BuildAloneEstimate.objects.exists()
    assert_accessible(page)


def test_coordinator_changes_a_programmes_amount_and_deletes_an_unlinked_one(
    page, live_server, towns, assert_accessible
):
    network, kaiserslautern, _andernach, _speyer = towns
    land = services.programme_create(
        actor=SYSTEM,
        network=network,
        name="Landesförderung",
        funder="Land",
        amount_eur=Decimal("425000.00"),
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        funding_rate=Decimal("90"),
        eligible_kinds=["operation"],
    )
    services.programme_create(
        actor=SYSTEM,
        network=network,
        name="Bundesförderung",
        funder="Bund",
        amount_eur=Decimal("10000.00"),
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 12, 31),
        funding_rate=Decimal("50"),
    )
    services.cost_item_create(
        actor=SYSTEM,
        network=network,
        title="Betrieb Plattform",
        kind="operation",
        amount_eur=Decimal("18000.00"),
        year=2025,
        incurred_by=kaiserslautern,
        programme=land,
    )
    _sign_in(page, live_server, "koordination@ikone-ds.de")
    page.goto(live_server.url + "/netzwerke/ikone-ds/kosten/")
    page.get_by_role("link", name="Landesförderung bearbeiten oder löschen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Förderprogramm „Landesförderung“ bearbeiten")
    expect(page.get_by_label("Fördersumme", exact=True)).to_have_value("425000,00")
    assert_accessible(page)
    page.get_by_label("Fördersumme", exact=True).fill(
        "15.000,00"
    )  # it already funds 16.200 € (18.000 × 90 %)
    page.get_by_role("button", name="Förderprogramm speichern").click()
    expect(page.get_by_role("alert").first).to_contain_text("Bitte korrigieren")
    expect(page.locator("#id_amount_eur-error")).to_contain_text("fehlten 1.200,00 €")
    assert FundingProgramme.objects.get(pk=land.pk).amount_eur == Decimal("425000.00")
    assert_accessible(page)
    page.get_by_label("Fördersumme", exact=True).fill("400.000,00")
    page.get_by_role("button", name="Förderprogramm speichern").click()
    expect(page.get_by_role("status").first).to_contain_text("Das Förderprogramm ist gespeichert.")
    programmes = page.get_by_role("table", name="Förderprogramme mit verbleibendem Budget")
    expect(programmes.get_by_role("row", name="Landesförderung")).to_contain_text("383.800,00 €")
    assert_accessible(page)

    page.get_by_role("link", name="Landesförderung bearbeiten oder löschen").click()
    page.get_by_role("link", name="Förderprogramm „Landesförderung“ löschen").click()
    expect(page.get_by_text("ist noch 1 Kostenposition zugeordnet")).to_be_visible()
    expect(page.get_by_role("button", name="Förderprogramm endgültig löschen")).to_have_count(0)
    assert_accessible(page)

    page.goto(live_server.url + "/netzwerke/ikone-ds/kosten/")
    page.get_by_role("link", name="Bundesförderung bearbeiten oder löschen").click()
    page.get_by_role("link", name="Förderprogramm „Bundesförderung“ löschen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Förderprogramm „Bundesförderung“ löschen?")
    assert_accessible(page)
    page.get_by_role("button", name="Förderprogramm endgültig löschen").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Das Förderprogramm „Bundesförderung“ ist gelöscht."
    )
    expect(programmes.get_by_role("row", name="Bundesförderung")).to_have_count(0)
    assert list(FundingProgramme.objects.values_list("name", flat=True)) == ["Landesförderung"]
    assert_accessible(page)
