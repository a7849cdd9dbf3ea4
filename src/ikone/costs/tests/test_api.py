import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from ikone.accounts.models import TokenScope
from ikone.accounts.services import token_create
from ikone.core.audit import Actor
from ikone.core.testing.queries import assert_constant_queries
from ikone.costs import services
from ikone.costs.models import CostAgreement, CostItem
from ikone.costs.services import KeyInput
from ikone.costs.tests.conftest import participants

BASE = "/api/v1/networks/ikone-ds"


def _token(user, scope=TokenScope.WRITE):
    return token_create(actor=Actor.system("test"), user=user, name="t", scope=scope)[1]


def _auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_the_network_lists_its_agreements_paged(client, agreement):
    body = client.get(f"{BASE}/cost-agreements").json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["title"] == "Betrieb 2025"
    assert item["total_eur"] == "10000.01"
    assert item["key"]["kind"] == "population"
    assert [p["organization"]["key"] for p in item["participants"]] == ["07137003", "07312000", "07318000"]
    assert client.get(f"{BASE}/cost-agreements?limit=1&offset=1").json() == {"count": 1, "items": []}


def test_listing_agreements_needs_a_constant_number_of_queries(
    client, agreement, network, kaiserslautern, system
):
    def grow():
        for year in (2026, 2027, 2028):
            services.agreement_create(
                actor=system,
                network=network,
                title=f"Betrieb {year}",
                starts_on=dt.date(year, 1, 1),
                ends_on=dt.date(year, 12, 31),
                participants=participants(kaiserslautern),
                key=KeyInput(kind="equal", agreed_on=dt.date(2025, 1, 1)),
            )

    assert_constant_queries(lambda: client.get(f"{BASE}/cost-agreements"), grow)
    assert client.get(f"{BASE}/cost-agreements").json()["count"] == 4


@pytest.mark.parametrize("key", ["equal", "population", "base_fee", None])
def test_allocations_sum_exactly_to_the_total_for_every_key(client, agreement, key):
    url = f"{BASE}/cost-agreements/{agreement.pk}/allocations" + (f"?key={key}" if key else "")
    body = client.get(url).json()
    assert body["key"] == (key or "population")
    assert (
        sum(Decimal(s["amount_eur"]) for s in body["shares"])
        == Decimal(body["total_eur"])
        == Decimal("10000.01")
    )
    assert body["sum_eur"] == body["total_eur"]


def test_a_key_that_cannot_be_applied_is_a_422_at_the_field(client, agreement):
    response = client.get(f"{BASE}/cost-agreements/{agreement.pk}/allocations?key=usage")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "usage"


def test_what_if_trier_joins(client, agreement):
    body = client.get(
        f"{BASE}/cost-agreements/{agreement.pk}/allocations?join=07211000&leave=07137003"
    ).json()
    assert {s["organization"]["name"] for s in body["shares"]} == {"Kaiserslautern", "Speyer", "Trier"}
    response = client.get(f"{BASE}/cost-agreements/{agreement.pk}/allocations?join=99999999")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "join", "message": "unbekannt: 99999999"}]


def test_unknown_agreements_and_networks_are_404(client, agreement):
    assert client.get(f"{BASE}/cost-agreements/{agreement.pk + 1}").status_code == 404
    assert client.get("/api/v1/networks/nirgendwo/cost-agreements").status_code == 404


def test_the_coordinator_creates_and_signs_off_an_agreement_with_a_token(client, coordinator, costs):
    token = _token(coordinator)
    payload = {
        "title": "Betrieb 2025",
        "starts_on": "2025-01-01",
        "ends_on": "2025-12-31",
        "participants": [
            {"organization": "07312000"},
            {"organization": "07137003", "joined_on": "2025-07-01"},
        ],
        "key": {
            "kind": "hybrid",
            "agreed_on": "2025-01-15",
            "weights": {"population": "0.6667", "equal": "0.3333"},
        },
    }
    response = client.post(
        f"{BASE}/cost-agreements", payload, content_type="application/json", **_auth(token)
    )
    assert response.status_code == 201, response.content
    agreement_id = response.json()["id"]
    response = client.post(f"{BASE}/cost-agreements/{agreement_id}/sign-off", **_auth(token))
    assert response.json()["status"] == "signed"
    assert response.json()["signed_by"] == "koordination@example.org"


