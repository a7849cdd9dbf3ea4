"""Changing and deleting cost items: audited, same rules as recording, never under a signed-off agreement."""

from decimal import Decimal

import pytest

from ikone.accounts.policy import PermissionDenied
from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.core.models import ChangeRecord
from ikone.costs import services
from ikone.costs.models import CostItem
from ikone.costs.tests.test_api import BASE, _auth, _token


def _args(item, **changes):
    return {
        "title": item.title,
        "kind": item.kind,
        "amount_eur": item.amount_eur,
        "year": item.year,
        "incurred_by": item.incurred_by,
        "evidence": item.evidence,
        "chargeable_for_reuse": item.chargeable_for_reuse,
        **changes,
    }


@pytest.fixture
def hosting(network, andernach, system):
    return services.cost_item_create(
        actor=system,
        network=network,
        title="Hosting",
        kind="hosting",
        amount_eur=Decimal("500.00"),
        year=2026,
        incurred_by=andernach,
    )


def test_a_change_is_audited_and_checked_like_a_new_cost(hosting, treasurer, kaiserslautern, andernach):
    actor = Actor.of(treasurer)
    services.cost_item_update(actor=actor, item=hosting, **_args(hosting, amount_eur=Decimal("650.50")))
    hosting.refresh_from_db()
    assert hosting.amount_eur == Decimal("650.50")
    record = ChangeRecord.objects.filter(object_id=str(hosting.pk), action="update").get()
    assert record.changes == {"amount_eur": ["500.00", "650.50"]}
    with pytest.raises(DomainError) as error:
        services.cost_item_update(
            actor=actor, item=hosting, **_args(hosting, kind="development", chargeable_for_reuse=True)
        )
    assert error.value.errors[0].field == "chargeable_for_reuse"
    with pytest.raises(PermissionDenied):  # the treasurer may not move the cost to another member
        services.cost_item_update(actor=actor, item=hosting, **_args(hosting, incurred_by=kaiserslautern))
    hosting.refresh_from_db()
    assert (hosting.kind, hosting.incurred_by) == ("hosting", andernach)


def test_a_deletion_is_audited_and_costs_of_a_signed_agreement_stay(agreement, hosting, system, coordinator):
    shared = CostItem.objects.get(title="Hosting", year=2025)
    services.agreement_sign_off(actor=Actor.of(coordinator), agreement=agreement)
    with pytest.raises(DomainError) as error:
        services.cost_item_delete(actor=system, item=shared)
    assert error.value.status == 409
    assert "freigegebenen Vereinbarung „Betrieb 2025“" in error.value.detail
    with pytest.raises(DomainError):  # nor moved into it
        services.cost_item_update(actor=system, item=hosting, **_args(hosting, year=2025))
    services.cost_item_delete(actor=system, item=hosting)  # 2026: not shared by a signed agreement
    assert not CostItem.objects.filter(pk=hosting.pk).exists()
    record = ChangeRecord.objects.get(object_id=str(hosting.pk), action="delete")
    assert record.changes["amount_eur"] == ["500.00", None]


def test_the_api_changes_and_deletes_cost_items(
    client, coordinator, treasurer, hosting, kaiserslautern, system
):
    url = f"{BASE}/cost-items/{hosting.pk}"
    body = {
        "title": "Hosting neu",
        "kind": "hosting",
        "amount_eur": "1,00",
        "year": 2026,
        "incurred_by": "07137003",
    }
    auth = _auth(_token(treasurer))
    assert client.put(url, body, content_type="application/json", **auth).status_code == 422
    body["amount_eur"] = "700.00"
    response = client.put(url, body, content_type="application/json", **auth)
    assert response.status_code == 200, response.content
    assert response.json()["amount_eur"] == "700.00"
    foreign = services.cost_item_create(
        actor=system,
        network=hosting.network,
        title="Lizenz",
        kind="licence",
        amount_eur=Decimal("1.00"),
        year=2026,
        incurred_by=kaiserslautern,
    )
    assert client.delete(f"{BASE}/cost-items/{foreign.pk}", **auth).status_code == 403
    assert client.delete(url).status_code == 401
    assert client.delete(url, **auth).status_code == 204
    assert client.delete(url, **_auth(_token(coordinator))).status_code == 404
    assert list(CostItem.objects.all()) == [foreign]


def test_the_treasurer_edits_and_deletes_in_the_browser(client, treasurer, hosting):
    client.force_login(treasurer)
    page = client.get("/netzwerke/ikone-ds/kosten/").content.decode()
    assert "Hosting (2026) bearbeiten oder löschen" in page
    url = f"/netzwerke/ikone-ds/kosten/positionen/{hosting.pk}/bearbeiten/"
    form = client.get(url).content.decode()
    assert "Kostenposition „Hosting“ (2026) bearbeiten" in form
    data = {
        "title": "Hosting",
        "kind": "hosting",
        "amount_eur": "-1",
        "year": "2026",
        "incurred_by": "07137003",
    }
    assert "Der Betrag darf nicht negativ sein." in client.post(url, data).content.decode()
    data["amount_eur"] = "1.234,50"
    assert client.post(url, data).status_code == 302
    hosting.refresh_from_db()
    assert hosting.amount_eur == Decimal("1234.50")
    response = client.post(f"/netzwerke/ikone-ds/kosten/positionen/{hosting.pk}/loeschen/")
    assert response.status_code == 302
    assert not CostItem.objects.exists()
