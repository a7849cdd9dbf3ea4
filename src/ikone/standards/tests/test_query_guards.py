"""Query-count guards: the standards lists (API and pages) cost the same for more rows."""

from __future__ import annotations

import itertools

from django.test import Client

from ikone.catalog.models import Release
from ikone.core.testing.queries import assert_constant_queries
from ikone.standards import services
from ikone.standards.models import Conformance, Standard, StandardVersion

from .conftest import DATA, SYSTEM, make_solution

_numbers = itertools.count(1)


def _get(url: str) -> None:
    assert Client().get(url).status_code == 200


def _standard(*, versions=("1.0", "2.0")) -> Standard:
    number = next(_numbers)
    standard = Standard.objects.create(
        slug=f"xtest-{number}",
        name=f"XTest {number}",
        abbreviation=f"XTest{number}",
        kind="xoev",
        publisher="KoSIT",
        official_url=f"https://example.org/xtest-{number}",
    )
    for version in versions:
        StandardVersion.objects.create(standard=standard, version=version)
    return standard


def test_standard_list_costs_the_same_queries_for_more_standards(registry):
    def grow():
        for _ in range(4):
            _standard()

    assert_constant_queries(lambda: _get("/api/v1/standards?limit=500"), grow)
    assert_constant_queries(lambda: _get("/standards/"), grow)


def test_agreed_set_costs_the_same_queries_for_more_standards(setup):
    url = f"/api/v1/networks/{setup.network.slug}/standards"
    services.network_standards_set(actor=SYSTEM, network=setup.network, items=[(_standard(), "1.0")])

    def grow():
        services.network_standards_set(
            actor=SYSTEM,
            network=setup.network,
            items=[
                (e.standard_version.standard, e.standard_version.version)
                for e in setup.network.agreed_standards.select_related("standard_version__standard")
            ]
            + [(_standard(), "2.0") for _ in range(3)],
        )

    assert_constant_queries(lambda: _get(url), grow)


def test_network_standards_page_costs_the_same_queries_for_more_solutions(setup):
    standard, other = _standard(), _standard()
    services.network_standards_set(actor=SYSTEM, network=setup.network, items=[(standard, "1.0")])
    url = f"/netzwerke/{setup.network.slug}/standards/"

    def grow():
        for number in range(3):
            solution = make_solution(setup.owner, name=f"Weitere {number}", network=setup.network)
            services.conformance_record(
                actor=SYSTEM,
                solution=solution,
                data=services.ConformanceInput(standard=standard, version="1.0"),
            )
            services.interface_spec_upload(
                actor=SYSTEM,
                release=Release.objects.get(solution=solution, version="1.0"),
                text=(DATA / "0b39748-before.yaml").read_text(),
            )
            services.interface_use_add(
                actor=SYSTEM, solution=solution, provider=setup.solution, provider_version="1.0"
            )
            services.interface_use_add(actor=SYSTEM, solution=solution, standard=other, version="2.0")

    assert_constant_queries(lambda: _get(url), grow)


def _conform(solution, standard, *, release=None, verified=False) -> None:
    services.conformance_record(
        actor=SYSTEM,
        solution=solution,
        data=services.ConformanceInput(
            standard=standard,
            version="2.0",
            release=release,
            kind=Conformance.Kind.VERIFIED if verified else Conformance.Kind.DECLARED,
            evidence_kind=Conformance.EvidenceKind.TEST_REPORT if verified else Conformance.EvidenceKind.NONE,
            evidence_url="https://example.org/bericht" if verified else "",
        ),
    )


def test_conformance_list_costs_the_same_queries_for_more_statements(setup):
    solution = setup.solution
    _conform(solution, _standard())

    def grow():
        release = Release.objects.get(solution=solution, version="2.0")
        for verified in (False, True):
            _conform(solution, _standard(), release=release, verified=verified)
            _conform(solution, _standard(), verified=verified)

    assert_constant_queries(lambda: _get(f"/api/v1/solutions/{solution.slug}/conformance"), grow)


def test_interface_list_costs_the_same_queries_for_more_specs(setup):
    solution = setup.solution
    first, second = (Release.objects.get(solution=solution, version=v) for v in ("1.0", "2.0"))
    services.interface_spec_upload(
        actor=SYSTEM, release=first, text=(DATA / "0b39748-before.yaml").read_text()
    )

    def grow():
        for release, name in ((second, "0b39748-after.yaml"), (first, "24d586d-before.yaml")):
            services.interface_spec_upload(actor=SYSTEM, release=release, text=(DATA / name).read_text())
        services.interface_spec_upload(
            actor=SYSTEM, release=second, text=(DATA / "24d586d-after.yaml").read_text(), name="Zweite"
        )

    assert_constant_queries(lambda: _get(f"/api/v1/solutions/{solution.slug}/interfaces"), grow)
