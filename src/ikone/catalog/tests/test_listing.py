"""The list snapshot (`ikone.catalog.listing`) agrees with the ORM queries and the API schema."""

from __future__ import annotations

import gc
import gzip
import json
import re
import weakref

import numpy as np
import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from ikone.accounts.models import OrganizationMember, User
from ikone.catalog import listing, search
from ikone.catalog.models import Solution
from ikone.catalog.schemas import SolutionOut, SolutionPageOut
from ikone.catalog.selectors import SolutionFilter
from ikone.catalog.services import SolutionLinks, solution_import, solution_update
from ikone.catalog.tests import reference
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.lru import LRU
from ikone.core.testing.factories import MembershipFactory, MunicipalityFactory, NetworkFactory

pytestmark = pytest.mark.django_db

ACTOR = Actor.system("test")


def add(name: str, *, short: str = "Eine Lösung.", license: str = "EUPL-1.2", **links: object) -> Solution:
    url = f"https://git.example.org/listing/{name.lower().replace(' ', '-')}"
    content = publiccode_yaml(name=name, url=url, short=short, license=license)
    return solution_import(actor=ACTOR, content=content, **links).solution  # type: ignore[arg-type]


def test_items_are_exactly_the_schema_serialisation() -> None:
    owner = MunicipalityFactory(ags="07318000", short_name="Speyer")
    add("Hundesteuer-Portal", owner=owner)
    body = Client().get("/api/v1/solutions").json()
    assert set(body) == set(SolutionPageOut.model_fields)
    expected = SolutionOut.from_orm(Solution.objects.select_related("owner").get()).model_dump()
    assert body["items"] == [json.loads(json.dumps(expected, cls=DjangoJSONEncoder))]
    assert body["items"][0]["owner"] == {"key": "07318000", "name": "Speyer"}

    found = Client().get("/api/v1/solutions?q=Hundesteuer").json()
    (item,) = found["items"]
    assert {**item, "rank": None, "headline": None} == body["items"][0]
    assert item["rank"] > 0
    assert "<mark>Hundesteuer</mark>" in item["headline"]


@pytest.mark.parametrize(
    "filters",
    [
        SolutionFilter(),
        SolutionFilter(sort="updated"),
        SolutionFilter(q="Portal"),
        SolutionFilter(q="Portal", sort="name"),
        SolutionFilter(q="Hundesteuer OR Wohngeld", license="MIT"),
        SolutionFilter(q="-Wohngeld"),
        SolutionFilter(license="MIT", development_status="stable"),
        SolutionFilter(owner="07318000"),
        SolutionFilter(network="ikone-ds"),
    ],
)
def test_pages_agree_with_the_queryset_for_every_kind_of_user(filters: SolutionFilter) -> None:
    speyer = MunicipalityFactory(ags="07318000")
    landau = MunicipalityFactory(ags="07313000")
    network = NetworkFactory(slug="ikone-ds")
    MembershipFactory(network=network, organization=speyer)
    MembershipFactory(network=network, organization=landau)
    add("Hundesteuer-Portal", owner=speyer, network=network)
    add(
        "Wohngeld-Portal",
        short="Wohngeld online.",
        license="MIT",
        owner=landau,
        visibility="network",
        network=network,
    )
    add("Entwurf Portal", owner=speyer, visibility="draft")
    add("Zulassungsportal", license="MIT", owner=landau, visibility="network")
    add("Hundesteuer Kompakt", short="Hundesteuer Portal Portal.", license="MIT")
    member = User.objects.create_user(email="member@example.org")
    OrganizationMember.objects.create(user=member, organization=speyer, role="editor")
    staff = User.objects.create_user(email="staff@example.org", is_staff=True)
    for user in (None, member, staff):
        expected = [s.slug for s in reference.solution_search(user=user, filters=filters)]
        snapshot, page = listing.page(user=user, filters=filters, limit=100)
        assert [snapshot.rows[p].split('"slug":"')[1].split('"')[0] for p in page.positions] == expected
        assert page.count == len(expected)


def test_facets_count_against_the_other_filters() -> None:
    add("Alpha", license="MIT")
    add("Beta", license="EUPL-1.2")
    add("Gamma", license="EUPL-1.2")
    facets = listing.facet_counts(user=None, filters=SolutionFilter(license="MIT"))
    assert {v.value: (v.count, v.selected) for v in facets["license"]} == {
        "MIT": (1, True),
        "EUPL-1.2": (2, False),
    }
    assert {v.value: v.count for v in facets["development_status"]} == {"stable": 1}


