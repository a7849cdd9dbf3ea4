"""Audit scenarios of the standards services (see tests/test_every_service_audits.py)."""

from functools import partial
from pathlib import Path

from django.conf import settings

from ikone.core.audit import Actor
from ikone.core.testing.factories import MunicipalityFactory, NetworkFactory

SYSTEM = Actor.system("audit test")
SPEC = "openapi: 3.0.3\ninfo: {title: Hunde, version: '1'}\npaths: {}\n"


def _standard():
    from ikone.standards.models import Standard

    return Standard.objects.get_or_create(
        slug="oparl", defaults={"name": "OParl", "abbreviation": "OParl", "kind": "open_data"}
    )[0]


def _solution():
    from ikone.catalog.services import solution_import
    from ikone.catalog.tests.factories import publiccode_yaml

    return solution_import(actor=SYSTEM, content=publiccode_yaml(), owner=MunicipalityFactory()).solution


def _release():
    from ikone.catalog.models import Release

    return Release.objects.create(solution=_solution(), version="1.0")


def _conformance(m):
    return m.conformance_record(
        actor=SYSTEM, solution=_solution(), data=m.ConformanceInput(standard=_standard(), version="1.1")
    )


SCENARIOS = {
    "ikone.standards.services.standards_import": lambda m, t: partial(
        m.standards_import, path=Path(settings.DATA_DIR) / m.STANDARDS_FILE, actor=SYSTEM
    ),
    "ikone.standards.services.network_standard_adopt": lambda m, t: partial(
        m.network_standard_adopt, actor=SYSTEM, network=NetworkFactory(), standard=_standard(), version="1.1"
    ),
    "ikone.standards.services.network_standard_remove": lambda m, t: partial(
        m.network_standard_remove,
        actor=SYSTEM,
        entry=m.network_standard_adopt(
            actor=SYSTEM, network=NetworkFactory(), standard=_standard(), version="1.1"
        ),
    ),
    "ikone.standards.services.network_standards_set": lambda m, t: partial(
        m.network_standards_set, actor=SYSTEM, network=NetworkFactory(), items=[(_standard(), "1.1")]
    ),
    "ikone.standards.services.conformance_record": lambda m, t: partial(
        m.conformance_record,
        actor=SYSTEM,
        solution=_solution(),
        data=m.ConformanceInput(standard=_standard(), version="1.1"),
    ),
    "ikone.standards.services.conformance_delete": lambda m, t: partial(
        m.conformance_delete, actor=SYSTEM, conformance=_conformance(m)
    ),
    "ikone.standards.services.interface_spec_upload": lambda m, t: partial(
        m.interface_spec_upload, actor=SYSTEM, release=_release(), text=SPEC
    ),
    "ikone.standards.services.interface_spec_delete": lambda m, t: partial(
        m.interface_spec_delete,
        actor=SYSTEM,
        spec=m.interface_spec_upload(actor=SYSTEM, release=_release(), text=SPEC),
    ),
    "ikone.standards.services.interface_use_add": lambda m, t: partial(
        m.interface_use_add, actor=SYSTEM, solution=_solution(), standard=_standard(), version="1.1"
    ),
    "ikone.standards.services.interface_use_delete": lambda m, t: partial(
        m.interface_use_delete,
        actor=SYSTEM,
        use=m.interface_use_add(actor=SYSTEM, solution=_solution(), standard=_standard(), version="1.1"),
    ),
}
READS: dict[str, str] = {}
