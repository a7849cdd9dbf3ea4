from ikone.catalog.demo import load_demo_solutions
from ikone.catalog.models import Solution
from ikone.core.audit import Actor
from ikone.core.models import ChangeRecord
from ikone.core.testing.factories import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
)
from ikone.coverage.models import ServiceStatus
from ikone.coverage.tests.factories import maturity_models
from ikone.reuse.demo import DEMO_ADOPTIONS, DEMO_MARK, DEMO_QUESTIONS, load_demo_adoptions
from ikone.reuse.models import Adoption, Answer, ExperienceReport, Question


def test_demo_adoptions_are_labelled_idempotent_and_set_coverage(db):
    maturity_models()
    network = NetworkFactory(slug="ikone-ds")
    for ags in sorted({d.ags for d in DEMO_ADOPTIONS} | {"07211000", "07313000"}):
        MembershipFactory(network=network, organization=MunicipalityFactory(ags=ags))
    for ozg_id in (10160, 10092, 10559, 10136, 10019, 10110):
        ServiceFactory(ozg_id=ozg_id)
    actor = Actor.system("load-demo")
    load_demo_solutions(actor=actor, network=network)
    loaded = set(Solution.objects.values_list("slug", flat=True))
    expected = [d for d in DEMO_ADOPTIONS if d.solution in loaded]
    assert len(expected) < len(DEMO_ADOPTIONS)  # the Fichtelgebirge solution needs its network
    assert load_demo_adoptions(actor=actor, network=network) == len(expected)
    changes = ChangeRecord.objects.count()
    assert load_demo_adoptions(actor=actor, network=network) == 0
    assert ChangeRecord.objects.count() == changes
    assert set(Adoption.objects.values_list("origin", flat=True)) == {"demo"}
    assert set(Adoption.objects.values_list("state", flat=True)) == {
        "interested",
        "evaluating",
        "pilot",
        "production",
        "ended",
    }
    assert ExperienceReport.objects.count() == sum(1 for d in expected if d.report is not None)
    assert set(ExperienceReport.objects.values_list("origin", flat=True)) == {"demo"}
    assert Question.objects.count() == len(DEMO_QUESTIONS)
    assert Answer.objects.count() == sum(1 for q in DEMO_QUESTIONS if q.answer)
    assert all(q.body.endswith(DEMO_MARK) for q in Question.objects.all())
    production = Adoption.objects.filter(state="production", services__isnull=False).distinct()
    assert production.exists()
    for adoption in production:
        for service in adoption.services.all():
            status = ServiceStatus.objects.get(organization=adoption.organization, service=service)
            assert status.level >= 3
            assert status.solution_id == adoption.solution_id
