"""Agreed sets, conformance, interface specs and their notifications; compliance and compatibility."""

from __future__ import annotations

import pytest

from ikone.accounts.policy import NotAuthenticated, PermissionDenied
from ikone.catalog.models import Release
from ikone.core.audit import Actor
from ikone.core.errors import Conflict, DomainError
from ikone.notifications.models import Event
from ikone.standards import selectors, services
from ikone.standards.models import Conformance, InterfaceSpec, NetworkStandard, Standard, StandardVersion

from .conftest import DATA, SYSTEM


def _std(slug):
    return Standard.objects.get(slug=slug)


def _declare(setup, slug, version, **kwargs):
    return services.conformance_record(
        actor=Actor.of(setup.editor),
        solution=setup.solution,
        data=services.ConformanceInput(standard=_std(slug), version=version, **kwargs),
    )


def test_coordinator_adopts_and_replaces_the_agreed_set(setup):
    coordinator = Actor.of(setup.coordinator)
    services.network_standard_adopt(
        actor=coordinator, network=setup.network, standard=_std("oparl"), version="1.1"
    )
    with pytest.raises(Conflict):
        services.network_standard_adopt(
            actor=coordinator, network=setup.network, standard=_std("oparl"), version="1.1"
        )
    # a version the registry does not list yet is added
    services.network_standard_adopt(
        actor=coordinator, network=setup.network, standard=_std("fim"), version="2024"
    )
    assert StandardVersion.objects.filter(standard__slug="fim", version="2024").exists()
    kept = services.network_standards_set(
        actor=coordinator, network=setup.network, items=[(_std("oparl"), "1.1"), (_std("wcag"), "2.1")]
    )
    assert sorted(str(e.standard_version) for e in kept) == ["OParl 1.1", "WCAG 2.1"]


@pytest.mark.parametrize("who", ["editor", "outsider"])
def test_members_cannot_change_the_agreed_set(setup, who):
    with pytest.raises(PermissionDenied):
        services.network_standard_adopt(
            actor=Actor.of(getattr(setup, who)), network=setup.network, standard=_std("oparl"), version="1.1"
        )
    with pytest.raises(NotAuthenticated):
        services.network_standard_adopt(
            actor=Actor.of(None), network=setup.network, standard=_std("oparl"), version="1.1"
        )
    assert not NetworkStandard.objects.exists()


def test_declared_and_verified_are_separate(setup):
    release = setup.solution.releases.get(version="2.0")
    _declare(setup, "oparl", "1.1")
    _declare(
        setup,
        "oparl",
        "1.1",
        kind="verified",
        release=release,
        evidence_kind="test_report",
        evidence_url="https://example.org/bericht.pdf",
    )
    entries = selectors.solution_conformance(setup.solution)
    assert [(e.standard_abbreviation, e.version, e.release, e.kind, e.verified) for e in entries] == [
        ("OParl", "1.1", None, "declared", False),
        ("OParl", "1.1", "2.0", "verified", True),
    ]
    assert [e.kind for e in selectors.solution_conformance(setup.solution, release=release)] == [
        "declared",
        "verified",
    ]
    with pytest.raises(Conflict):
        _declare(setup, "oparl", "1.1")


def test_verified_needs_evidence_and_own_release(setup):
    with pytest.raises(DomainError) as info:
        _declare(setup, "oparl", "1.1", kind="verified", evidence_kind="none")
    assert info.value.errors[0].field == "evidence_kind"
    with pytest.raises(DomainError) as info:
        _declare(setup, "oparl", "1.1", kind="verified", evidence_kind="certificate")
    assert info.value.errors[0].field == "evidence_url"
    foreign = setup.other_solution.releases.first()
    with pytest.raises(DomainError) as info:
        _declare(setup, "oparl", "1.1", release=foreign)
    assert info.value.errors[0].field == "release"
    assert not Conformance.objects.exists()


def test_only_the_owner_records_conformance(setup):
    with pytest.raises(PermissionDenied):
        services.conformance_record(
            actor=Actor.of(setup.outsider),
            solution=setup.solution,
            data=services.ConformanceInput(standard=_std("oparl"), version="1.1"),
        )


def test_network_compliance_shows_declared_and_verified_per_agreed_standard(setup):
    for slug, version in (("oparl", "1.1"), ("wcag", "2.1")):
        services.network_standard_adopt(
            actor=SYSTEM, network=setup.network, standard=_std(slug), version=version
        )
    _declare(setup, "oparl", "1.1")
    _declare(
        setup, "wcag", "2.1", kind="verified", evidence_kind="certificate", evidence_url="https://e.org/z"
    )
    _declare(setup, "wcag", "2.1")
    services.conformance_record(
        actor=SYSTEM,
        solution=setup.other_solution,
        data=services.ConformanceInput(standard=_std("oparl"), version="1.0"),
    )
    result = selectors.network_compliance(setup.network)
    rows = {row.solution.slug: row for row in result.rows}
    assert [str(e.standard_version) for e in result.agreed] == ["OParl 1.1", "WCAG 2.1"]
    mine = rows[setup.solution.slug]
    assert [(c.declared, c.verified, c.state) for c in mine.cells] == [
        (True, False, "declared"),
        (True, True, "verified"),
    ]
    assert mine.complete
    theirs = rows[setup.other_solution.slug]
    assert [c.state for c in theirs.cells] == ["other_version", "missing"]
    assert theirs.cells[0].other_versions == ("1.0",)
    assert not theirs.complete
    row = selectors.solution_network_compliance(setup.solution, setup.network)
    assert (row.declared_count, row.verified_count) == (2, 1)


