"""Journey "We reuse it": a member records an adoption → the owner's solution page and the member's
coverage show it → the member writes an experience report → recommendations come with reasons."""

import pytest
from playwright.sync_api import expect

from ikone.accounts.models import OrganizationMember, User
from ikone.catalog.services import SolutionLinks, solution_import, solution_update
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.testing.factories import (
    LandFactory,
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
)
from ikone.coverage.tests.factories import maturity_models
from ikone.reuse import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "ein-sehr-langes-passwort"
SYSTEM = Actor.system("test")


def _solution(owner, service, name, url):
    solution = solution_import(
        actor=SYSTEM, content=publiccode_yaml(name=name, url=url), owner=owner
    ).solution
    return solution_update(
        actor=SYSTEM, solution=solution, document=solution.document, links=SolutionLinks(services=[service])
    )


@pytest.fixture
def reuse_network():
    maturity_models()
    LandFactory()
    hund = ServiceFactory(ozg_id=10200, name="Hundesteuer")
    wohngeld = ServiceFactory(ozg_id=10300, name="Wohngeld", lage=hund.lage)
    network = NetworkFactory(slug="ikone-ds", name="IKONE-DS")
    speyer = MunicipalityFactory(ags="07318000", name="Speyer, Stadt", short_name="Speyer", population=50000)
    kl = MunicipalityFactory(
        ags="07312000", name="Kaiserslautern, Stadt", short_name="Kaiserslautern", population=99000
    )
    trier = MunicipalityFactory(ags="07211000", name="Trier, Stadt", short_name="Trier", population=110000)
    for town in (speyer, kl):
        MembershipFactory(network=network, organization=town)
    _solution(speyer, hund, "Hundesteuer-Portal", "https://git.example.org/speyer/hundesteuer")
    assistant = _solution(trier, wohngeld, "Wohngeld-Assistent", "https://git.example.org/trier/wohngeld")
    services.adoption_create(actor=SYSTEM, organization=speyer, solution=assistant, state="production")
    editor = User.objects.create_user(email="redaktion@kaiserslautern.de", password=PASSWORD)
    OrganizationMember.objects.create(user=editor, organization=kl, role="editor")
    return network


def _sign_in(page, live_server, email):
    page.goto(live_server.url + "/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def test_member_records_adoption_reports_and_gets_recommendations(
    page, live_server, reuse_network, assert_accessible
):
    _sign_in(page, live_server, "redaktion@kaiserslautern.de")
    page.goto(live_server.url + "/loesungen/hundesteuer-portal/")
    page.get_by_role("link", name="Nachnutzung erfassen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nachnutzung erfassen")
    assert_accessible(page)

    page.get_by_label("Nachnutzende Organisation").select_option(label="Kaiserslautern")
    page.get_by_label("Stand").select_option(label="in Produktion")
    page.get_by_label("in Produktion seit").fill("2025-03-01")
    page.get_by_label("Betriebsmodell").select_option(label="durch IT-Dienstleister")
    page.get_by_label("IT-Dienstleister").fill("KL digital GmbH")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kaiserslautern nutzt Hundesteuer-Portal nach")
    expect(page.get_by_role("status").first).to_contain_text("Nachnutzung erfasst.")
    assert_accessible(page)

    # the owner's solution page shows who uses it, in which state, since when
    page.goto(live_server.url + "/loesungen/hundesteuer-portal/")
    row = (
        page.get_by_role("table", name="Wer nutzt die Lösung nach?")
        .get_by_role("row")
        .filter(has_text="Kaiserslautern")
    )
    expect(row).to_contain_text("in Produktion")
    expect(row).to_contain_text("01.03.2025")
    expect(row).to_contain_text("bestätigt")
    assert_accessible(page)

    # the member's coverage now offers the OZG-Leistung, linked to the solution
    page.goto(live_server.url + "/kommunen/07312000/ozg-stand/")
    hund = (
        page.get_by_role("table", name="Erfasste Stände je OZG-Leistung")
        .get_by_role("row")
        .filter(has_text="Hundesteuer")
    )
    expect(hund.get_by_role("cell").nth(0)).to_have_text("3")
    expect(hund).to_contain_text("Hundesteuer-Portal")
    assert_accessible(page)

    # the member writes an experience report
    page.goto(live_server.url + "/kommunen/07312000/")
    page.get_by_role("link", name="in Produktion").click()
    page.get_by_role("link", name="Erfahrungsbericht schreiben").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erfahrungsbericht zu Hundesteuer-Portal")
    assert_accessible(page)
    page.get_by_label("Tage bis zum Produktivbetrieb").fill("60")
    page.get_by_label("Stolpersteine").fill("Anbindung an das Finanzverfahren früh testen.")
    page.get_by_label("Nutzbarkeit für Bürgerinnen und Bürger (1–5)").select_option("5")
    page.get_by_label("Aufwand der Einführung (1 = hoch, 5 = gering)").select_option("4")
    page.get_by_label("Qualität der Dokumentation (1–5)").select_option("4")
    page.get_by_label("Unterstützung durch die Eigentümerin (1–5)").select_option("5")
    page.get_by_role("button", name="Bericht veröffentlichen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hundesteuer-Portal")
    expect(page.locator("#berichte ~ article").first).to_contain_text(
        "Anbindung an das Finanzverfahren früh testen."
    )
    expect(page.get_by_text("Bewertung 4,5 von 5 aus 1 Erfahrungsbericht")).to_be_visible()
    assert_accessible(page)

    # recommendations with a reason for each
    page.goto(live_server.url + "/kommunen/07312000/empfehlungen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Empfehlungen für Kaiserslautern")
    item = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="Wohngeld-Assistent"))
    expect(item).to_contain_text("In Produktion bei 1 Organisation Ihres Netzwerks IKONE-DS")
    assert_accessible(page)

    # the organisation page loads its top three afterwards
    page.goto(live_server.url + "/kommunen/07312000/")
    top = page.locator("#empfehlungen-kurz")
    expect(top.get_by_role("link", name="Wohngeld-Assistent")).to_be_visible()
    expect(page.get_by_text("Die Empfehlungen werden berechnet")).to_have_count(0)
    assert_accessible(page)
