"""The shipped reference data, imported for real: the figures the README promises."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported():
    out = io.StringIO()
    call_command("import-reference", "--quiet", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def count(client, query):
    response = client.get(query)
    assert response.status_code == 200
    return response.json()["count"]


def test_full_import_matches_the_published_counts_and_is_idempotent(imported):
    client = Client()
    assert count(client, "/api/v1/services?limit=1") == 557
    assert count(client, "/api/v1/organizations?level=gemeinde&limit=1") == 10982
    assert count(client, "/api/v1/organizations?land=07&level=gemeinde&limit=1") == 2302
    assert count(client, "/api/v1/organizations?level=kreis&limit=1") == 400
    assert count(client, "/api/v1/organizations?level=land&limit=1") == 16
    assert count(client, "/api/v1/organizations?level=gemeindeverband&limit=1") == 1206
    assert count(client, "/api/v1/organizations?kreis=09479&level=gemeinde&limit=1") == 26
    wunsiedel = client.get("/api/v1/organizations?kreis=09479&level=kreis").json()["items"][0]
    assert wunsiedel["population"] == 71482
    assert "557 neu" in imported
    assert "5249 neu" in imported

    out = io.StringIO()
    call_command("import-reference", "--quiet", stdout=out, stderr=io.StringIO())
    assert "Keine Änderungen" in out.getvalue()
    assert " 0 neu, 0 geändert" in out.getvalue()
