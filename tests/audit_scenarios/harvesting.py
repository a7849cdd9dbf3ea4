"""Audit scenarios for the harvesting services and the catalog's harvest writes (see
tests/test_every_service_audits.py)."""

from functools import partial

from ikone.catalog.publiccode import parse
from ikone.catalog.services import SolutionLinks, solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor

SYSTEM = Actor.system("audit test")


def _source():
    from ikone.harvesting.services import source_create

    # an internal address not on the allow-list: a run fails at once, without a network
    return source_create(
        actor=SYSTEM,
        values={"slug": "audit", "name": "Audit", "kind": "peer", "base_url": "http://127.0.0.1:9/"},
    )


def _document():
    return parse(publiccode_yaml()).data


SCENARIOS = {
    "ikone.harvesting.services.source_create": lambda m, t: partial(
        m.source_create,
        actor=SYSTEM,
        values={"slug": "neu", "name": "Neu", "kind": "peer", "base_url": "https://a.example/"},
    ),
    "ikone.harvesting.services.source_update": lambda m, t: partial(
        m.source_update, actor=SYSTEM, source=_source(), values={"name": "Anders"}
    ),
    "ikone.harvesting.services.source_delete": lambda m, t: partial(
        m.source_delete, actor=SYSTEM, source=_source()
    ),
    "ikone.harvesting.services.run_request": lambda m, t: partial(
        m.run_request, actor=SYSTEM, source=_source()
    ),
    "ikone.harvesting.services.harvest_run": lambda m, t: partial(
        m.harvest_run, actor=SYSTEM, source=_source()
    ),
    "ikone.catalog.services.solution_harvest": lambda m, t: partial(
        m.solution_harvest,
        actor=SYSTEM,
        solution=None,
        document=_document(),
        source_yaml=publiccode_yaml(),
        version="0.4",
        links=SolutionLinks(),
    ),
    "ikone.catalog.services.solution_withdraw": lambda m, t: partial(
        m.solution_withdraw,
        actor=SYSTEM,
        solution=solution_import(actor=SYSTEM, content=publiccode_yaml()).solution,
    ),
}
READS = {
    "ikone.harvesting.services.can_manage": "a permission question",
    "ikone.harvesting.services.run_counts": "counts the items of a run",
}
