from decimal import Decimal

import pytest

from ikone.catalog.demo import load_demo_solutions
from ikone.core.audit import Actor
from ikone.core.testing.factories import MembershipFactory, MunicipalityFactory, NetworkFactory
from ikone.costs.demo import EVIDENCE, MEMBERS, TRIER, load_demo_costs
from ikone.costs.models import CostAgreement, CostItem, FundingProgramme


@pytest.fixture
def ikone_ds(db):
    network = NetworkFactory(slug="ikone-ds", is_demo=True)
    for index, ags in enumerate([*MEMBERS, TRIER]):
        town = MunicipalityFactory(ags=ags, population=20_000 + 7_919 * index)
        MembershipFactory(network=network, organization=town)
    load_demo_solutions(actor=Actor.system("load-demo"), network=network)
    return network


def test_the_demo_is_labelled_idempotent_and_every_key_sums_exactly(client, ikone_ds):
    actor = Actor.system("load-demo")
    assert load_demo_costs(actor=actor, network=ikone_ds)
    assert load_demo_costs(actor=actor, network=ikone_ds) == []
    assert CostAgreement.objects.count() == 2
    assert FundingProgramme.objects.get().amount_eur == Decimal("425000.00")
    assert set(CostItem.objects.values_list("evidence", flat=True)) == {EVIDENCE}
    body = client.get("/api/v1/networks/ikone-ds/cost-agreements").json()
    assert body["count"] == 2
    signed = next(a for a in body["items"] if a["status"] == "signed")
    assert signed["key"]["kind"] == "population"
    assert TRIER not in {p["organization"]["key"] for p in signed["participants"]}
    for agreement in body["items"]:
        for key in ("equal", "population", "usage", "hybrid", "fixed", "base_fee"):
            response = client.get(
                f"/api/v1/networks/ikone-ds/cost-agreements/{agreement['id']}/allocations?key={key}"
            )
            if response.status_code == 422:  # the hybrid agreement has no usage counts or fixed percentages
                assert agreement["key"]["kind"] == "hybrid"
                assert key in {"usage", "fixed"}
                continue
            shares = response.json()["shares"]
            assert sum(Decimal(s["amount_eur"]) for s in shares) == Decimal(agreement["total_eur"])
    page = client.get(f"/netzwerke/ikone-ds/kosten/{signed['id']}/")
    assert "Demodaten" in page.content.decode()
