"""Long work started from the interface runs as a job with a status record: queued → running →
done or failed, progress saved while it works, problems kept per row, a status page that polls
until the end. Jobs run synchronously in the tests; the queued state is seen with the queue on."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django_q.conf import Conf
from django_q.models import OrmQ

from ikone.accounts.models import User
from ikone.core.audit import Actor
from ikone.core.models import ChangeRecord
from ikone.operations import runner
from ikone.operations.models import JobRun
from ikone.operations.services import job_run_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def person() -> User:
    return User.objects.create_user(email="redaktion@speyer.example", password="x")


def _start(person: User, work: str, *args: object) -> JobRun:
    return job_run_start(
        actor=Actor.of(person), kind="test", title="Prüfvorgang", work=work, args=args, back_url="/ozg/"
    )


def test_a_run_goes_from_running_to_done_and_keeps_its_progress_and_outcome(
    person: User, tmp_path: Path
) -> None:
    seen = tmp_path / "seen"
    run = _start(person, "ikone.operations.tests.jobs.stepwise", str(seen))
    assert seen.read_text() == "running Erster Schritt 50"
    assert run.state == JobRun.State.DONE
    assert (run.summary, run.problems, run.result_url) == (
        "Alles erledigt",
        ["Zeile 2: nur ein Hinweis"],
        "/loesungen/",
    )
    assert (run.progress_done, run.progress_total, run.percent) == (2, 2, 100)
    assert run.started_at is not None
    assert run.finished_at is not None
    assert run.created_by == person
    assert ChangeRecord.objects.filter(object_type="operations.jobrun", object_id=str(run.pk)).count() == 1


def test_a_rejected_run_fails_with_its_problems_per_row(person: User) -> None:
    run = _start(person, "ikone.operations.tests.jobs.rejecting")
    assert run.state == JobRun.State.FAILED
    assert run.summary == "2 fehlerhafte Angaben; es wurde nichts übernommen."
    assert run.problems == ["Zeile 2: a", "Zeile 5: b"]


def test_an_unexpected_error_fails_the_run_and_is_raised_for_the_queue_to_retry(person: User) -> None:
    run = JobRun.objects.create(kind="test", title="Prüfvorgang", created_by=person)
    with pytest.raises(RuntimeError, match="Absichtlich"):
        runner.execute(run.pk, "ikone.operations.tests.jobs.crashing")
    run.refresh_from_db()
    assert run.state == JobRun.State.FAILED
    assert "wird wiederholt" in run.summary


def test_a_retried_run_starts_over_but_a_done_run_is_not_run_again(person: User, tmp_path: Path) -> None:
    run = JobRun.objects.create(
        kind="test", title="Prüfvorgang", state=JobRun.State.FAILED, created_by=person
    )
    runner.execute(run.pk, "ikone.operations.tests.jobs.stepwise", str(tmp_path / "first"))
    run.refresh_from_db()
    assert run.state == JobRun.State.DONE
    runner.execute(run.pk, "ikone.operations.tests.jobs.stepwise", str(tmp_path / "second"))
    assert not (tmp_path / "second").exists()


def test_the_status_page_polls_while_queued_and_shows_the_outcome_when_done(
    person: User, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Conf, "SYNC", False)  # the real queue: the job waits for a worker
    run = _start(person, "ikone.operations.tests.jobs.stepwise", str(tmp_path / "seen"))
    assert run.state == JobRun.State.QUEUED
    assert OrmQ.objects.count() == 1
    client = Client()
    client.force_login(person)
    page = client.get(f"/vorgaenge/{run.pk}/").content.decode()
    assert '<h1 class="kern-heading-x-large">Prüfvorgang</h1>' in page
    assert "Stand: wartet" in page
    assert 'hx-trigger="every 2s"' in page
    assert 'role="status"' in page
    assert '<progress id="vorgang-fortschritt" max="100" value="0">' in page
    assert 'href="/ozg/"' in page

    runner.execute(run.pk, "ikone.operations.tests.jobs.stepwise", str(tmp_path / "seen"))
    fragment = client.get(f"/vorgaenge/{run.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="vorgang-stand"')
    assert "hx-trigger" not in fragment
    assert "Erledigt: Alles erledigt" in fragment
    assert "Zeile 2: nur ein Hinweis" in fragment
    assert 'href="/loesungen/"' in fragment


def test_only_the_starter_and_the_platform_administration_see_a_run(person: User) -> None:
    run = JobRun.objects.create(kind="test", title="Prüfvorgang", created_by=person)
    assert Client().get(f"/vorgaenge/{run.pk}/").status_code == 302  # to the login
    other = Client()
    other.force_login(User.objects.create_user(email="andere@speyer.example", password="x"))
    assert other.get(f"/vorgaenge/{run.pk}/").status_code == 403
    admin = Client()
    admin.force_login(User.objects.create_superuser(email="admin@ikone.example", password="x"))
    assert admin.get(f"/vorgaenge/{run.pk}/").status_code == 200
    assert other.get("/vorgaenge/999999/").status_code == 404


def test_the_administration_lists_the_runs(person: User) -> None:
    JobRun.objects.create(kind="test", title="Prüfvorgang", created_by=person)
    admin = Client()
    admin.force_login(User.objects.create_superuser(email="admin@ikone.example", password="x"))
    page = admin.get("/admin/operations/jobrun/").content.decode()
    assert "Prüfvorgang" in page
