"""Stored scores follow the changes of the apps that feed them, after those changes commit."""

import pytest
from django.db import transaction

from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.transferability.hooks import refresh_after_commit, refreshes_deferred
from ikone.transferability.models import TransferabilityScore

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")


def test_a_new_solution_is_scored_once_its_import_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        solution = solution_import(actor=ACTOR, content=publiccode_yaml()).solution
    assert TransferabilityScore.objects.filter(solution=solution).exists()


def test_without_a_commit_nothing_is_scored(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        solution = solution_import(actor=ACTOR, content=publiccode_yaml()).solution
    assert callbacks  # the refresh waits for the commit
    assert not TransferabilityScore.objects.filter(solution=solution).exists()


def test_a_failing_refresh_does_not_raise(django_capture_on_commit_callbacks, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr("ikone.transferability.services.score_refresh", broken)
    with django_capture_on_commit_callbacks(execute=True):
        refresh_after_commit([1])
    assert "nicht aktualisiert" in caplog.text


def test_deferred_refreshes_run_once_for_all_solutions(django_capture_on_commit_callbacks, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "ikone.transferability.services.score_refresh", lambda **kwargs: calls.append(kwargs["solution_ids"])
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks, refreshes_deferred():
        refresh_after_commit([3, 1])
        with refreshes_deferred():
            refresh_after_commit([2])
        refresh_after_commit([1])
        assert not callbacks  # nothing is requested inside the block
    assert calls == [[1, 2, 3]]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        refresh_after_commit([4])
        refresh_after_commit([5])
    assert calls[1:] == [[4], [5]]  # after the block, one refresh per request again


def _deferred_then_failing() -> None:
    with transaction.atomic(), refreshes_deferred():
        refresh_after_commit([1])
        raise RuntimeError("abgebrochen")


def test_deferred_refreshes_are_dropped_with_a_rolled_back_transaction(
    django_capture_on_commit_callbacks, monkeypatch
):
    calls = []
    monkeypatch.setattr("ikone.transferability.services.score_refresh", lambda **kwargs: calls.append(kwargs))
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        _deferred_then_failing()
    assert callbacks == []
    assert calls == []
