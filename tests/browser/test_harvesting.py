"""Journey "What did we take from other catalogs?": the platform administrator sees the last
harvest on the operator page, opens the sources and runs, starts a run, reads the items that
failed, and finds "übernommen aus …" on a harvested solution."""

import pytest
from playwright.sync_api import expect

from ikone.accounts.models import User
from ikone.core.audit import Actor
from ikone.harvesting.models import HarvestSource
from ikone.harvesting.services import harvest_run, source_create
from ikone.harvesting.tests.fakes import INVALID_FILE, VALID_FILES, github_org, serve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ein-langes-passwort"
SYSTEM = Actor.system("browser test")


def test_the_platform_admin_follows_a_harvest(page, live_server, assert_accessible, settings):
    settings.OUTGOING_ALLOWED_HOSTS = ["127.0.0.1"]
    User.objects.create_user(email="betrieb@ikone.example", password=PASSWORD, is_staff=True)
    with serve() as fake:
        github_org(fake, "acme", {"lynis": VALID_FILES[2].read_text(), "aitema": INVALID_FILE.read_text()})
        source = source_create(
            actor=SYSTEM,
            values={
                "slug": "acme",
                "name": "ACME auf GitHub",
                "kind": "git_platform",
                "platform": "github",
                "organization": "acme",
                "base_url": fake.base,
            },
        )
        harvest_run(actor=SYSTEM, source=source)

        page.goto(live_server.url + "/anmelden/")
        page.get_by_label("E-Mail-Adresse").fill("betrieb@ikone.example")
        page.get_by_label("Passwort", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
        page.goto(live_server.url + "/betrieb/")
        expect(page.locator("#last-harvest")).to_contain_text("Letzter Lauf: ACME auf GitHub")
        page.get_by_role("link", name="Alle Quellen und Läufe").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Import aus anderen Katalogen")
        expect(page.get_by_role("table", name="Quellen")).to_contain_text("ACME auf GitHub")
        assert_accessible(page)
        page.get_by_role("button", name="Lauf starten: ACME auf GitHub").click()
        expect(page.get_by_role("status")).to_contain_text("ist eingereiht")
        runs = page.get_by_role("table", name="Läufe, neueste zuerst")
        expect(runs.get_by_role("row")).to_have_count(3)  # header and two runs
        runs.get_by_role("link").last.click()

    expect(page.locator("#run-counts")).to_contain_text("1 neu")
    items = page.get_by_role("table", name="Einträge des Laufs")
    expect(items).to_contain_text("https://github.com/acme/aitema")
    expect(items).to_contain_text("publiccode.yml ungültig")
    assert_accessible(page)
    page.get_by_role("link", name="Alle Einträge zeigen").click()
    page.get_by_role("table", name="Einträge des Laufs").get_by_role("link", name="Lynis").click()
    expect(page.locator("#harvest-origin")).to_contain_text("übernommen aus ACME auf GitHub")
    assert_accessible(page)


def test_the_platform_admin_creates_and_edits_a_source(page, live_server, assert_accessible):
    User.objects.create_user(email="betrieb@ikone.example", password=PASSWORD, is_staff=True)
    page.goto(live_server.url + "/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill("betrieb@ikone.example")
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
    page.goto(live_server.url + "/katalogimport/")
    page.get_by_role("link", name="Quelle anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quelle anlegen")
    assert_accessible(page)

    page.get_by_label("Name", exact=True).fill("openCode")
    page.get_by_label("Kurzname").fill("opencode")
    page.get_by_label("Art der Quelle").select_option("git_platform")
    page.get_by_label("Adresse", exact=True).fill("keine Adresse")
    page.get_by_label("Plattform").select_option("gitlab")
    page.get_by_label("Organisation oder Gruppe").fill("ozg")
    page.get_by_label("nur Länder (Schlüssel, z. B. 07)").fill("07")
    page.get_by_label("Vertrauensstufe").select_option("high")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator("#id_base_url-error")).to_have_text("Bitte eine gültige Adresse eingeben.")
    expect(page.get_by_label("Adresse", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert").first).to_contain_text("Bitte korrigieren Sie die folgenden Angaben")
    assert_accessible(page)
    assert not HarvestSource.objects.exists()

    page.get_by_label("Adresse", exact=True).fill("https://gitlab.opencode.de/")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Quelle „openCode“ angelegt.")
    sources = page.get_by_role("table", name="Quellen")
    expect(sources).to_contain_text("openCode")
    expect(sources).to_contain_text("GitHub-Organisation oder GitLab-Gruppe")

    page.get_by_role("link", name="Bearbeiten: openCode").click()
    expect(page.get_by_label("nur Länder (Schlüssel, z. B. 07)")).to_have_value("07")
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("openCode (Bund)")
    page.get_by_label("aktiv").uncheck()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Quelle „openCode (Bund)“ gespeichert.")
    row = page.get_by_role("table", name="Quellen").get_by_role("row", name="openCode (Bund)")
    expect(row).to_contain_text("ausgeschaltet")
    expect(row).to_contain_text("hoch")
    assert_accessible(page)
    source = HarvestSource.objects.get()
    assert (source.name, source.filter_lands, source.enabled) == ("openCode (Bund)", ["07"], False)
