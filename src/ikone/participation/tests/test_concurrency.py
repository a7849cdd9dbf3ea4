"""Supports sent at the same moment are counted exactly: each person once, nobody lost."""

import threading

import pytest
from django.db import connection, connections

from ikone.core.audit import Actor
from ikone.core.errors import Conflict
from ikone.participation import services
from ikone.participation.models import Support
from ikone.participation.tests.factories import citizen

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent writers; SQLite serialises writes with a database lock",
    ),
]
THREADS = 8


def _in_parallel(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_parallel_supports_of_different_people_are_all_counted(speyer):
    proposal = services.proposal_create(
        actor=Actor.of(citizen("Anna")), organization=speyer, title="Parkausweis", text="Bitte online."
    )
    people = [citizen(f"Person {i}") for i in range(THREADS)]
    outcomes = _in_parallel(
        [lambda p=p: services.support_add(actor=Actor.of(p), proposal=proposal) for p in people]
    )
    assert outcomes == ["ok"] * THREADS
    assert Support.objects.filter(proposal=proposal).count() == THREADS


def test_parallel_supports_of_one_person_count_once(speyer):
    proposal = services.proposal_create(
        actor=Actor.of(citizen("Anna")), organization=speyer, title="Parkausweis", text="Bitte online."
    )
    ben = citizen("Ben")
    outcomes = _in_parallel(
        [lambda: services.support_add(actor=Actor.of(ben), proposal=proposal) for _ in range(THREADS)]
    )
    assert sorted(outcomes) == ["conflict"] * (THREADS - 1) + ["ok"]
    assert Support.objects.filter(proposal=proposal).count() == 1