def test_network_only_solutions_stay_hidden_from_outsiders(setup):
    setup.other_solution.visibility = "network"
    setup.other_solution.save()
    assert {r.solution.slug for r in selectors.network_compliance(setup.network).rows} == {
        setup.solution.slug
    }
    seen = selectors.network_compliance(setup.network, user=setup.editor).rows
    assert len(seen) == 2


def _upload(setup, version, filename, **kwargs):
    release = Release.objects.get(solution=setup.solution, version=version)
    text = (DATA / filename).read_text(encoding="utf-8")
    return services.interface_spec_upload(actor=Actor.of(setup.editor), release=release, text=text, **kwargs)


def test_spec_upload_validates_diffs_and_notifies(setup, django_capture_on_commit_callbacks):
    first = _upload(setup, "1.0", "24d586d-before.yaml", name="Katalog-API")
    assert first.is_valid
    assert first.diff is None
    assert first.title == "Developers Italia API"
    # a valid document is an automatic check of OpenAPI conformance of that release
    check = Conformance.objects.get(solution=setup.solution, release=first.release, kind="verified")
    assert (check.standard_version.version, check.evidence_kind) == ("3.0.0", "automatic_check")
    with django_capture_on_commit_callbacks():
        second = _upload(setup, "2.0", "24d586d-after.yaml", name="Katalog-API")
    assert second.previous == first
    assert [c["change"] for c in second.diff["breaking"]] == ["path_removed", "path_removed"]
    assert {c["rule"] for c in second.diff["breaking"]} == {"api-path-removed-without-deprecation"}
    event = Event.objects.get(kind="interface.breaking_change")
    assert "2 inkompatible Änderung(en)" in event.title
    assert event.subject_id == str(second.pk)


def test_non_breaking_update_publishes_nothing(setup):
    _upload(setup, "1.0", "0b39748-before.yaml", name="API")
    second = _upload(setup, "2.0", "0b39748-after.yaml", name="API")
    assert not second.is_valid  # upstream's default: null on a non-nullable string
    assert second.errors[0]["line"] == 1344
    assert second.diff == {
        "breaking": [],
        "non_breaking": [
            {
                "path": "GET /logs",
                "rule": "new-optional-request-parameter",
                "level": "info",
                "change": "parameter_added",
                "detail": "query-Parameter 'search': neuer optionaler Parameter",
            }
        ],
    }
    assert not Event.objects.filter(kind="interface.breaking_change").exists()


def test_reupload_to_the_same_release_replaces_the_document(setup):
    first = _upload(setup, "1.0", "24d586d-before.yaml", name="API")
    again = _upload(setup, "1.0", "24d586d-after.yaml", name="API")
    assert again.pk == first.pk
    assert InterfaceSpec.objects.count() == 1


def test_spec_upload_needs_edit_rights(setup):
    release = Release.objects.get(solution=setup.solution, version="1.0")
    with pytest.raises(PermissionDenied):
        services.interface_spec_upload(actor=Actor.of(setup.outsider), release=release, text="openapi: 3.0.0")


def test_compatibility_matrix_flags_version_mismatch_and_breaking_api(setup):
    services.network_standard_adopt(
        actor=SYSTEM, network=setup.network, standard=_std("oparl"), version="1.1"
    )
    _upload(setup, "1.0", "24d586d-before.yaml", name="API")
    _upload(setup, "2.0", "24d586d-after.yaml", name="API")
    services.interface_use_add(
        actor=Actor.of(setup.outsider),
        solution=setup.other_solution,
        provider=setup.solution,
        provider_version="1.0",
    )
    services.interface_use_add(
        actor=Actor.of(setup.outsider), solution=setup.other_solution, standard=_std("oparl"), version="1.0"
    )
    matrix = selectors.compatibility_matrix(setup.network)
    labels = [c.label for c in matrix.columns]
    assert labels[:2] == ["OParl", "OpenAPI"]
    assert labels[-1] == setup.solution.name
    rows = {solution.slug: cells for solution, cells in matrix.rows}
    consumer = dict(zip(labels, rows[setup.other_solution.slug], strict=True))
    assert consumer["OParl"].consumes == ("1.0",)
    assert "vereinbart ist 1.1" in consumer["OParl"].problems[0]
    api = consumer[setup.solution.name]
    assert api.consumes == ("1.0",)
    assert any("aktuell ist 2.0" in p for p in api.problems)
    assert any("inkompatible" in p for p in api.problems)
    provider = dict(zip(labels, rows[setup.solution.slug], strict=True))
    assert provider[setup.solution.name].implements == ("1.0", "2.0")
    assert matrix.problem_count == 2


def test_interface_use_rules(setup):
    with pytest.raises(DomainError):
        services.interface_use_add(actor=Actor.of(setup.editor), solution=setup.solution)
    with pytest.raises(DomainError):
        services.interface_use_add(
            actor=Actor.of(setup.editor), solution=setup.solution, provider=setup.solution
        )
    with pytest.raises(PermissionDenied):
        services.interface_use_add(
            actor=Actor.of(setup.outsider), solution=setup.solution, standard=_std("oparl"), version="1.1"
        )
    use = services.interface_use_add(
        actor=Actor.of(setup.editor), solution=setup.solution, standard=_std("oparl"), version="1.1"
    )
    services.interface_use_delete(actor=Actor.of(setup.editor), use=use)
