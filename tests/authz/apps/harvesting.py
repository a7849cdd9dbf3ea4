"""Authorisation cases for harvesting: sources and runs are for platform administration and
coordination only; a coordinator manages sources without a network or of a network they
coordinate."""

from ikone.core.audit import Actor
from ikone.harvesting import services

from ..common import COORDINATORS, Case

SYSTEM = Actor.system("authz")
ONLY_ADMINS = {"platform_admin"}


def _source(world, slug="quelle", network=None):
    # an internal address not on the allow-list: a run fails at once, without a network
    values = {
        "slug": slug,
        "name": "Quelle",
        "kind": "peer",
        "base_url": "http://127.0.0.1:9/",
        "network": network,
    }
    return services.source_create(actor=SYSTEM, values=values)


def _run(world):
    return services.harvest_run(actor=SYSTEM, source=_source(world))


def _json(data):
    return lambda w: (data(w) if callable(data) else data, "application/json")


BODY = {"slug": "neu", "name": "Neu", "kind": "peer", "base_url": "https://a.example/"}
FORM = {**BODY, "trust_level": "medium", "interval_minutes": "0", "enabled": "on"}

API_CASES = [
    Case("GET", "/api/v1/harvest/sources", lambda w: "/api/v1/harvest/sources", allowed=COORDINATORS),
    Case(
        "POST",
        "/api/v1/harvest/sources",
        lambda w: "/api/v1/harvest/sources",
        allowed=COORDINATORS,
        body=_json(lambda w: {**BODY, "network": w.network.slug}),
    ),
    Case(
        "POST",
        "/api/v1/harvest/sources",
        lambda w: "/api/v1/harvest/sources",
        allowed=ONLY_ADMINS,
        body=_json(lambda w: {**BODY, "network": w.other_network.slug}),
    ),
    Case(
        "GET",
        "/api/v1/harvest/sources/{slug}",
        lambda w: f"/api/v1/harvest/sources/{_source(w).slug}",
        allowed=COORDINATORS,
    ),
    Case(
        "PUT",
        "/api/v1/harvest/sources/{slug}",
        lambda w: f"/api/v1/harvest/sources/{_source(w, network=w.network).slug}",
        allowed=COORDINATORS,
        body=_json(lambda w: {**BODY, "slug": "quelle", "network": w.network.slug}),
    ),
    Case(
        "DELETE",
        "/api/v1/harvest/sources/{slug}",
        lambda w: f"/api/v1/harvest/sources/{_source(w, network=w.other_network).slug}",
        allowed=ONLY_ADMINS,
    ),
    Case(
        "POST",
        "/api/v1/harvest/sources/{slug}/runs",
        lambda w: f"/api/v1/harvest/sources/{_source(w).slug}/runs",
        allowed=COORDINATORS,
        body=_json({}),
    ),
    Case("GET", "/api/v1/harvest/runs", lambda w: "/api/v1/harvest/runs", allowed=COORDINATORS),
    Case(
        "GET",
        "/api/v1/harvest/runs/{run_id}",
        lambda w: f"/api/v1/harvest/runs/{_run(w).pk}",
        allowed=COORDINATORS,
    ),
    Case(
        "GET",
        "/api/v1/harvest/runs/{run_id}/items",
        lambda w: f"/api/v1/harvest/runs/{_run(w).pk}/items",
        allowed=COORDINATORS,
    ),
]

UI_WRITE_CASES = [
    Case(
        "POST",
        "harvesting:run-start",
        lambda w: f"/katalogimport/quellen/{_source(w).slug}/starten/",
        allowed=COORDINATORS,
        body=lambda w: ({}, None),
    ),
    Case(
        "POST",
        "harvesting:source-create",
        lambda w: "/katalogimport/quellen/neu/",
        allowed=COORDINATORS,
        body=lambda w: ({**FORM, "network": w.network.slug}, None),
    ),
    Case(
        "POST",
        "harvesting:source-edit",
        lambda w: f"/katalogimport/quellen/{_source(w, network=w.network).slug}/bearbeiten/",
        allowed=COORDINATORS,
        body=lambda w: ({**FORM, "slug": "quelle", "network": w.network.slug}, None),
    ),
    Case(
        "POST",
        "harvesting:source-delete",
        lambda w: f"/katalogimport/quellen/{_source(w, network=w.other_network).slug}/entfernen/",
        allowed=ONLY_ADMINS,
        body=lambda w: ({}, None),
    ),
]
