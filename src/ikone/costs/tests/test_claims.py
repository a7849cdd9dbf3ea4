"""Costs of network projects (claims): recorded on a claim, shared by an agreement for the claim."""

import datetime as dt
from decimal import Decimal

import pytest

from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.errors import DomainError
from ikone.core.models import ChangeRecord
from ikone.costs import selectors, services
from ikone.costs.models import CostAgreement, CostItem
from ikone.costs.services import KeyInput
from ikone.costs.tests.conftest import participants

YEAR = {"starts_on": dt.date(2025, 1, 1), "ends_on": dt.date(2025, 12, 31)}
EQUAL = KeyInput(kind="equal", agreed_on=dt.date(2024, 12, 1))


def _item(network, town, system, amount, **kwargs):
    return services.cost_item_create(
        actor=system,
        network=network,
        title=kwargs.pop("title", "Entwicklung"),
        kind=kwargs.pop("kind", "development"),
        amount_eur=Decimal(amount),
        year=kwargs.pop("year", 2025),
        incurred_by=town,
        **kwargs,
    )


def test_an_agreement_for_a_claim_shares_only_the_claims_costs(
    network, kaiserslautern, andernach, speyer, costs, claim, system
):
    item = _item(network, kaiserslautern, system, "3000.00", claim=claim)
    assert item.claim == claim
    assert ChangeRecord.objects.filter(object_id=str(item.pk), changes__claim=[None, claim.pk]).exists()
    project = services.agreement_create(
        actor=system,
        network=network,
        title="Projekt Kaiserslautern",
        participants=participants(kaiserslautern, andernach, speyer),
        key=EQUAL,
        claim=claim,
        **YEAR,
    )
    view = selectors.agreement_allocation(agreement=project)
    assert view.total == Decimal("3000.00")
    assert [r.amount for r in view.rows] == [Decimal("1000.00")] * 3
    # the network's own agreement for the same period does not share the project's costs again
    own = services.agreement_create(
        actor=system,
        network=network,
        title="Netzwerk 2025",
        participants=participants(kaiserslautern, andernach),
        key=EQUAL,
        **YEAR,
    )
    assert selectors.agreement_total(own) == Decimal("10000.01")
    assert selectors.agreement_totals([project, own]) == {
        project.pk: Decimal("3000.00"),
        own.pk: Decimal("10000.01"),
    }


def test_a_claim_of_another_network_is_refused_at_the_field(
    network, kaiserslautern, andernach, other_claim, system
):
    with pytest.raises(DomainError) as error:
        _item(network, kaiserslautern, system, "10.00", claim=other_claim)
    assert error.value.errors[0].field == "claim"
    assert "gehört nicht zum Netzwerk IKONE-DS" in error.value.errors[0].message
    with pytest.raises(DomainError) as error:
        services.agreement_create(
            actor=system,
            network=network,
            title="Fremdes Projekt",
            participants=participants(kaiserslautern, andernach),
            key=EQUAL,
            claim=other_claim,
            **YEAR,
        )
    assert {e.field for e in error.value.errors} == {"claim"}
    assert not CostItem.objects.exists()
    assert not CostAgreement.objects.exists()


def test_an_agreement_is_for_a_solution_or_a_claim_not_both(
    network, kaiserslautern, andernach, claim, catalog, system
):
    solution = solution_import(
        actor=system,
        content=publiccode_yaml(name="Ratsinfo", url="https://git.example.org/kl/ratsinfo"),
        owner=kaiserslautern,
    ).solution
    with pytest.raises(DomainError) as error:
        services.agreement_create(
            actor=system,
            network=network,
            title="Beides",
            participants=participants(kaiserslautern, andernach),
            key=EQUAL,
            claim=claim,
            solution=solution,
            **YEAR,
        )
    assert "nicht beider" in {e.field: e.message for e in error.value.errors}["claim"]
    assert not CostAgreement.objects.exists()


def test_agreements_for_the_same_claim_must_not_overlap(network, kaiserslautern, andernach, claim, system):
    def create(title, claim):
        return services.agreement_create(
            actor=system,
            network=network,
            title=title,
            participants=participants(kaiserslautern, andernach),
            key=EQUAL,
            claim=claim,
            **YEAR,
        )

    create("Projekt 2025", claim)
    with pytest.raises(DomainError) as error:
        create("Projekt 2025 noch einmal", claim)
    assert "überschneidet sich" in {e.field: e.message for e in error.value.errors}["starts_on"]
    create("Netzwerk 2025", None)  # a different scope: no overlap
    assert CostAgreement.objects.count() == 2


def test_the_api_books_costs_on_a_claim_and_shares_them(client, coordinator, claim, other_claim):
    from ikone.costs.tests.test_api import BASE, _auth, _token

    auth = _auth(_token(coordinator))
    item = {
        "title": "Entwicklung",
        "kind": "development",
        "amount_eur": "900.00",
        "year": 2025,
        "incurred_by": "07312000",
        "claim": claim.pk,
    }
    response = client.post(f"{BASE}/cost-items", item, content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    assert response.json()["claim"] == claim.pk
    foreign = {**item, "claim": other_claim.pk}
    response = client.post(f"{BASE}/cost-items", foreign, content_type="application/json", **auth)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "claim"
    unknown = {**item, "claim": 2_000_000}
    response = client.post(f"{BASE}/cost-items", unknown, content_type="application/json", **auth)
    assert response.status_code == 422
    agreement = {
        "title": "Projekt",
        "claim": claim.pk,
        "starts_on": "2025-01-01",
        "ends_on": "2025-12-31",
        "participants": [{"organization": "07312000"}, {"organization": "07137003"}],
        "key": {"kind": "equal", "agreed_on": "2024-12-01"},
    }
    response = client.post(f"{BASE}/cost-agreements", agreement, content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["claim"], body["total_eur"]) == (claim.pk, "900.00")
    shares = client.get(f"{BASE}/cost-agreements/{body['id']}/allocations").json()["shares"]
    assert [s["amount_eur"] for s in shares] == ["450.00", "450.00"]
    assert CostItem.objects.count() == 1


def test_the_coordinator_books_and_shares_costs_of_a_claim_in_the_forms(
    client, coordinator, claim, kaiserslautern, andernach
):
    client.force_login(coordinator)
    url = "/netzwerke/ikone-ds/kosten/positionen/neu/"
    assert f"Kaiserslautern: {claim.service.name}" in client.get(url).content.decode()
    data = {
        "title": "Einführung",
        "kind": "introduction",
        "amount_eur": "1.000,00",
        "year": "2025",
        "incurred_by": "07312000",
        "claim": str(claim.pk),
    }
    assert client.post(url, data).status_code == 302
    assert CostItem.objects.get().claim == claim
    url = "/netzwerke/ikone-ds/kosten/neu/"
    data = {
        "title": "Projekt",
        "solution": "",
        "claim": str(claim.pk),
        "starts_on": "01.01.2025",
        "ends_on": "31.12.2025",
        "kind": "equal",
        "agreed_on": "2024-12-01",
        "variable_measure": "population",
        f"m{kaiserslautern.pk}_in": "on",
        f"m{andernach.pk}_in": "on",
    }
    assert client.post(url, data).status_code == 302
    agreement = CostAgreement.objects.get()
    assert (agreement.claim, selectors.agreement_total(agreement)) == (claim, Decimal("1000.00"))
    detail = client.get(f"/netzwerke/ikone-ds/kosten/{agreement.pk}/").content.decode()
    assert "Übernahme: Kaiserslautern" in detail
