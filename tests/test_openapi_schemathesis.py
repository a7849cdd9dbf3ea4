"""The whole OpenAPI document, fuzzed with schemathesis in-process (WSGI): no 5xx, responses as documented.

Every operation runs twice with a bounded number of generated requests: anonymously (writes must
answer 401, never 5xx) and with a write-scoped API token of a platform administrator (writes may
succeed, and their responses must match the schema). A small data set gives the list and detail
operations something to return. Examples are derandomized so a run is reproducible.
"""

import datetime as dt
import json

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ikone.accounts.models import TokenScope, User
from ikone.accounts.services import token_create
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.config.wsgi import application
from ikone.core.audit import Actor
from ikone.core.testing.factories import (
    LeikaServiceFactory,
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    ServiceFactory,
)
from ikone.participation.services import ItemDraft, process_create, proposal_create
from ikone.participation.tests.factories import citizen
from ikone.web.middleware import NUL_MESSAGE


def _plain(app):
    """The WSGI transport hands over the raw body and does not undo Content-Encoding, so requests
    ask for none (lists and dashboards are gzip-compressed for clients that accept it; that is
    tested in core/tests/test_http.py and the catalog tests)."""

    def plain(environ, start_response):
        environ.pop("HTTP_ACCEPT_ENCODING", None)
        return app(environ, start_response)

    return plain


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _plain(application))

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
BOUNDED = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _keep_the_test_transaction_open():
    """Calls go straight to the WSGI application, so Django's request signals close the database
    connection after each response (on PostgreSQL that ends the test's transaction). Django's own
    test client disconnects the same handler while it runs a request; so do we."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(db):
    kaiserslautern = MunicipalityFactory(
        ags="07312000", name="Kaiserslautern, Stadt", short_name="Kaiserslautern"
    )
    network = NetworkFactory(slug="ikone-ds", short_name="IKONE-DS")
    MembershipFactory(network=network, organization=kaiserslautern)
    service = ServiceFactory(ozg_id=10200, name="Hundesteuer")
    LeikaServiceFactory(service=service)
    actor = Actor.system("schemathesis")
    solution_import(actor=actor, content=publiccode_yaml(), owner=kaiserslautern)
    proposal_create(
        actor=Actor.of(citizen("Anna")),
        organization=kaiserslautern,
        title="Hundesteuer online abmelden",
        text="Bitte auch die Abmeldung online.",
        service=service,
    )
    now = timezone.now()
    process_create(
        actor=actor,
        organization=kaiserslautern,
        title="Was zuerst?",
        kind="ranking",
        starts_at=now - dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=1),
        items=[ItemDraft(title="Fundbüro"), ItemDraft(title="Parkausweis")],
    )
    return network


@pytest.fixture
def write_token(db):
    admin = User.objects.create_user(email="api-admin@example.org", is_staff=True, is_superuser=True)
    _, raw = token_create(
        actor=Actor.system("schemathesis"), user=admin, name="schemathesis", scope=TokenScope.WRITE
    )
    return raw


@pytest.mark.django_db
@schema.parametrize()
@BOUNDED
def test_api_anonymous(case, api_data):
    response = case.call()
    case.validate_response(response, checks=CHECKS)
    if response.request.method != case.operation.method.upper():  # schemathesis probing an undeclared method
        assert response.status_code == 405, response.text
    elif case.operation.definition.raw.get("security") and not _refused_url(response):
        assert response.status_code in {401, 403}, response.text


def _refused_url(response):
    """A URL with a NUL character (say, in the name of an undeclared query parameter) is refused
    with a 422 by the middleware before any view, so before authentication (web/middleware.py)."""
    if response.status_code != 422:
        return False
    errors = response.json()["errors"]
    return bool(errors) and all(e["message"] == str(NUL_MESSAGE) for e in errors)


@pytest.mark.django_db
@schema.parametrize()
@BOUNDED
def test_api_with_write_token(case, api_data, write_token):
    response = case.call(headers={"Authorization": f"Bearer {write_token}"})
    case.validate_response(response, checks=CHECKS)


def _no_duplicate_keys(pairs):
    keys = [key for key, _ in pairs]
    assert len(keys) == len(set(keys)), f"duplicate keys in the OpenAPI document: {keys}"
    return dict(pairs)


def test_openapi_document_has_no_duplicate_keys_and_documents_validation_errors(client):
    document = json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=_no_duplicate_keys)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in operation["responses"], (method, path)
            if operation.get("security"):
                assert "401" in operation["responses"], (method, path)
