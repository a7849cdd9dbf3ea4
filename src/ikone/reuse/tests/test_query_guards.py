"""Query-count guards: questions, near-duplicates and recommendations (API and pages) cost the
same for more rows."""

from __future__ import annotations

import itertools

from django.test import Client

from ikone.core.audit import Actor
from ikone.core.testing.factories import MembershipFactory, MunicipalityFactory
from ikone.core.testing.queries import assert_constant_queries
from ikone.reuse import recommend, services

from .conftest import SYSTEM, make_solution, user_of

_numbers = itertools.count(1)


def _get(client: Client, url: str) -> None:
    assert client.get(url).status_code == 200


def _thread(scene) -> None:
    """A question (for an organisation) with an answer by the owner and a reply to it."""
    number = next(_numbers)
    question = services.question_create(
        actor=Actor.of(scene.adopter_editor),
        solution=scene.solution,
        title=f"Frage {number}",
        body="Wie lange hat die Einführung gedauert?",
        organization=scene.adopter if number % 2 else None,
    )
    answer = services.answer_create(
        actor=Actor.of(scene.owner_editor), question=question, body="Drei Monate.", organization=scene.owner
    )
    services.answer_create(
        actor=Actor.of(scene.adopter_editor), question=question, body="Danke!", parent=answer
    )


def test_questions_cost_the_same_queries_for_more(scene):
    _thread(scene)
    client = Client()

    def grow():
        for _ in range(3):
            _thread(scene)

    assert_constant_queries(lambda: _get(client, "/api/v1/questions"), grow)
    assert_constant_queries(lambda: _get(client, f"/loesungen/{scene.solution.slug}/"), grow)


def _rival(scene, owner=None):
    number = next(_numbers)
    owner = owner or MunicipalityFactory()
    return make_solution(
        owner,
        scene.services[:2],
        name=f"Hundesteuer-Portal {number}",
        url=f"https://git.example.org/rivale/{number}",
    )


def test_near_duplicates_cost_the_same_queries_for_more(scene):
    _rival(scene)
    url = f"/api/v1/solutions/{scene.solution.slug}/near-duplicates"

    def grow():
        for _ in range(3):
            _rival(scene)

    assert_constant_queries(lambda: _get(Client(), url), grow)
    assert Client().get(url).json()["count"] == 4


def _adopted_solution(scene) -> None:
    """A solution for the gaps, in production at a town of the network, with a report."""
    solution = _rival(scene)
    town = MunicipalityFactory(population=90000)
    MembershipFactory(network=scene.network, organization=town)
    adoption = services.adoption_create(
        actor=SYSTEM, organization=town, solution=solution, state="production"
    )
    services.report_create(
        actor=SYSTEM,
        adoption=adoption,
        values=services.ReportValues(
            would_recommend=True,
            rating_usability=4,
            rating_effort=3,
            rating_documentation=5,
            rating_support=4,
        ),
    )


def test_recommendations_cost_the_same_queries_for_more(scene):
    _adopted_solution(scene)
    key = scene.other.key
    client = Client()
    client.force_login(user_of(scene.other, email="leser@trier.de"))

    def fresh(url: str) -> None:
        recommend.forget()
        _get(client, url)

    def grow():
        for _ in range(3):
            _adopted_solution(scene)

    assert_constant_queries(lambda: fresh(f"/api/v1/organizations/{key}/recommendations"), grow)
    assert client.get(f"/api/v1/organizations/{key}/recommendations").json()["count"] == 5
    assert_constant_queries(lambda: fresh(f"/kommunen/{key}/empfehlungen/"), grow)
