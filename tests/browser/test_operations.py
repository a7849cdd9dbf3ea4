"""Journey "Is the platform healthy?": the platform administrator signs in, opens "Betrieb" from
the navigation and sees readiness, the job queue with a failed job, deliveries and the backup."""

import pytest
from django.utils import timezone
from django_q.models import Task
from playwright.sync_api import expect

from ikone.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ein-langes-passwort"


def test_the_platform_admin_checks_the_operations_page(page, live_server, assert_accessible):
    User.objects.create_user(email="betrieb@ikone.example", password=PASSWORD, is_staff=True)
    now = timezone.now()
    Task.objects.create(
        id="t1",
        name="Übertragbarkeit aktualisieren",
        func="ikone.transferability.jobs.refresh",
        started=now,
        stopped=now,
        success=False,
        result="Zeitüberschreitung nach 1800 s",
        attempt_count=5,
    )

    page.goto(live_server.url + "/anmelden/")
    page.get_by_label("E-Mail-Adresse").fill("betrieb@ikone.example")
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Betrieb").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Betrieb")
    expect(page.get_by_text("Datenbank: bereit")).to_be_visible()
    expect(page.locator("#job-queue")).to_contain_text("0 wartend, 0 in Arbeit.")
    expect(page.get_by_role("table", name="Regelmäßige Aufgaben")).to_contain_text(
        "Tägliche Zusammenfassungen"
    )
    failures = page.get_by_role("table", name="Fehlgeschlagene Aufgaben, neueste zuerst")
    expect(failures).to_contain_text("Zeitüberschreitung nach 1800 s")
    expect(page.locator("#last-backup")).to_contain_text("ikone backup")
    assert_accessible(page)
