"""Every write service leaves a ChangeRecord in the same transaction.

The test discovers the public functions of every services module; a new one without a scenario
(here, or in a module of `tests/audit_scenarios/` with dicts `SCENARIOS` and `READS`) makes
`test_every_service_has_a_scenario` fail.
"""

import importlib
import inspect
import pkgutil
from decimal import Decimal
from functools import partial

import pytest

import ikone
from ikone.accounts.models import User
from ikone.catalog.publiccode import parse
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.models import ChangeRecord
from ikone.core.testing.factories import MunicipalityFactory, NetworkFactory, OtherOrganizationFactory
from tests import audit_scenarios

SYSTEM = Actor.system("audit test")
READS = {
    "ikone.catalog.services.solution_export": "returns text",
    "ikone.accounts.services.token_authenticate": "looks a token up",
    "ikone.organizations.services.directory_row_count": "counts lines of a file",
    "ikone.organizations.membership.can_decide": "a permission question",
    "ikone.accounts.services.colleague_invitation_find": "looks an invitation up",
}


def _service_modules():
    for module_info in pkgutil.walk_packages(ikone.__path__, "ikone."):
        if module_info.name.rsplit(".", 1)[-1] in {"services", "membership"}:
            yield importlib.import_module(module_info.name)


def _public_functions():
    for module in _service_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                yield f"{module.__name__}.{name}"


def _solution(**kwargs):
    from ikone.catalog.services import solution_import

    return solution_import(actor=SYSTEM, content=publiccode_yaml(**kwargs)).solution


def _data_dir(tmp_path):
    from ikone.ozg.tests.test_catalog_import import write_catalog

    return write_catalog(tmp_path)


def _directory(tmp_path):
    from ikone.organizations.tests.test_directory_import import ROWS, write

    return write(tmp_path, ROWS)


def _maturity():
    from ikone.ozg.models import MaturityLevel, MaturityModel

    model, _ = MaturityModel.objects.get_or_create(
        version="1.1", defaults={"name": "1.1", "compliant_from": 3}
    )
    for level in range(5):
        MaturityLevel.objects.get_or_create(model=model, level=level, defaults={"label": str(level)})


def _status_args(m):
    from ikone.core.testing.factories import ServiceFactory

    _maturity()
    return {
        "actor": SYSTEM,
        "organization": MunicipalityFactory(),
        "values": m.StatusValues(level=3),
    }, ServiceFactory()


def _leika():
    from ikone.core.testing.factories import LeikaServiceFactory

    return LeikaServiceFactory()


def _csv_upload():
    from ikone.core.testing.factories import ServiceFactory

    _maturity()
    ServiceFactory(ozg_id=10200)
    return b"ozg_id,name,level,model,online_since,url,note\n10200,x,3,1.1,,,\n"


def _invitation(m):
    return m.colleague_invite(
        actor=SYSTEM, organization=MunicipalityFactory(), email="neu@example.org", role="viewer"
    )[0]


