"""The claims API: list/create per network, read, PATCH, transitions (409 for invalid ones)."""

import json

import pytest
from django.test import Client

from ikone.claims import services
from ikone.claims.models import Claim
from ikone.core.audit import Actor
from ikone.core.testing.queries import assert_constant_queries
from ikone.coverage.models import ServiceStatus

pytestmark = pytest.mark.django_db


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_create_list_and_read(editor, network, speyer, worms, catalog):
    client = _client(editor)
    response = _post(
        client,
        "/api/v1/networks/ikone-ds/claims",
        {
            "organization": speyer.ags,
            "ozg_id": catalog[0].ozg_id,
            "target_level": 3,
            "target_date": "2027-06-30",
            "effort_days": "20",
            "partners": [worms.ags],
            "contact": "Frau Beispiel",
            "new_solution_name": "Anmeldung online",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["state"], body["state_label"], body["organization"]["key"]) == (
        "proposed",
        "vorgeschlagen",
        speyer.ags,
    )
    assert body["partners"] == [{"key": worms.ags, "name": "Worms"}]
    assert body["allowed_actions"] == ["accept", "reject", "withdraw"]
    assert body["transitions"][0]["to_state"] == "proposed"

    listing = Client().get("/api/v1/networks/ikone-ds/claims").json()
    assert listing["count"] == 1
    assert listing["items"][0]["contact"] == ""  # outsiders do not see contacts
    assert client.get(f"/api/v1/claims/{body['id']}").json()["contact"] == "Frau Beispiel"
    themenfeld = catalog[0].themenfeld.slug
    assert Client().get(f"/api/v1/networks/ikone-ds/claims?themenfeld={themenfeld}").json()["count"] == 1
    assert Client().get(f"/api/v1/networks/ikone-ds/claims?organization={worms.ags}").json()["count"] == 0
    assert Client().get("/api/v1/networks/ikone-ds/claims?state=accepted").json()["count"] == 0


def test_create_reports_conflicts(editor, worms_editor, network, speyer, worms, catalog):
    _post(
        _client(worms_editor),
        "/api/v1/networks/ikone-ds/claims",
        {"organization": worms.ags, "ozg_id": catalog[0].ozg_id},
    )
    body = _post(
        _client(editor),
        "/api/v1/networks/ikone-ds/claims",
        {"organization": speyer.ags, "ozg_id": catalog[0].ozg_id},
    ).json()
    assert [(c["kind"], c["accepted"]) for c in body["conflicts"]] == [("claimed", False)]
    assert "Worms übernimmt diese OZG-Leistung schon" in body["conflicts"][0]["message"]


def test_errors_are_structured(editor, network, speyer, catalog):
    client = _client(editor)
    url = "/api/v1/networks/ikone-ds/claims"
    missing = _post(client, url, {"organization": speyer.ags, "ozg_id": 1})
    assert missing.status_code == 404
    invalid = _post(client, url, {"organization": speyer.ags, "ozg_id": catalog[0].ozg_id, "target_level": 6})
    assert invalid.status_code == 422
    assert invalid.json()["errors"][0]["field"] == "target_level"
    assert _post(client, url, {"organization": speyer.ags, "ozg_id": catalog[0].ozg_id}).status_code == 201
    duplicate = _post(client, url, {"organization": speyer.ags, "ozg_id": catalog[0].ozg_id})
    assert duplicate.status_code == 409
    assert duplicate.json()["detail"].startswith("Speyer hat diese OZG-Leistung in IKONE-DS schon übernommen")
    assert Client().get("/api/v1/claims/999999").status_code == 404
    assert _client(editor).get("/api/v1/networks/nirgendwo/claims").status_code == 404


def test_life_cycle_over_the_api(editor, coordinator, network, speyer, catalog, solution):
    member, coordination = _client(editor), _client(coordinator)
    claim_id = _post(
        member, "/api/v1/networks/ikone-ds/claims", {"organization": speyer.ags, "ozg_id": catalog[0].ozg_id}
    ).json()["id"]
    invalid = _post(member, f"/api/v1/claims/{claim_id}/deliver", {"solution": solution.slug})
    assert invalid.status_code == 409
    assert "kann nicht geliefert werden" in invalid.json()["detail"]
    assert _post(member, f"/api/v1/claims/{claim_id}/accept", {}).status_code == 403
    assert _post(coordination, f"/api/v1/claims/{claim_id}/accept", {"reason": "passt"}).status_code == 200
    assert _post(member, f"/api/v1/claims/{claim_id}/start", {}).json()["state"] == "in_progress"
    no_solution = _post(member, f"/api/v1/claims/{claim_id}/deliver", {})
    assert (no_solution.status_code, no_solution.json()["errors"][0]["field"]) == (422, "solution")
    delivered = _post(member, f"/api/v1/claims/{claim_id}/deliver", {"solution": solution.slug}).json()
    assert (delivered["state"], delivered["solution"]["slug"]) == ("delivered", solution.slug)
    assert [t["to_state"] for t in delivered["transitions"]] == [
        "proposed",
        "accepted",
        "in_progress",
        "delivered",
    ]
    assert ServiceStatus.objects.get(organization=speyer, service=catalog[0]).level == 3
    again = _post(member, f"/api/v1/claims/{claim_id}/withdraw", {"reason": "x"})
    assert again.status_code == 409
    unknown = _post(member, f"/api/v1/claims/{claim_id}/fly", {})
    assert unknown.status_code == 422


def test_accept_conflicts_over_the_api(system, coordinator, network, speyer, worms, catalog):
    services.claim_create(actor=system, network=network, organization=worms, service=catalog[0])
    claim = services.claim_create(
        actor=system, network=network, organization=speyer, service=catalog[0]
    ).claim
    coordination = _client(coordinator)
    blocked = _post(coordination, f"/api/v1/claims/{claim.pk}/accept", {})
    assert blocked.status_code == 409
    assert blocked.json()["errors"][0]["field"] == "conflicts"
    assert (
        _post(coordination, f"/api/v1/claims/{claim.pk}/accept-conflicts", {"reason": ""}).status_code == 422
    )
    body = _post(coordination, f"/api/v1/claims/{claim.pk}/accept-conflicts", {"reason": "gewollt"}).json()
    assert body["conflicts"][0]["accepted"] is True
    assert body["conflicts_accepted"]["reason"] == "gewollt"
    assert _post(coordination, f"/api/v1/claims/{claim.pk}/accept", {}).status_code == 200


def test_patch_changes_only_sent_fields(editor, network, speyer, catalog):
    claim = services.claim_create(
        actor=Actor.of(editor),
        network=network,
        organization=speyer,
        service=catalog[0],
        contact="A",
        target_date=None,
    ).claim
    client = _client(editor)
    response = client.patch(
        f"/api/v1/claims/{claim.pk}",
        data=json.dumps({"effort_days": "7.5", "target_date": "2027-03-01"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["effort_days"], response.json()["contact"]) == ("7.5", "A")
    cleared = client.patch(
        f"/api/v1/claims/{claim.pk}", data=json.dumps({"effort_days": None}), content_type="application/json"
    ).json()
    assert (cleared["effort_days"], cleared["target_date"]) == (None, "2027-03-01")
    assert Claim.objects.get().contact == "A"


def test_list_pages_and_finds_conflicts_with_claims_on_other_pages(system, network, speyer, worms, catalog):
    services.claim_create(actor=system, network=network, organization=worms, service=catalog[0])
    services.claim_create(actor=system, network=network, organization=speyer, service=catalog[0])
    services.claim_create(actor=system, network=network, organization=speyer, service=catalog[1])
    url = "/api/v1/networks/ikone-ds/claims"
    everything = Client().get(url).json()
    pages = [Client().get(f"{url}?limit=1&offset={offset}").json() for offset in range(3)]
    assert [p["count"] for p in pages] == [3, 3, 3]
    assert [p["items"][0] for p in pages] == everything["items"]
    assert sum(bool(item["conflicts"]) for item in everything["items"]) == 2  # the two claims on one service
    assert Client().get(f"{url}?limit=0").json()["errors"][0]["field"] == "limit"


def test_list_costs_the_same_queries_for_more_claims(system, network, speyer, worms, catalog):
    services.claim_create(actor=system, network=network, organization=worms, service=catalog[0])
    services.claim_create(actor=system, network=network, organization=speyer, service=catalog[0])

    def grow():
        for service in catalog[1:4]:
            services.claim_create(actor=system, network=network, organization=speyer, service=service)

    assert_constant_queries(lambda: Client().get("/api/v1/networks/ikone-ds/claims"), grow)
