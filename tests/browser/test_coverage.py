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
