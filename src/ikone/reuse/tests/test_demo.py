from ikone.catalog.demo import load_demo_solutions
from ikone.core.audit import Actor
from ikone.core.testing.factories import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
)
from ikone.coverage.models import ServiceStatus
from ikone.coverage.tests.factories import maturity_models
from ikone.reuse.demo import DEMO_ADOPTIONS, load_demo_adoptions
from ikone.reuse.models import Adoption, ExperienceReport


def test_demo_adoptions_are_labelled_idempotent_and_set_coverage(db):
    maturity_models()
    network = NetworkFactory(slug="ikone-ds")
    for ags in sorted({d.ags for d in DEMO_ADOPTIONS} | {"07211000", "07313000"}):
        MembershipFactory(network=network, organization=MunicipalityFactory(ags=ags))
    for ozg_id in (10200, 10092, 10559, 10136):
        ServiceFactory(ozg_id=ozg_id)
    actor = Actor.system("load-demo")
    load_demo_solutions(actor=actor, network=network)
    assert load_demo_adoptions(actor=actor, network=network) == len(DEMO_ADOPTIONS)
    assert load_demo_adoptions(actor=actor, network=network) == 0
    assert set(Adoption.objects.values_list("origin", flat=True)) == {"demo"}
    assert set(ExperienceReport.objects.values_list("origin", flat=True)) == {"demo"}
    production = Adoption.objects.filter(state="production", services__isnull=False).distinct()
    for adoption in production:
        for service in adoption.services.all():
            status = ServiceStatus.objects.get(organization=adoption.organization, service=service)
            assert status.level >= 3
            assert status.solution_id == adoption.solution_id