def test_an_update_is_visible_in_the_next_list() -> None:
    solution = add("Hundesteuer-Portal")
    assert Client().get("/api/v1/solutions").json()["items"][0]["name"] == "Hundesteuer-Portal"
    document = {**solution.document, "name": "Hundeportal"}
    solution_update(actor=ACTOR, solution=solution, document=document, links=SolutionLinks())
    assert Client().get("/api/v1/solutions").json()["items"][0]["name"] == "Hundeportal"
    if connection.vendor == "postgresql":  # the version query is a prepared statement of the connection
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT statement FROM pg_prepared_statements WHERE name = 'ikone_catalog_version'"
            )
            assert "catalog_catalogversion" in cursor.fetchone()[0]


def test_every_match_is_ranked_name_above_short_above_body() -> None:
    add("Hundesteuer A")
    add("Kommunalportal", short="Hundesteuer und mehr.")
    add("Bürgerportal", short="Viele Dienste.")  # the long description mentions the Hundesteuer
    Solution.objects.filter(name="Bürgerportal").update(long_description="Auch die Hundesteuer.")
    search.rebuild_index()
    result = Client().get("/api/v1/solutions?q=Hundesteuer").json()
    assert [item["name"] for item in result["items"]] == ["Hundesteuer A", "Kommunalportal", "Bürgerportal"]
    assert all(item["rank"] > 0 for item in result["items"])


def test_a_query_asked_again_reuses_its_matches_for_other_pages_filters_and_people(
    django_assert_max_num_queries,
) -> None:
    for number in range(25):
        add(f"Hundesteuer {number:02d}", license="MIT" if number % 2 else "EUPL-1.2")
    add("Wohngeld-Portal")
    client = Client()
    first = client.get("/api/v1/solutions?q=Hundesteuer").json()
    snapshot = listing.current.get()
    assert len(snapshot.searches) == 1
    found = next(iter(snapshot.searches._entries.values()))
    hundesteuer = set(
        reference.search_rank(Solution.objects.all(), "Hundesteuer").values_list("pk", flat=True)
    )
    assert {int(snapshot.ids[p]) for p in found.positions} == hundesteuer
    # the next page, a facet and another spelling of the same words: no full-text query, one
    # query for the version and one for the texts of headlines not made yet
    with django_assert_max_num_queries(2):
        second = client.get("/api/v1/solutions?q=hundesteuer&offset=20").json()
    with django_assert_max_num_queries(1):
        again = client.get("/api/v1/solutions?q=HUNDESTEUER").json()
    with django_assert_max_num_queries(2):
        mit = client.get("/api/v1/solutions?q=Hundesteuer&license=MIT").json()
    assert len(snapshot.searches) == 1
    assert again == first
    assert second["count"] == first["count"] == len(found.positions) == 26
    assert len(second["items"]) == 6
    assert not {i["slug"] for i in second["items"]} & {i["slug"] for i in first["items"]}
    assert mit["count"] == 12
    assert all("<mark>Hundesteuer</mark>" in i["headline"] for i in mit["items"])
    # what the cache gives equals what a fresh snapshot computes
    listing.current.snapshot = None
    assert Client().get("/api/v1/solutions?q=Hundesteuer&license=MIT").json() == mit


def test_a_new_solution_shows_in_a_search_asked_before() -> None:
    add("Hundesteuer A")
    assert Client().get("/api/v1/solutions?q=Hundesteuer").json()["count"] == 1
    add("Hundesteuer B")
    assert Client().get("/api/v1/solutions?q=Hundesteuer").json()["count"] == 2


def test_the_search_cache_is_bounded_in_bytes_and_entries() -> None:
    def found(n: int) -> listing.Found:
        return listing.Found(np.zeros(n, dtype=np.int64), np.zeros(0))

    cache = LRU(max_bytes=80, max_entries=3, size=lambda found: found.size)
    cache.put("a", found(5))  # 40 bytes
    cache.put("b", found(4))
    assert cache.get("a") is not None  # a is now the most recently used
    cache.put("c", found(2))
    assert cache.get("b") is None
    assert cache.size <= 80
    cache.put("huge", found(11))
    assert cache.get("huge") is None
    for key in "defg":
        cache.put(key, found(0))
    assert len(cache) == 3


def test_headlines_split_each_description_once_within_a_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    add("Hundesteuer A")
    add("Hundesteuer B")
    snapshot = listing.current.get()
    splits: list[str] = []
    monkeypatch.setattr(listing, "split_text", lambda text: splits.append(text) or search.split_text(text))
    first = Client().get("/api/v1/solutions?q=Hundesteuer").json()["items"]
    again = Client().get("/api/v1/solutions?q=Steuer").json()["items"]
    assert [i["headline"] for i in first] == [i["headline"] for i in again]
    assert "<mark>Hundesteuer</mark>" in first[0]["headline"]
    assert len(splits) == len(set(splits)) > 0  # the second query split nothing again
    assert snapshot.split_texts.size == sum(8 * len(search.split_text(t)) + 64 for t in set(splits))
    assert snapshot.split_texts.max_bytes == listing.SPLIT_CACHE_BYTES


