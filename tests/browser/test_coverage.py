"""Journey "Who already offers what we lack?": network dashboard → member → gap → solution."""

import pytest
from playwright.sync_api import expect

from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.testing.factories import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
)
from ikone.coverage import services
from ikone.coverage.services import StatusValues
from ikone.coverage.tests.factories import maturity_models

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "ein-sehr-langes-passwort"


@pytest.fixture
def coverage_network():
    maturity_models()
    actor = Actor.system("test")
    hund = ServiceFactory(ozg_id=10200, name="Hundesteuer")
    wohngeld = ServiceFactory(ozg_id=10300, name="Wohngeld", lage=hund.lage)
    network = NetworkFactory(slug="ikone-ds", name="IKONE-DS")
    kl = MunicipalityFactory(ags="07312000", name="Kaiserslautern, Stadt", short_name="Kaiserslautern")
    speyer = MunicipalityFactory(ags="07318000", name="Speyer, Stadt", short_name="Speyer")
    for town in (kl, speyer):
        MembershipFactory(network=network, organization=town)
    portal = solution_import(actor=actor, content=publiccode_yaml(), owner=speyer).solution
    services.service_status_set(
        actor=actor, organization=speyer, service=hund, values=StatusValues(level=4, solution=portal)
    )
    services.service_status_set(actor=actor, organization=kl, service=wohngeld, values=StatusValues(level=3))
    return network


def test_network_dashboard_member_gap_solution(page, live_server, coverage_network, assert_accessible):
    page.goto(live_server.url + "/netzwerke/ikone-ds/ozg-stand/")
    expect(page.get_by_role("heading", level=1)).to_have_text("OZG-Umsetzungsstand im Netzwerk IKONE-DS")
    table = page.get_by_role("table", name="Mitglieder × Themenfelder: OZG-konform / online")
    expect(table).to_be_visible()
    assert_accessible(page)

    table.get_by_role("link", name="Kaiserslautern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("OZG-Umsetzungsstand: Kaiserslautern")
    gaps = page.get_by_role("table", name="Lücken und wer sie schon geschlossen hat")
    row = gaps.get_by_role("row").filter(has_text="Hundesteuer")
    expect(row.get_by_role("link", name="Speyer")).to_be_visible()
    assert_accessible(page)

    row.get_by_role("link", name="Hundesteuer-Portal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hundesteuer-Portal")
    assert_accessible(page)


@pytest.fixture
def coverage_editor():
    from ikone.accounts.models import OrganizationMember, User
    from ikone.core.testing.factories import LageFactory, ThemenfeldFactory

    maturity_models()
    steuern = LageFactory(themenfeld=ThemenfeldFactory(name="Steuern & Zoll", slug="steuern-zoll"))
    familie = LageFactory(themenfeld=ThemenfeldFactory(name="Familie & Kind", slug="familie-kind"))
    ServiceFactory(ozg_id=10200, name="Hundesteuer", lage=steuern)
    ServiceFactory(ozg_id=10210, name="Zweitwohnungsteuer", lage=steuern)
    ServiceFactory(ozg_id=10220, name="Vergnügungsteuer", lage=steuern)
    ServiceFactory(ozg_id=10300, name="Elterngeld", lage=familie)
    ServiceFactory(ozg_id=10310, name="Kita-Platz", lage=familie)
    town = MunicipalityFactory(ags="07312000", name="Kaiserslautern, Stadt", short_name="Kaiserslautern")
    editor = User.objects.create_user(email="redaktion@kaiserslautern.de", password=PASSWORD)
    OrganizationMember.objects.create(user=editor, organization=town, role="editor")
    return town


def _sign_in(page, live_server, email):
    page.goto(live_server.url + "/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def _row(page, service):
    return (
        page.get_by_role("table", name="Erfasste Stände je OZG-Leistung")
        .get_by_role("row")
        .filter(has_text=service)
    )


def _upload(page, name, content):
    form = page.locator("form").filter(has=page.get_by_role("button", name="Datei prüfen und übernehmen"))
    form.get_by_label("Datei (CSV oder XLSX)").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content.encode()}
    )
    form.get_by_role("button", name="Datei prüfen und übernehmen").click()


