"""Authorisation matrix: every API endpoint and every UI write view × every kind of actor.

A new endpoint without an entry here or in `tests/authz/apps/` makes
`test_matrix_covers_every_api_endpoint` fail.
"""

import importlib
import pkgutil

import pytest

from ikone.api.api import api
from ikone.catalog.publiccode import parse
from ikone.catalog.tests.factories import publiccode_yaml

from . import apps as app_cases
from .common import ADMINS_OF_A, COORDINATORS, EDITORS_OF_A, SIGNED_IN, Case
from .conftest import ACTORS, client_for


def _document(world, **changes):
    return {"document": {**parse(publiccode_yaml(**changes)).data}, "owner": world.org_a.ags}


API_CASES = [
    Case("GET", "/api/v1/health", lambda w: "/api/v1/health"),
    Case("GET", "/api/v1/ready", lambda w: "/api/v1/ready"),
    Case("GET", "/api/v1/organizations", lambda w: "/api/v1/organizations"),
    Case("GET", "/api/v1/organizations/{key}", lambda w: f"/api/v1/organizations/{w.org_a.ags}"),
    Case("GET", "/api/v1/networks", lambda w: "/api/v1/networks"),
    Case("GET", "/api/v1/networks/{slug}", lambda w: f"/api/v1/networks/{w.network.slug}"),
    Case("GET", "/api/v1/services", lambda w: "/api/v1/services"),
    Case("GET", "/api/v1/services/{ozg_id}", lambda w: "/api/v1/services/10200"),
    Case("GET", "/api/v1/maturity-models", lambda w: "/api/v1/maturity-models"),
    Case("GET", "/api/v1/solutions", lambda w: "/api/v1/solutions"),
    Case("GET", "/api/v1/solutions/{slug}", lambda w: f"/api/v1/solutions/{w.solution.slug}"),
    Case(
        "GET",
        "/api/v1/solutions/{slug}/publiccode.yml",
        lambda w: f"/api/v1/solutions/{w.solution.slug}/publiccode.yml",
    ),
    Case(
        "POST",
        "/api/v1/publiccode/validate",
        lambda w: "/api/v1/publiccode/validate",
        body=lambda w: (publiccode_yaml(), "application/yaml"),
    ),
    Case(
        "POST",
        "/api/v1/solutions",
        lambda w: "/api/v1/solutions",
        allowed=EDITORS_OF_A,
        body=lambda w: (_document(w, url="https://git.example.org/speyer/neu"), "application/json"),
    ),
    Case(
        "POST",
        "/api/v1/solutions/import",
        lambda w: f"/api/v1/solutions/import?owner={w.org_a.ags}",
        allowed=EDITORS_OF_A,
        body=lambda w: (publiccode_yaml(url="https://git.example.org/speyer/import"), "application/yaml"),
    ),
    Case(
        "PUT",
        "/api/v1/solutions/{slug}",
        lambda w: f"/api/v1/solutions/{w.solution.slug}",
        allowed=EDITORS_OF_A,
        body=lambda w: (_document(w, license="AGPL-3.0-or-later"), "application/json"),
    ),
    Case(
        "DELETE",
        "/api/v1/solutions/{slug}",
        lambda w: f"/api/v1/solutions/{w.solution.slug}",
        allowed=EDITORS_OF_A,
    ),
    Case(
        "POST",
        "/api/v1/networks/{slug}/invitations",
        lambda w: f"/api/v1/networks/{w.network.slug}/invitations",
        allowed=COORDINATORS,
        body=lambda w: ({"organization": w.org_b.ags}, "application/json"),
    ),
    Case(
        "POST",
        "/api/v1/networks/{slug}/join-requests",
        lambda w: f"/api/v1/networks/{w.other_network.slug}/join-requests",
        allowed=ADMINS_OF_A,
        body=lambda w: ({"organization": w.org_a.ags}, "application/json"),
    ),
    Case(
        "POST",
        "/api/v1/membership-requests/{request_id}/accept",
        lambda w: f"/api/v1/membership-requests/{w.invitation.pk}/accept",
        allowed=ADMINS_OF_A,
    ),
    Case(
        "POST",
        "/api/v1/membership-requests/{request_id}/decline",
        lambda w: f"/api/v1/membership-requests/{w.invitation.pk}/decline",
        allowed=ADMINS_OF_A,
    ),
    Case(
        "GET",
        "/api/v1/organizations/{key}/coverage",
        lambda w: f"/api/v1/organizations/{w.org_a.ags}/coverage",
    ),
    Case(
        "GET",
        "/api/v1/organizations/{key}/coverage/history",
        lambda w: f"/api/v1/organizations/{w.org_a.ags}/coverage/history",
    ),
    Case(
        "GET",
        "/api/v1/organizations/{key}/coverage/{ozg_id}",
        lambda w: f"/api/v1/organizations/{w.org_a.ags}/coverage/10200",
    ),
    Case("GET", "/api/v1/organizations/{key}/gaps", lambda w: f"/api/v1/organizations/{w.org_a.ags}/gaps"),
    Case("GET", "/api/v1/networks/{slug}/coverage", lambda w: f"/api/v1/networks/{w.network.slug}/coverage"),
    Case("GET", "/api/v1/coverage/national", lambda w: "/api/v1/coverage/national"),
    Case("GET", "/api/v1/coverage/lands/{land}", lambda w: "/api/v1/coverage/lands/07"),
    Case("GET", "/api/v1/coverage/kreise/{kreis}", lambda w: f"/api/v1/coverage/kreise/{w.org_a.kreis_key}"),
    Case("GET", "/api/v1/coverage/template.csv", lambda w: "/api/v1/coverage/template.csv"),
    Case("GET", "/api/v1/coverage/template.xlsx", lambda w: "/api/v1/coverage/template.xlsx"),
    Case(
        "PUT",
        "/api/v1/organizations/{key}/coverage/{ozg_id}",
        lambda w: f"/api/v1/organizations/{w.org_a.ags}/coverage/10200",
        allowed=EDITORS_OF_A,
        body=lambda w: ({"level": 3, "model": "1.1"}, "application/json"),
    ),
    Case(
        "PUT",
        "/api/v1/organizations/{key}/coverage/leika/{leika_key}",
        lambda w: f"/api/v1/organizations/{w.org_a.ags}/coverage/leika/99121001000000",
        allowed=EDITORS_OF_A,
        body=lambda w: ({"level": 4, "model": "1.1"}, "application/json"),
    ),
    Case(
        "POST",
        "/api/v1/organizations/{key}/coverage/bulk",
        lambda w: f"/api/v1/organizations/{w.org_a.ags}/coverage/bulk",
        allowed=EDITORS_OF_A,
        body=lambda w: ({"level": 1, "model": "1.1", "themenfeld": _themenfeld()}, "application/json"),
    ),
    Case(
        "POST",
        "/api/v1/organizations/{key}/coverage/import",
        lambda w: f"/api/v1/organizations/{w.org_a.ags}/coverage/import",
        allowed=EDITORS_OF_A,
        body=lambda w: ({"file": _csv()}, None),
    ),
]

