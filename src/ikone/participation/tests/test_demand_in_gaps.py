"""Citizens' demand in the gap analysis of coverage (selector, page, export, API)."""

import pytest
from django.test import Client

from ikone.core.audit import Actor
from ikone.core.testing.factories import ServiceFactory
from ikone.core.testing.queries import assert_constant_queries
from ikone.coverage.selectors import organization_gaps
from ikone.participation.services import proposal_create, proposal_hide, support_add
from ikone.participation.tests.factories import citizen


@pytest.fixture
def asked(speyer, parking, dog_tax, anna, system):
    """Parking permits (a gap of Speyer): Anna asks, Ben supports – 2 people."""
    proposal = proposal_create(
        actor=Actor.of(anna),
        organization=speyer,
        title="Anwohnerparkausweis online",
        text="Bitte online.",
        service=parking,
    )
    support_add(actor=Actor.of(citizen("Ben")), proposal=proposal)
    return proposal


def test_gaps_count_the_people_asking_and_put_the_most_demanded_first(speyer, asked, dog_tax, system):
    other = ServiceFactory(ozg_id=10001, name="Anmeldung eines Wohnsitzes")
    gaps = organization_gaps(organization=speyer)
    assert [g.service for g in gaps][:2] == [asked.service, other]  # 10001 comes first by OZG-ID alone
    assert gaps[0].demand == 2
    assert gaps[1].demand == 0
    assert dog_tax not in [g.service for g in gaps]  # offered at level 3: no gap, whatever the demand
    proposal_hide(actor=system, proposal=asked)
    assert organization_gaps(organization=speyer)[0].demand == 0


def test_demand_for_an_offered_service_is_no_gap(speyer, dog_tax, anna):
    proposal_create(
        actor=Actor.of(anna), organization=speyer, title="Hundesteuer", text="Bitte online.", service=dog_tax
    )
    assert dog_tax not in [g.service for g in organization_gaps(organization=speyer)]


def test_coverage_page_export_and_api_show_the_demand(speyer, asked):
    client = Client()
    page = client.get(f"/kommunen/{speyer.key}/ozg-stand/").content.decode()
    assert ">Nachfrage</th>" in page
    assert 'aria-label="2 Personen wünschen diese Leistung">2</a>' in page
    csv = client.get(f"/kommunen/{speyer.key}/ozg-stand/?format=csv&table=luecken").content.decode(
        "utf-8-sig"
    )
    header, first = csv.splitlines()[:2]
    assert header.split(";")[-1] == "Nachfrage"
    assert first.split(";")[0] == str(asked.service.ozg_id)
    assert first.split(";")[-1] == "2"
    body = client.get(f"/api/v1/organizations/{speyer.key}/gaps").json()
    assert body["items"][0]["service"]["ozg_id"] == asked.service.ozg_id
    assert body["items"][0]["demand"] == 2


def test_a_new_support_reaches_the_cached_gap_api(speyer, asked):
    client = Client()
    assert client.get(f"/api/v1/organizations/{speyer.key}/gaps").json()["items"][0]["demand"] == 2
    support_add(actor=Actor.of(citizen("Cem")), proposal=asked)
    assert client.get(f"/api/v1/organizations/{speyer.key}/gaps").json()["items"][0]["demand"] == 3


def test_the_gap_page_reads_demand_in_constant_queries(speyer, asked, anna):
    numbers = iter(range(20000, 20100))

    def grow():
        service = ServiceFactory(ozg_id=next(numbers))
        proposal_create(
            actor=Actor.of(anna),
            organization=speyer,
            title="Bitte online",
            text="Bitte online.",
            service=service,
        )

    client = Client()
    assert_constant_queries(lambda: client.get(f"/kommunen/{speyer.key}/ozg-stand/"), grow)
