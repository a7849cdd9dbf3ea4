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


def test_posted_form_field_with_nul_shows_a_german_error_page_and_changes_nothing(django_user_model):
    from ikone.core.testing.factories import MunicipalityFactory
    from ikone.organizations.models import MembershipRequest

    network = NetworkFactory(slug="ikone-ds")
    organization = MunicipalityFactory()
    client = Client()
    client.force_login(django_user_model.objects.create_superuser(email="admin@example.org", password="x"))
    response = client.post(
        f"/kommunen/{organization.key}/beitritt/", {"network": network.slug, "message": "Hallo\x00"}
    )
    assert response.status_code == 400
    assert "unzulässiges Steuerzeichen" in response.content.decode()
    assert not MembershipRequest.objects.exists()
    accepted = client.post(
        f"/kommunen/{organization.key}/beitritt/", {"network": network.slug, "message": "Hallo"}
    )
    assert accepted.status_code == 302
    assert MembershipRequest.objects.count() == 1


def test_posted_multipart_field_with_nul_is_refused_and_file_content_is_not_looked_at():
    NetworkFactory(slug="ikone-ds")
    from django.core.files.uploadedfile import SimpleUploadedFile

    refused = Client().post("/loesungen/", {"q": "a\x00", "file": SimpleUploadedFile("x.bin", b"\x00\x01")})
    assert refused.status_code == 400
    passed = Client().post("/loesungen/", {"q": "a", "file": SimpleUploadedFile("x.bin", b"\x00\x01")})
    assert passed.status_code != 400


def test_api_form_body_with_nul_is_a_structured_422():
    response = Client().post(
        "/api/v1/solutions/import", "name=a%00", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["name"]
