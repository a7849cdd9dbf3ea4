import json

import pytest
from django.test import Client

from ikone.core.testing.factories import MembershipFactory
from ikone.core.testing.queries import assert_constant_queries
from ikone.coverage.tests.factories import maturity_models
from ikone.reuse.services import adoption_create

from .conftest import SYSTEM, delete, make_solution, set_visibility

pytestmark = pytest.mark.django_db


def adoption_feed(**params):
    response = Client().get("/api/v1/federation/adoptions", params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


@pytest.fixture
def adopter():
    maturity_models()
    return MembershipFactory().organization


def test_adoptions_of_public_solutions_are_published_without_contact_details(adopter):
    public, private = make_solution(), make_solution(visibility="draft")
    adoption = adoption_create(actor=SYSTEM, organization=adopter, solution=public, state="production")
    adoption_create(actor=SYSTEM, organization=adopter, solution=private, state="pilot")
    data = adoption_feed()
    assert data["count"] == 1
    [item] = data["items"]
    assert item["id"] == str(adoption.pk)
    assert item["solution"] == public.slug
    assert item["organization"] == {"key": adopter.key, "name": str(adopter)}
    assert item["state"] == "production"
    assert item["deleted"] is False
    assert "contact_email" not in item


def test_hiding_or_deleting_the_solution_buries_its_adoptions_and_publishing_again_brings_them_back(adopter):
    solution = make_solution()
    adoption = adoption_create(actor=SYSTEM, organization=adopter, solution=solution)
    solution = set_visibility(solution, "draft")
    [item] = adoption_feed()["items"]
    assert (item["id"], item["deleted"], item["organization"]) == (str(adoption.pk), True, None)
    buried_at = item["changed_at"]
    set_visibility(solution, "public")
    [item] = adoption_feed(changed_since=buried_at)["items"]
    assert (item["id"], item["deleted"]) == (str(adoption.pk), False)
    delete(solution)
    [item] = adoption_feed()["items"]
    assert (item["id"], item["deleted"]) == (str(adoption.pk), True)


def test_adoption_feed_costs_the_same_number_of_queries_for_more_items(adopter):
    adoption_create(actor=SYSTEM, organization=adopter, solution=make_solution())

    def grow():
        for _ in range(3):
            adoption_create(
                actor=SYSTEM, organization=MembershipFactory().organization, solution=make_solution()
            )
        delete(make_solution())

    assert_constant_queries(lambda: adoption_feed(limit=100), grow)
