"""Audit scenarios for the planning services (see tests/test_every_service_audits.py)."""

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
PERIOD = "2027-H1"


def _network():
    from ikone.coverage.tests.factories import maturity_models

    maturity_models()
    network = NetworkFactory()
    town = MunicipalityFactory()
    MembershipFactory(network=network, organization=town)
    return network, town


def _plan(m):
    from ikone.planning.instance import PlanParameters
    from ikone.planning.models import MemberCapacity

    network, town = _network()
    ServiceFactory()
    MemberCapacity.objects.create(network=network, organization=town, period=PERIOD, person_days=40)
    return m.plan_compute(
        actor=SYSTEM, network=network, parameters=PlanParameters(period=PERIOD, time_limit=1)
    )


def _compute(m):
    from ikone.planning.instance import PlanParameters

    network, _town = _network()
    return partial(
        m.plan_compute, actor=SYSTEM, network=network, parameters=PlanParameters(period=PERIOD, time_limit=1)
    )


SCENARIOS = {
    "ikone.planning.services.capacity_set": lambda m, t: partial(
        m.capacity_set,
        actor=SYSTEM,
        **dict(zip(("network", "organization"), _network(), strict=True)),
        period=PERIOD,
        person_days=10,
    ),
    "ikone.planning.services.preference_set": lambda m, t: partial(
        m.preference_set,
        actor=SYSTEM,
        organization=MunicipalityFactory(),
        themenfeld=ServiceFactory().themenfeld,
        preference=2,
    ),
    "ikone.planning.services.service_override_set": lambda m, t: partial(
        m.service_override_set,
        actor=SYSTEM,
        network=NetworkFactory(),
        service=ServiceFactory(),
        weight=Decimal("2"),
    ),
    "ikone.planning.services.plan_compute": lambda m, t: _compute(m),
    "ikone.planning.services.plan_assignment_change": lambda m, t: partial(
        m.plan_assignment_change, actor=SYSTEM, assignment=_plan(m).assignments.get(), organization=None
    ),
    "ikone.planning.services.plan_accept": lambda m, t: partial(m.plan_accept, actor=SYSTEM, plan=_plan(m)),
}
READS = {
    "ikone.planning.services.plan_violations": "re-checks a plan, writes nothing",
}
