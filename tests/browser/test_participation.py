"""Journey "Das fehlt mir": a citizen finds that Speyer does not offer the Anwohnerparkausweis online,
asks for it (picking the OZG-Leistung ikone suggests), another citizen supports it, the town marks
it as planned, the follower is notified and the planner's priority for that service rises.
Keyboard only where a person would type; every page is checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from ikone.accounts.models import OrganizationMember, User
from ikone.core.audit import Actor
from ikone.core.testing.factories import (
    LageFactory,
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
    ThemenfeldFactory,
)
from ikone.coverage.services import StatusValues, service_status_set
from ikone.coverage.tests.factories import maturity_models
from ikone.participation.tests.factories import PASSWORD, citizen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PARKING = "Parkausweise und Zufahrtsberechtigungen"


@pytest.fixture
def speyer_town():
    maturity_models()
    mobility = LageFactory(themenfeld=ThemenfeldFactory(name="Mobilität & Reisen", slug="mobilitaet"))
    taxes = LageFactory(themenfeld=ThemenfeldFactory(name="Steuern & Zoll", slug="steuern-zoll"))
    ServiceFactory(ozg_id=10173, name=PARKING, lage=mobility)
    dog_tax = ServiceFactory(ozg_id=10200, name="Hundesteuer", lage=taxes)
    network = NetworkFactory(slug="ikone-ds", name="IKONE-DS")
    speyer = MunicipalityFactory(ags="07318000", name="Speyer, Stadt", short_name="Speyer")
    worms = MunicipalityFactory(ags="07319000", name="Worms, Stadt", short_name="Worms")
    for town in (speyer, worms):
        MembershipFactory(network=network, organization=town)
    service_status_set(
        actor=Actor.system("test"),
        organization=speyer,
        service=dog_tax,
        values=StatusValues(level=3, url="https://speyer.example.org/hundesteuer"),
    )
    citizen("Anna aus Speyer", "anna@example.org")
    citizen("Ben", "ben@example.org")
    editor = User.objects.create_user(email="redaktion@speyer.de", password=PASSWORD)
    OrganizationMember.objects.create(user=editor, organization=speyer, role="editor")
    return speyer


def _sign_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(live_server.url + "/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Passwort", exact=True).press("Enter")
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def _press(page, locator):
    locator.focus()
    page.keyboard.press("Enter")


def _planner_priority_cell(page, live_server):
    page.goto(live_server.url + "/netzwerke/ikone-ds/planung/")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=PARKING))
    return row.get_by_role("cell").nth(3)


def test_citizen_asks_for_a_missing_service_and_the_town_plans_it(
    page, live_server, speyer_town, assert_accessible
):
    # Anybody can see what Speyer offers online: the Hundesteuer, not the parking permit.
    page.goto(live_server.url + "/beteiligung/07318000/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Speyer: Was Sie online erledigen können")
    online = page.locator("section").filter(has=page.get_by_role("heading", name=re.compile("Schon online")))
    expect(online.get_by_role("link", name="Hundesteuer")).to_have_attribute(
        "href", "https://speyer.example.org/hundesteuer"
    )
    expect(online).not_to_contain_text("Parkausweis")
    assert_accessible(page)
    before = int(_planner_priority_cell(page, live_server).inner_text())

    # Anna asks for it; ikone suggests the matching OZG-Leistung while she types.
    _sign_in(page, live_server, "anna@example.org")
    page.goto(live_server.url + "/beteiligung/07318000/")
    _press(page, page.get_by_role("link", name="Das fehlt mir"))
    title = page.get_by_label("Was fehlt Ihnen?")
    title.focus()
    page.keyboard.type("Anwohnerparkausweis")
    suggestion = page.get_by_role("button", name=f"{PARKING} (10173)")
    expect(suggestion).to_be_visible()
    page.keyboard.press("Tab")
    expect(suggestion).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Passende OZG-Leistung")).to_have_value("10173")
    assert_accessible(page)
    page.get_by_label("Beschreibung").fill(
        "Bitte den Anwohnerparkausweis online beantragen und <b>bezahlen</b>."
    )
    _press(page, page.get_by_role("button", name="Vorschlag veröffentlichen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Anwohnerparkausweis")
    expect(
        page.get_by_text("Bitte den Anwohnerparkausweis online beantragen und <b>bezahlen</b>.")
    ).to_be_visible()
    expect(page.get_by_text(f"{PARKING} (10173)")).to_be_visible()
    proposal_url = page.url
    assert_accessible(page)

    # Ben supports it (once).
    _sign_in(page, live_server, "ben@example.org")
    page.goto(proposal_url)
    _press(page, page.get_by_role("button", name="Unterstützen"))
    expect(page.get_by_text("1 Unterstützung", exact=False).first).to_be_visible()
    expect(page.get_by_role("button", name="Unterstützung zurücknehmen")).to_be_visible()
    assert_accessible(page)

    # The town's editor marks it as planned, with an answer for the citizens.
    _sign_in(page, live_server, "redaktion@speyer.de")
    page.goto(proposal_url)
    page.get_by_label("Neuer Stand").select_option("planned")
    page.get_by_label("Antwort an die Bürgerinnen und Bürger").fill(
        "Kommt mit dem Netzwerk IKONE-DS im Herbst."
    )
    _press(page, page.get_by_role("button", name="Stand setzen"))
    expect(page.get_by_role("heading", name="Antwort von Speyer")).to_be_visible()
    expect(page.get_by_text("Kommt mit dem Netzwerk IKONE-DS im Herbst.").first).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/beteiligung/07318000/moderation/")
    assert_accessible(page)

    # Anna follows her proposal and is notified.
    _sign_in(page, live_server, "anna@example.org")
    page.goto(live_server.url + "/konto/benachrichtigungen/")
    expect(page.get_by_role("link", name="Speyer: „Anwohnerparkausweis“ – geplant")).to_be_visible()
    expect(page.get_by_text("Sie folgen dem Vorschlag „Anwohnerparkausweis“.")).to_be_visible()
    assert_accessible(page)

    # The planner now counts two people asking for it in a member town.
    expect(_planner_priority_cell(page, live_server)).to_have_text(str(before + 2 * 2))

    # The town page lists it as most wanted.
    page.goto(live_server.url + "/beteiligung/07318000/")
    wanted = page.get_by_role("table", name=re.compile("Fehlende Online-Leistungen"))
    expect(wanted.get_by_role("row", name=f"{PARKING} 2")).to_be_visible()
    assert_accessible(page)


def test_sign_up_own_data_and_network_dashboard_are_accessible(
    page, live_server, speyer_town, assert_accessible
):
    page.goto(live_server.url + "/beteiligung/konto/neu/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Beteiligungskonto anlegen")
    _press(page, page.get_by_role("button", name="Konto anlegen"))
    expect(page.get_by_role("heading", name="Bitte korrigieren Sie die folgenden Angaben")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Anzeigename").fill("Dora")
    page.get_by_label("E-Mail-Adresse").fill("dora@example.org")
    page.get_by_label("Passwort").fill(PASSWORD)
    _press(page, page.get_by_role("button", name="Konto anlegen"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("bitte bestätigen Sie Ihre E-Mail-Adresse")
    assert_accessible(page)

    _sign_in(page, live_server, "anna@example.org")
    page.goto(live_server.url + "/beteiligung/konto/")
    expect(page.get_by_text("Anna aus Speyer")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/netzwerke/ikone-ds/beteiligung/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("IKONE-DS")
    assert_accessible(page)


def test_citizen_votes_in_a_budget_process(page, live_server, speyer_town, assert_accessible):
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from ikone.participation.services import ItemDraft, process_create

    now = timezone.now()
    process = process_create(
        actor=Actor.system("test"),
        organization=speyer_town,
        title="Bürgerhaushalt Digitales 2027",
        kind="budget",
        budget=Decimal("100000"),
        starts_at=now - dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=30),
        items=[
            ItemDraft(title="Online-Fundbüro", cost=Decimal("60000")),
            ItemDraft(title="Parkausweis online", cost=Decimal("50000")),
            ItemDraft(title="Mängelmelder", cost=Decimal("30000")),
        ],
    )
    _sign_in(page, live_server, "anna@example.org")
    page.goto(live_server.url + "/beteiligung/07318000/")
    _press(page, page.get_by_role("link", name="Bürgerhaushalt Digitales 2027"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bürgerhaushalt Digitales 2027")
    assert_accessible(page)
    page.get_by_label("Online-Fundbüro").check()
    page.get_by_label("Parkausweis online").check()
    _press(page, page.get_by_role("button", name="Stimme abgeben"))
    expect(page.get_by_text("Ihre Auswahl kostet 110")).to_be_visible()
    page.get_by_label("Online-Fundbüro").check()
    page.get_by_label("Mängelmelder").check()
    _press(page, page.get_by_role("button", name="Stimme abgeben"))
    expect(page.get_by_text("Danke! Ihre Stimme ist gezählt.")).to_be_visible()
    expect(page.get_by_role("row", name="Online-Fundbüro 60.000 € 1 ja")).to_be_visible()
    assert_accessible(page)
    assert process.ballots.count() == 1


def test_demand_charts_of_the_network_and_the_kreis_are_accessible(
    page, live_server, speyer_town, assert_accessible
):
    from ikone.organizations.models import Organization
    from ikone.ozg.models import Service
    from ikone.participation.services import proposal_create, support_add

    Organization.objects.create(
        level="kreis", kind="Kreisfreie Stadt", name="Speyer", short_name="Speyer (Kreis)",
        slug="speyer-07318", ars="073180000000", land_key="07", kreis_key="07318",
    )  # fmt: skip
    anna, ben = User.objects.get(email="anna@example.org"), User.objects.get(email="ben@example.org")
    proposal = proposal_create(
        actor=Actor.of(anna),
        organization=speyer_town,
        title="Anwohnerparkausweis online",
        text="Bitte online beantragen können.",
        service=Service.objects.get(ozg_id=10173),
    )
    support_add(actor=Actor.of(ben), proposal=proposal)
    for url in ["/netzwerke/ikone-ds/beteiligung/", "/beteiligung/kreis/07318/"]:
        page.goto(live_server.url + url)
        expect(page.get_by_role("img", name="Menschen, die eine OZG-Leistung wünschen")).to_be_visible()
        expect(page.get_by_role("table", name="Nachfrage je OZG-Leistung")).to_contain_text(PARKING)
        assert_accessible(page)


def test_suggestions_appear_for_a_title_typed_before_the_page_scripts_ran(page, live_server, speyer_town):
    """On a slow connection a citizen may type before htmx is loaded; the suggestions still come."""
    _sign_in(page, live_server, "anna@example.org")
    held = []
    page.route("**/htmx.min.js", lambda route: held.append(route))
    page.goto(live_server.url + "/beteiligung/07318000/das-fehlt-mir/", wait_until="commit")
    title = page.get_by_label("Was fehlt Ihnen?")
    title.focus()
    page.keyboard.type("Anwohnerparkausweis")
    assert held, "the page did not ask for htmx"
    held[0].continue_()
    expect(page.get_by_role("button", name=f"{PARKING} (10173)")).to_be_visible()


def test_coordinator_sees_the_most_requested_missing_services_of_the_network_by_kreis(
    page, live_server, speyer_town, assert_accessible
):
    """Speyer offers the Hundesteuer online, Worms does not: only the wish in Worms counts as
    missing, and the table says who already offers it. The Kreis filter narrows to Worms."""
    from ikone.ozg.models import Service
    from ikone.participation.services import proposal_create, support_add

    anna, ben = User.objects.get(email="anna@example.org"), User.objects.get(email="ben@example.org")
    worms = MunicipalityFactory._meta.model.objects.get(ags="07319000")
    for town, service, title in [
        (speyer_town, 10173, "Anwohnerparkausweis online"),
        (worms, 10173, "Parkausweis in Worms"),
        (speyer_town, 10200, "Hundesteuer in Speyer"),
        (worms, 10200, "Hundesteuer in Worms"),
    ]:
        proposal = proposal_create(
            actor=Actor.of(anna),
            organization=town,
            title=title,
            text="Bitte online.",
            service=Service.objects.get(ozg_id=service),
        )
    support_add(actor=Actor.of(ben), proposal=proposal)
    page.goto(live_server.url + "/netzwerke/ikone-ds/")
    _press(
        page, page.get_by_role("link", name="Bürgerbeteiligung: was die Menschen in den Mitgliedskommunen")
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("am meisten vermissen")
    expect(page.get_by_role("img", name="Menschen, die eine OZG-Leistung wünschen")).to_be_visible()
    table = page.get_by_role("table", name="Nachfrage je OZG-Leistung")
    expect(table.get_by_role("row", name="Hundesteuer (10200) 2 1 1 Worms (2) Speyer")).to_be_visible()
    expect(table.get_by_role("row", name=f"{PARKING} (10173) 2 2 0 Speyer (1), Worms (1) –")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kreis", exact=True).select_option("07319")
    _press(page, page.get_by_role("button", name="Anzeigen"))
    expect(page.get_by_text("Nur Mitglieder im Kreis 07319.")).to_be_visible()
    expect(table.get_by_role("row", name=f"{PARKING} (10173) 1 1 0 Worms (1) –")).to_be_visible()
    expect(page.get_by_role("link", name="Nachfrage als Excel herunterladen")).to_have_attribute(
        "href", "/netzwerke/ikone-ds/beteiligung/nachfrage.xlsx?kreis=07319"
    )
    assert_accessible(page)


def test_editor_changes_a_process_after_the_first_vote(page, live_server, speyer_town, assert_accessible):
    import datetime as dt

    from django.utils import timezone

    from ikone.participation.services import ItemDraft, ballot_cast, process_create

    now = timezone.now()
    process = process_create(
        actor=Actor.system("test"),
        organization=speyer_town,
        title="Was zuerst?",
        kind="ranking",
        starts_at=now - dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=30),
        items=[ItemDraft(title="Online-Fundbüro"), ItemDraft(title="Parkausweis online")],
    )
    anna = User.objects.get(email="anna@example.org")
    ballot_cast(actor=Actor.of(anna), process=process, item_ids=[process.items.order_by("id").first().pk])
    _sign_in(page, live_server, "redaktion@speyer.de")
    page.goto(live_server.url + f"/beteiligung/verfahren/{process.pk}/")
    _press(page, page.get_by_role("link", name="Verfahren bearbeiten"))
    expect(page.get_by_role("heading", level=1)).to_have_text("„Was zuerst?“ bearbeiten")
    expect(page.get_by_text("Es wurde schon abgestimmt")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Optionen").fill("Online-Fundbüro\nMängelmelder")
    _press(page, page.get_by_role("button", name="Änderungen speichern"))
    expect(page.get_by_text("nicht mehr änderbar").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Optionen").fill("Online-Fundbüro\nParkausweis online")
    page.get_by_label("Titel").fill("Was brauchen Sie zuerst?")
    _press(page, page.get_by_role("button", name="Änderungen speichern"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Was brauchen Sie zuerst?")
    expect(page.get_by_text("Das Beteiligungsverfahren ist geändert.")).to_be_visible()
    assert_accessible(page)
