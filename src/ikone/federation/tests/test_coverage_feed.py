import pytest

from ikone.core.testing.factories import MembershipFactory, NetworkFactory
from ikone.core.testing.queries import assert_constant_queries
from ikone.coverage.services import StatusValues, statuses_set
from ikone.coverage.tests.factories import maturity_models, small_catalog
from ikone.federation import opendata
from ikone.organizations.choices import MembershipRole
from ikone.organizations.models import NetworkMembership

from .conftest import SYSTEM, feed

pytestmark = pytest.mark.django_db


@pytest.fixture
def services():
    maturity_models()
    return small_catalog()


def coverage(**params):
    return feed(path="coverage", **params)


def changed_after(moment: str) -> list[dict]:
    return [item for item in coverage(changed_since=moment)["items"] if item["changed_at"] > moment]


def test_the_feed_carries_exactly_the_open_data_figures_without_member_names(services):
    network = NetworkFactory(slug="ikone-ds", short_name="IKONE-DS")
    members = [MembershipFactory(network=network).organization for _ in range(2)]
    observer = MembershipFactory(network=network, role=MembershipRole.OBSERVER).organization
    for organization in [*members, observer]:
        statuses_set(actor=SYSTEM, organization=organization, items=[(services[0], StatusValues(level=3))])
    statuses_set(actor=SYSTEM, organization=members[0], items=[(services[3], StatusValues(level=2))])
    data = coverage()
    [item] = data["items"]
    assert (item["id"], item["name"], item["deleted"], item["members"]) == ("ikone-ds", "IKONE-DS", False, 2)
    assert item["url"] == "http://testserver/netzwerke/ikone-ds/ozg-stand/"
    _header, rows = opendata.coverage_table(network=network)
    assert [
        (c["themenfeld_name"], item["model"], c["level"], c["services"], item["members"])
        for c in item["counts"]
    ] == [tuple(row) for row in rows]
    assert {(c["themenfeld"], c["level"], c["services"]) for c in item["counts"]} == {
        (services[0].themenfeld.slug, 3, 2),
        (services[3].themenfeld.slug, 2, 1),
    }
    text = str(data)
    assert not any(str(organization) in text for organization in [*members, observer])


def test_a_network_without_members_is_not_published(services):
    NetworkFactory()
    assert coverage() == {"count": 0, "latest": None, "items": []}


def test_a_status_of_a_member_moves_its_networks_but_one_of_an_observer_does_not(services):
    network, other = NetworkFactory(slug="a"), NetworkFactory(slug="b")
    member = MembershipFactory(network=network).organization
    observer = MembershipFactory(network=other, role=MembershipRole.OBSERVER).organization
    seen = coverage()["latest"]
    statuses_set(actor=SYSTEM, organization=member, items=[(services[0], StatusValues(level=1))])
    [item] = changed_after(seen)
    assert (item["id"], item["counts"][0]["level"]) == ("a", 1)
    statuses_set(actor=SYSTEM, organization=observer, items=[(services[0], StatusValues(level=1))])
    assert changed_after(item["changed_at"]) == []


def test_joining_and_a_role_change_move_the_network(services):
    network = NetworkFactory(slug="a")
    member = MembershipFactory(network=network).organization
    statuses_set(actor=SYSTEM, organization=member, items=[(services[0], StatusValues(level=4))])
    seen = coverage()["latest"]
    MembershipFactory(network=network)
    [item] = changed_after(seen)
    assert item["members"] == 2
    membership = NetworkMembership.objects.get(network=network, organization=member)
    membership.role = MembershipRole.OBSERVER
    membership.save()
    [item] = changed_after(item["changed_at"])
    assert (item["members"], item["counts"]) == (1, [])


def test_the_coverage_feed_costs_the_same_number_of_queries_for_more_items(services):
    statuses_set(
        actor=SYSTEM,
        organization=MembershipFactory().organization,
        items=[(services[0], StatusValues(level=2))],
    )

    def grow():
        for index in range(3):
            organization = MembershipFactory().organization
            MembershipFactory(organization=organization)
            statuses_set(
                actor=SYSTEM, organization=organization, items=[(services[index], StatusValues(level=3))]
            )

    assert_constant_queries(lambda: coverage(limit=100), grow)
