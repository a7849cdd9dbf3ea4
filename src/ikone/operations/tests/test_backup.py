"""Backup and restore: a round trip gives back every table exactly; bad files change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from ikone.catalog.models import Solution
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.testing.factories import MembershipFactory, ServiceFactory
from ikone.operations.backup import BackupError, backup, backup_vendor, fingerprint, restore

pytestmark = pytest.mark.django_db(transaction=True)

ACTOR = Actor.system("test")


def _some_data() -> None:
    MembershipFactory.create_batch(3)
    ServiceFactory.create_batch(4)
    for index in range(3):
        solution_import(
            actor=ACTOR,
            content=publiccode_yaml(name=f"Portal {index}", url=f"https://git.example.org/p/{index}"),
        )


def test_round_trip_restores_every_table_exactly(tmp_path: Path) -> None:
    _some_data()
    before = fingerprint()
    assert sum(count for count, _ in before.values()) > 0
    target = tmp_path / "ikone.backup"
    result = backup(target)
    assert result.size > 0
    assert backup_vendor(target) == connection.vendor

    Solution.objects.filter(name="Portal 0").delete()
    solution_import(actor=ACTOR, content=publiccode_yaml(name="Neu", url="https://git.example.org/p/neu"))
    assert fingerprint() != before

    restore(target)
    after = fingerprint()
    assert [table for table in before if before[table] != after.get(table)] == []
    assert set(after) == set(before)
    assert Solution.objects.filter(name="Portal 0").exists()
    assert not Solution.objects.filter(name="Neu").exists()


def test_restored_database_keeps_working(tmp_path: Path) -> None:
    _some_data()
    target = tmp_path / "ikone.backup"
    backup(target)
    restore(target)
    report = solution_import(
        actor=ACTOR, content=publiccode_yaml(name="Danach", url="https://git.example.org/p/danach")
    )
    assert report.solution.pk is not None
    assert Solution.objects.count() == 4


def test_a_file_that_is_no_backup_changes_nothing(tmp_path: Path) -> None:
    _some_data()
    before = fingerprint()
    bogus = tmp_path / "notizen.txt"
    bogus.write_text("keine Sicherung")
    with pytest.raises(BackupError, match="keine Sicherung von ikone"):
        restore(bogus)
    assert fingerprint() == before


def test_a_truncated_backup_changes_nothing(tmp_path: Path) -> None:
    _some_data()
    before = fingerprint()
    target = tmp_path / "ikone.backup"
    backup(target)
    data = target.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    with pytest.raises(BackupError):
        restore(target)
    assert fingerprint() == before


def test_a_backup_of_the_other_database_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.backup"
    other.write_bytes(b"PGDMP" if connection.vendor == "sqlite" else b"SQLite format 3\x00")
    with pytest.raises(BackupError, match="so nicht wiederherstellbar"):
        restore(other)


def test_commands_back_up_and_restore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _some_data()
    before = fingerprint()
    target = tmp_path / "cli.backup"
    call_command("backup", "-o", str(target))
    assert "Sicherung geschrieben" in capsys.readouterr().out
    Solution.objects.all().delete()
    with pytest.raises(CommandError, match="--yes") as refused:
        call_command("restore", str(target))
    assert refused.value.returncode == 2
    assert Solution.objects.count() == 0
    call_command("restore", str(target), "--yes")
    assert fingerprint() == before


def test_restore_of_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="kann nicht gelesen werden") as failed:
        call_command("restore", str(tmp_path / "fehlt.dump"), "--yes")
    assert failed.value.returncode == 1
