"""When the database cannot be reached, pages and API answer 503 (temporary, retry), not 500."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_a_page_answers_503_with_a_page_that_needs_no_database(client: Client) -> None:
    with mock.patch("ikone.web.views.platform_figures", side_effect=OperationalError("server closed")):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "Vorübergehend nicht erreichbar" in page
    assert '<html lang="de">' in page


@pytest.mark.django_db
def test_the_api_answers_503_with_its_error_body(client: Client) -> None:
    with mock.patch(
        "ikone.organizations.selectors.organization_list", side_effect=OperationalError("server closed")
    ):
        response = client.get("/api/v1/organizations")
    assert response.status_code == 503
    assert response.json() == {
        "detail": "Die Datenbank ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Sekunden erneut.",
        "errors": [],
    }


@pytest.mark.django_db
def test_other_errors_stay_500(client: Client) -> None:
    with mock.patch("ikone.web.views.platform_figures", side_effect=RuntimeError("kaputt")):
        response = client.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
