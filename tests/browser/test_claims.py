"""Journey "Wer übernimmt was?": a member claims an OZG-Leistung (and is warned about duplicate work),
the coordinator accepts it, the member delivers it with a catalog solution, coverage shows it online."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from ikone.accounts.models import NetworkCoordinator, OrganizationMember, User
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.claims.services import claim_create
from ikone.core.audit import Actor
from ikone.core.testing.factories import (
    LageFactory,
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
    ThemenfeldFactory,
)
from ikone.coverage.tests.factories import maturity_models

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "ein-sehr-langes-passwort"


@pytest.fixture
def claims_network():
    maturity_models()
    actor = Actor.system("test")
    steuern = LageFactory(themenfeld=ThemenfeldFactory(name="Steuern & Zoll", slug="steuern-zoll"))
    hund = ServiceFactory(ozg_id=10200, name="Hundesteuer", lage=steuern)
    ServiceFactory(ozg_id=10210, name="Zweitwohnungsteuer", lage=steuern)
    network = NetworkFactory(slug="ikone-ds", name="IKONE-DS")
    speyer = MunicipalityFactory(ags="07318000", name="Speyer, Stadt", short_name="Speyer")
    worms = MunicipalityFactory(ags="07319000", name="Worms, Stadt", short_name="Worms")
    for town in (speyer, worms):
        MembershipFactory(network=network, organization=town)
    solution_import(actor=actor, content=publiccode_yaml(), owner=speyer)
    claim_create(
        actor=actor,
        network=network,
        organization=worms,
        service=hund,
        target_date=dt.date.today() - dt.timedelta(days=10),
    )
    editor = User.objects.create_user(email="redaktion@speyer.de", password=PASSWORD)
    OrganizationMember.objects.create(user=editor, organization=speyer, role="editor")
    coordinator = User.objects.create_user(email="koordination@ikone-ds.de", password=PASSWORD)
    NetworkCoordinator.objects.create(user=coordinator, network=network)
    return network


def _sign_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(live_server.url + "/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def _act(page, button, reason="", solution=None):
    form = page.locator("form").filter(has=page.get_by_role("button", name=button, exact=True))
    if solution is not None:
        form.get_by_label("Lösung aus dem Katalog (Kurzname)").fill(solution)
    if reason:
        form.get_by_label("Begründung").fill(reason)
    form.get_by_role("button", name=button, exact=True).click()


def test_claim_accept_deliver(page, live_server, claims_network, assert_accessible):
    _sign_in(page, live_server, "redaktion@speyer.de")
    page.goto(live_server.url + "/netzwerke/ikone-ds/")
    page.get_by_role("link", name="Übernahmen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Übernahmen im Netzwerk IKONE-DS")
    expect(page.get_by_role("heading", name="vorgeschlagen")).to_be_visible()
    assert_accessible(page)

    # claim it: the form warns that Worms already claims the same OZG-Leistung
    page.get_by_role("link", name="OZG-Leistung übernehmen").click()
    page.get_by_label("OZG-ID der OZG-Leistung").fill("10200")
    page.get_by_label("oder: Name einer neuen Lösung").fill("Hundesteuer digital")
    page.get_by_label("Aufwand (Personentage)").fill("15")
    page.get_by_role("button", name="Übernehmen", exact=True).click()
    warning = page.get_by_role("alert").filter(has_text="möglicherweise doppelte Arbeit")
    expect(warning).to_contain_text("Worms übernimmt diese OZG-Leistung schon")
    assert_accessible(page)
    page.get_by_role("button", name="Trotzdem übernehmen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Speyer übernimmt: Hundesteuer")
    expect(page.get_by_text("Stand: vorgeschlagen", exact=True)).to_be_visible()
    detail_url = page.url
    assert_accessible(page)

    # the coordinator accepts the findings with a reason, then the claim
    _sign_in(page, live_server, "koordination@ikone-ds.de")
    page.goto(detail_url)
    _act(page, "Annehmen")
    expect(page.get_by_role("status").first).to_contain_text("erst klären oder ausdrücklich akzeptieren")
    _act(page, "Überschneidungen akzeptieren", reason="Worms zieht zurück, Speyer baut für alle.")
    expect(page.get_by_role("status").first).to_contain_text("Überschneidungen akzeptiert.")
    _act(page, "Annehmen")
    expect(page.get_by_text("Stand: angenommen", exact=True)).to_be_visible()
    assert_accessible(page)

    # the member starts and delivers it with the catalog solution
    _sign_in(page, live_server, "redaktion@speyer.de")
    page.goto(detail_url)
    _act(page, "Beginnen")
    expect(page.get_by_text("Stand: in Arbeit", exact=True)).to_be_visible()
    _act(page, "Liefern", reason="Seit heute online.", solution="hundesteuer-portal")
    expect(page.get_by_text("Stand: geliefert", exact=True)).to_be_visible()
    history = page.get_by_role("table", name="Verlauf")
    expect(history).to_contain_text("in Arbeit → geliefert")
    expect(history).to_contain_text("Seit heute online.")
    assert_accessible(page)

    # coverage: Speyer now offers Hundesteuer at level 3 with the solution
    page.goto(live_server.url + "/kommunen/07318000/ozg-stand/")
    row = (
        page.get_by_role("table", name="Erfasste Stände je OZG-Leistung")
        .get_by_role("row")
        .filter(has_text="Hundesteuer")
    )
    expect(row.get_by_role("cell").nth(0)).to_have_text("3")
    expect(row).to_contain_text("Hundesteuer-Portal")

    # board and roadmap: Worms' claim is overdue, in text
    page.goto(live_server.url + "/netzwerke/ikone-ds/uebernahmen/")
    expect(page.get_by_role("heading", name="geliefert")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Zeitplan je Mitglied").click()
    expect(page.get_by_role("img", name="Zeitplan der Übernahmen je Mitglied")).to_be_visible()
    table = page.get_by_role("table", name="Übernahmen mit Zieltermin je Mitglied")
    expect(table.get_by_role("row").filter(has_text="Worms")).to_contain_text("überfällig")
    assert_accessible(page)
