"""Journeys "Has anyone solved this?" and "Publish our solution" in the solution catalog."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from ikone.accounts.models import User
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.testing.factories import MunicipalityFactory, ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalog():
    ServiceFactory(ozg_id=10200, name="Hundesteuer")
    speyer = MunicipalityFactory(ags="07318000", name="Speyer, Stadt", short_name="Speyer")
    actor = Actor.system("test")
    extra = 'de:\n  leika:\n    - ozg-id: "10200"\n'
    solution_import(actor=actor, content=publiccode_yaml(extra=extra), owner=speyer)
    solution_import(
        actor=actor,
        content=publiccode_yaml(
            name="Wohngeld-Assistent",
            url="https://git.example.org/trier/wohngeld",
            short="Wohngeld online beantragen.",
            license="AGPL-3.0-or-later",
            long="Der Assistent führt Schritt für Schritt durch den Antrag auf Wohngeld und prüft die Angaben. "
            * 3,
        ),
    )


def test_search_facet_solution_page_and_download(page, live_server, catalog, assert_accessible, tmp_path):
    page.goto(live_server.url + "/loesungen/")
    expect(page.get_by_role("status")).to_have_text("2 Lösungen gefunden")
    assert_accessible(page)

    page.get_by_label("Suchbegriff").fill("Hundesteuer")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_role("status")).to_have_text("1 Lösung gefunden")

    page.get_by_role("navigation", name="Filter").get_by_role("link", name="EUPL-1.2 (1)").click()
    expect(page.get_by_role("link", name="✓ EUPL-1.2 (1)")).to_be_visible()
    assert "license=EUPL-1.2" in page.url
    assert_accessible(page)

    page.get_by_role("link", name="Hundesteuer-Portal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hundesteuer-Portal")
    expect(page.get_by_role("link", name="Speyer", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Hundesteuer", exact=True)).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="publiccode.yml herunterladen").click()
    target = tmp_path / "publiccode.yml"
    download_info.value.save_as(target)
    assert "name: Hundesteuer-Portal" in target.read_text(encoding="utf-8")


def test_upload_of_an_invalid_file_lists_the_errors_in_german(page, live_server, assert_accessible, tmp_path):
    User.objects.create_user(email="redaktion@example.org", password="ein-langes-passwort", is_staff=True)
    page.goto(live_server.url + "/loesungen/hochladen/")
    page.get_by_label("E-Mail-Adresse").fill("redaktion@example.org")
    page.get_by_label("Passwort").fill("ein-langes-passwort")
    page.get_by_role("button", name="Anmelden").click()

    broken: Path = tmp_path / "publiccode.yml"
    broken.write_text(publiccode_yaml(license="Freeware", status="fertig"), encoding="utf-8")
    page.get_by_label("publiccode.yml-Datei").set_input_files(str(broken))
    page.get_by_role("button", name="Prüfen und importieren").click()

    expect(page.get_by_role("alert").first).to_contain_text("Die Datei enthält 2 Fehler.")
    table = page.get_by_role("table", name="Prüfergebnis")
    expect(table).to_contain_text("developmentStatus muss einer der folgenden Werte sein")
    expect(table).to_contain_text("license muss eine gültige Lizenz sein")
    assert_accessible(page)

    broken.write_text(publiccode_yaml(), encoding="utf-8")
    page.get_by_label("publiccode.yml-Datei").set_input_files(str(broken))
    page.get_by_role("button", name="Prüfen und importieren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hundesteuer-Portal")
    expect(page.get_by_role("status").first).to_contain_text("angelegt")


LONG = (
    "Mit dem Dienst beantragen Anwohnerinnen und Anwohner ihren Bewohnerparkausweis online, "
    "zahlen die Gebühr und erhalten den Ausweis per Post oder digital. "
) * 2


def test_create_form_shows_german_field_errors_then_saves_and_edits(page, live_server, assert_accessible):
    User.objects.create_user(email="redaktion@example.org", password="ein-langes-passwort", is_staff=True)
    MunicipalityFactory(ags="07313000", name="Landau in der Pfalz, Stadt", short_name="Landau")
    ServiceFactory(ozg_id=10300, name="Bewohnerparkausweis")
    page.goto(live_server.url + "/anmelden/?next=/loesungen/")
    page.get_by_label("E-Mail-Adresse").fill("redaktion@example.org")
    page.get_by_label("Passwort").fill("ein-langes-passwort")
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("link", name="Lösung anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lösung anlegen")
    assert_accessible(page)

    # first attempt: required fields missing (form), then a licence and text the validator rejects
    page.get_by_label("Name", exact=True).fill("Parkausweis online")
    page.get_by_role("button", name="Speichern").click()
    summary = page.get_by_role("alert").filter(has_text="Bitte korrigieren Sie die folgenden Angaben")
    expect(summary).to_be_visible()
    expect(
        summary.get_by_role("link", name="Kurzbeschreibung: Dieses Feld ist zwingend erforderlich.")
    ).to_have_attribute("href", "#id_short_description")
    expect(page.locator("#id_short_description-error")).to_have_text("Dieses Feld ist zwingend erforderlich.")
    assert_accessible(page)

    page.get_by_label("Kurzbeschreibung").fill("Bewohnerparkausweis online beantragen und verlängern.")
    page.get_by_label("Beschreibung", exact=True).fill("Zu kurz.")
    page.get_by_label("Funktionen").fill("Antrag\nVerlängerung")
    page.get_by_label("URL des Quellcode-Repositorys").fill("https://git.example.org/landau/parkausweis")
    page.get_by_label("Lizenz (SPDX)").fill("Freeware")
    page.get_by_label("Plattformen").fill("web")
    page.get_by_role("button", name="Speichern").click()
    summary = page.get_by_role("alert").filter(has_text="Bitte korrigieren Sie die folgenden Angaben")
    licence_link = summary.get_by_role("link", name="Lizenz (SPDX): license muss eine gültige Lizenz sein")
    expect(licence_link).to_have_attribute("href", "#id_license")
    expect(summary.get_by_role("link", name="Beschreibung: ")).to_have_attribute(
        "href", "#id_long_description"
    )
    expect(page.locator("#id_long_description-error")).to_contain_text(
        "muss mindestens 150 Zeichen lang sein"
    )
    expect(page.locator("#id_license-error")).to_contain_text("license muss eine gültige Lizenz sein")
    # the suggestions for the name entered before come again (nothing similar in an empty catalog)
    expect(page.locator("#aehnliche")).to_have_text("Keine ähnliche Lösung im Katalog gefunden.")
    assert_accessible(page)
    licence_link.click()
    expect(page.get_by_label("Lizenz (SPDX)")).to_be_focused()

    # fixed: the solution page shows what was entered
    page.get_by_label("Lizenz (SPDX)").fill("EUPL-1.2")
    page.get_by_label("Beschreibung", exact=True).fill(LONG)
    page.get_by_label("Ansprechperson – optional", exact=True).fill("Digitalbüro Landau")
    page.get_by_label("Eigentümerin (AGS oder Kurzname)").fill("07313000")
    page.get_by_label("OZG-Leistungen (OZG-IDs)").fill("10300")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parkausweis online")
    expect(page.get_by_role("status").first).to_contain_text("gespeichert")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Bewohnerparkausweis online beantragen und verlängern.")
    expect(main).to_contain_text("EUPL-1.2")
    expect(main.get_by_role("link", name="Landau", exact=True)).to_be_visible()
    expect(main.get_by_role("link", name="Bewohnerparkausweis", exact=True)).to_be_visible()
    assert_accessible(page)

    # edited: the change is visible on the solution page and in the catalog search
    page.get_by_role("link", name="Bearbeiten", exact=True).click()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Parkausweis online")
    page.get_by_label("Name", exact=True).fill("Parkausweis digital")
    page.get_by_label("Entwicklungsstand").select_option(label="stabil")
    expect(page.locator("#aehnliche")).not_to_be_empty()  # the check of the new name has answered
    assert_accessible(page)
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parkausweis digital")
    expect(page.get_by_role("main")).to_contain_text("stabil")
    assert_accessible(page)

    page.goto(live_server.url + "/loesungen/?q=Parken")
    expect(page.get_by_role("status")).to_have_text("1 Lösung gefunden")
    expect(page.get_by_role("link", name="Parkausweis digital")).to_be_visible()


def test_similar_solutions_appear_for_a_name_typed_before_the_page_scripts_ran(page, live_server, catalog):
    """On a slow connection an editor may type before htmx is loaded; "Hat das schon jemand gebaut?" still comes."""
    User.objects.create_user(email="redaktion@example.org", password="ein-langes-passwort", is_staff=True)
    page.goto(live_server.url + "/anmelden/?next=/loesungen/")
    page.get_by_label("E-Mail-Adresse").fill("redaktion@example.org")
    page.get_by_label("Passwort").fill("ein-langes-passwort")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
    held = []
    page.route("**/htmx.min.js", lambda route: held.append(route))
    page.goto(live_server.url + "/loesungen/neu/", wait_until="commit")
    page.get_by_label("Name", exact=True).focus()
    page.keyboard.type("Hundesteuer online")
    assert held, "the page did not ask for htmx"
    held[0].continue_()
    similar = page.locator("#aehnliche")
    expect(similar.get_by_role("heading", name="Hat das schon jemand gebaut?")).to_be_visible()
    expect(similar.get_by_role("link", name="Hundesteuer-Portal")).to_be_visible()
