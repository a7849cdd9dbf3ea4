"""Journey "join the network": the coordinator invites a town, its admin accepts, invites a colleague,
and the change history shows what happened."""

import pytest
from playwright.sync_api import expect

from ikone.accounts.models import NetworkCoordinator, OrganizationMember, User
from ikone.core.testing.factories import MembershipFactory, MunicipalityFactory, NetworkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "ein-sehr-langes-passwort"


def sign_in(page, live_server, email):
    page.goto(live_server.url + "/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def sign_out(page):
    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Anmelden", exact=True)).to_be_visible()


def test_coordinator_invites_town_admin_accepts_and_invites_a_colleague(page, live_server, assert_accessible):
    network = NetworkFactory(
        slug="ikone-ds", short_name="IKONE-DS", name="Interkommunales Netzwerk Digitale Stadt"
    )
    MembershipFactory(
        network=network, organization=MunicipalityFactory(ags="07312000", short_name="Kaiserslautern")
    )
    landau = MunicipalityFactory(ags="07313000", short_name="Landau in der Pfalz")
    coordinator = User.objects.create_user(email="koordination@kl-digital.de", password=PASSWORD)
    NetworkCoordinator.objects.create(user=coordinator, network=network)
    admin = User.objects.create_user(email="admin@landau.de", password=PASSWORD)
    OrganizationMember.objects.create(user=admin, organization=landau, role="orgadmin")

    sign_in(page, live_server, "koordination@kl-digital.de")
    page.goto(live_server.url + "/netzwerke/ikone-ds/")
    page.get_by_label("Organisation einladen (AGS oder Kurzname)").fill("07313000")
    page.get_by_role("button", name="Einladen").click()
    expect(page.get_by_role("status").first).to_contain_text("Landau in der Pfalz wurde eingeladen.")
    expect(page.get_by_role("region", name="Koordination")).to_contain_text("Einladung: Landau in der Pfalz")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, live_server, "admin@landau.de")
    page.goto(live_server.url + "/kommunen/07313000/")
    expect(page.get_by_role("region", name="Netzwerkbeitritt")).to_contain_text("Einladung: IKONE-DS")
    assert_accessible(page)
    page.get_by_role("region", name="Netzwerkbeitritt").get_by_role("button", name="Annehmen").click()
    expect(page.get_by_role("status").first).to_contain_text("Angenommen.")
    expect(page.get_by_role("link", name="IKONE-DS")).to_be_visible()

    page.get_by_role("link", name="Mein Konto").click()
    page.get_by_label("E-Mail-Adresse").fill("kollegin@landau.de")
    page.get_by_label("Rolle").select_option("editor")
    page.get_by_role("button", name="Einladung senden").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Die Einladung an kollegin@landau.de ist verschickt."
    )
    assert_accessible(page)

    page.goto(live_server.url + "/kommunen/07313000/aenderungen/")
    history = page.get_by_role("table", name="Änderungen, neueste zuerst")
    expect(history).to_contain_text("kollegin@landau.de")
    expect(history).to_contain_text("Landau in der Pfalz in IKONE-DS")
    assert_accessible(page)