def test_bad_input_is_refused_with_field_errors_and_nothing_saved(client, coordinator):
    token = _token(coordinator)
    payload = {
        "title": "Kaputt",
        "starts_on": "2025-01-01",
        "ends_on": "2025-12-31",
        "participants": [{"organization": "07312000"}],
        "key": {"kind": "hybrid", "agreed_on": "2025-01-15", "weights": {"population": "0.5"}},
    }
    response = client.post(
        f"{BASE}/cost-agreements", payload, content_type="application/json", **_auth(token)
    )
    assert response.status_code == 422
    assert {
        "field": "weights",
        "message": "Die Gewichte müssen zusammen genau 1 ergeben.",
    } in response.json()["errors"]
    item = {"title": "x", "kind": "licence", "amount_eur": "-5", "year": 2025, "incurred_by": "07312000"}
    response = client.post(f"{BASE}/cost-items", item, content_type="application/json", **_auth(token))
    assert response.status_code == 422
    assert not CostAgreement.objects.exists()
    assert not CostItem.objects.exists()


def test_writes_need_a_write_token_and_coordinator_rights(client, treasurer, agreement):
    assert client.post(f"{BASE}/cost-agreements/{agreement.pk}/sign-off").status_code == 401
    read_only = _token(treasurer, TokenScope.READ)
    assert (
        client.post(f"{BASE}/cost-agreements/{agreement.pk}/sign-off", **_auth(read_only)).status_code == 403
    )
    response = client.post(f"{BASE}/cost-agreements/{agreement.pk}/sign-off", **_auth(_token(treasurer)))
    assert response.status_code == 403


def test_a_treasurer_records_a_cost_of_their_town(client, treasurer, network):
    item = {
        "title": "Lizenz",
        "kind": "licence",
        "amount_eur": "1234.56",
        "year": 2025,
        "incurred_by": "07137003",
    }
    response = client.post(
        f"{BASE}/cost-items", item, content_type="application/json", **_auth(_token(treasurer))
    )
    assert response.status_code == 201, response.content
    assert client.get(f"{BASE}/cost-items").json()["items"][0]["amount_eur"] == "1234.56"


def test_the_cli_prints_what_the_api_returns(client, agreement, capsys):
    call_command("costs", "allocate", "--agreement", str(agreement.pk), "--json")
    printed = json.loads(capsys.readouterr().out)
    assert printed == client.get(f"{BASE}/cost-agreements/{agreement.pk}/allocations").json()


def test_the_coordinator_adds_a_funding_programme(client, coordinator):
    token = _token(coordinator)
    payload = {
        "name": "Förderung IKONE-DS",
        "funder": "Land Rheinland-Pfalz",
        "amount_eur": "425000.00",
        "starts_on": "2019-01-01",
        "ends_on": "2021-12-31",
        "funding_rate": "90",
        "eligible_kinds": ["development", "introduction"],
    }
    response = client.post(
        f"{BASE}/funding-programmes", payload, content_type="application/json", **_auth(token)
    )
    assert response.status_code == 201, response.content
    assert response.json()["remaining_eur"] == "425000.00"
    payload["ends_on"] = "2018-12-31"
    response = client.post(
        f"{BASE}/funding-programmes", payload, content_type="application/json", **_auth(token)
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "ends_on", "message": "Das Ende liegt vor dem Beginn."}]
    assert client.get(f"{BASE}/funding-programmes").json()["count"] == 1


def test_listing_build_alone_estimates_needs_a_constant_number_of_queries(client, network, catalog, system):
    services.build_alone_estimate_set(
        actor=system, network=network, service=catalog[0], amount_eur=Decimal("80000")
    )
    batches = iter([catalog[1:4], catalog[4:]])

    def grow():
        for number, service in enumerate(next(batches), start=1):
            services.build_alone_estimate_set(
                actor=system, network=network, service=service, amount_eur=Decimal(50000 * number)
            )

    assert_constant_queries(lambda: client.get(f"{BASE}/savings/estimates"), grow)
    assert client.get(f"{BASE}/savings/estimates").json()["count"] == 4
    assert_constant_queries(lambda: client.get("/netzwerke/ikone-ds/kosten/einsparungen/"), grow)
    assert len(catalog) == 6 == client.get(f"{BASE}/savings/estimates").json()["count"]
