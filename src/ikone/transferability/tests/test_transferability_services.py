import datetime as dt

import pytest

from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.core.models import ChangeRecord
from ikone.core.testing.factories import LandFactory, MunicipalityFactory
from ikone.transferability import selectors, services
from ikone.transferability.models import TransferabilityScore

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")
RICH = """\
landingURL: "https://example.org/hundesteuer"
softwareVersion: "2.1"
releaseDate: "{today}"
legal:
  license: EUPL-1.2
  mainCopyrightOwner: Stadt Speyer
intendedAudience:
  countries:
    - de
dependsOn:
  open:
    - name: Docker
      versionMin: "24"
"""


def rich_yaml(**kwargs):
    text = publiccode_yaml(**kwargs).replace("legal:\n  license: EUPL-1.2\n", "")
    text = text.replace(
        "    features:\n",
        "    documentation: https://example.org/doku\n    apiDocumentation: https://example.org/api\n    features:\n",
    )
    return text + RICH.format(today=dt.date.today().isoformat())


def test_general_scores_computes_unscored_solutions_and_reads_stored_ones():
    plain = solution_import(actor=ACTOR, content=publiccode_yaml()).solution
    rich = solution_import(actor=ACTOR, content=rich_yaml(url="https://git.example.org/x/rich")).solution

    computed = selectors.general_scores([plain.pk, rich.pk])
    assert set(computed) == {plain.pk, rich.pk}
    assert all(0 <= value <= 100 for value in computed.values())
    assert computed[rich.pk] > computed[plain.pk]

    services.score_refresh(actor=ACTOR)
    TransferabilityScore.objects.filter(solution=plain).update(score=99)
    assert selectors.general_scores([plain.pk])[plain.pk] == 99


def test_score_refresh_stores_bands_and_records_only_changes():
    solution = solution_import(actor=ACTOR, content=publiccode_yaml()).solution
    assert services.score_refresh(actor=ACTOR, solution_ids=[solution.pk]) == 1
    row = TransferabilityScore.objects.get(solution=solution)
    assert row.band in {"0-24", "25-49", "50-74", "75-100"}
    assert ChangeRecord.objects.filter(object_type="transferability.transferabilityscore").count() == 1
    assert services.score_refresh(actor=ACTOR, solution_ids=[solution.pk]) == 0


def test_facts_update_raises_the_score_and_is_audited():
    LandFactory()
    owner = MunicipalityFactory()
    solution = solution_import(actor=ACTOR, content=publiccode_yaml(), owner=owner).solution
    before = selectors.transferability(solution).score

    services.facts_update(
        actor=ACTOR,
        solution=solution,
        values=services.FactValues(
            container=True,
            saas=True,
            multi_tenant=True,
            data_protection_url="https://example.org/dsfa",
            accessibility_url="https://example.org/barrierefreiheit",
            legal_scope="land",
            law_land_keys=["07"],
            size_classes=["kleinstadt"],
            it_providers=["KommWis", " KommWis "],
        ),
    )

    assessment = selectors.transferability(solution)
    assert assessment.score > before
    assert TransferabilityScore.objects.get(solution=solution).score == assessment.score
    facts = solution.transferability_facts
    assert facts.it_providers == "KommWis"
    record = ChangeRecord.objects.get(object_type="transferability.transferabilityfacts")
    assert record.organization_id == owner.pk


def test_facts_update_rejects_unknown_lands_and_land_keys_without_land_law():
    solution = solution_import(actor=ACTOR, content=publiccode_yaml()).solution
    with pytest.raises(DomainError) as caught:
        services.facts_update(
            actor=ACTOR,
            solution=solution,
            values=services.FactValues(law_land_keys=["99"], size_classes=["riesig"]),
        )
    assert {e.field for e in caught.value.errors} == {"law_land_keys", "size_classes"}


def test_target_context_changes_the_score_and_adds_context_criteria():
    LandFactory()
    owner = MunicipalityFactory()
    target = MunicipalityFactory(population=3_000)
    solution = solution_import(actor=ACTOR, content=publiccode_yaml(), owner=owner).solution

    general = selectors.transferability(solution)
    specific = selectors.transferability(solution, target)

    assert {r.key for r in specific.results} - {r.key for r in general.results} == {
        "land_law",
        "size_class",
        "it_provider",
        "languages",
    }
    land_law = next(r for r in specific.results if r.key == "land_law")
    assert land_law.met  # owner and target are both in Rheinland-Pfalz
    languages = next(r for r in specific.results if r.key == "languages")
    assert languages.met


