import datetime as dt

import pytest
from django.test import Client

from ikone.catalog.models import Solution
from ikone.core.testing.queries import assert_constant_queries
from ikone.federation.models import Tombstone

from .conftest import delete, feed, make_solution, rename, set_visibility

pytestmark = pytest.mark.django_db


def test_feed_lists_public_solutions_with_their_publiccode_and_absolute_links():
    solution = make_solution(name="Bürgerportal")
    make_solution(visibility="draft")
    make_solution(visibility="network")
    data = feed()
    assert data["count"] == 1
    [item] = data["items"]
    assert item["id"] == solution.slug
    assert item["url"] == solution.url
    assert item["deleted"] is False
    assert item["page_url"] == f"http://testserver/loesungen/{solution.slug}/"
    assert item["publiccode_url"] == f"http://testserver/api/v1/solutions/{solution.slug}/publiccode.yml"
    assert item["publiccode"]["name"] == "Bürgerportal"
    assert item["services"] == []
    assert item["usage"] == []
    assert data["latest"] == item["changed_at"]
    assert dt.datetime.fromisoformat(item["changed_at"]).tzinfo is not None


def test_a_solution_made_private_appears_as_tombstone_and_reappears_when_public_again():
    solution = make_solution()
    set_visibility(solution, "draft")
    [item] = feed()["items"]
    assert item == {
        "id": solution.slug,
        "url": solution.url,
        "changed_at": item["changed_at"],
        "deleted": True,
        "page_url": None,
        "publiccode_url": None,
        "publiccode": None,
        "services": [],
        "usage": [],
    }
    buried_at = item["changed_at"]
    set_visibility(Solution.objects.get(pk=solution.pk), "public")
    [again] = feed()["items"]
    assert again["deleted"] is False
    assert again["id"] == solution.slug
    assert again["changed_at"] >= buried_at
    assert not Tombstone.objects.exists()


def test_deleting_a_public_solution_leaves_a_tombstone_a_private_one_does_not():
    public, private = make_solution(), make_solution(visibility="draft")
    url = public.url
    delete(public)
    delete(private)
    [item] = feed()["items"]
    assert (item["id"], item["url"], item["deleted"]) == (public.slug, url, True)


def test_renaming_a_public_solution_buries_the_old_slug():
    solution = make_solution(name="Altes Portal")
    old_slug = solution.slug
    solution = rename(solution, "Neues Portal")
    items = {item["id"]: item["deleted"] for item in feed()["items"]}
    assert items == {old_slug: True, solution.slug: False}


def test_changed_since_is_inclusive_and_the_order_is_changed_at_then_id():
    first, second = make_solution(), make_solution()
    Solution.objects.filter(pk__in=[first.pk, second.pk]).update(
        updated_at=dt.datetime(2026, 1, 1, 12, 0, 0, 1, tzinfo=dt.UTC)
    )
    data = feed(changed_since="2026-01-01T12:00:00.000001+00:00")
    assert [i["id"] for i in data["items"]] == sorted([first.slug, second.slug])
    assert data["latest"] == "2026-01-01T12:00:00.000001+00:00"
    assert feed(changed_since="2026-01-01T12:00:00.000002Z")["count"] == 0
    # an unencoded "+" arrives as a space and still means the offset
    assert feed(changed_since="2026-01-01T12:00:00.000001 00:00")["count"] == 2


def test_paging_with_limit_and_offset_keeps_count_and_latest_of_all_items():
    slugs = sorted(make_solution().slug for _ in range(5))
    Solution.objects.update(updated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    pages = [feed(limit=2, offset=offset) for offset in (0, 2, 4)]
    assert [p["count"] for p in pages] == [5, 5, 5]
    assert len({p["latest"] for p in pages}) == 1
    assert [i["id"] for p in pages for i in p["items"]] == slugs


def test_a_bad_changed_since_is_a_structured_422():
    response = Client().get("/api/v1/federation/solutions", {"changed_since": "gestern"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "changed_since"
    assert Client().get("/api/v1/federation/solutions", {"limit": 501}).status_code == 422


def test_etag_and_if_none_match_give_304_until_something_changes():
    make_solution()
    client = Client()
    first = client.get("/api/v1/federation/solutions")
    etag = first["ETag"]
    again = client.get("/api/v1/federation/solutions", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    make_solution()
    changed = client.get("/api/v1/federation/solutions", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_feed_costs_the_same_number_of_queries_for_more_items():
    make_solution()
    make_solution(visibility="draft").delete()

    def grow():
        for _ in range(4):
            delete(make_solution())
            make_solution()

    assert_constant_queries(lambda: feed(limit=100), grow)


def test_feed_counts_adoptions_per_network_without_member_names_and_lists_linked_services():
    from ikone.catalog.services import SolutionLinks, solution_update
    from ikone.core.testing.factories import MembershipFactory, NetworkFactory, ServiceFactory
    from ikone.coverage.tests.factories import maturity_models
    from ikone.reuse.services import adoption_create

    from .conftest import SYSTEM

    maturity_models()
    network = NetworkFactory(name="Interkommunales Netzwerk", short_name="IKONE-DS", slug="ikone-ds")
    first, second = MembershipFactory(network=network), MembershipFactory(network=network)
    outsider = MembershipFactory().organization
    solution = make_solution()
    service = ServiceFactory()
    solution = solution_update(
        actor=SYSTEM, solution=solution, document=solution.document, links=SolutionLinks(services=[service])
    )
    before = feed()["items"][0]["changed_at"]
    adoption_create(actor=SYSTEM, organization=first.organization, solution=solution, state="production")
    adoption_create(actor=SYSTEM, organization=second.organization, solution=solution, state="pilot")
    adoption_create(actor=SYSTEM, organization=outsider, solution=solution, state="production")
    [item] = feed()["items"]
    assert item["services"] == [str(service.ozg_id)]
    ikone = [u for u in item["usage"] if u["network"] == "ikone-ds"]
    assert ikone == [{"network": "ikone-ds", "network_name": "IKONE-DS", "in_production": 1, "adoptions": 2}]
    assert len(item["usage"]) == 2  # the outsider's own network counts separately
    assert item["changed_at"] > before  # a new adoption changes the item
    assert first.organization.short_name not in str(item["usage"])


def test_harvested_copies_are_not_published_again_but_member_owned_solutions_are():
    from ikone.core.testing.factories import MunicipalityFactory
    from ikone.harvesting.models import HarvestRecord, HarvestSource

    source = HarvestSource.objects.create(
        slug="peer", name="Nachbarnetz", kind="peer", base_url="https://peer.example/"
    )
    copy = make_solution(name="Kopie")
    owned = make_solution(name="Eigene")
    local = make_solution(name="Lokal")
    Solution.objects.filter(pk=owned.pk).update(owner=MunicipalityFactory())
    for solution in (copy, owned):
        HarvestRecord.objects.create(source=source, key=solution.url, solution=solution)
    assert {item["id"] for item in feed()["items"]} == {owned.slug, local.slug}
