from ikone.claims.demo import DEMO_CLAIMS, DEMO_NOTE, load_demo_claims
from ikone.claims.models import Claim
from ikone.core.audit import Actor
from ikone.core.testing.factories import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
)


def test_demo_claims_are_labelled_idempotent_and_one_is_overdue(models):
    network = NetworkFactory(slug="ikone-ds")
    for ags in sorted({d.ags for d in DEMO_CLAIMS}):
        MembershipFactory(network=network, organization=MunicipalityFactory(ags=ags))
    for ozg_id in sorted({d.ozg_id for d in DEMO_CLAIMS}):
        ServiceFactory(ozg_id=ozg_id)
    actor = Actor.system("load-demo")
    assert load_demo_claims(actor=actor, network=network) == len(DEMO_CLAIMS)
    assert load_demo_claims(actor=actor, network=network) == 0
    claims = list(Claim.objects.filter(network=network))
    assert {c.note for c in claims} == {DEMO_NOTE}
    assert sorted(c.state for c in claims) == ["accepted", "accepted", "in_progress", "proposed", "proposed"]
    assert [c.organization.ags for c in claims if c.is_overdue] == ["07317000"]
