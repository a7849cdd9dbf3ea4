"""The list snapshot (`ikone.catalog.listing`) agrees with the ORM queries and the API schema."""

from __future__ import annotations

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client

from ikone.accounts.models import OrganizationMember, User
from ikone.catalog import listing, search
from ikone.catalog.models import Solution
from ikone.catalog.schemas import SolutionOut, SolutionPageOut
from ikone.catalog.selectors import SolutionFilter, solution_search
from ikone.catalog.services import SolutionLinks, solution_import, solution_update
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
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
        expected = [s.slug for s in solution_search(user=user, filters=filters)]
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


def test_broad_queries_rank_only_name_and_short_description_matches() -> None:
    add("Hundesteuer A")
    add("Kommunalportal", short="Hundesteuer und mehr.")
    add("Bürgerportal", short="Viele Dienste.")  # the long description mentions the Hundesteuer
    everything = search.matches("Hundesteuer")
    assert len(everything.ids) == 3
    assert set(everything.score_map()) == set(map(int, everything.ids))
    bounded = search.matches("Hundesteuer", limit=2)
    assert len(bounded.ids) == 3
    head = set(Solution.objects.exclude(name="Bürgerportal").values_list("pk", flat=True))
    assert set(bounded.score_map()) == head
    assert search.matches("Hundesteuer", limit=1).score_map() == {}
