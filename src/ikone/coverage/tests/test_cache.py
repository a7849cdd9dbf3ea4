"""The response cache of the dashboards and the gap analysis: served from memory while nothing
changed, never stale after a write (coverage services, signals of shown models, bulk writes)."""

import gzip
import json

import pytest
from django.db import transaction
from django.test import Client

from ikone.accounts.models import User
from ikone.core.models import ChangeRecord
from ikone.core.testing.factories import LandFactory, MembershipFactory, MunicipalityFactory
from ikone.core.testing.queries import count_queries
from ikone.coverage import cache, services
from ikone.coverage.schemas import AreaCoverageOut, GapsOut, NetworkCoverageOut
from ikone.coverage.services import StatusValues
from ikone.organizations.choices import Level
from ikone.organizations.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas(town):
    LandFactory(land_key="07")
    LandFactory(
        level=Level.KREIS, kreis_key=town.kreis_key, name="Kaiserslautern", slug=f"kreis-{town.kreis_key}"
    )


@pytest.fixture(autouse=True)
def empty_cache():
    cache.responses.clear()
    yield
    cache.responses.clear()


def _urls(town, network):
    return [
        "/api/v1/coverage/national",
        "/api/v1/coverage/lands/07",
        f"/api/v1/coverage/kreise/{town.kreis_key}",
        f"/api/v1/networks/{network.slug}/coverage",
        f"/api/v1/organizations/{town.ags}/coverage",
        f"/api/v1/organizations/{town.ags}/gaps",
    ]


def test_a_repeated_request_costs_one_query_and_returns_the_same_body(town, network, catalog, areas):
    client = Client()
    for url in _urls(town, network):
        first = client.get(url)
        assert first.status_code == 200, (url, first.content)
        assert first["Content-Type"] == "application/json; charset=utf-8"
        assert count_queries(lambda url=url: client.get(url)) == 1, url
        assert client.get(url).content == first.content


def test_a_status_written_through_the_api_shows_at_once_everywhere(town, network, catalog, areas):
    staff = User.objects.create_user(email="redaktion@example.org", password="pw", is_staff=True)
    writer = Client()
    writer.force_login(staff)
    client = Client()
    before = {url: client.get(url).json() for url in _urls(town, network)}
    service = catalog[0]

    response = writer.put(
        f"/api/v1/organizations/{town.ags}/coverage/{service.ozg_id}",
        data=json.dumps({"level": 4, "model": "1.1"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content

    after = {url: client.get(url).json() for url in _urls(town, network)}
    national = next(
        s for s in after["/api/v1/coverage/national"]["services"] if s["ozg_id"] == service.ozg_id
    )
    assert national["offering"] == 1
    assert after[f"/api/v1/organizations/{town.ags}/coverage"]["compliant"] == 1
    assert service.ozg_id not in {
        g["service"]["ozg_id"] for g in after[f"/api/v1/organizations/{town.ags}/gaps"]["items"]
    }
    member = after[f"/api/v1/networks/{network.slug}/coverage"]["members"][0]
    assert member["compliant"] == 1
    assert all(before[url] != after[url] for url in before)


def test_a_new_member_and_a_renamed_organisation_show_at_once(town, network, catalog, actor):
    client = Client()
    url = f"/api/v1/networks/{network.slug}/coverage"
    assert len(client.get(url).json()["members"]) == 1

    peer = MunicipalityFactory(short_name="Nachbarort")
    MembershipFactory(network=network, organization=peer)  # signal of a shown model
    assert {m["organization"]["name"] for m in client.get(url).json()["members"]} >= {"Nachbarort"}

    # a bulk write without signals (as the reference import does) still writes its audit record
    Organization.objects.filter(pk=peer.pk).update(short_name="Umbenannt", name="Umbenannt")
    ChangeRecord.objects.create(
        actor_label="import-reference",
        object_type="organizations.organization",
        object_id=str(peer.pk),
        object_repr="Umbenannt",
        action=ChangeRecord.Action.UPDATE,
        changes={"short_name": ["Nachbarort", "Umbenannt"]},
    )
    names = {m["organization"]["name"] for m in client.get(url).json()["members"]}
    assert "Umbenannt" in names
    assert "Nachbarort" not in names

    services.service_status_set(
        actor=actor, organization=peer, service=catalog[1], values=StatusValues(level=3)
    )
    gaps = client.get(f"/api/v1/organizations/{town.ags}/gaps").json()["items"]
    offered = next(g for g in gaps if g["service"]["ozg_id"] == catalog[1].ozg_id)
    assert [o["organization"]["key"] for o in offered["network_members"]] == [peer.key]


def test_a_rolled_back_write_leaves_the_stamp_as_it_was(db):
    cache.bump()
    before = cache.stamp()
    inside = []

    def write_and_fail():
        with transaction.atomic():
            cache.bump()
            inside.append(cache.stamp())
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_and_fail()
    assert inside[0] != before
    assert cache.stamp() == before
    cache.bump()
    assert cache.stamp() != before


def body(text: bytes) -> cache.Body:
    return cache.Body(text, b"")  # sizes exact for the test; real entries come from Body.of


def test_entries_are_valid_for_one_stamp_and_bounded_in_bytes():
    responses = cache.ResponseCache(max_bytes=10)
    responses.put("a", ("t1", 1), body(b"12345"))
    assert responses.get("a", ("t1", 1)) == body(b"12345")
    assert responses.get("a", ("t2", 1)) is None
    responses.put("b", ("t1", 1), body(b"1234"))
    responses.get("a", ("t1", 1))  # a is now the most recently used
    responses.put("c", ("t1", 1), body(b"123"))
    assert responses.get("b", ("t1", 1)) is None
    assert responses.get("a", ("t1", 1)) == body(b"12345")
    assert responses.size <= 10
    responses.put("huge", ("t1", 1), body(b"x" * 11))
    assert responses.get("huge", ("t1", 1)) is None


def test_cached_responses_are_gzip_compressed_for_clients_that_accept_it(town, network, catalog, areas):
    url = f"/api/v1/organizations/{town.ags}/coverage"
    plain = Client().get(url)
    compressed = Client().get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert plain.status_code == compressed.status_code == 200
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in plain["Vary"]
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content)


def test_plain_responses_have_exactly_the_shape_of_their_schemas(town, network, catalog, areas, actor):
    peer = MunicipalityFactory(ags=f"{town.kreis_key}901", short_name="Nachbarort")
    MembershipFactory(network=network, organization=peer)
    services.service_status_set(
        actor=actor, organization=peer, service=catalog[0], values=StatusValues(level=4)
    )
    services.service_status_set(
        actor=actor, organization=town, service=catalog[1], values=StatusValues(level=2)
    )
    client = Client()
    for url, schema in [
        ("/api/v1/coverage/national", AreaCoverageOut),
        ("/api/v1/coverage/lands/07", AreaCoverageOut),
        (f"/api/v1/coverage/kreise/{town.kreis_key}", AreaCoverageOut),
        (f"/api/v1/networks/{network.slug}/coverage", NetworkCoverageOut),
        (f"/api/v1/organizations/{town.ags}/gaps", GapsOut),
    ]:
        body = client.get(url).json()
        assert schema.model_validate(body).model_dump(mode="json") == body, url
