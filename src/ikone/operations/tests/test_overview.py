"""The operator page: for the platform administration only; shows queue, failures, backup."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from django_q.models import OrmQ, Task

from ikone.accounts.models import User
from ikone.operations.selectors import last_backup

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    admin = User.objects.create_user(
        email="betrieb@example.org", password="ein-langes-passwort", is_staff=True
    )
    client.force_login(admin)
    return client


def test_anonymous_people_are_sent_to_the_login(client: Client) -> None:
    response = client.get("/betrieb/")
    assert response.status_code == 302
    assert "/anmelden/" in response["Location"]


def test_other_people_may_not_see_it(client: Client) -> None:
    person = User.objects.create_user(email="leser@example.org", password="ein-langes-passwort")
    client.force_login(person)
    assert client.get("/betrieb/").status_code == 403


def test_it_shows_queue_schedules_failures_and_the_last_backup(
    admin_client: Client, settings, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    (tmp_path / "backups").mkdir()
    (tmp_path / "backups" / "ikone-20261206T030000Z.sqlite3").write_bytes(b"x" * 2048)
    OrmQ.objects.create(key="ikone", payload="p", lock=timezone.now())
    now = timezone.now()
    Task.objects.create(
        id="t1",
        name="Übertragbarkeit",
        func="ikone.transferability.jobs.refresh",
        started=now,
        stopped=now,
        success=False,
        result="Zeitüberschreitung",
        attempt_count=2,
    )
    page = admin_client.get("/betrieb/").content.decode()
    assert "1 wartend, 0 in Arbeit." in page
    assert "Datenbank: <strong>bereit</strong>" in page
    assert "Warteschlange der Hintergrundaufgaben: <strong>bereit</strong>" in page
    assert "Benachrichtigungen zustellen" in page
    assert "Zeitüberschreitung" in page
    assert "ikone-20261206T030000Z.sqlite3" in page
    assert 'href="/betrieb/"' in page  # in the navigation for platform admins


def test_last_backup_ignores_partial_files(tmp_path: Path) -> None:
    assert last_backup(tmp_path) is None
    (tmp_path / "ikone-a.dump").write_bytes(b"1")
    (tmp_path / "ikone-b.dump.partial").write_bytes(b"22")
    found = last_backup(tmp_path)
    assert found is not None
    assert found.name == "ikone-a.dump"


def test_the_platform_change_log_is_exported_for_the_platform_administration(admin_client: Client) -> None:
    from ikone.catalog.services import solution_import
    from ikone.catalog.tests.factories import publiccode_yaml
    from ikone.core.audit import Actor

    solution_import(actor=Actor.system("test"), content=publiccode_yaml(name="Hundesteuer-Portal"))
    page = admin_client.get("/betrieb/aenderungen/").content.decode()
    assert "Hundesteuer-Portal" in page
    export = admin_client.get("/betrieb/aenderungen/?format=csv")
    assert export["Content-Disposition"] == 'attachment; filename="ikone-aenderungen.csv"'
    assert "Hundesteuer-Portal" in export.content.decode("utf-8-sig")


def test_the_platform_change_log_is_not_for_others(client: Client) -> None:
    person = User.objects.create_user(email="leser2@example.org", password="ein-langes-passwort")
    client.force_login(person)
    assert client.get("/betrieb/aenderungen/?format=csv").status_code == 403