UI_WRITE_CASES = [
    Case(
        "POST",
        "catalog:solution-upload",
        lambda w: "/loesungen/hochladen/",
        allowed=EDITORS_OF_A,
        body=lambda w: ({"owner": w.org_a.ags, "file": _upload()}, None),
    ),
    Case(
        "POST",
        "catalog:solution-edit",
        lambda w: f"/loesungen/{w.solution.slug}/bearbeiten/",
        allowed=EDITORS_OF_A,
        body=lambda w: (_form(w), None),
    ),
    Case(
        "POST",
        "catalog:solution-create",
        lambda w: "/loesungen/neu/",
        allowed=EDITORS_OF_A,
        body=lambda w: (_form(w, url="https://git.example.org/speyer/formular"), None),
    ),
    Case(
        "POST",
        "catalog:solution-delete",
        lambda w: f"/loesungen/{w.solution.slug}/loeschen/",
        allowed=EDITORS_OF_A,
    ),
    Case(
        "POST",
        "organizations:network-invite",
        lambda w: f"/netzwerke/{w.network.slug}/einladen/",
        allowed=COORDINATORS,
        body=lambda w: ({"organization": w.org_b.ags}, None),
    ),
    Case(
        "POST",
        "organizations:network-join-request",
        lambda w: f"/kommunen/{w.org_a.ags}/beitritt/",
        allowed=ADMINS_OF_A,
        body=lambda w: ({"network": w.other_network.slug}, None),
    ),
    Case(
        "POST",
        "organizations:request-decide",
        lambda w: f"/anfragen/{w.invitation.pk}/entscheiden/",
        allowed=ADMINS_OF_A,
        body=lambda w: ({"decision": "accept"}, None),
    ),
    Case(
        "POST",
        "coverage:organization",
        lambda w: f"/kommunen/{w.org_a.ags}/ozg-stand/",
        allowed=EDITORS_OF_A,
        body=lambda w: ({"ozg_id": "10200", "model": "1.1", "level": "3"}, None),
    ),
    Case(
        "POST",
        "accounts:account",
        lambda w: "/konto/",
        allowed=SIGNED_IN,
        body=lambda w: ({"name": "Import", "scope": "read"}, None),
    ),
    Case(
        "POST",
        "accounts:token-revoke",
        lambda w: f"/konto/tokens/{w.token.pk}/widerrufen/",
        allowed={"editor_a", "platform_admin"},
    ),
    Case(
        "POST",
        "accounts:colleague-invite",
        lambda w: f"/konto/einladen/{w.org_a.pk}/",
        allowed=ADMINS_OF_A,
        body=lambda w: (
            {
                f"org{w.org_a.pk}-email": "neu@example.org",
                f"org{w.org_a.pk}-role": "viewer",
                f"org{w.org_a.pk}-organization": w.org_a.pk,
            },
            None,
        ),
    ),
]