SCENARIOS = {
    "ikone.accounts.services.colleague_invite": lambda m, t: partial(
        m.colleague_invite,
        actor=SYSTEM,
        organization=MunicipalityFactory(),
        email="x@example.org",
        role="editor",
    ),
    "ikone.accounts.services.colleague_invitation_accept": lambda m, t: partial(
        m.colleague_invitation_accept, invitation=_invitation(m), password="ein-langes-passwort"
    ),
    "ikone.coverage.services.service_status_set": lambda m, t: partial(
        m.service_status_set, **_status_args(m)[0], service=_status_args(m)[1]
    ),
    "ikone.coverage.services.statuses_set": lambda m, t: partial(
        m.statuses_set,
        actor=SYSTEM,
        organization=MunicipalityFactory(),
        items=[(_status_args(m)[1], m.StatusValues(level=2))],
    ),
    "ikone.coverage.services.leika_status_set": lambda m, t: partial(
        m.leika_status_set, **_status_args(m)[0], leika_service=_leika()
    ),
    "ikone.coverage.services.themenfeld_status_set": lambda m, t: partial(
        m.themenfeld_status_set, **_status_args(m)[0], themenfeld=_status_args(m)[1].themenfeld
    ),
    "ikone.coverage.services.coverage_import": lambda m, t: partial(
        m.coverage_import, actor=SYSTEM, organization=MunicipalityFactory(), content=_csv_upload()
    ),
    "ikone.coverage.services.coverage_synthetic_generate": lambda m, t: partial(
        m.coverage_synthetic_generate, actor=SYSTEM, limit_orgs=1, seed=_maturity() or 1
    ),
    "ikone.coverage.services.aggregates_rebuild": lambda m, t: partial(m.aggregates_rebuild, actor=SYSTEM),
    "ikone.organizations.services.directory_import": lambda m, t: partial(
        m.directory_import, path=_directory(t), actor=SYSTEM
    ),
    "ikone.organizations.services.organization_create": lambda m, t: partial(
        m.organization_create,
        actor=SYSTEM,
        name="KL digital GmbH",
        level="other",
        kind="kommunales Unternehmen",
    ),
    "ikone.organizations.services.network_create": lambda m, t: partial(
        m.network_create, actor=SYSTEM, name="Netz", slug="netz"
    ),
    "ikone.organizations.services.network_membership_add": lambda m, t: partial(
        m.network_membership_add, actor=SYSTEM, network=NetworkFactory(), organization=MunicipalityFactory()
    ),
    "ikone.organizations.services.membership_create": lambda m, t: partial(
        m.membership_create, actor=SYSTEM, network=NetworkFactory(), organization=MunicipalityFactory()
    ),
    "ikone.organizations.services.funding_add": lambda m, t: partial(
        m.funding_add,
        actor=SYSTEM,
        network=NetworkFactory(),
        programme="Förderung",
        amount_eur=Decimal("1000"),
    ),
    "ikone.organizations.membership.network_invite": lambda m, t: partial(
        m.network_invite, actor=SYSTEM, network=NetworkFactory(), organization=MunicipalityFactory()
    ),
    "ikone.organizations.membership.network_join_request": lambda m, t: partial(
        m.network_join_request, actor=SYSTEM, network=NetworkFactory(), organization=MunicipalityFactory()
    ),
    "ikone.organizations.membership.membership_request_decide": lambda m, t: partial(
        m.membership_request_decide,
        actor=SYSTEM,
        accept=True,
        request=m.network_join_request(
            actor=SYSTEM, network=NetworkFactory(), organization=MunicipalityFactory()
        ),
    ),
    "ikone.ozg.services.ozg_catalog_import": lambda m, t: partial(
        m.ozg_catalog_import, data_dir=_data_dir(t), actor=SYSTEM
    ),
    "ikone.catalog.services.solution_import": lambda m, t: partial(
        m.solution_import, actor=SYSTEM, content=publiccode_yaml()
    ),
    "ikone.catalog.services.solution_create": lambda m, t: partial(
        m.solution_create, actor=SYSTEM, document=parse(publiccode_yaml()).data, links=m.SolutionLinks()
    ),
    "ikone.catalog.services.solution_update": lambda m, t: partial(
        m.solution_update,
        actor=SYSTEM,
        solution=_solution(),
        document=parse(publiccode_yaml(license="MIT")).data,
        links=m.SolutionLinks(),
    ),
    "ikone.catalog.services.solution_delete": lambda m, t: partial(
        m.solution_delete, actor=SYSTEM, solution=_solution()
    ),
    "ikone.accounts.services.user_create": lambda m, t: partial(
        m.user_create, actor=SYSTEM, email="neu@example.org"
    ),
    "ikone.accounts.services.organization_role_set": lambda m, t: partial(
        m.organization_role_set,
        actor=SYSTEM,
        user=User.objects.create_user(email="r@example.org"),
        organization=MunicipalityFactory(),
        role="editor",
    ),
    "ikone.accounts.services.network_coordinator_add": lambda m, t: partial(
        m.network_coordinator_add,
        actor=SYSTEM,
        user=User.objects.create_user(email="k@example.org"),
        network=NetworkFactory(),
    ),
    "ikone.accounts.services.token_create": lambda m, t: partial(
        m.token_create, actor=SYSTEM, user=User.objects.create_user(email="t@example.org"), name="x"
    ),
    "ikone.accounts.services.token_revoke": lambda m, t: partial(
        m.token_revoke,
        actor=SYSTEM,
        token=m.token_create(actor=SYSTEM, user=User.objects.create_user(email="v@example.org"), name="x")[0],
    ),
}

for _module_info in pkgutil.iter_modules(audit_scenarios.__path__):
    _module = importlib.import_module(f"{audit_scenarios.__name__}.{_module_info.name}")
    SCENARIOS.update(getattr(_module, "SCENARIOS", {}))
    READS.update(getattr(_module, "READS", {}))


def test_every_service_has_a_scenario():
    discovered = set(_public_functions())
    assert discovered - set(SCENARIOS) - set(READS) == set(), "write services without an audit scenario"
    assert set(SCENARIOS) - discovered == set()


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(SCENARIOS))
def test_service_writes_a_change_record(path, tmp_path):
    OtherOrganizationFactory()  # some unrelated data, so that "any record" is not trivially the first
    module = importlib.import_module(path.rsplit(".", 1)[0])
    call = SCENARIOS[path](module, tmp_path)  # sets up what the service needs
    before = ChangeRecord.objects.count()
    call()
    assert ChangeRecord.objects.count() > before, f"{path} wrote no change record"
