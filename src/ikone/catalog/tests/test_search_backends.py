"""One contract for both catalog search backends (`CATALOG_SEARCH_BACKEND`): the in-memory
snapshot and index per worker, and PostgreSQL's own full-text search (`ikone.catalog.pgsearch`).

Every test runs once per backend; the PostgreSQL backend needs PostgreSQL and is skipped on
SQLite (where `search_backend()` always serves from memory, see `test_postgres_needs_postgresql`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from ikone.accounts.models import OrganizationMember, User
from ikone.catalog import facetcache, listing, pgsearch
from ikone.catalog.models import FacetCacheEntry, Solution, SolutionTag
from ikone.catalog.search import parse_query, tsquery_text
from ikone.catalog.selectors import SolutionFilter
from ikone.catalog.services import SolutionLinks, solution_import, solution_update
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.testing.factories import MembershipFactory, MunicipalityFactory, NetworkFactory

pytestmark = pytest.mark.django_db

ACTOR = Actor.system("test")


@pytest.fixture(params=["memory", "postgres"])
def backend(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "postgres" and connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL search backend needs PostgreSQL (tsvector, GIN); this run uses SQLite")
    with override_settings(CATALOG_SEARCH_BACKEND=request.param):
        assert listing.search_backend() == request.param
        listing.current.snapshot = None
        yield request.param
    listing.current.snapshot = None


FILLER = "Die Lösung wird von mehreren Kommunen gemeinsam entwickelt und betrieben. " * 3


def add(
    name: str, *, short: str = "Eine Lösung.", long: str = "", license: str = "EUPL-1.2", **links: Any
) -> Solution:
    url = f"https://git.example.org/backends/{name.lower().replace(' ', '-')}"
    content = publiccode_yaml(
        name=name, url=url, short=short, long=f"{long} {FILLER}".strip(), license=license
    )
    return solution_import(actor=ACTOR, content=content, **links).solution


def api(**params: Any) -> dict[str, Any]:
    response = Client().get("/api/v1/solutions", params)
    assert response.status_code == 200, response.content
    return response.json()


def found(q: str, **params: Any) -> set[str]:
    return {item["name"] for item in api(q=q, limit=100, **params)["items"]}


@pytest.fixture
def catalog() -> None:
    add("Hundesteuer-Portal", short="Die Hundesteuer online anmelden.")
    add("Wohngeld digital", short="Der Wohngeldantrag ohne Papier.", long="Anträge werden geprüft. " * 20)
    add("Mängelmelder", short="Schäden an der Straße melden.", license="MIT")
    add("Beteiligungsplattform", short="Bürgerbeteiligung für Städte und Gemeinden.", license="MIT")
    add("Parkausweis-Portal", short="Bewohnerparkausweis online beantragen.")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Hundesteuer", {"Hundesteuer-Portal"}),
        ("hundesteuer", {"Hundesteuer-Portal"}),
        ("Hunde", {"Hundesteuer-Portal"}),
        ("Wohngeld", {"Wohngeld digital"}),
        ("Anträge", {"Wohngeld digital"}),
        ("Antrag", {"Wohngeld digital"}),
        ("Straße", {"Mängelmelder"}),
        ("Mängel", {"Mängelmelder"}),
        ("Bürgerbeteiligung", {"Beteiligungsplattform"}),
        ("BÜRGERBET", {"Beteiligungsplattform"}),
        ("Portal online", {"Hundesteuer-Portal", "Parkausweis-Portal"}),
        ("Portal online -Hundesteuer", {"Parkausweis-Portal"}),
        ("Hundesteuer OR Wohngeld", {"Hundesteuer-Portal", "Wohngeld digital"}),
        ('"online anmelden"', {"Hundesteuer-Portal"}),
        ('"anmelden online"', set()),
        ("Wasserwerk", set()),
        ("!!! ''' --", set()),
    ],
)
def test_the_same_solutions_match(backend: str, catalog: None, query: str, expected: set[str]) -> None:
    assert found(query) == expected


def test_name_matches_rank_first_and_get_headlines(backend: str) -> None:
    add(
        "Bürgerportal",
        short="Viele Dienste.",
        long="Unter anderem lässt sich die Hundesteuer online anmelden.",
    )
    add("Hundesteuer online", short="Anmeldung von Hunden.")
    add("Kommunalportal", short="Hundesteuer und mehr.")
    items = api(q="Hundesteuer")["items"]
    assert [item["name"] for item in items] == ["Hundesteuer online", "Kommunalportal", "Bürgerportal"]
    assert items[0]["rank"] > items[1]["rank"] > items[2]["rank"] > 0
    assert "<mark>Hundesteuer</mark>" in items[1]["headline"]
    assert "<mark>Hundesteuer</mark>" in items[2]["headline"]


def test_filters_facets_and_paging_counts(backend: str, catalog: None) -> None:
    body = api(q="Portal OR Mängelmelder OR Wohngeld", limit=2, offset=0)
    assert body["count"] == 4
    assert len(body["items"]) == 2
    assert {v["value"]: v["count"] for v in body["facets"]["license"]} == {"EUPL-1.2": 3, "MIT": 1}
    rest = api(q="Portal OR Mängelmelder OR Wohngeld", limit=2, offset=2)
    assert rest["count"] == 4
    assert len({i["slug"] for i in body["items"] + rest["items"]}) == 4
    assert api(q="Portal OR Mängelmelder OR Wohngeld", limit=2, offset=4)["items"] == []

    mit = api(license="MIT", sort="updated")
    assert mit["count"] == 2
    assert {i["name"] for i in mit["items"]} == {"Mängelmelder", "Beteiligungsplattform"}
    # facets are disjunctive: the licence facet counts against the other filters only
    assert {(v["value"], v["count"], v["selected"]) for v in mit["facets"]["license"]} == {
        ("MIT", 2, True),
        ("EUPL-1.2", 3, False),
    }
    assert {v["value"]: v["count"] for v in mit["facets"]["development_status"]} == {"stable": 2}
    assert api(license="MIT", q="Hundesteuer")["count"] == 0
    assert api(used_by="6+")["count"] == 0
    assert [i["name"] for i in api()["items"]] == sorted(i["name"] for i in api()["items"])


def test_visibility_and_withdrawn_solutions(backend: str) -> None:
    speyer = MunicipalityFactory(ags="07318000")
    landau = MunicipalityFactory(ags="07313000")
    network = NetworkFactory(slug="ikone-ds")
    MembershipFactory(network=network, organization=speyer)
    MembershipFactory(network=network, organization=landau)
    add("Hundesteuer öffentlich", owner=speyer, network=network)
    add("Hundesteuer im Netzwerk", owner=landau, visibility="network", network=network)
    add("Hundesteuer Entwurf", owner=speyer, visibility="draft")
    add("Hundesteuer Landau Entwurf", owner=landau, visibility="draft")
    gone = add("Hundesteuer zurückgezogen")
    Solution.objects.filter(pk=gone.pk).update(withdrawn_at=timezone.now(), updated_at=timezone.now())
    member = User.objects.create_user(email="member@example.org")
    OrganizationMember.objects.create(user=member, organization=speyer, role="editor")
    staff = User.objects.create_user(email="staff@example.org", is_staff=True)
    expected = {
        None: {"Hundesteuer öffentlich"},
        member: {"Hundesteuer öffentlich", "Hundesteuer im Netzwerk", "Hundesteuer Entwurf"},
        staff: {
            "Hundesteuer öffentlich",
            "Hundesteuer im Netzwerk",
            "Hundesteuer Entwurf",
            "Hundesteuer Landau Entwurf",
        },
    }
    for user, names in expected.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        for params in ({"q": "Hundesteuer"}, {}):
            body = client.get("/api/v1/solutions", {**params, "limit": 100}).json()
            assert {i["name"] for i in body["items"]} == names
            assert body["count"] == len(names)
        assert sum(v["count"] for v in body["facets"]["license"]) == len(names)


def test_a_write_is_seen_by_the_next_search(backend: str) -> None:
    solution = add("Hundesteuer-Portal")
    assert found("Hundesteuer") == {"Hundesteuer-Portal"}
    document = {**solution.document, "name": "Wohngeld-Portal"}
    solution_update(actor=ACTOR, solution=solution, document=document, links=SolutionLinks())
    assert found("Wohngeld") == {"Wohngeld-Portal"}
    assert found("Hundesteuer") == set()
    if backend == "postgres":  # no snapshot is built by any request
        assert listing.current.snapshot is None


def test_the_list_page_and_facet_counts(backend: str, catalog: None) -> None:
    response = Client().get("/loesungen/", {"q": "Hundesteuer"})
    assert response.status_code == 200
    assert "<mark>Hundesteuer</mark>" in response.content.decode()
    shown, facets = listing.solution_page(user=None, filters=SolutionFilter(q="Portal"), number=99)
    assert shown.number == 1
    assert sorted(s.name for s in shown.object_list) == ["Hundesteuer-Portal", "Parkausweis-Portal"]
    assert {v.value: v.count for v in facets["license"]} == {"EUPL-1.2": 2}
    counts = listing.facet_counts(user=None, filters=SolutionFilter(q="Portal", license="MIT"))
    assert {(v.value, v.count, v.selected) for v in counts["license"]} == {("EUPL-1.2", 2, False)}


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="compares the two backends on PostgreSQL")
@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"sort": "updated"},
        {"q": "Portal", "sort": "updated"},
        {"q": "Hundesteuer OR Wohngeld", "license": "MIT", "sort": "updated"},
        {"q": "-Wohngeld", "sort": "transferability"},
        {"license": "MIT", "development_status": "stable"},
        {"owner": "07318000"},
        {"network": "ikone-ds", "used_by": "0"},
    ],
)
def test_both_backends_give_the_same_page_without_relevance_order(filters: dict[str, str]) -> None:
    speyer = MunicipalityFactory(ags="07318000")
    network = NetworkFactory(slug="ikone-ds")
    MembershipFactory(network=network, organization=speyer)
    add("Hundesteuer-Portal", owner=speyer, network=network)
    add("Wohngeld-Portal", short="Wohngeld online.", license="MIT", owner=speyer, network=network)
    add("Zulassungsportal", license="MIT")
    add("Hundesteuer Kompakt", short="Hundesteuer Portal Portal.", license="MIT")
    pages = {}
    for name in ("memory", "postgres"):
        with override_settings(CATALOG_SEARCH_BACKEND=name):
            body = api(limit=100, **filters)
        pages[name] = {**body, "items": [{**i, "rank": None} for i in body["items"]]}
    assert pages["postgres"] == pages["memory"]


def test_postgres_needs_postgresql_and_auto_follows_the_catalog_size() -> None:
    add("Alpha")
    add("Beta")
    with override_settings(CATALOG_SEARCH_BACKEND="auto", CATALOG_MEMORY_INDEX_LIMIT=1):
        listing._auto.checked = None
        assert listing.search_backend() == ("postgres" if connection.vendor == "postgresql" else "memory")
    with override_settings(CATALOG_SEARCH_BACKEND="auto", CATALOG_MEMORY_INDEX_LIMIT=2):
        listing._auto.checked = None
        assert listing.search_backend() == "memory"
    with override_settings(CATALOG_SEARCH_BACKEND="postgres"):
        assert listing.search_backend() == ("postgres" if connection.vendor == "postgresql" else "memory")
    with override_settings(CATALOG_SEARCH_BACKEND="memory"):
        assert listing.search_backend() == "memory"
    listing._auto.checked = None


# --- the facet counts shared by every worker (PostgreSQL backend) --------------------------------

needs_postgresql = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the shared facet counts belong to the PostgreSQL backend"
)


@needs_postgresql
def test_facet_counts_are_stored_once_per_search_and_a_write_makes_them_stale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add("Hundesteuer-Portal", license="MIT")
    add("Hundesteuer Kompakt")
    counted: list[str] = []
    count_facets = pgsearch.facet_counts

    def counting(*args: Any, **kwargs: Any) -> Any:
        counted.append("x")
        return count_facets(*args, **kwargs)

    monkeypatch.setattr(pgsearch, "facet_counts", counting)
    with override_settings(CATALOG_SEARCH_BACKEND="postgres"):
        first = api(q="Hundesteuer")
        assert api(q=" Hundesteuer  ") == first  # the same tsquery: the same entry
        assert api(q="Hundesteuer", sort="updated", limit=1)["facets"] == first["facets"]
        assert len(counted) == 1
        assert FacetCacheEntry.objects.get().stamp == facetcache.stamp()
        assert {v["value"]: v["count"] for v in first["facets"]["license"]} == {"MIT": 1, "EUPL-1.2": 1}

        api(q="Hundesteuer", license="MIT")  # other filters: another entry
        assert len(counted) == 2
        assert FacetCacheEntry.objects.count() == 2

        add("Hundesteuer Plus", license="MIT")  # a write: a new stamp, every entry stale
        after = api(q="Hundesteuer")
        assert len(counted) == 3
        assert after["count"] == 3
        assert {v["value"]: v["count"] for v in after["facets"]["license"]} == {"MIT": 2, "EUPL-1.2": 1}
        assert FacetCacheEntry.objects.count() == 1  # the stale ones were deleted by the miss


@needs_postgresql
def test_facet_counts_are_shared_only_where_the_catalog_alone_decides_visibility() -> None:
    speyer = MunicipalityFactory(ags="07318000")
    add("Hundesteuer öffentlich", owner=speyer)
    add("Hundesteuer Entwurf", owner=speyer, visibility="draft")
    member = User.objects.create_user(email="member@example.org")
    OrganizationMember.objects.create(user=member, organization=speyer, role="editor")
    staff = User.objects.create_user(email="staff@example.org", is_staff=True)
    assert facetcache.scope(None) == "public"
    assert facetcache.scope(member) is None
    assert facetcache.scope(staff) == "all"
    with override_settings(CATALOG_SEARCH_BACKEND="postgres"):
        counts = {}
        for user in (None, member, staff):
            client = Client()
            if user is not None:
                client.force_login(user)
            counts[user] = client.get("/api/v1/solutions", {"q": "Hundesteuer"}).json()["count"]
    assert counts == {None: 1, member: 2, staff: 2}
    assert FacetCacheEntry.objects.count() == 2  # visitors and admins, not the member


@needs_postgresql
@pytest.mark.parametrize("per_solution_up_to", [0, 100])
def test_tags_counted_per_solution_or_in_one_scan_give_the_memory_backends_counts(
    monkeypatch: pytest.MonkeyPatch, per_solution_up_to: int
) -> None:
    monkeypatch.setattr(pgsearch, "TAGS_PER_SOLUTION_UP_TO", per_solution_up_to)
    for name, platforms in (
        ("Hundesteuer A", ["linux"]),
        ("Hundesteuer B", ["linux", "windows"]),
        ("Wohngeld", []),
    ):
        solution = add(name)
        for platform in platforms:
            SolutionTag.objects.create(solution=solution, kind="platform", value=platform)
    bodies = {}
    for name in ("memory", "postgres"):
        with override_settings(CATALOG_SEARCH_BACKEND=name):
            listing.current.snapshot = None
            bodies[name] = {q: api(q=q, platform="linux")["facets"] for q in ("Hundesteuer", "")}
    assert bodies["postgres"] == bodies["memory"]
    assert {v["value"]: v["count"] for v in bodies["postgres"]["Hundesteuer"]["platform"]} == {
        "web": 2,
        "linux": 2,
        "windows": 1,
    }


@needs_postgresql
def test_at_most_max_entries_facet_counts_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facetcache, "MAX_ENTRIES", 2)
    add("Hundesteuer-Portal")
    with override_settings(CATALOG_SEARCH_BACKEND="postgres"):
        for query in ("Hundesteuer", "Portal", "Hunde", "Hundesteuer-Portal"):
            assert api(q=query)["count"] == 1
    kept = FacetCacheEntry.objects.order_by("pk")
    assert kept.count() == 2
    assert kept.last().key == facetcache.key(
        visible="public", query=tsquery_text(parse_query("Hundesteuer-Portal")), filters={}
    )
