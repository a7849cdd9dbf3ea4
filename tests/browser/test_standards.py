"""Journey "Agree on standards": the coordinator adopts standards for the network, a member declares
conformance for a solution and uploads two OpenAPI versions; the compliance view, the registry and
the breaking-change diff on the release are shown (axe on every page)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from ikone.accounts.models import NetworkCoordinator, OrganizationMember, User
from ikone.catalog.models import Release
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.testing.factories import MembershipFactory, MunicipalityFactory, NetworkFactory
from ikone.standards.services import STANDARDS_FILE, standards_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPECS = Path(__file__).resolve().parents[2] / "src/ikone/standards/tests/data/openapi/developers-italia-api"
PASSWORD = "ein-langes-passwort"


@pytest.fixture
def world():
    system = Actor.system("test")
    standards_import(path=Path(settings.DATA_DIR) / STANDARDS_FILE, actor=system)
    speyer = MunicipalityFactory(ags="07318000", short_name="Speyer")
    network = NetworkFactory(slug="ikone-ds", name="Digitale Städte", short_name="DS")
    MembershipFactory(network=network, organization=speyer)
    solution = solution_import(
        actor=system, content=publiccode_yaml(name="Ratsinfo Speyer"), owner=speyer, network=network
    ).solution
    for version in ("1.0", "2.0"):
        Release.objects.create(solution=solution, version=version)
    coordinator = User.objects.create_user(email="koordination@ds.example", password=PASSWORD)
    NetworkCoordinator.objects.create(user=coordinator, network=network)
    member = User.objects.create_user(email="digital@speyer.example", password=PASSWORD)
    OrganizationMember.objects.create(user=member, organization=speyer, role="editor")
    return network, solution


def sign_in(page, live_server, email, next_url):
    page.goto(f"{live_server.url}/anmelden/?next={next_url}")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_adopt_declare_upload_and_see_compliance(page, live_server, world, assert_accessible):
    network, solution = world

    sign_in(page, live_server, "koordination@ds.example", f"/netzwerke/{network.slug}/")
    page.get_by_role("link", name="Standards und Schnittstellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Standards und Schnittstellen"))
    assert_accessible(page)
    page.get_by_label("Standard", exact=True).select_option("oparl")
    page.get_by_label("Version").fill("1.1")
    page.get_by_role("button", name="Standard vereinbaren").click()
    expect(page.get_by_role("region", name="Vereinbarte Standards", exact=True)).to_contain_text("OParl 1.1")
    assert_accessible(page)
    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Anmelden", exact=True)).to_be_visible()

    sign_in(page, live_server, "digital@speyer.example", f"/loesungen/{solution.slug}/")
    page.get_by_role("link", name="Konformität erfassen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Konformität")
    assert_accessible(page)
    page.get_by_label("Standard", exact=True).select_option("oparl")
    page.get_by_label("Version", exact=True).fill("1.1")
    page.get_by_role("button", name="Speichern").click()
    table = page.get_by_role("table", name="Konformität: erklärt und nachgewiesen")
    expect(table).to_contain_text("OParl")
    assert_accessible(page)

    for version, name in (("1.0", "24d586d-before.yaml"), ("2.0", "24d586d-after.yaml")):
        page.goto(f"{live_server.url}/loesungen/{solution.slug}/")
        page.get_by_role("link", name=f"OpenAPI-Dokument zu Version {version} hinzufügen").click()
        expect(page.get_by_label("Name der Schnittstelle")).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Name der Schnittstelle").fill("Katalog-API")
        page.get_by_label("OpenAPI-Dokument (YAML oder JSON)").set_input_files(str(SPECS / name))
        page.get_by_role("button", name="Prüfen und speichern").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Katalog-API")
    changes = page.get_by_role("table", name="Inkompatible Änderungen an „Katalog-API“")
    expect(changes).to_contain_text("/bundles")
    # every change names its rule (oasdiff's id) and level
    expect(changes).to_contain_text("api-path-removed-without-deprecation (Fehler)")
    assert_accessible(page)

    page.goto(f"{live_server.url}/loesungen/{solution.slug}/")
    standards = page.get_by_role("region", name="Standards")
    expect(standards).to_contain_text("2 inkompatible Änderungen")
    expect(standards).to_contain_text("Pfad entfernt")
    # the valid document counts as an automatic check of OpenAPI conformance
    expect(table).to_contain_text("automatische Prüfung")
    assert_accessible(page)

    page.goto(f"{live_server.url}/netzwerke/{network.slug}/standards/")
    compliance = page.get_by_role("table", name="Lösungen × vereinbarte Standards")
    expect(compliance).to_contain_text("Ratsinfo Speyer")
    expect(compliance).to_contain_text("erklärt")
    expect(compliance).to_contain_text("kein Nachweis")
    expect(page.get_by_role("table", name="Lösungen × Standards und Schnittstellen")).to_contain_text(
        "implementiert 1.0, 2.0"
    )
    assert_accessible(page)

    page.goto(f"{live_server.url}/standards/")
    expect(page.get_by_role("table")).to_contain_text("XRechnung")
    assert_accessible(page)
    page.get_by_role("link", name="OParl", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("OParl")
    expect(page.get_by_role("heading", name="Quellen")).to_be_visible()
    assert_accessible(page)
