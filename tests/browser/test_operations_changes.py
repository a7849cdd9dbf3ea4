"""Journey "Who changed what on the platform?": the platform administrator opens the change log
from "Betrieb", pages through it and downloads it as CSV; other people are refused."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ikone.accounts.models import User
from ikone.core.audit import Actor
from ikone.core.models import ChangeRecord
from ikone.core.testing.factories import MembershipFactory, MunicipalityFactory, NetworkFactory
from ikone.costs import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "ein-langes-passwort"


def _sign_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(live_server.url + "/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def test_the_platform_admin_reads_and_downloads_the_change_log(page, live_server, assert_accessible):
    User.objects.create_user(email="betrieb@ikone.example", password=PASSWORD, is_staff=True)
    User.objects.create_user(email="redaktion@speyer.de", password=PASSWORD)
    network = NetworkFactory(slug="ikone-ds", name="IKONE-DS")
    speyer = MunicipalityFactory(ags="07318000", short_name="Speyer")
    MembershipFactory(network=network, organization=speyer)
    actor = Actor.system("kostenimport")
    for year in range(1990, 2045):  # 55 changes: more than one page of 50
        services.cost_item_create(
            actor=actor,
            network=network,
            title=f"Betrieb {year}",
            kind="operation",
            amount_eur=Decimal("100.00"),
            year=year,
            incurred_by=speyer,
        )

    _sign_in(page, live_server, "redaktion@speyer.de")
    response = page.goto(live_server.url + "/betrieb/aenderungen/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_text("Nur für die Plattformadministration.")).to_be_visible()

    _sign_in(page, live_server, "betrieb@ikone.example")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Betrieb").click()
    page.get_by_role("link", name="Änderungsverlauf der Plattform (auch als CSV)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Änderungsverlauf der Plattform")
    history = page.get_by_role("table", name="Änderungen, neueste zuerst")
    expect(history.get_by_role("row")).to_have_count(51)  # header and 50 changes
    newest = history.get_by_role("row").nth(1)
    expect(newest).to_contain_text("angemeldet")  # signing in is a change too
    expect(newest).to_contain_text("betrieb@ikone.example")
    expect(history.get_by_role("row", name="Betrieb 2044")).to_contain_text("System: kostenimport")
    expect(page.get_by_text("Seite 1 von 2")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Nächste Seite").click()
    expect(page.get_by_text("Seite 2 von 2")).to_be_visible()
    expect(history.get_by_role("row").last).to_contain_text("Betrieb 1990")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Als CSV herunterladen").click()
    download = download_info.value
    assert download.suggested_filename == "ikone-aenderungen.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Zeitpunkt", "Akteur", "Aktion"]
    assert len(rows) == 1 + ChangeRecord.objects.count() > 56
    assert rows[-1][1:3] == ["System: kostenimport", "angelegt"]
    assert "Betrieb 1990" in rows[-1][4]