def test_editor_edits_one_status_a_themenfeld_and_imports_a_file(
    page, live_server, coverage_editor, assert_accessible
):
    _sign_in(page, live_server, "redaktion@kaiserslautern.de")
    page.goto(live_server.url + "/kommunen/07312000/ozg-stand/")
    expect(page.get_by_role("heading", level=1)).to_have_text("OZG-Umsetzungsstand: Kaiserslautern")
    assert_accessible(page)

    # one status: level, model, URL → in the table and in the history
    single = page.locator("form").filter(has=page.get_by_role("button", name="Stand speichern"))
    single.get_by_label("OZG-Leistung").select_option("10200")
    single.get_by_label("Reifegradmodell").select_option("1.1")
    single.get_by_label("Reifegrad", exact=True).fill("3")
    single.get_by_label("Adresse des Online-Dienstes").fill("https://www.kaiserslautern.de/hundesteuer")
    single.get_by_role("button", name="Stand speichern").click()
    expect(page.get_by_role("status").first).to_contain_text("Der Stand wurde gespeichert.")
    hund = _row(page, "Hundesteuer")
    expect(hund.get_by_role("cell").nth(0)).to_have_text("3")
    expect(hund.get_by_role("cell").nth(1)).to_have_text("1.1")
    expect(hund.get_by_role("link", name="https://www.kaiserslautern.de/hundesteuer")).to_be_visible()
    expect(page.locator("#verlauf + ul")).to_contain_text("Hundesteuer: – → 3 (1.1)")
    assert_accessible(page)

    # bulk per Themenfeld, only what is not yet reported: Hundesteuer keeps its 3
    bulk = page.locator("form").filter(
        has=page.get_by_role("button", name="Für alle OZG-Leistungen des Themenfelds setzen")
    )
    bulk.get_by_label("Themenfeld").select_option(label="Steuern & Zoll")
    bulk.get_by_label("Reifegradmodell").select_option("1.1")
    bulk.get_by_label("Reifegrad", exact=True).fill("2")
    bulk.get_by_label("Nur OZG-Leistungen ohne erfassten Stand").check()
    bulk.get_by_role("button", name="Für alle OZG-Leistungen des Themenfelds setzen").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Steuern & Zoll: 2 Stände gesetzt, 0 unverändert."
    )
    for service in ("Zweitwohnungsteuer", "Vergnügungsteuer"):
        expect(_row(page, service).get_by_role("cell").nth(0)).to_have_text("2")
    expect(_row(page, "Hundesteuer").get_by_role("cell").nth(0)).to_have_text("3")
    expect(_row(page, "Elterngeld")).to_have_count(0)
    assert_accessible(page)

    # a file with one bad row: German message with its line, nothing applied (all or nothing)
    header = "ozg_id;name;level;model;online_since;url;note\n"
    _upload(page, "stand.csv", header + "10300;Elterngeld;4;1.1;;;\n10310;Kita-Platz;9;1.1;;;\n")
    # the import runs as a background job; its status page shows the outcome
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Umsetzungsstand aus „stand.csv“ übernehmen: Kaiserslautern"
    )
    expect(page.get_by_role("status")).to_contain_text("Stand: fehlgeschlagen")
    result = page.get_by_role("heading", level=2).filter(has_text="Fehlgeschlagen")
    expect(result).to_contain_text("es wurde nichts übernommen")
    expect(page.locator("#vorgang-ergebnis")).to_contain_text(
        "Zeile 3: level: „9“ ist keine Stufe des Modells 1.1 (0–4)"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Zurück zur Ausgangsseite").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("OZG-Umsetzungsstand: Kaiserslautern")
    expect(_row(page, "Elterngeld")).to_have_count(0)
    expect(_row(page, "Kita-Platz")).to_have_count(0)
    assert_accessible(page)

    # the corrected file is applied
    _upload(page, "stand.csv", header + "10300;Elterngeld;4;1.1;;;\n10310;Kita-Platz;1;1.1;;;\n")
    expect(page.get_by_role("heading", level=2)).to_have_text("Erledigt: 2 Stände übernommen, 0 unverändert")
    assert_accessible(page)
    page.get_by_role("link", name="Zum Ergebnis").click()
    expect(_row(page, "Elterngeld").get_by_role("cell").nth(0)).to_have_text("4")
    expect(_row(page, "Kita-Platz").get_by_role("cell").nth(0)).to_have_text("1")
    expect(page.locator("#verlauf + ul")).to_contain_text("Elterngeld: – → 4 (1.1)")
    assert_accessible(page)
