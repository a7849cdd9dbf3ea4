"""Authorisation cases of the standards app (registry, agreed sets, conformance, interfaces)."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from ikone.core.audit import Actor
from tests.authz.common import COORDINATORS, EDITORS_OF_A, EVERYONE, Case

SYSTEM = Actor.system("authz")
SPEC = (
    Path(__file__).resolve().parents[3]
    / "src/ikone/standards/tests/data/openapi/developers-italia-api/24d586d-after.yaml"
)
SMALL_SPEC = "openapi: 3.0.3\ninfo: {title: Hunde, version: '1'}\npaths: {}\n"


def _standard():
    from ikone.standards.models import Standard

    return Standard.objects.get_or_create(
        slug="oparl", defaults={"name": "OParl", "abbreviation": "OParl", "kind": "open_data"}
    )[0]


def _release(world, version="1.0"):
    from ikone.catalog.models import Release

    return Release.objects.get_or_create(solution=world.solution, version=version)[0]


def _agreed(world):
    from ikone.standards.services import network_standard_adopt

    return network_standard_adopt(actor=SYSTEM, network=world.network, standard=_standard(), version="1.1")


def _conformance(world):
    from ikone.standards.services import ConformanceInput, conformance_record

    return conformance_record(
        actor=SYSTEM, solution=world.solution, data=ConformanceInput(standard=_standard(), version="1.1")
    )


def _spec(world):
    from ikone.standards.services import interface_spec_upload

    return interface_spec_upload(actor=SYSTEM, release=_release(world), text=SMALL_SPEC)


def _use(world):
    from ikone.standards.services import interface_use_add

    return interface_use_add(actor=SYSTEM, solution=world.solution, standard=_standard(), version="1.1")


def _file():
    return SimpleUploadedFile("openapi.yaml", SPEC.read_bytes(), content_type="application/yaml")


API_CASES = [
    Case("GET", "/api/v1/standards", lambda w: "/api/v1/standards"),
    Case("GET", "/api/v1/standards/{slug}", lambda w: f"/api/v1/standards/{_standard().slug}"),
    Case(
        "GET", "/api/v1/networks/{slug}/standards", lambda w: f"/api/v1/networks/{w.network.slug}/standards"
    ),
    Case(
        "PUT",
        "/api/v1/networks/{slug}/standards",
        lambda w: f"/api/v1/networks/{w.network.slug}/standards",
        allowed=COORDINATORS,
        body=lambda w: ({"items": [{"standard": _standard().slug, "version": "1.1"}]}, "application/json"),
    ),
    Case(
        "GET", "/api/v1/networks/{slug}/compliance", lambda w: f"/api/v1/networks/{w.network.slug}/compliance"
    ),
    Case(
        "GET",
        "/api/v1/solutions/{slug}/conformance",
        lambda w: f"/api/v1/solutions/{w.solution.slug}/conformance",
    ),
    Case(
        "POST",
        "/api/v1/solutions/{slug}/conformance",
        lambda w: f"/api/v1/solutions/{w.solution.slug}/conformance",
        allowed=EDITORS_OF_A,
        body=lambda w: ({"standard": _standard().slug, "version": "1.1"}, "application/json"),
    ),
    Case(
        "GET",
        "/api/v1/solutions/{slug}/interfaces",
        lambda w: f"/api/v1/solutions/{w.solution.slug}/interfaces",
    ),
    Case(
        "POST",
        "/api/v1/solutions/{slug}/releases/{version}/interfaces",
        lambda w: f"/api/v1/solutions/{w.solution.slug}/releases/{_release(w).version}/interfaces",
        allowed=EDITORS_OF_A,
        body=lambda w: ({"file": _file(), "name": "Katalog"}, None),
    ),
    Case("GET", "/api/v1/interfaces/{spec_id}", lambda w: f"/api/v1/interfaces/{_spec(w).pk}"),
    Case(
        "POST",
        "/api/v1/openapi/validate",
        lambda w: "/api/v1/openapi/validate",
        allowed=EVERYONE,
        body=lambda w: ({"text": SMALL_SPEC}, "application/json"),
    ),
    Case(
        "POST",
        "/api/v1/openapi/diff",
        lambda w: "/api/v1/openapi/diff",
        allowed=EVERYONE,
        body=lambda w: ({"old": SMALL_SPEC, "new": SMALL_SPEC}, "application/json"),
    ),
]

UI_WRITE_CASES = [
    Case(
        "POST",
        "standards:network_standard_adopt",
        lambda w: f"/netzwerke/{w.network.slug}/standards/vereinbaren/",
        allowed=COORDINATORS,
        body=lambda w: ({"standard": _standard().slug, "version": "1.1"}, None),
    ),
    Case(
        "POST",
        "standards:network_standard_remove",
        lambda w: f"/netzwerke/{w.network.slug}/standards/{_agreed(w).pk}/entfernen/",
        allowed=COORDINATORS,
    ),
    Case(
        "POST",
        "standards:conformance_create",
        lambda w: f"/loesungen/{w.solution.slug}/konformitaet/",
        allowed=EDITORS_OF_A,
        body=lambda w: (
            {"standard": _standard().slug, "version": "1.1", "kind": "declared", "evidence_kind": "none"},
            None,
        ),
    ),
    Case(
        "POST",
        "standards:conformance_delete",
        lambda w: f"/konformitaet/{_conformance(w).pk}/loeschen/",
        allowed=EDITORS_OF_A,
    ),
    Case(
        "POST",
        "standards:spec_upload",
        lambda w: f"/loesungen/{w.solution.slug}/versionen/{_release(w).version}/schnittstellen/",
        allowed=EDITORS_OF_A,
        body=lambda w: ({"file": _file(), "name": "Katalog"}, None),
    ),
    Case(
        "POST",
        "standards:spec_delete",
        lambda w: f"/schnittstellen/{_spec(w).pk}/loeschen/",
        allowed=EDITORS_OF_A,
    ),
    Case(
        "POST",
        "standards:interface_use_create",
        lambda w: f"/loesungen/{w.solution.slug}/genutzte-schnittstellen/",
        allowed=EDITORS_OF_A,
        body=lambda w: ({"standard": _standard().slug, "version": "1.1"}, None),
    ),
    Case(
        "POST",
        "standards:interface_use_delete",
        lambda w: f"/genutzte-schnittstellen/{_use(w).pk}/loeschen/",
        allowed=EDITORS_OF_A,
    ),
]
