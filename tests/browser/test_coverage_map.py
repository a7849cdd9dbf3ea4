"""Journey "Where is a service already online?": coverage map → choose a service → the table."""

import pytest
from playwright.sync_api import expect

from ikone.core.audit import Actor
from ikone.core.testing.factories import LandFactory, MunicipalityFactory, ServiceFactory
from ikone.coverage import services
from ikone.coverage.services import StatusValues
from ikone.coverage.tests.factories import maturity_models
from ikone.organizations.choices import Level
from ikone.organizations.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kaiserslautern():
    maturity_models()
    actor = Actor.system("test")
    LandFactory()
    hund = ServiceFactory(ozg_id=10200, name="Hundesteuer")
    ServiceFactory(ozg_id=10300, name="Wohngeld", lage=hund.lage)
    for key, name in [("07312", "Kaiserslautern"), ("07335", "Landkreis Kaiserslautern")]:
        Organization.objects.create(
            level=Level.KREIS, kind="Kreis", name=name, short_name=name, slug=f"kreis-{key}",
            land_key="07", kreis_key=key, ars=key.ljust(12, "0"),
        )  # fmt: skip
    town = MunicipalityFactory(ags="07312000", name="Kaiserslautern, Stadt", short_name="Kaiserslautern")
    bann = MunicipalityFactory(ags="07335002", name="Bann")
    MunicipalityFactory(ags="07335003", name="Bruchmühlbach-Miesau")
    services.service_status_set(actor=actor, organization=town, service=hund, values=StatusValues(level=4))
    services.service_status_set(actor=actor, organization=bann, service=hund, values=StatusValues(level=3))


def test_map_choose_a_service_and_read_the_table(page, live_server, kaiserslautern, assert_accessible):
    page.goto(live_server.url + "/ozg-stand/karte/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Karte des OZG-Umsetzungsstands")
    expect(page.get_by_role("img", name="Mittlerer Anteil der Gemeinden je Kreis")).to_be_visible()
    expect(page.get_by_role("link", name="© GeoBasis-DE / BKG 2021 (Daten verändert)")).to_have_attribute(
        "href", "https://www.bkg.bund.de"
    )
    assert_accessible(page)

    page.get_by_role("combobox", name="OZG-Leistung").select_option(label="10200 – Hundesteuer")
    page.get_by_role("button", name="Karte anzeigen").click()
    table = page.get_by_role(
        "table", name="Tabelle zur Karte: Anteil der Gemeinden je Kreis, die „Hundesteuer“"
    )
    expect(table.get_by_role("row").filter(has_text="Landkreis Kaiserslautern (07335)")).to_contain_text(
        "50 %"
    )
    expect(table.get_by_role("row").filter(has_text="Kaiserslautern (07312)").first).to_contain_text("100 %")
    expect(page.locator("svg.coverage-map path[data-key]")).to_have_count(401)
    assert_accessible(page)

    page.get_by_role("combobox", name="Gebiete").select_option(label="Gemeinden eines Landes")
    page.get_by_role("combobox", name="Land").select_option(label="Rheinland-Pfalz")
    page.get_by_role("button", name="Karte anzeigen").click()
    table = page.get_by_role("table", name="Tabelle zur Karte: Reifegrad von „Hundesteuer“")
    expect(table.get_by_role("row").filter(has_text="Bann (07335002)")).to_contain_text(
        "Stufe 3 Online-Leistung"
    )
    expect(table.get_by_role("row").filter(has_text="Bruchmühlbach-Miesau")).to_contain_text("keine Daten")
    assert_accessible(page)
