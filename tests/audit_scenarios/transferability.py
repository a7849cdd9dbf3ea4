"""Audit scenarios for the transferability services (see tests/test_every_service_audits.py)."""

from functools import partial

from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor

SYSTEM = Actor.system("audit test")


def _solution():
    return solution_import(actor=SYSTEM, content=publiccode_yaml()).solution


SCENARIOS = {
    "ikone.transferability.services.facts_update": lambda m, t: partial(
        m.facts_update, actor=SYSTEM, solution=_solution(), values=m.FactValues(multi_tenant=True)
    ),
    "ikone.transferability.services.score_refresh": lambda m, t: partial(
        m.score_refresh, actor=SYSTEM, solution_ids=[_solution().pk]
    ),
}
READS: dict[str, str] = {}
