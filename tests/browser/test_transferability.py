"""Journey "Argue for funding": an officer opens a solution's transferability, chooses their own
town, gets the target-specific score and the PDF report; the owner fills in the platform-side facts."""

import re

import pytest
from playwright.sync_api import expect

from ikone.accounts.models import OrganizationMember, User
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.testing.factories import LandFactory, MunicipalityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def solution():
    LandFactory()
    LandFactory(land_key="09", name="Bayern")
    speyer = MunicipalityFactory(ags="07318000", name="Speyer, Stadt", short_name="Speyer", population=50_000)
    MunicipalityFactory(
        ags="07318001", land_key="07", name="Dudenhofen", short_name="Dudenhofen", population=6_000
    )
    editor = User.objects.create_user(email="digital@speyer.example", password="ein-langes-passwort")
    OrganizationMember.objects.create(user=editor, organization=speyer, role="editor")
    return solution_import(actor=Actor.system("test"), content=publiccode_yaml(), owner=speyer).solution


def score_of(page, element_id):
    return int(page.locator(f"#{element_id}").inner_text())


def test_choose_a_target_download_the_report_and_fill_in_the_facts(
    page, live_server, solution, assert_accessible
):
    page.goto(f"{live_server.url}/loesungen/{solution.slug}/")
    section = page.get_by_role("region", name="Übertragbarkeit")
    expect(section).to_be_visible()
    expect(section.get_by_role("table", name="Kriterien (allgemein)")).to_contain_text(
        "Offene Lizenz (OSI, SPDX)"
    )
    expect(section.locator("#transferability-todo")).to_contain_text("mandantenfähig")
    general = score_of(page, "transferability-general")
    assert_accessible(page)

    section.get_by_label("Zielorganisation (AGS, Kurzname oder Name)").fill("Dudenhofen")
    section.get_by_role("button", name="Für diese Organisation bewerten").click()
    expect(page.locator("#transferability-target")).to_be_visible()
    expect(section.get_by_role("table", name="Kriterien für Dudenhofen")).to_contain_text(
        "Landesrecht der Zielorganisation"
    )
    targeted = score_of(page, "transferability-target")
    assert targeted != general  # the context criteria (same Land: met; size class, provider: not) count
    assert_accessible(page)

    link = page.get_by_role("link", name="Bericht für Dudenhofen als PDF")
    href = link.get_attribute("href")
    assert href.endswith("?target=07318001")
    response = page.request.get(live_server.url + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    page.goto(f"{live_server.url}/anmelden/?next=/loesungen/{solution.slug}/")
    page.get_by_label("E-Mail-Adresse").fill("digital@speyer.example")
    page.get_by_label("Passwort").fill("ein-langes-passwort")
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("link", name="Angaben zur Übertragbarkeit bearbeiten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Angaben zur Übertragbarkeit"))
    assert_accessible(page)

    page.get_by_label("als Container lieferbar").select_option("ja")
    page.get_by_label("als Dienst nutzbar").select_option("ja")
    page.get_by_label("mandantenfähig").select_option("ja")
    page.get_by_label("Erklärung zur Barrierefreiheit (URL)").fill("https://example.org/barrierefreiheit")
    page.get_by_role("group", name=re.compile("Größenklassen")).get_by_label("Kleinstadt").check()
    page.get_by_label("IT-Dienstleister, die die Lösung betreiben").fill("KommWis")
    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_text("Angaben zur Übertragbarkeit gespeichert.")).to_be_visible()
    expect(page.get_by_role("region", name="Übertragbarkeit").get_by_role("table")).to_contain_text(
        "angeboten: Container, SaaS"
    )
    assert score_of(page, "transferability-general") > general
    assert_accessible(page)
