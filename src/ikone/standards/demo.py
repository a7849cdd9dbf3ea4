"""Demo standards work in IKONE-DS: the network's agreed set, what demo solutions declare or
have verified (notes and evidence say "Demodaten", evidence URLs under example.org), and the
booking API of "Termine im Bürgerbüro" in two releases whose second breaks clients (the chatbot
of Andernach uses the first). Only versions the standards registry lists are used. Written
through the services (audited); idempotent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from ikone.catalog.models import Release, Solution
from ikone.core.audit import Actor
from ikone.organizations.models import Network
from ikone.standards import services
from ikone.standards.models import Conformance, InterfaceSpec, InterfaceUse, NetworkStandard, StandardVersion
from ikone.transferability.hooks import refreshes_deferred

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
@refreshes_deferred()
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


SPEC_SOLUTION = "termine-im-buergerbuero"
SPEC_NAME = "Buchungs-API"
SPEC_RELEASES = (("3.3.0", False), ("4.0.0", True))  # (version, breaks clients)
_SLOT = {"type": "object", "properties": {"id": {"type": "string"}, "beginn": {"type": "string"}}}


def _booking_api(version: str, *, breaking: bool) -> dict[str, Any]:
    """The demo booking API; the breaking release drops /standorte, renames `datum` and requires `email`."""
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Termine im Bürgerbüro – Buchungs-API (Demodaten)", "version": version},
        "paths": {
            "/standorte": {
                "get": {
                    "summary": "Standorte mit Terminvergabe",
                    "responses": {"200": {"description": "Standorte"}},
                }
            },
            "/termine": {
                "get": {
                    "summary": "Freie Termine",
                    "parameters": [
                        {"name": "standort", "in": "query", "required": True, "schema": {"type": "string"}},
                        {"name": "datum", "in": "query", "schema": {"type": "string", "format": "date"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "Freie Termine",
                            "content": {"application/json": {"schema": {"type": "array", "items": _SLOT}}},
                        }
                    },
                }
            },
            "/buchungen": {
                "post": {
                    "summary": "Termin buchen",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["termin_id", "name"],
                                    "properties": {
                                        "termin_id": {"type": "string"},
                                        "name": {"type": "string", "maxLength": 200},
                                        "email": {"type": "string", "format": "email"},
                                    },
                                }
                            }
                        },
                    },
                    "responses": {"201": {"description": "Gebucht"}},
                }
            },
        },
    }
    if breaking:
        paths = document["paths"]
        del paths["/standorte"]
        paths["/termine"]["get"]["parameters"][1]["name"] = "von"
        schema = paths["/buchungen"]["post"]["requestBody"]["content"]["application/json"]["schema"]
        schema["required"].append("email")
    return document


@transaction.atomic
@refreshes_deferred()
def load_demo_interfaces(*, actor: Actor) -> int:
    """The booking API in releases 3.3.0 and 4.0.0 and its use by the chatbot; returns how many were created."""
    solution = Solution.objects.filter(slug=SPEC_SOLUTION).first()
    if solution is None:
        return 0
    created = 0
    releases = {
        r.version: r
        for r in Release.objects.filter(solution=solution, version__in=[v for v, _b in SPEC_RELEASES])
    }
    uploaded = set(
        InterfaceSpec.objects.filter(solution=solution, name=SPEC_NAME).values_list(
            "release__version", flat=True
        )
    )
    for version, breaking in SPEC_RELEASES:
        if version in releases and version not in uploaded:
            services.interface_spec_upload(
                actor=actor,
                release=releases[version],
                text=json.dumps(_booking_api(version, breaking=breaking), ensure_ascii=False, indent=2),
                name=SPEC_NAME,
            )
            created += 1
    chatbot = Solution.objects.filter(slug="buergerservice-chatbot").first()
    if chatbot is not None and not InterfaceUse.objects.filter(solution=chatbot, provider=solution).exists():
        services.interface_use_add(
            actor=actor, solution=chatbot, provider=solution, provider_version="3.3.0", note=DEMO_NOTE
        )
        created += 1
    return created
