"""Audit scenarios for the claims services (see tests/test_every_service_audits.py)."""

from functools import partial

from ikone.core.audit import Actor
from ikone.core.testing.factories import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
)

SYSTEM = Actor.system("audit test")


def _setup():
    from ikone.coverage.tests.factories import maturity_models

    maturity_models()
    network = NetworkFactory()
    town = MunicipalityFactory()
    MembershipFactory(network=network, organization=town)
    return {"actor": SYSTEM, "network": network, "organization": town, "service": ServiceFactory()}


def _claim(m, *, conflicted=False):
    arguments = _setup()
    if conflicted:
        other = MunicipalityFactory()
        MembershipFactory(network=arguments["network"], organization=other)
        m.claim_create(**{**arguments, "organization": other})
    return m.claim_create(**arguments).claim


SCENARIOS = {
    "ikone.claims.services.claim_create": lambda m, t: partial(m.claim_create, **_setup()),
    "ikone.claims.services.claim_update": lambda m, t: partial(
        m.claim_update, actor=SYSTEM, claim=_claim(m), contact="Digitalbüro"
    ),
    "ikone.claims.services.claim_transition": lambda m, t: partial(
        m.claim_transition, actor=SYSTEM, claim=_claim(m), action="accept", reason="passt"
    ),
    "ikone.claims.services.claim_conflicts_accept": lambda m, t: partial(
        m.claim_conflicts_accept, actor=SYSTEM, claim=_claim(m, conflicted=True), reason="bewusst doppelt"
    ),
}
READS: dict[str, str] = {}