for _module_info in pkgutil.iter_modules(app_cases.__path__):
    _module = importlib.import_module(f"{app_cases.__name__}.{_module_info.name}")
    API_CASES += getattr(_module, "API_CASES", [])
    UI_WRITE_CASES += getattr(_module, "UI_WRITE_CASES", [])


def _themenfeld():
    from ikone.ozg.models import Service

    return Service.objects.get(ozg_id=10200).themenfeld.slug


def _csv():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "stand.csv", b"ozg_id,name,level,model,online_since,url,note\n10200,x,3,1.1,,,\n"
    )


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "publiccode.yml", publiccode_yaml(url="https://git.example.org/speyer/upload").encode()
    )


def _form(world, url=None):
    from ikone.catalog.forms import SolutionForm

    data = SolutionForm.initial_from(world.solution)
    if url:
        data["url"] = url
        data["name"] = "Neue Lösung"
    return data


def _request(client, case, world):
    data, content_type = case.body(world) if case.body else (None, None)
    method = getattr(client, case.method.lower())
    if content_type is None:
        return method(case.url(world), data or {})
    return method(case.url(world), data, content_type=content_type)


def test_matrix_covers_every_ui_write_view():
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "ikone_write_view", False):
                yield f"{namespace}:{pattern.name}"

    write_views = set(walk(get_resolver().url_patterns))
    assert {case.path for case in UI_WRITE_CASES} == write_views


def test_matrix_covers_every_api_endpoint():
    schema = api.get_openapi_schema()
    documented = {
        (method.upper(), path) for path, operations in schema["paths"].items() for method in operations
    }
    covered = {(case.method, case.path) for case in API_CASES}
    assert documented - covered == set(), "endpoints without an entry in the authorisation matrix"
    assert covered - documented == set(), "matrix entries for endpoints that do not exist"


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", API_CASES, ids=lambda c: f"{c.method} {c.path}")
def test_api_endpoint_allows_exactly_the_expected_actors(world, case, actor):
    response = _request(client_for(world, actor), case, world)
    if actor in case.allowed:
        assert response.status_code < 400, (response.status_code, response.content[:300])
    else:
        assert response.status_code == (401 if actor == "anonymous" else 403), response.content[:300]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", UI_WRITE_CASES, ids=lambda c: c.path)
def test_ui_write_view_allows_exactly_the_expected_actors(world, case, actor):
    before = world.solution.__class__.objects.count()
    response = _request(client_for(world, actor), case, world)
    if actor in case.allowed:
        assert response.status_code in {200, 302}, (response.status_code, response.content[:500])
        assert response.status_code == 200 or not response["Location"].startswith("/anmelden/")
    elif actor == "anonymous":
        assert response.status_code in {302, 401}
        assert response.status_code == 401 or response["Location"].startswith("/anmelden/")
    else:
        assert response.status_code == 403
        assert world.solution.__class__.objects.count() == before


HISTORY_READERS = {"viewer_a", "editor_a", "orgadmin_a", "platform_admin"}


@pytest.mark.parametrize("actor", ACTORS)
def test_change_history_is_readable_by_the_organisations_people_only(world, actor):
    client = client_for(world, actor)
    for url in (
        f"/kommunen/{world.org_a.ags}/aenderungen/",
        f"/loesungen/{world.solution.slug}/aenderungen/",
    ):
        response = client.get(url)
        if actor in HISTORY_READERS:
            assert response.status_code == 200
            assert "Änderungsverlauf" in response.content.decode()
        else:
            assert response.status_code == (401 if actor == "anonymous" else 403)
