"""Changing and deleting funding programmes: the rules of creating one, audited, never below what the
programme already funds without confirmation, never deleted while costs or claims are linked."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import RestrictedError

from ikone.accounts.policy import PermissionDenied
from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.core.models import ChangeRecord
from ikone.costs import selectors, services
from ikone.costs.models import CostItem, FundingProgramme
from ikone.costs.tests.test_api import BASE, _auth, _token

PROGRAMME = {
    "name": "Landesförderung",
    "funder": "Land",
    "amount_eur": Decimal("425000.00"),
    "starts_on": dt.date(2024, 1, 1),
    "ends_on": dt.date(2026, 12, 31),
    "funding_rate": Decimal("90.00"),
    "eligible_kinds": ["development", "introduction"],
    "reporting_duties": "Verwendungsnachweis bis 30.06.",
}


@pytest.fixture
def programme(network, system):
    return services.programme_create(actor=system, network=network, **PROGRAMME)


@pytest.fixture
def development(network, kaiserslautern, programme, system):
    """100.000 EUR development linked to the programme: it funds 90.000 EUR of it."""
    return services.cost_item_create(
        actor=system,
        network=network,
        title="Entwicklung",
        kind="development",
        amount_eur=Decimal("100000.00"),
        year=2025,
        incurred_by=kaiserslautern,
        programme=programme,
    )


def _update(actor, programme, **changes):
    return services.programme_update(actor=actor, programme=programme, **{**PROGRAMME, **changes})


def test_a_change_is_audited_and_checked_like_a_new_programme(programme, coordinator, treasurer):
    actor = Actor.of(coordinator)
    _update(actor, programme, amount_eur=Decimal("500000.00"), funding_rate=Decimal("80"))
    programme.refresh_from_db()
    assert (programme.amount_eur, programme.funding_rate) == (Decimal("500000.00"), Decimal("80.00"))
    record = ChangeRecord.objects.get(object_id=str(programme.pk), action="update")
    assert record.changes == {"amount_eur": ["425000.00", "500000.00"], "funding_rate": ["90.00", "80.00"]}
    bad = {
        "amount_eur": (Decimal("-1.00"), "Der Betrag darf nicht negativ sein."),
        "ends_on": (dt.date(2023, 12, 31), "Das Ende liegt vor dem Beginn."),
        "funding_rate": (Decimal("100.01"), "Die Förderquote liegt zwischen 0 und 100 %."),
        "eligible_kinds": (["development", "catering"], "Unbekannte Kostenarten: catering"),
        "name": ("  ", "Bitte einen Namen angeben."),
    }
    for name, (value, message) in bad.items():
        with pytest.raises(DomainError) as error:
            _update(actor, programme, **{name: value})
        assert [(e.field, e.message) for e in error.value.errors] == [(name, message)]
    with pytest.raises(PermissionDenied):
        _update(Actor.of(treasurer), programme, name="Umbenannt")
    programme.refresh_from_db()
    assert (programme.name, programme.amount_eur) == ("Landesförderung", Decimal("500000.00"))
    assert ChangeRecord.objects.filter(object_id=str(programme.pk), action="update").count() == 1


def test_the_amount_may_not_drop_below_what_the_programme_already_funds(programme, development, coordinator):
    actor = Actor.of(coordinator)
    _update(actor, programme, amount_eur=Decimal("90000.00"))  # exactly what it funds: remaining 0
    assert selectors.programme_budget(network=programme.network, programme_id=programme.pk).remaining == 0
    with pytest.raises(DomainError) as error:
        _update(actor, programme, amount_eur=Decimal("89999.99"))
    (problem,) = error.value.errors
    assert problem.field == "amount_eur"
    assert "fördert schon 90.000,00 € der zugeordneten Kosten" in problem.message
    assert "fehlten 0,01 €" in problem.message
    with pytest.raises(DomainError) as error:  # a higher rate uses up more than the amount too
        _update(actor, programme, amount_eur=Decimal("90000.00"), funding_rate=Decimal("95"))
    assert error.value.errors[0].field == "funding_rate"
    # fewer eligible costs are no shortfall; making more of the linked costs eligible again is one
    _update(actor, programme, amount_eur=Decimal("90000.00"), eligible_kinds=["introduction"])
    programme.refresh_from_db()
    assert programme.eligible_kinds == ["introduction"]
    _update(actor, programme, amount_eur=Decimal("50000.00"), eligible_kinds=["introduction"])
    with pytest.raises(DomainError) as error:
        _update(actor, programme, amount_eur=Decimal("50000.00"), eligible_kinds=[])
    assert error.value.errors[0].field == "eligible_kinds"
    programme.refresh_from_db()
    assert (programme.amount_eur, programme.eligible_kinds) == (Decimal("50000.00"), ["introduction"])

    _update(actor, programme, amount_eur=Decimal("80000.00"), accept_shortfall=True)  # the funder cut it
    budget = selectors.programme_budget(network=programme.network, programme_id=programme.pk)
    assert (budget.funded, budget.remaining) == (Decimal("90000.00"), Decimal("-10000.00"))
    assert CostItem.objects.get().programme == programme  # the costs stay linked
    record = ChangeRecord.objects.filter(object_id=str(programme.pk), action="update").latest("pk")
    assert record.changes["remaining_eur"] == ["50000.00", "-10000.00"]
    _update(actor, programme, amount_eur=Decimal("80000.00"), name="Landesförderung (gekürzt)")
    programme.refresh_from_db()
    assert programme.name == "Landesförderung (gekürzt)"  # no further shortfall: no confirmation needed


def test_claims_are_linked_and_unlinked_when_the_programme_is_changed(
    programme, claim, other_claim, coordinator
):
    actor = Actor.of(coordinator)
    _update(actor, programme, claims=[claim])
    assert list(programme.claims.all()) == [claim]
    with pytest.raises(DomainError) as error:
        _update(actor, programme, claims=[claim, other_claim])
    assert error.value.errors[0].field == "claims"
    _update(actor, programme, claims=[])
    assert not programme.claims.exists()
    changes = [
        r.changes["claims"]
        for r in ChangeRecord.objects.filter(object_id=str(programme.pk), action="update").order_by("pk")
    ]
    assert changes == [[[], [claim.pk]], [[claim.pk], []]]


def test_a_programme_is_deleted_only_without_linked_costs_and_claims(
    programme, development, claim, coordinator, treasurer, system
):
    services.programme_claims_set(actor=system, programme=programme, claims=[claim])
    actor = Actor.of(coordinator)
    with pytest.raises(PermissionDenied):
        services.programme_delete(actor=Actor.of(treasurer), programme=programme)
    with pytest.raises(DomainError) as error:
        services.programme_delete(actor=actor, programme=programme)
    assert error.value.status == 409
    assert error.value.detail.startswith(
        "Dem Förderprogramm „Landesförderung“ sind noch 1 Kostenposition und 1 Übernahme zugeordnet."
    )
    assert [e.field for e in error.value.errors] == ["cost_items", "claims"]
    assert FundingProgramme.objects.filter(pk=programme.pk).exists()
    assert CostItem.objects.get().programme == programme
    with pytest.raises(RestrictedError):  # nor does the database unlink costs on its own
        FundingProgramme.objects.filter(pk=programme.pk).delete()

    services.programme_claims_set(actor=system, programme=programme, claims=[])
    with pytest.raises(DomainError) as error:
        services.programme_delete(actor=actor, programme=programme)
    assert "ist noch 1 Kostenposition zugeordnet" in error.value.detail
    services.cost_item_update(
        actor=system,
        item=development,
        title=development.title,
        kind=development.kind,
        amount_eur=development.amount_eur,
        year=development.year,
        incurred_by=development.incurred_by,
        programme=None,
    )
    services.programme_delete(actor=actor, programme=programme)
    assert not FundingProgramme.objects.exists()
    assert CostItem.objects.get().amount_eur == Decimal("100000.00")
    record = ChangeRecord.objects.get(object_id=str(programme.pk), action="delete")
    assert record.changes["amount_eur"] == ["425000.00", None]


def test_deleting_the_network_takes_its_programmes_and_costs_along(network, development):
    network.delete()
    assert not FundingProgramme.objects.exists()
    assert not CostItem.objects.exists()


def _body(**changes):
    return {
        "name": "Landesförderung",
        "funder": "Land Rheinland-Pfalz",
        "amount_eur": "425000.00",
        "starts_on": "2024-01-01",
        "ends_on": "2026-12-31",
        "funding_rate": "90",
        "eligible_kinds": ["development", "introduction"],
        **changes,
    }


def test_the_api_reads_changes_and_patches_a_programme(
    client, programme, development, claim, coordinator, treasurer
):
    url = f"{BASE}/funding-programmes/{programme.pk}"
    assert client.get(url).json()["remaining_eur"] == "335000.00"
    assert client.get(f"{BASE}/funding-programmes/999999").status_code == 404
    auth = _auth(_token(coordinator))
    put = client.put(url, _body(claims=[claim.pk]), content_type="application/json", **auth)
    assert put.status_code == 200, put.content
    assert (put.json()["funder"], put.json()["claims"]) == ("Land Rheinland-Pfalz", [claim.pk])
    put = client.put(url, _body(amount_eur="500000.00"), content_type="application/json", **auth)
    assert put.json()["claims"] == [claim.pk]  # without `claims`: unchanged
    patch = client.patch(url, {"amount_eur": "100000.00"}, content_type="application/json", **auth)
    assert patch.status_code == 200, patch.content
    assert (patch.json()["amount_eur"], patch.json()["remaining_eur"]) == ("100000.00", "10000.00")
    assert patch.json()["funder"] == "Land Rheinland-Pfalz"

    short = client.patch(url, {"amount_eur": "50000.00"}, content_type="application/json", **auth)
    assert short.status_code == 422
    assert short.json()["errors"][0]["field"] == "amount_eur"
    assert "fehlten 40.000,00 €" in short.json()["errors"][0]["message"]
    reversed_period = client.patch(url, {"ends_on": "2023-01-01"}, content_type="application/json", **auth)
    assert reversed_period.json()["errors"] == [
        {"field": "ends_on", "message": "Das Ende liegt vor dem Beginn."}
    ]
    for body in ({"funding_rate": "101"}, {"amount_eur": "-1"}, {"eligible_kinds": ["catering"]}):
        assert client.patch(url, body, content_type="application/json", **auth).status_code == 422
    assert client.put(url, _body(claims=[999999]), content_type="application/json", **auth).status_code == 422
    programme.refresh_from_db()
    assert programme.amount_eur == Decimal("100000.00")

    accepted = client.patch(
        url, {"amount_eur": "50000.00", "accept_shortfall": True}, content_type="application/json", **auth
    )
    assert accepted.json()["remaining_eur"] == "-40000.00"
    assert client.patch(url, {"name": "X"}, content_type="application/json").status_code == 401
    forbidden = client.patch(url, {"name": "X"}, content_type="application/json", **_auth(_token(treasurer)))
    assert forbidden.status_code == 403
    missing = client.put(
        f"{BASE}/funding-programmes/999999", _body(), content_type="application/json", **auth
    )
    assert missing.status_code == 404


def test_the_api_deletes_a_programme_only_when_nothing_is_linked(
    client, programme, development, coordinator, treasurer
):
    url = f"{BASE}/funding-programmes/{programme.pk}"
    auth = _auth(_token(coordinator))
    assert client.delete(url).status_code == 401
    assert client.delete(url, **_auth(_token(treasurer))).status_code == 403
    linked = client.delete(url, **auth)
    assert linked.status_code == 409
    assert linked.json()["detail"].startswith(
        "Dem Förderprogramm „Landesförderung“ ist noch 1 Kostenposition"
    )
    assert linked.json()["errors"] == [
        {"field": "cost_items", "message": "1 zugeordnete Kostenposition(en) zuerst lösen."}
    ]
    item_url = f"{BASE}/cost-items/{development.pk}"
    unlink = {
        "title": "Entwicklung",
        "kind": "development",
        "amount_eur": "100000.00",
        "year": 2025,
        "incurred_by": "07312000",
        "programme": None,
    }
    assert client.put(item_url, unlink, content_type="application/json", **auth).status_code == 200
    assert client.delete(url, **auth).status_code == 204
    assert client.delete(url, **auth).status_code == 404
    assert CostItem.objects.get().programme is None


def test_the_coordinator_edits_and_deletes_in_the_forms(
    client, programme, development, claim, coordinator, treasurer
):
    edit = f"/netzwerke/ikone-ds/kosten/foerderung/{programme.pk}/bearbeiten/"
    delete = f"/netzwerke/ikone-ds/kosten/foerderung/{programme.pk}/loeschen/"
    client.force_login(treasurer)
    assert (
        "Landesförderung bearbeiten oder löschen"
        not in client.get("/netzwerke/ikone-ds/kosten/").content.decode()
    )
    assert client.get(edit).status_code == 403
    assert client.get(delete).status_code == 403
    assert client.post(delete).status_code == 403
    client.force_login(coordinator)
    costs_page = client.get("/netzwerke/ikone-ds/kosten/").content.decode()
    assert "Landesförderung bearbeiten oder löschen" in costs_page
    assert "Förderprogramm: Landesförderung" in costs_page  # the cost item shows its programme
    page = client.get(edit).content.decode()
    assert "Förderprogramm „Landesförderung“ bearbeiten" in page
    assert 'value="425000,00"' in page
    data = {
        "name": "Landesförderung",
        "funder": "Land",
        "amount_eur": "80.000,00",
        "funding_rate": "90",
        "starts_on": "01.01.2024",
        "ends_on": "31.12.2026",
        "eligible_kinds": ["development", "introduction"],
        "claims": [str(claim.pk)],
    }
    page = client.post(edit, data).content.decode()
    assert "fehlten 10.000,00 €" in page
    programme.refresh_from_db()
    assert programme.amount_eur == Decimal("425000.00")
    assert client.post(edit, {**data, "accept_shortfall": "on"}).status_code == 302  # confirmed cut
    programme.refresh_from_db()
    assert programme.amount_eur == Decimal("80000.00")
    data["amount_eur"] = "95.000,50"
    assert client.post(edit, data).status_code == 302
    programme.refresh_from_db()
    assert programme.amount_eur == Decimal("95000.50")
    assert list(programme.claims.all()) == [claim]
    assert f'value="{claim.pk}" id="id_claims_0" checked' in client.get(edit).content.decode()

    page = client.get(delete).content.decode()
    assert "sind noch 1 Kostenposition und 1 Übernahme zugeordnet" in page
    assert "Entwicklung (2025) bearbeiten" in page
    assert "endgültig löschen" not in page
    page = client.post(delete, follow=True).content.decode()
    assert "sind noch 1 Kostenposition und 1 Übernahme zugeordnet" in page
    assert FundingProgramme.objects.exists()

    assert client.post(edit, {**data, "claims": []}).status_code == 302  # unlink the claim in the form
    item = {
        "title": "Entwicklung",
        "kind": "development",
        "amount_eur": "100.000,00",
        "year": "2025",
        "incurred_by": "07312000",
        "programme": "",
    }
    item_url = f"/netzwerke/ikone-ds/kosten/positionen/{development.pk}/bearbeiten/"
    assert client.post(item_url, item).status_code == 302  # unlink the cost in its form
    assert "Förderprogramm endgültig löschen" in client.get(delete).content.decode()
    response = client.post(delete)
    assert response.status_code == 302
    assert response["Location"].endswith("/netzwerke/ikone-ds/kosten/#foerderung")
    assert not FundingProgramme.objects.exists()
