import dataclasses
import json
from decimal import Decimal

import pytest
from django.test import Client

from ikone.core.testing.factories import MembershipFactory
from ikone.core.testing.queries import assert_constant_queries
from ikone.coverage.tests.factories import maturity_models
from ikone.reuse.services import ReportValues, adoption_create, report_create, report_update

from .conftest import SYSTEM, delete, make_solution, set_visibility

pytestmark = pytest.mark.django_db
VALUES = ReportValues(
    would_recommend=True,
    rating_usability=5,
    rating_effort=3,
    rating_documentation=4,
    rating_support=2,
    effort_days=Decimal("12.5"),
    worked="Schnelle Einführung",
)


def report_feed(**params):
    response = Client().get("/api/v1/federation/reports", params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def make_report(solution, visibility="public"):
    adoption = adoption_create(
        actor=SYSTEM, organization=MembershipFactory().organization, solution=solution, state="pilot"
    )
    return report_create(
        actor=SYSTEM, adoption=adoption, values=dataclasses.replace(VALUES, visibility=visibility)
    )


@pytest.fixture(autouse=True)
def _models():
    maturity_models()


def test_only_public_reports_of_public_solutions_are_published():
    public = make_solution()
    report = make_report(public)
    make_report(public, visibility="network")
    make_report(make_solution(visibility="draft"))
    data = report_feed()
    assert data["count"] == 1
    [item] = data["items"]
    assert item["id"] == str(report.pk)
    assert item["solution"] == public.slug
    assert item["ratings"] == {"usability": 5, "effort": 3, "documentation": 4, "support": 2}
    assert item["effort_days"] == "12.5"
    assert item["worked"] == "Schnelle Einführung"


def test_a_report_made_network_only_is_buried_and_reappears_when_public_again():
    report = make_report(make_solution())
    report_update(actor=SYSTEM, report=report, values=dataclasses.replace(VALUES, visibility="network"))
    [item] = report_feed()["items"]
    assert (item["id"], item["deleted"], item["ratings"]) == (str(report.pk), True, None)
    buried_at = item["changed_at"]
    report_update(actor=SYSTEM, report=report, values=VALUES)
    [item] = report_feed(changed_since=buried_at)["items"]
    assert (item["id"], item["deleted"]) == (str(report.pk), False)


def test_hiding_or_deleting_the_solution_buries_its_public_reports():
    solution = make_solution()
    report = make_report(solution)
    solution = set_visibility(solution, "draft")
    assert [(i["id"], i["deleted"]) for i in report_feed()["items"]] == [(str(report.pk), True)]
    solution = set_visibility(solution, "public")
    assert [(i["id"], i["deleted"]) for i in report_feed()["items"]] == [(str(report.pk), False)]
    delete(solution)
    assert [(i["id"], i["deleted"]) for i in report_feed()["items"]] == [(str(report.pk), True)]


def test_report_feed_costs_the_same_number_of_queries_for_more_items():
    make_report(make_solution())

    def grow():
        for _ in range(3):
            make_report(make_solution())
        delete(make_solution())

    assert_constant_queries(lambda: report_feed(limit=100), grow)