def test_the_validator_result_is_reused_while_the_document_is_unchanged():
    solution = solution_import(actor=ACTOR, content=publiccode_yaml()).solution
    services.score_refresh(actor=ACTOR, solution_ids=[solution.pk])
    row = TransferabilityScore.objects.get(solution=solution)
    assert (row.publiccode_errors, len(row.document_sha1)) == (0, 40)

    TransferabilityScore.objects.filter(pk=row.pk).update(publiccode_errors=2)
    publiccode = next(r for r in selectors.transferability(solution).results if r.key == "publiccode")
    assert publiccode.evidence == ("2 Fehler laut Prüfung",)  # the stored result, not a new check

    solution_import(
        actor=ACTOR, content=publiccode_yaml(short="Hundesteuer online anmelden, ab- und ummelden.")
    )
    solution.refresh_from_db()
    publiccode = next(r for r in selectors.transferability(solution).results if r.key == "publiccode")
    assert publiccode.evidence[0].startswith("gültig")  # changed document: checked again
    services.score_refresh(actor=ACTOR, solution_ids=[solution.pk])
    assert TransferabilityScore.objects.get(solution=solution).publiccode_errors == 0


def result(assessment, key):
    return next(r for r in assessment.results if r.key == key)


def test_adoptions_reports_and_standards_from_the_other_registries_count():
    from django.utils import timezone

    from ikone.core.testing.factories import NetworkFactory
    from ikone.reuse.models import Adoption, ExperienceReport
    from ikone.standards.models import Conformance, NetworkStandard, Standard, StandardVersion

    LandFactory()
    network = NetworkFactory()
    solution = solution_import(actor=ACTOR, content=publiccode_yaml(), network=network).solution
    xrechnung = Standard.objects.create(
        slug="xrechnung", name="XRechnung", abbreviation="XRechnung", kind="other"
    )
    oparl = Standard.objects.create(slug="oparl", name="OParl", abbreviation="OParl", kind="other")
    v3 = StandardVersion.objects.create(standard=xrechnung, version="3.0")
    v11 = StandardVersion.objects.create(standard=oparl, version="1.1")
    NetworkStandard.objects.create(network=network, standard_version=v3)
    NetworkStandard.objects.create(network=network, standard_version=v11)
    Conformance.objects.create(
        solution=solution, standard_version=v3, kind="verified", evidence_kind="certificate"
    )
    Conformance.objects.create(solution=solution, standard_version=v11, kind="declared")
    town = MunicipalityFactory(population=12_000)
    confirmed = Adoption.objects.create(
        organization=town,
        solution=solution,
        state="production",
        confirmed_at=timezone.now(),
        it_provider="KommWis",
    )
    Adoption.objects.create(
        organization=MunicipalityFactory(), solution=solution, state="production"
    )  # unconfirmed
    ExperienceReport.objects.create(
        adoption=confirmed,
        organization=town,
        solution=solution,
        would_recommend=True,
        rating_usability=5,
        rating_effort=4,
        rating_documentation=4,
        rating_support=5,
    )

    general = selectors.transferability(solution)
    assert result(general, "adoptions").evidence == ("1 bestätigte Nachnutzung(en) im Produktivbetrieb",)
    assert result(general, "ratings").evidence == ("Durchschnitt 4,5 von 5 aus 1 Bericht(en)",)
    standards = result(general, "standards")
    assert standards.fulfilment == 0.75
    assert "erklärt, nicht nachgewiesen: OParl 1.1" in standards.evidence

    target = MunicipalityFactory(population=15_000)
    Adoption.objects.create(
        organization=target,
        solution=solution_import(
            actor=ACTOR, content=publiccode_yaml(url="https://git.example.org/x/andere", name="Andere")
        ).solution,
        state="pilot",
        it_provider="kommwis",
    )
    specific = selectors.transferability(solution, target)
    assert result(specific, "it_provider").met  # the target's provider already runs it for another town
    assert result(specific, "size_class").met  # a Kleinstadt runs it in production


def test_a_missing_registry_is_reported_as_keine_angabe(monkeypatch):
    from ikone.transferability import facts

    real = facts._optional
    monkeypatch.setattr(facts, "_optional", lambda name: None if "reuse" in name else real(name))
    solution = solution_import(actor=ACTOR, content=publiccode_yaml()).solution
    assessment = selectors.transferability(solution)
    assert result(assessment, "adoptions").evidence == ("keine Angabe",)
    assert result(assessment, "ratings").evidence == ("keine Erfahrungsberichte",)
    assert "Nachnutzungen im Produktivbetrieb erfassen lassen." in assessment.todo
