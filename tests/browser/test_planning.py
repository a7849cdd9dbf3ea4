"""Journey "Wer macht was im nächsten Halbjahr?": the members enter capacity and Themenfelder, the
coordinator goes from the open work to a computed plan, adjusts it (and sees the violation of a bad
change), accepts it; the plan's proposed claims appear on the claims board and one is delivered."""

import pytest
from playwright.sync_api import expect

from ikone.accounts.models import NetworkCoordinator, OrganizationMember, User
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.claims.models import Claim
from ikone.core.audit import Actor
from ikone.core.testing.factories import (
    LageFactory,
    LeikaServiceFactory,
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
    ThemenfeldFactory,
)
from ikone.coverage.tests.factories import maturity_models
from ikone.planning.models import MemberCapacity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "ein-sehr-langes-passwort"
PERIOD = "2027-H1"


@pytest.fixture
def planning_network():
    maturity_models()
    steuern = LageFactory(themenfeld=ThemenfeldFactory(name="Steuern & Zoll", slug="steuern-zoll"))
    bauen = LageFactory(themenfeld=ThemenfeldFactory(name="Bauen & Wohnen", slug="bauen-wohnen"))
    hund = ServiceFactory(ozg_id=10200, name="Hundesteuer", lage=steuern)
    LeikaServiceFactory(service=hund, sdg1=True)
    ServiceFactory(ozg_id=10301, name="Baugenehmigung", lage=bauen)
    ServiceFactory(ozg_id=10300, name="Wohngeld", lage=bauen)
    network = NetworkFactory(slug="ikone-ds", name="IKONE-DS")
    speyer = MunicipalityFactory(ags="07318000", name="Speyer, Stadt", short_name="Speyer")
    worms = MunicipalityFactory(ags="07319000", name="Worms, Stadt", short_name="Worms")
    for town in (speyer, worms):
        MembershipFactory(network=network, organization=town)
    MemberCapacity.objects.create(network=network, organization=worms, period=PERIOD, person_days=20)
    solution_import(actor=Actor.system("test"), content=publiccode_yaml(), owner=speyer)
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


def _reassign(page, service, member):
    page.get_by_label(f"„{service}“ zuteilen an").select_option(label=member)
    row = page.get_by_role("row").filter(has=page.get_by_label(f"„{service}“ zuteilen an"))
    row.get_by_role("button", name="Ändern").click()


