"""NUL characters in URLs are refused before a view runs (PostgreSQL text cannot hold them)."""

import pytest
from django.test import Client

from ikone.core.testing.factories import NetworkFactory

pytestmark = pytest.mark.django_db


def test_api_query_parameter_with_nul_is_a_structured_422():
    response = Client().get("/api/v1/coverage/national?model=%00abc")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Die Anfrage ist ungültig."
    assert body["errors"] == [
        {"field": "model", "message": "Die Angabe enthält ein unzulässiges Steuerzeichen (NUL)."}
    ]


def test_api_path_with_nul_is_a_422_naming_the_path():
    response = Client().get("/api/v1/solutions/abc%00def")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["path"]


def test_every_offending_parameter_is_named_once():
    response = Client().get("/api/v1/solutions?q=a%00&license=EUPL-1.2&owner=%00&owner=x")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["q", "owner"]


def test_web_page_with_nul_in_the_query_shows_a_german_error_page():
    NetworkFactory(slug="ikone-ds")
    response = Client().get("/loesungen/?q=Hund%00")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Das hat nicht geklappt" in html
    assert "unzulässiges Steuerzeichen" in html


def test_urls_without_nul_pass_unchanged():
    response = Client().get("/api/v1/solutions?q=%2500")  # an encoded "%00" is text, not NUL
    assert response.status_code == 200
