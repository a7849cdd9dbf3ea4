"""Journey "forgot password": login page → reset form → mail link → new password → signed in.

Also checks that the API documentation (Swagger UI from our own static files) renders under the
Content-Security-Policy.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from ikone.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_forgotten_password_journey(page, live_server, assert_accessible):
    User.objects.create_user(email="dora@example.org", password="altes-Passwort-123")

    page.goto(live_server.url + "/anmelden/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmelden")
    assert_accessible(page)

    page.get_by_role("link", name="Passwort vergessen?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Passwort vergessen")
    assert_accessible(page)
    page.get_by_label("E-Mail-Adresse").fill("dora@example.org")
    page.get_by_role("button", name="Link anfordern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("E-Mail unterwegs")
    assert_accessible(page)

    link = re.search(r"https?://\S+/passwort-neu/\S+/", mail.outbox[0].body)
    assert link
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Neues Passwort festlegen")
    assert_accessible(page)
    page.get_by_label("Neues Passwort", exact=True).fill("neues-Passwort-456")
    page.get_by_label("Neues Passwort bestätigen").fill("neues-Passwort-456")
    page.get_by_role("button", name="Passwort speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Passwort geändert")
    assert_accessible(page)

    page.get_by_role("main").get_by_role("link", name="Anmelden").click()
    page.get_by_label("E-Mail-Adresse").fill("dora@example.org")
    page.get_by_label("Passwort").fill("neues-Passwort-456")
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def test_wrong_password_shows_an_accessible_error(page, live_server, assert_accessible):
    User.objects.create_user(email="emil@example.org", password="richtiges-Passwort-1")
    page.goto(live_server.url + "/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill("emil@example.org")
    page.get_by_label("Passwort").fill("falsch")
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert_accessible(page)


def test_api_docs_render_under_the_content_security_policy(page, live_server):
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(live_server.url + "/api/v1/docs")
    # Swagger UI renders once it has the OpenAPI document, which the first request in a process
    # builds from all schemas (about 3 s on an idle machine, several times that on a busy one).
    expect(page.get_by_text("ikone API").first).to_be_visible(timeout=60_000)
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.evaluate("() => window.__cspViolations") == []
    assert violations == []
