"""Journey "first look": start page → IKONE-DS → Kaiserslautern → OZG catalog search."""

import pytest
from playwright.sync_api import expect

from ikone.core.testing.factories import (
    LeikaServiceFactory,
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    OtherOrganizationFactory,
    ServiceFactory,
)
from ikone.organizations.choices import MembershipRole

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ikone_ds():
    coordinator = OtherOrganizationFactory(name="KL digital GmbH", slug="kl-digital-gmbh")
    network = NetworkFactory(
        slug="ikone-ds",
        short_name="IKONE-DS",
        name="Interkommunales Netzwerk Digitale Stadt",
        coordinator=coordinator,
        is_demo=True,
    )
    MembershipFactory(network=network, organization=coordinator, role=MembershipRole.COORDINATOR)
    for ags, name in [("07312000", "Kaiserslautern"), ("07318000", "Speyer"), ("07211000", "Trier")]:
        MembershipFactory(
            network=network,
            organization=MunicipalityFactory(
                ags=ags, name=f"{name}, Stadt", short_name=name, kind="Kreisfreie Stadt"
            ),
        )
    dog_tax = ServiceFactory(ozg_id=10200, name="Hundesteuer")
    LeikaServiceFactory(service=dog_tax, name="Hundesteuer Festsetzung")
    ServiceFactory(ozg_id=10000, name="Elterngeld")
    return network


def test_first_look_from_start_page_to_catalog_search(page, live_server, ikone_ds, assert_accessible):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kommunen digitalisieren gemeinsam")
    assert_accessible(page)

    page.get_by_role("link", name="IKONE-DS").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("IKONE-DS")
    expect(page.get_by_role("table", name="Mitglieder")).to_contain_text("KL digital GmbH")
    assert_accessible(page)

    page.get_by_role("link", name="Kaiserslautern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kaiserslautern")
    expect(page.get_by_text("07312000", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="OZG-Katalog").click()
    page.get_by_label("Suche").fill("Hundesteuer")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("1 OZG-Leistung gefunden")
    expect(page.get_by_role("link", name="Hundesteuer")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Hundesteuer").click()
    expect(page.get_by_role("table", name="LeiKa-Leistungen dieser OZG-Leistung")).to_contain_text(
        "Hundesteuer Festsetzung"
    )
    assert_accessible(page)


def test_keyboard_user_can_skip_to_the_content(page, live_server, ikone_ds):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Zum Inhalt springen")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#inhalt")).to_be_focused()
