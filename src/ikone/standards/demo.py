"""Demo standards work in IKONE-DS: the network's agreed set and what demo solutions declare or
have verified (notes and evidence say "Demodaten", evidence URLs under example.org). Only versions
the standards registry lists are used. Written through the services (audited); idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from ikone.catalog.models import Solution
from ikone.core.audit import Actor
from ikone.organizations.models import Network
from ikone.standards import services
from ikone.standards.models import Conformance, NetworkStandard, StandardVersion

DEMO_NOTE = "Demodaten: zur Vorführung erfasst."
AGREED = [("oparl", "1.1"), ("dcat-ap-de", "2.0"), ("wcag", "2.1"), ("bitv", "2.0"), ("openapi", "3.1.0")]
VERIFIED, DECLARED = Conformance.Kind.VERIFIED, Conformance.Kind.DECLARED
Evidence = Conformance.EvidenceKind


@dataclass(frozen=True)
class DemoConformance:
    solution: str
    standard: str
    version: str
    kind: str = DECLARED
    evidence: str = Evidence.NONE


DEMO_CONFORMANCES = [
    DemoConformance("oparl-bruecke-ratsinformation", "oparl", "1.1", VERIFIED, Evidence.AUTOMATIC_CHECK),
    DemoConformance("oparl-bruecke-ratsinformation", "openapi", "3.1.0"),
    DemoConformance("open-data-portal", "dcat-ap-de", "2.0", VERIFIED, Evidence.TEST_REPORT),
    DemoConformance("open-data-portal", "wcag", "2.1"),
    DemoConformance("hundesteuer-online", "wcag", "2.1", VERIFIED, Evidence.TEST_REPORT),
    DemoConformance("hundesteuer-online", "bitv", "2.0"),
    DemoConformance("termine-im-buergerbuero", "wcag", "2.1"),
    DemoConformance("termine-im-buergerbuero", "openapi", "3.0.3"),
    DemoConformance("kita-platzvergabe", "bitv", "2.0", VERIFIED, Evidence.CERTIFICATE),
    DemoConformance("kita-platzvergabe", "wcag", "2.1"),
    DemoConformance("sperrmuell-anmeldung", "wcag", "2.1"),
    DemoConformance("digitale-bauantrag-plattform", "bitv", "2.0"),
    DemoConformance("parkraum-sensorik", "dcat-ap-de", "2.0"),
    DemoConformance("parkraum-sensorik", "openapi", "3.1.0"),
    DemoConformance("maengelmelder", "dcat-ap-de", "1.0"),
    DemoConformance("maengelmelder", "wcag", "2.1"),
]


@transaction.atomic
def load_demo_standards(*, actor: Actor, network: Network) -> int:
    """The agreed set of the network and the demo conformances; returns how many entries were created."""
    versions = {
        (v.standard.slug, v.version): v
        for v in StandardVersion.objects.select_related("standard").filter(
            standard__slug__in={s for s, _v in AGREED} | {c.standard for c in DEMO_CONFORMANCES}
        )
    }
    agreed = set(
        NetworkStandard.objects.filter(network=network).values_list("standard_version_id", flat=True)
    )
    created = 0
    for key in AGREED:
        version = versions.get(key)
        if version is not None and version.pk not in agreed:
            services.network_standard_adopt(
                actor=actor, network=network, standard=version.standard, version=version.version
            )
            created += 1
    solutions = {s.slug: s for s in Solution.objects.filter(slug__in={c.solution for c in DEMO_CONFORMANCES})}
    present = set(
        Conformance.objects.filter(solution__in=solutions.values(), release__isnull=True).values_list(
            "solution_id", "standard_version_id", "kind"
        )
    )
    for demo in DEMO_CONFORMANCES:
        solution, version = solutions.get(demo.solution), versions.get((demo.standard, demo.version))
        if solution is None or version is None or (solution.pk, version.pk, demo.kind) in present:
            continue
        services.conformance_record(
            actor=actor,
            solution=solution,
            data=services.ConformanceInput(
                standard=version.standard,
                version=version.version,
                kind=demo.kind,
                evidence_kind=demo.evidence,
                evidence_url=f"https://pruefung.example.org/{solution.slug}/{demo.standard}"
                if demo.kind == VERIFIED
                else "",
                note=DEMO_NOTE,
            ),
        )
        created += 1
    return created
