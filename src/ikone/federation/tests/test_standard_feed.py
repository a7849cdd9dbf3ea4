import pytest
from django.test import Client

from ikone.core.testing.factories import NetworkFactory
from ikone.core.testing.queries import assert_constant_queries
from ikone.standards.models import NetworkStandard, Standard, StandardVersion
from ikone.standards.services import network_standard_adopt, network_standard_remove

from .conftest import SYSTEM, feed

pytestmark = pytest.mark.django_db


def make_standard(slug: str, *versions: str) -> Standard:
    standard = Standard.objects.create(
        slug=slug, name=f"Standard {slug}", abbreviation=slug.upper(), kind="xoev", official_url=""
    )
    for version in versions:
        StandardVersion.objects.create(standard=standard, version=version)
    return standard


def test_the_register_is_published_with_the_networks_that_agreed_on_each_version():
    xbau = make_standard("xbau", "2.2", "2.3")
    make_standard("xzufi", "2.0")
    network = NetworkFactory(slug="ikone-ds")
    network_standard_adopt(actor=SYSTEM, network=network, standard=xbau, version="2.3")
    data = feed(path="standards")
    assert data["count"] == 2
    assert [item["id"] for item in data["items"]] == ["xzufi", "xbau"]  # xbau changed last
    item = data["items"][1]
    assert item["deleted"] is False
    assert item["name"] == "Standard xbau"
    assert item["page_url"] == "http://testserver/standards/xbau/"
    assert [(v["version"], v["agreed_by"]) for v in item["versions"]] == [("2.2", []), ("2.3", ["ikone-ds"])]
    assert data["latest"] == item["changed_at"]


def changed_after(moment: str) -> list[dict]:
    """Items the feed reports as changed after `moment` (`changed_since` is inclusive)."""
    return [
        item for item in feed(path="standards", changed_since=moment)["items"] if item["changed_at"] > moment
    ]


def test_adopting_or_dropping_a_version_moves_the_standard_and_nothing_else():
    xbau, _ = make_standard("xbau", "2.3"), make_standard("xzufi", "2.0")
    network = NetworkFactory(slug="ikone-ds")
    seen = feed(path="standards")["latest"]
    entry = network_standard_adopt(actor=SYSTEM, network=network, standard=xbau, version="2.3")
    [item] = changed_after(seen)
    assert (item["id"], item["versions"][0]["agreed_by"]) == ("xbau", ["ikone-ds"])
    network_standard_remove(actor=SYSTEM, entry=NetworkStandard.objects.get(pk=entry.pk))
    [item] = changed_after(item["changed_at"])
    assert (item["id"], item["versions"][0]["agreed_by"]) == ("xbau", [])


def test_a_new_version_moves_its_standard():
    xbau = make_standard("xbau", "2.2")
    seen = feed(path="standards")["latest"]
    network_standard_adopt(actor=SYSTEM, network=NetworkFactory(), standard=xbau, version="2.4")
    items = feed(path="standards", changed_since=seen)["items"]
    assert [item["id"] for item in items] == ["xbau"]
    assert items[0]["changed_at"] > seen
    assert [v["version"] for v in items[0]["versions"]] == ["2.2", "2.4"]


def test_the_standards_feed_answers_304_to_a_matching_etag():
    make_standard("xbau", "2.2")
    first = Client().get("/api/v1/federation/standards")
    assert first.status_code == 200
    again = Client().get("/api/v1/federation/standards", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_the_standards_feed_costs_the_same_number_of_queries_for_more_items():
    network = NetworkFactory()
    network_standard_adopt(actor=SYSTEM, network=network, standard=make_standard("s0", "1"), version="1")
    numbers = iter(range(1, 100))

    def grow():
        for _ in range(3):
            standard = make_standard(f"s{next(numbers)}", "1", "2")
            network_standard_adopt(actor=SYSTEM, network=NetworkFactory(), standard=standard, version="2")

    assert_constant_queries(lambda: feed(path="standards", limit=100), grow)
