"""Journey "follow a solution": a person subscribes to a solution and adds a webhook; a member of
another town records an adoption and writes an experience report (the reuse app's pages); the
subscriber sees both in ikone, gets e-mails and the local webhook receiver gets signed POSTs."""

import json
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from ikone.accounts.models import OrganizationMember, User
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.testing.factories import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
)
from ikone.notifications import signature
from ikone.notifications.models import Webhook
from ikone.notifications.tests.helpers import Receiver

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "ein-sehr-langes-passwort"


def sign_in(page, live_server, email):
    page.goto(live_server.url + "/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def sign_out(page):
    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Anmelden", exact=True)).to_be_visible()


def test_subscriber_of_a_solution_hears_of_adoption_and_report(
    page, live_server, assert_accessible, settings
):
    settings.NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS = True  # the receiver listens on 127.0.0.1
    network = NetworkFactory(slug="ikone-ds", short_name="IKONE-DS")
    kaiserslautern = MunicipalityFactory(ags="07312000", short_name="Kaiserslautern")
    landau = MunicipalityFactory(ags="07313000", short_name="Landau in der Pfalz")
    for town in (kaiserslautern, landau):
        MembershipFactory(network=network, organization=town)
    solution = solution_import(
        actor=Actor.system("test"), content=publiccode_yaml(), owner=kaiserslautern, network=network
    ).solution
    solution.services.set([ServiceFactory(ozg_id=10200, name="Hundesteuer")])
    User.objects.create_user(email="abo@speyer.de", password=PASSWORD)
    member = User.objects.create_user(email="digital@landau.de", password=PASSWORD)
    OrganizationMember.objects.create(user=member, organization=landau, role="editor")

    with Receiver() as receiver:
        sign_in(page, live_server, "abo@speyer.de")
        page.goto(f"{live_server.url}/loesungen/{solution.slug}/")
        page.get_by_role("button", name="Abonnieren").click()
        expect(page.get_by_role("status").first).to_contain_text(f"„{solution.name}“ abonniert.")
        expect(page.get_by_role("button", name="Abbestellen")).to_be_visible()
        assert_accessible(page)

        page.get_by_role("link", name="Benachrichtigungen", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Meine Benachrichtigungen")
        assert_accessible(page)
        page.get_by_role("link", name="Abonnements und Einstellungen").click()
        page.get_by_label("Adresse (URL)").fill(receiver.url)
        page.get_by_label("Bezeichnung").fill("Fachverfahren Speyer")
        page.get_by_role("button", name="Webhook anlegen").click()
        secret = page.locator("#webhook-geheimnis").inner_text()
        assert secret == Webhook.objects.get().secret
        expect(page.get_by_role("region", name="Meine Abonnements")).to_contain_text(solution.name)
        assert_accessible(page)
        sign_out(page)

        sign_in(page, live_server, "digital@landau.de")
        page.goto(f"{live_server.url}/loesungen/{solution.slug}/nachnutzung/")
        page.get_by_label("Nachnutzende Organisation").select_option("07313000")
        page.get_by_label("Stand").select_option("pilot")
        page.get_by_role("button", name="Speichern").click()
        expect(page.get_by_role("status").first).to_contain_text("Nachnutzung erfasst.")
        assert_accessible(page)
        page.get_by_role("link", name="Erfahrungsbericht schreiben").click()
        page.get_by_label("Was gut funktioniert hat").fill("Schnell eingeführt, gute Dokumentation.")
        for label in (
            "Nutzbarkeit für Bürgerinnen und Bürger (1–5)",
            "Aufwand der Einführung (1 = hoch, 5 = gering)",
            "Qualität der Dokumentation (1–5)",
            "Unterstützung durch die Eigentümerin (1–5)",
        ):
            page.get_by_label(label).select_option("4")
        page.get_by_label("Würden Sie die Lösung weiterempfehlen?").select_option("yes")
        page.get_by_label("Sichtbarkeit").select_option("public")
        page.get_by_role("button", name="Bericht veröffentlichen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(solution.name)
        sign_out(page)

        kinds = [r["headers"].get("X-Ikone-Event") for r in receiver.requests]
        assert kinds == ["adoption.created", "report.created"]
        for request in receiver.requests:
            assert signature.verify(secret, request["body"], request["headers"]["X-Ikone-Signature"])
        assert json.loads(receiver.requests[1]["body"])["related"]["solutions"] == [solution.slug]

    to_subscriber = [m for m in mail.outbox if m.to == ["abo@speyer.de"]]
    assert len(to_subscriber) == 2
    assert any("Erfahrungsbericht von Landau in der Pfalz" in m.subject for m in to_subscriber)
    assert all(f"/loesungen/{solution.slug}/" in m.body or "/nachnutzungen/" in m.body for m in to_subscriber)

    sign_in(page, live_server, "abo@speyer.de")
    page.get_by_role("link", name="Benachrichtigungen (2 ungelesen)").click()
    notifications = page.get_by_role("list", name="Benachrichtigungen, neueste zuerst")
    expect(notifications).to_contain_text(f"Erfahrungsbericht von Landau in der Pfalz zu „{solution.name}“")
    expect(notifications).to_contain_text("Landau in der Pfalz nutzt")
    assert_accessible(page)
    page.get_by_role("button", name="Alle als gelesen markieren").click()
    expect(page.get_by_role("link", name="Benachrichtigungen", exact=True)).to_be_visible()

    page.get_by_role("link", name="Abonnements und Einstellungen").click()
    page.get_by_role("link", name="Fachverfahren Speyer").click()
    log = page.get_by_role("table", name="Zustellprotokoll, neueste zuerst")
    expect(log).to_contain_text(re.compile(r"HTTP 204"))
    expect(log).to_contain_text("report.created")
    assert_accessible(page)
