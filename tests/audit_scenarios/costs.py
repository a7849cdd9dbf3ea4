"""Audit scenarios for the costs services (see tests/test_every_service_audits.py)."""

import datetime as dt
from decimal import Decimal
from functools import partial

from ikone.core.audit import Actor
from ikone.core.testing.factories import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
)

SYSTEM = Actor.system("audit test")
YEAR = {"starts_on": dt.date(2025, 1, 1), "ends_on": dt.date(2025, 12, 31)}


def _setup(m):
    network = NetworkFactory()
    town = MunicipalityFactory()
    MembershipFactory(network=network, organization=town)
    return network, town


def _agreement_args(m):
    network, town = _setup(m)
    return {
        "actor": SYSTEM,
        "network": network,
        "title": "Betrieb",
        "participants": [m.ParticipantInput(organization=town)],
        "key": m.KeyInput(kind="equal", agreed_on=dt.date(2025, 1, 1)),
        **YEAR,
    }


def _item_args(m):
    network, town = _setup(m)
    return {
        "actor": SYSTEM,
        "network": network,
        "title": "Hosting",
        "kind": "hosting",
        "amount_eur": Decimal("10.00"),
        "year": 2025,
        "incurred_by": town,
    }


def _update(m):
    arguments = _agreement_args(m)
    agreement = m.agreement_create(**arguments)
    del arguments["network"]
    return partial(
        m.agreement_update, **{**arguments, "agreement": agreement, "title": "Betrieb und Support"}
    )


def _programme(m):
    return m.programme_create(
        actor=SYSTEM,
        network=NetworkFactory(),
        name="Förderung",
        funder="Land",
        amount_eur=Decimal("1000.00"),
        funding_rate=Decimal("50"),
        **YEAR,
    )


def _item_update(m):
    arguments = _item_args(m)
    item = m.cost_item_create(**arguments)
    del arguments["network"]
    return partial(m.cost_item_update, **{**arguments, "item": item, "amount_eur": Decimal("12.00")})


SCENARIOS = {
    "ikone.costs.services.cost_item_update": lambda m, t: _item_update(m),
    "ikone.costs.services.cost_item_delete": lambda m, t: partial(
        m.cost_item_delete, actor=SYSTEM, item=m.cost_item_create(**_item_args(m))
    ),
    "ikone.costs.services.programme_claims_set": lambda m, t: partial(
        m.programme_claims_set, actor=SYSTEM, programme=_programme(m), claims=[]
    ),
    "ikone.costs.services.cost_item_create": lambda m, t: partial(m.cost_item_create, **_item_args(m)),
    "ikone.costs.services.programme_update": lambda m, t: partial(
        m.programme_update,
        actor=SYSTEM,
        programme=_programme(m),
        name="Förderung des Landes",
        funder="Land",
        amount_eur=Decimal("2000.00"),
        funding_rate=Decimal("50"),
        **YEAR,
    ),
    "ikone.costs.services.programme_delete": lambda m, t: partial(
        m.programme_delete, actor=SYSTEM, programme=_programme(m)
    ),
    "ikone.costs.services.programme_create": lambda m, t: partial(
        m.programme_create,
        actor=SYSTEM,
        network=NetworkFactory(),
        name="Förderung",
        funder="Land",
        amount_eur=Decimal("1000.00"),
        funding_rate=Decimal("50"),
        **YEAR,
    ),
    "ikone.costs.services.agreement_create": lambda m, t: partial(m.agreement_create, **_agreement_args(m)),
    "ikone.costs.services.agreement_update": lambda m, t: _update(m),
    "ikone.costs.services.agreement_sign_off": lambda m, t: partial(
        m.agreement_sign_off, actor=SYSTEM, agreement=m.agreement_create(**_agreement_args(m))
    ),
    "ikone.costs.services.savings_assumptions_set": lambda m, t: partial(
        m.savings_assumptions_set,
        actor=SYSTEM,
        network=NetworkFactory(),
        build_alone_eur=Decimal("90000.00"),
        introduction_eur=Decimal("4000.00"),
    ),
    "ikone.costs.services.build_alone_estimate_set": lambda m, t: partial(
        m.build_alone_estimate_set,
        actor=SYSTEM,
        network=NetworkFactory(),
        service=ServiceFactory(),
        amount_eur=Decimal("60000.00"),
    ),
    "ikone.costs.services.build_alone_estimate_delete": lambda m, t: _estimate_delete(m),
}
READS: dict[str, str] = {}


def _estimate_delete(m):
    network, service = NetworkFactory(), ServiceFactory()
    m.build_alone_estimate_set(actor=SYSTEM, network=network, service=service, amount_eur=Decimal("1.00"))
    return partial(m.build_alone_estimate_delete, actor=SYSTEM, network=network, service=service)