def test_open_work_plan_adjust_accept_claims_deliver(page, live_server, planning_network, assert_accessible):
    # the member enters its capacity and its experience in a Themenfeld
    _sign_in(page, live_server, "redaktion@speyer.de")
    page.goto(live_server.url + "/netzwerke/ikone-ds/planung/")
    page.get_by_role("link", name="Kapazität und Themenfelder von Speyer eintragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kapazität und Themenfelder: Speyer")
    assert_accessible(page)
    page.get_by_label("Planungszeitraum").fill(PERIOD)
    page.get_by_label("Kapazität (Personentage)").fill("30")
    page.get_by_role("button", name="Kapazität speichern").click()
    expect(page.get_by_role("status").first).to_contain_text("Die Kapazität ist gespeichert.")
    page.get_by_label("Steuern & Zoll").select_option(label="Erfahrung")
    page.get_by_role("button", name="Themenfelder speichern").click()
    expect(page.get_by_role("status").first).to_contain_text("Themenfeldern sind gespeichert")
    assert_accessible(page)

    # the coordinator: network → planning page with the open work
    _sign_in(page, live_server, "koordination@ikone-ds.de")
    page.goto(live_server.url + "/netzwerke/ikone-ds/")
    page.get_by_role("link", name="Verteilungsplanung").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verteilungsplanung im Netzwerk IKONE-DS")
    work = page.get_by_role("table", name="Offene OZG-Leistungen nach Priorität (die ersten 3)")
    expect(work.get_by_role("row").nth(1)).to_contain_text("Hundesteuer")
    capacities = page.get_by_role("table", name=f"Kapazitäten für {PERIOD}")
    expect(capacities.get_by_role("row").filter(has_text="Speyer")).to_contain_text("30")
    assert_accessible(page)

    # compute
    page.get_by_label("Planungszeitraum").fill(PERIOD)
    page.get_by_label("Zeitlimit (Sekunden)").fill("5")
    page.get_by_role("button", name="Plan berechnen").click()
    # computed as a background job; its status page links to the plan
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Plan für {PERIOD} berechnen: IKONE-DS")
    expect(page.get_by_role("heading", level=2)).to_have_text("Erledigt: Der Plan wurde berechnet.")
    assert_accessible(page)
    page.get_by_role("link", name="Zum Ergebnis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Verteilungsplan {PERIOD} für IKONE-DS")
    plan = page.get_by_role("table", name="Wer übernimmt was und warum")
    expect(plan).to_contain_text(
        "Speyer übernimmt „Hundesteuer“ (20 PT), weil 2 von 2 Mitgliedern die Leistung fehlt, "
        "sie SDG-relevant ist, Speyer Erfahrung im Themenfeld Steuern & Zoll hat und noch 10 von 30 PT frei sind."
    )
    expect(page.get_by_text("beweisbar optimal")).to_be_visible()
    expect(page.get_by_role("img", name="Verplante und freie Personentage je Mitglied")).to_be_visible()
    expect(
        page.get_by_role("table", name="Auslastung je Mitglied").get_by_role("row").filter(has_text="Worms")
    ).to_contain_text("20")
    assert_accessible(page)

    # adjust: a bad change is shown as a violation and blocks acceptance, then undone
    _reassign(page, "Hundesteuer", "Worms")
    violation = page.get_by_role("alert").filter(has_text="verletzt nach den Änderungen Regeln")
    expect(violation).to_contain_text("Worms ist mit 40 PT verplant, hat aber nur 20 PT Kapazität.")
    expect(page.get_by_role("button", name="Plan annehmen und Übernahmen vorschlagen")).to_be_disabled()
    assert_accessible(page)
    _reassign(page, "Hundesteuer", "Speyer")
    expect(page.get_by_text("Der Plan ist zulässig")).to_be_visible()

    # accept: the proposed claims appear on the claims board
    page.get_by_role("button", name="Plan annehmen und Übernahmen vorschlagen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Übernahmen im Netzwerk IKONE-DS")
    expect(page.get_by_role("status").first).to_contain_text("2 vorgeschlagene Übernahmen")
    expect(page.get_by_role("heading", name="vorgeschlagen")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Hundesteuer")
    assert_accessible(page)
    claim = Claim.objects.get(service__ozg_id=10200)
    assert (claim.organization.short_name, claim.state, claim.source) == ("Speyer", "proposed", "plan")

    # the coordinator accepts the claim (after accepting the catalog finding) …
    detail_url = f"{live_server.url}/netzwerke/ikone-ds/uebernahmen/{claim.pk}/"
    page.goto(detail_url)
    _act(page, "Überschneidungen akzeptieren", reason="Aus dem Verteilungsplan, Speyer baut für alle.")
    expect(page.get_by_role("status").first).to_contain_text("Überschneidungen akzeptiert.")
    _act(page, "Annehmen")
    expect(page.get_by_text("Stand: angenommen", exact=True)).to_be_visible()
    assert_accessible(page)

    # … and the member delivers it with the catalog solution
    _sign_in(page, live_server, "redaktion@speyer.de")
    page.goto(detail_url)
    _act(page, "Beginnen")
    expect(page.get_by_text("Stand: in Arbeit", exact=True)).to_be_visible()
    _act(page, "Liefern", reason="Seit heute online.", solution="hundesteuer-portal")
    expect(page.get_by_text("Stand: geliefert", exact=True)).to_be_visible()
    assert_accessible(page)

    # delivered: Speyer offers it, so it is no longer open work
    page.goto(live_server.url + f"/netzwerke/ikone-ds/planung/?period={PERIOD}")
    work = page.get_by_role("table", name="Offene OZG-Leistungen nach Priorität (die ersten 1)")
    expect(work).not_to_contain_text("Hundesteuer")
    assert_accessible(page)
