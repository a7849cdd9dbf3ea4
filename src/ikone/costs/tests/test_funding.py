"""Funding programmes: only eligible cost kinds of linked costs use up the budget; programmes fund claims
(network projects), which the funder report lists."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.claims import services as claim_services
from ikone.claims.choices import ClaimState
from ikone.claims.models import Claim
from ikone.core.errors import DomainError
from ikone.core.models import ChangeRecord
from ikone.costs import selectors, services
from ikone.costs.choices import CostKind
from ikone.costs.computations.funding import budget
from ikone.costs.models import FundingProgramme

money = st.decimals(min_value=0, max_value=Decimal("9999999.99"), places=2, allow_nan=False)
kinds = st.sampled_from(CostKind.values)


@given(
    amount=money,
    rate=st.decimals(min_value=0, max_value=100, places=2, allow_nan=False),
    eligible=st.sets(kinds, max_size=len(CostKind.values)),
    items=st.lists(st.tuples(kinds, money), max_size=20),
)
def test_remaining_is_the_amount_less_the_funded_part_of_eligible_linked_costs(amount, rate, eligible, items):
    result = budget(amount=amount, funding_rate=rate, eligible_kinds=eligible, items=items)
    eligible_costs = sum((v for k, v in items if not eligible or k in eligible), Decimal("0.00"))
    assert result.eligible == eligible_costs
    assert result.linked == sum((v for _k, v in items), Decimal("0.00"))
    assert result.remaining == amount - (eligible_costs * rate / 100).quantize(Decimal("0.01"))
    full = budget(amount=amount, funding_rate=Decimal(100), eligible_kinds=eligible, items=items)
    assert full.remaining == amount - eligible_costs


@given(
    eligible=st.sets(kinds, min_size=1, max_size=len(CostKind.values) - 1),
    items=st.lists(st.tuples(kinds, money), max_size=10),
    extra=money,
    data=st.data(),
)
def test_costs_of_an_ineligible_kind_never_use_up_the_budget(eligible, items, extra, data):
    kind = data.draw(st.sampled_from(sorted(set(CostKind.values) - eligible)))
    rate = Decimal("90")
    before = budget(amount=Decimal("425000.00"), funding_rate=rate, eligible_kinds=eligible, items=items)
    after = budget(
        amount=Decimal("425000.00"), funding_rate=rate, eligible_kinds=eligible, items=[*items, (kind, extra)]
    )
    assert after.remaining == before.remaining
    assert after.linked == before.linked + extra


def _programme(network, system, **kwargs):
    return services.programme_create(
        actor=system,
        network=network,
        name="Landesförderung",
        funder="Land",
        amount_eur=Decimal("425000.00"),
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        funding_rate=Decimal("90"),
        eligible_kinds=["development", "introduction"],
        **kwargs,
    )


def _cost(network, town, system, kind, amount, programme, **kwargs):
    return services.cost_item_create(
        actor=system,
        network=network,
        title=kind,
        kind=kind,
        amount_eur=Decimal(amount),
        year=2025,
        incurred_by=town,
        programme=programme,
        **kwargs,
    )


def test_only_eligible_kinds_of_linked_costs_reduce_the_remaining_budget(network, kaiserslautern, system):
    programme = _programme(network, system)
    _cost(network, kaiserslautern, system, "development", "100000.00", programme)
    _cost(network, kaiserslautern, system, "introduction", "10000.00", programme)
    _cost(network, kaiserslautern, system, "operation", "50000.00", programme)  # not eligible
    _cost(network, kaiserslautern, system, "development", "7777.77", None)  # not linked
    (b,) = selectors.programme_budgets(network=network)
    assert b.linked_costs == Decimal("160000.00")
    assert b.eligible_costs == Decimal("110000.00")
    assert b.funded == Decimal("99000.00")
    assert b.remaining == Decimal("326000.00")


def test_a_programme_funds_claims_of_its_network_and_the_report_lists_them(
    network, kaiserslautern, claim, other_claim, catalog, system, client
):
    with pytest.raises(DomainError) as error:
        _programme(network, system, claims=[claim, other_claim])
    assert error.value.errors[0].field == "claims"
    assert "Nicht aus dem Netzwerk IKONE-DS" in error.value.errors[0].message
    assert not FundingProgramme.objects.exists()
    programme = _programme(network, system, claims=[claim])
    delivered = services.programme_claims_set(actor=system, programme=programme, claims=[claim]).claims.get()
    second = claim_services.claim_create(
        actor=system, network=network, organization=kaiserslautern, service=catalog[2]
    ).claim
    services.programme_claims_set(actor=system, programme=programme, claims=[claim, second])
    assert ChangeRecord.objects.filter(
        object_id=str(programme.pk), changes__claims=[[claim.pk], sorted([claim.pk, second.pk])]
    ).exists()
    with pytest.raises(DomainError):
        services.programme_claims_set(actor=system, programme=programme, claims=[other_claim])
    assert set(programme.claims.all()) == {claim, second}
    solution = solution_import(
        actor=system,
        content=publiccode_yaml(name="Ratsinfo", url="https://git.example.org/kl/ratsinfo"),
        owner=kaiserslautern,
    ).solution
    # delivered (the claims' own state machine is tested in the claims app)
    Claim.objects.filter(pk=delivered.pk).update(state=ClaimState.DELIVERED, solution=solution)
    report = selectors.funder_report(network=network, programme_id=programme.pk, user=None)
    assert report.delivered == [claim]
    assert report.open_claims == [second]
    response = client.get(f"/netzwerke/ikone-ds/kosten/foerderung/{programme.pk}/bericht.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert claim.service.name in text
    assert "noch nicht geliefert" in text


def test_the_api_links_claims_to_a_programme(client, coordinator, claim, other_claim, network, system):
    from ikone.costs.tests.test_api import BASE, _auth, _token

    programme = _programme(network, system)
    auth = _auth(_token(coordinator))
    url = f"{BASE}/funding-programmes/{programme.pk}/claims"
    response = client.put(url, {"claims": [claim.pk]}, content_type="application/json", **auth)
    assert response.status_code == 200, response.content
    assert response.json()["claims"] == [claim.pk]
    for bad in ([other_claim.pk], [2_000_000]):
        response = client.put(url, {"claims": bad}, content_type="application/json", **auth)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "claims"
    assert client.put(url, {"claims": []}, content_type="application/json").status_code == 401
    listed = client.get(f"{BASE}/funding-programmes").json()["items"][0]
    assert (listed["claims"], listed["eligible_costs_eur"]) == ([claim.pk], "0.00")


def test_the_coordinator_creates_a_programme_with_german_numbers_and_errors_at_the_field(
    client, coordinator, treasurer, claim
):
    url = "/netzwerke/ikone-ds/kosten/foerderung/neu/"
    client.force_login(treasurer)
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "Kaiserslautern: " + claim.service.name in page
    data = {
        "name": "Modellprojekte Smart Cities",
        "funder": "Bund",
        "amount_eur": "1.250.000,00",
        "funding_rate": "65,5",
        "starts_on": "01.01.2026",
        "ends_on": "31.12.2025",
        "eligible_kinds": ["development", "operation"],
        "claims": [str(claim.pk)],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Das Ende liegt vor dem Beginn." in response.content.decode()
    assert not FundingProgramme.objects.exists()
    response = client.post(url, {**data, "amount_eur": "-5"})
    assert "Der Betrag darf nicht negativ sein." in response.content.decode()
    assert not FundingProgramme.objects.exists()
    data["ends_on"] = "31.12.2028"
    response = client.post(url, data)
    assert response.status_code == 302
    programme = FundingProgramme.objects.get()
    assert (programme.amount_eur, programme.funding_rate) == (Decimal("1250000.00"), Decimal("65.50"))
    assert programme.eligible_kinds == ["development", "operation"]
    assert list(programme.claims.all()) == [claim]
    assert ChangeRecord.objects.filter(object_id=str(programme.pk), action="create").exists()