def test_queries_that_match_the_same_have_the_same_cache_key() -> None:
    def key(q: str) -> search.Plan:
        return search.plan(search.parse_query(q))

    assert key("Hundesteuer  online") == key("hundesteuer ONLINE")
    assert key("Hundesteuer") != key("-Hundesteuer")
    assert key("Hundesteuer OR Wohngeld") != key("Hundesteuer Wohngeld")
    assert key('"Hundesteuer online"') != key("Hundesteuer online")
    # SQLite folds umlauts, PostgreSQL's German stemmer too
    assert key("Bürgerbüro") == key("Burgerburo")


def _names_on(html: str) -> list[str]:
    return re.findall(r'<h2 class="kern-heading-small"><a class="kern-link" href="[^"]+">([^<]+)</a>', html)


def test_the_web_list_shows_the_same_page_as_the_api_with_headlines_and_paging() -> None:
    for number in range(23):
        add(f"Hundesteuer {number:02d}", short=f"Hundesteuer und Hunde, Nummer {number}.")
    add("Wohngeld-Portal", short="Nur Wohngeld.")
    client = Client()
    api = client.get("/api/v1/solutions?q=Hundesteuer&limit=20").json()
    html = client.get("/loesungen/?q=Hundesteuer").content.decode()
    assert _names_on(html) == [item["name"] for item in api["items"]]
    assert "<mark>Hundesteuer</mark> und" in html
    assert f"{api['count']} " in html

    second = client.get("/loesungen/?q=Hundesteuer&page=2").content.decode()
    api_second = client.get("/api/v1/solutions?q=Hundesteuer&limit=20&offset=20").json()
    assert _names_on(second) == [item["name"] for item in api_second["items"]]
    past_the_end = client.get("/loesungen/?q=Hundesteuer&page=99").content.decode()
    assert _names_on(past_the_end) == _names_on(second)  # the last page
    assert _names_on(client.get("/loesungen/?q=Hundesteuer&page=abc").content.decode()) == _names_on(html)
    assert _names_on(client.get("/loesungen/?q=Hundesteuer&page=" + "9" * 40).content.decode()) == _names_on(
        second
    )


def test_the_web_list_shows_drafts_only_to_those_who_may_see_them() -> None:
    owner = MunicipalityFactory(ags="07318000", short_name="Speyer")
    add("Entwurf Hundesteuer", owner=owner, visibility="draft")
    add("Hundesteuer öffentlich")
    assert _names_on(Client().get("/loesungen/?q=Hundesteuer").content.decode()) == ["Hundesteuer öffentlich"]
    editor = User.objects.create_user(email="redaktion@speyer.example", password="pw-12345678")
    OrganizationMember.objects.create(user=editor, organization=owner, role="editor")
    client = Client()
    client.force_login(editor)
    assert sorted(_names_on(client.get("/loesungen/?q=Hundesteuer").content.decode())) == [
        "Entwurf Hundesteuer",
        "Hundesteuer öffentlich",
    ]


@given(
    scores=st.lists(st.integers(0, 5), max_size=40),
    chosen=st.lists(st.booleans(), min_size=40, max_size=40),
    needed=st.integers(-1, 45),
)
def test_the_best_matches_come_in_the_order_of_a_full_sort(scores, chosen, needed) -> None:
    """Only the best `needed` are sorted; ties (many here) stay in name order, as in a full sort."""
    positions = np.arange(len(scores), dtype=np.int64)[::-1].copy()  # matches in any order
    found = listing.Found(positions, np.array(scores, dtype=float)[::-1].copy())
    selected = np.array(chosen)
    full = [p for p in sorted(range(len(scores)), key=lambda p: (-scores[p], p)) if chosen[p]]
    assert found.by_relevance(selected, needed).tolist()[: max(needed, 0)] == full[: max(needed, 0)]


def test_the_list_is_gzip_compressed_for_clients_that_accept_it() -> None:
    for number in range(12):
        add(f"Hundesteuer {number:02d}")
    plain = Client().get("/api/v1/solutions?q=Hundesteuer")
    packed = Client().get("/api/v1/solutions?q=Hundesteuer", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content


def test_a_replaced_snapshot_and_its_index_are_freed_without_the_cyclic_collector() -> None:
    # Server processes freeze snapshots (`core.memory.settle`): the cyclic collector never sees
    # them again, so an old snapshot must go by reference counting alone.
    add("Hundesteuer A")
    snapshot = listing.build()
    index = snapshot.text_index()
    assert len(listing._found(snapshot, "Hundesteuer").positions) == 1
    snapshot.split(snapshot.texts[0][0])
    gone = [weakref.ref(snapshot), weakref.ref(snapshot.searches), weakref.ref(snapshot.split_texts)]
    index_gone = weakref.finalize(index, lambda: None)
    gc.disable()
    try:
        del snapshot, index
        assert [ref() for ref in gone] == [None, None, None]
        assert not index_gone.alive
    finally:
        gc.enable()
