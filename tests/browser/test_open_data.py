"""Journey "Use the open data": from the footer to the page Offene Daten, which names the licence
and links every dataset's formats; the CSV download and the DCAT-AP.de catalogue answer (axe on the page)."""

import re

import pytest
from playwright.sync_api import expect

from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.testing.factories import NetworkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    solution_import(actor=Actor.system("test"), content=publiccode_yaml(name="Bürgerportal"))
    NetworkFactory(slug="ikone-ds", name="Interkommunales Netzwerk Digitale Stadt", short_name="IKONE-DS")


def test_find_the_open_data_with_licence_and_formats(page, live_server, world, assert_accessible):
    page.goto(f"{live_server.url}/")
    page.get_by_role("contentinfo").get_by_role("link", name="Offene Daten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Offene Daten")
    assert_accessible(page)
    expect(
        page.get_by_text(re.compile("Datenlizenz Deutschland – Namensnennung – Version 2.0")).first
    ).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("rowheader", name=re.compile("Lösungskatalog"))).to_be_visible()
    expect(table.get_by_role("rowheader", name="OZG-Umsetzungsstand im Netzwerk IKONE-DS")).to_be_visible()
    csv_link = table.get_by_role("link", name="Lösungskatalog als CSV")
    response = page.request.get(csv_link.get_attribute("href"))
    assert response.ok
    assert "Bürgerportal" in response.body().decode("utf-8-sig")
    turtle = page.get_by_role("link", name="DCAT-AP.de-Katalog als Turtle")
    response = page.request.get(f"{live_server.url}{turtle.get_attribute('href')}")
    assert response.ok
    assert "dcat:Catalog" in response.text()
