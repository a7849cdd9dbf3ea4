import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ikone.catalog.models import Solution
from ikone.catalog.publiccode import parse
from ikone.catalog.services import (
    PubliccodeInvalid,
    SolutionLinks,
    solution_create,
    solution_delete,
    solution_export,
    solution_import,
    solution_update,
)
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.models import ChangeRecord
from ikone.core.testing.factories import LeikaServiceFactory, NetworkFactory, ServiceFactory

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")

DE_EXTENSION = """\
de:
  leika:
    - themenfeld: Steuern & Zoll
      lebenslage: Steuern
      ozg-id: "10200"
      leika-id: "99121001000000"
    - ozg-id: "99999"
"""


def test_import_creates_a_solution_with_projection_tags_release_and_audit():
    report = solution_import(actor=ACTOR, content=publiccode_yaml(extra="softwareVersion: '1.2'\n"))

    solution = report.solution
    assert report.status == "created"
    assert solution.name == "Hundesteuer-Portal"
    assert solution.slug == "hundesteuer-portal"
    assert solution.license == "EUPL-1.2"
    assert solution.description_language == "de"
    assert solution.features == ["Anmeldung und Abmeldung", "Bescheid als PDF"]
    assert sorted(solution.tags.values_list("kind", "value")) == [
        ("category", "taxes-management"),
        ("platform", "web"),
    ]
    assert list(solution.releases.values_list("version", flat=True)) == ["1.2"]
    assert "publiccodeYmlVersion" in solution.source_yaml
    assert ChangeRecord.objects.filter(object_type="catalog.solution", action="create").count() == 1


def test_reimport_by_url_updates_or_reports_unchanged():
    first = solution_import(actor=ACTOR, content=publiccode_yaml())
    same = solution_import(actor=ACTOR, content=publiccode_yaml())
    changed = solution_import(actor=ACTOR, content=publiccode_yaml(license="AGPL-3.0-or-later"))

    assert (same.status, changed.status) == ("unchanged", "updated")
    assert Solution.objects.count() == 1
    assert changed.solution.pk == first.solution.pk
    update = ChangeRecord.objects.get(action="update")
    assert update.changes["license"] == ["EUPL-1.2", "AGPL-3.0-or-later"]


def test_invalid_file_is_rejected_with_its_errors_and_writes_nothing():
    with pytest.raises(PubliccodeInvalid) as info:
        solution_import(actor=ACTOR, content=publiccode_yaml(license="Not-A-Licence", status="finished"))
    keys = {e.field for e in info.value.errors}
    assert {"legal.license", "developmentStatus"} <= keys
    assert info.value.status == 422
    assert Solution.objects.count() == 0
    assert ChangeRecord.objects.count() == 0


def test_german_extension_links_ozg_services_and_leika_keys_with_warnings():
    dog_tax = ServiceFactory(ozg_id=10200, name="Hundesteuer")
    LeikaServiceFactory(key="99121001000000", service=dog_tax)

    report = solution_import(actor=ACTOR, content=publiccode_yaml(extra=DE_EXTENSION))

    assert list(report.solution.services.values_list("ozg_id", flat=True)) == [10200]
    assert list(report.solution.leika_services.values_list("key", flat=True)) == ["99121001000000"]
    assert any("non-standard German extension" in w for w in report.warnings)
    assert any("99999" in w for w in report.warnings)
    assert "de" not in report.solution.document


def test_export_validates_and_reimports_to_the_same_solution():
    original = solution_import(actor=ACTOR, content=publiccode_yaml(extra=DE_EXTENSION)).solution
    exported = solution_export(solution=original)

    assert parse(exported).errors == []
    again = solution_import(actor=ACTOR, content=exported)
    assert again.status == "unchanged"
    assert again.solution.document == original.document
    assert solution_export(solution=again.solution) == exported


def test_is_based_on_links_variants_to_their_upstream_in_any_order():
    variant = solution_import(
        actor=ACTOR,
        content=publiccode_yaml(
            name="Hundesteuer Landau",
            url="https://git.example.org/landau/hundesteuer",
            extra='isBasedOn: "https://git.example.org/speyer/hundesteuer"\n',
        ),
    ).solution
    assert variant.upstream is None
    upstream = solution_import(actor=ACTOR, content=publiccode_yaml()).solution

    variant.refresh_from_db()
    assert variant.upstream == upstream


def test_create_and_update_from_a_document_with_links_and_field_errors_in_german():
    network = NetworkFactory()
    service = ServiceFactory()
    document = parse(publiccode_yaml()).data
    solution = solution_create(
        actor=ACTOR, document=document, links=SolutionLinks(networks=[network], services=[service])
    )
    assert list(solution.networks.all()) == [network]

    broken = {**document, "developmentStatus": "fertig"}
    with pytest.raises(PubliccodeInvalid) as info:
        solution_update(actor=ACTOR, solution=solution, document=broken, links=SolutionLinks(), german=True)
    assert info.value.errors[0].field == "developmentStatus"
    assert info.value.errors[0].message.startswith("developmentStatus muss einer der folgenden Werte sein")
    solution.refresh_from_db()
    assert solution.development_status == "stable"


def test_delete_records_the_deletion():
    solution = solution_import(actor=ACTOR, content=publiccode_yaml()).solution
    solution_delete(actor=ACTOR, solution=solution)
    assert not Solution.objects.exists()
    assert ChangeRecord.objects.filter(action="delete", object_repr="Hundesteuer-Portal").exists()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_import_of_random_input_never_crashes(data):
    try:
        solution_import(actor=ACTOR, content=data)
    except PubliccodeInvalid as exc:
        errors = exc.errors
    else:
        errors = ["imported"]
    assert errors
