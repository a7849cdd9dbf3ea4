"""Sign-in with an organisation account: the full OpenID Connect code flow against a fake provider.

The provider's token, userinfo and JWKS endpoints are played by `FakeProvider`, which replaces
`requests` inside mozilla-django-oidc (the only thing that leaves the process). It signs real
RS256 id_tokens with a key generated for the test run and checks what the client sends.
"""

import json
import time
from dataclasses import dataclass, field
from typing import Any
from unittest import mock
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.test import Client, override_settings

from ikone.accounts.models import User
from ikone.core.models import ChangeRecord

pytestmark = pytest.mark.django_db

IDP = "https://idp.example.org/realms/kommunen/protocol/openid-connect"
CLIENT_ID = "ikone"
CLIENT_SECRET = "geheimnis-des-clients"
PRIVATE_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)

OIDC_SETTINGS: dict[str, Any] = {
    "OIDC_ENABLED": True,
    "OIDC_RP_CLIENT_ID": CLIENT_ID,
    "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
    "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{IDP}/auth",
    "OIDC_OP_TOKEN_ENDPOINT": f"{IDP}/token",
    "OIDC_OP_USER_ENDPOINT": f"{IDP}/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": f"{IDP}/certs",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "AUTHENTICATION_BACKENDS": [*settings.AUTHENTICATION_BACKENDS, settings.OIDC_BACKEND],
}


def _response(payload: Any, status: int = 200) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps(payload).encode()
    response.headers["Content-Type"] = "application/json"
    return response


@dataclass
class FakeProvider:
    """Keycloak in a nutshell: issues one code per login and answers for it."""

    claims: dict[str, Any] = field(default_factory=dict)
    audience: str = CLIENT_ID
    nonce: str = ""
    code: str = "code-4711"
    access_token: str = "access-token-0815"
    token_requests: list[dict[str, Any]] = field(default_factory=list)

    def authorize(self, location: str) -> dict[str, str]:
        """What the browser does at the provider: read the request, remember the nonce."""
        assert location.startswith(f"{IDP}/auth?")
        query = {key: values[0] for key, values in parse_qs(urlparse(location).query).items()}
        assert query["client_id"] == CLIENT_ID
        assert query["response_type"] == "code"
        assert set(query["scope"].split()) >= {"openid", "email"}
        assert query["redirect_uri"] == "http://testserver/oidc/callback/"
        self.nonce = query["nonce"]
        return {"code": self.code, "state": query["state"]}

    def id_token(self) -> str:
        now = int(time.time())
        payload = {
            "iss": IDP,
            "aud": self.audience,
            "sub": "f3b1c2d4",
            "iat": now,
            "exp": now + 300,
            "nonce": self.nonce,
            "email": self.claims.get("email"),
        }
        return jwt.encode(payload, PRIVATE_KEY, algorithm="RS256", headers={"kid": "test-key"})

    def post(self, url: str, data: dict[str, Any], **kwargs: Any) -> requests.Response:
        assert url == f"{IDP}/token"
        self.token_requests.append(dict(data))
        if data.get("code") != self.code or data.get("client_secret") != CLIENT_SECRET:
            return _response({"error": "invalid_grant"}, status=400)
        return _response(
            {"id_token": self.id_token(), "access_token": self.access_token, "token_type": "Bearer"}
        )

    def get(self, url: str, headers: dict[str, str] | None = None, **kwargs: Any) -> requests.Response:
        if url == f"{IDP}/certs":
            public = jwt.algorithms.RSAAlgorithm.to_jwk(PRIVATE_KEY.public_key(), as_dict=True)
            return _response({"keys": [{**public, "kid": "test-key", "alg": "RS256", "use": "sig"}]})
        assert url == f"{IDP}/userinfo"
        assert (headers or {}).get("Authorization") == f"Bearer {self.access_token}"
        return _response({"sub": "f3b1c2d4", **self.claims})


@pytest.fixture
def provider():
    fake = FakeProvider(
        claims={
            "email": "Clara.Kommune@Example.org",
            "email_verified": True,
            "given_name": "Clara",
            "family_name": "Kommune",
        }
    )
    with mock.patch("mozilla_django_oidc.auth.requests") as patched:
        patched.get.side_effect = fake.get
        patched.post.side_effect = fake.post
        yield fake


def sign_in(client: Client, provider: FakeProvider, next_url: str = "/loesungen/"):
    start = client.get("/oidc/authenticate/", {"next": next_url})
    assert start.status_code == 302
    return client.get("/oidc/callback/", provider.authorize(start["Location"]))


@override_settings(**OIDC_SETTINGS, AXES_ENABLED=True)
def test_first_sign_in_creates_the_account_by_lowercased_email_and_logs_in(client, provider):
    response = sign_in(client, provider)

    assert response.status_code == 302
    assert response["Location"] == "/loesungen/"
    user = User.objects.get()
    assert user.email == "clara.kommune@example.org"
    assert (user.first_name, user.last_name) == ("Clara", "Kommune")
    assert not user.has_usable_password()
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/").wsgi_request.user == user
    assert provider.token_requests[0]["redirect_uri"] == "http://testserver/oidc/callback/"
    assert ChangeRecord.objects.filter(object_type="accounts.user", object_id=str(user.pk)).exists()


@override_settings(**OIDC_SETTINGS)
def test_sign_in_finds_an_existing_account_whatever_the_case_of_the_address(client, provider):
    existing = User.objects.create_user(email="clara.kommune@example.org", password="lokales-Passwort-1")

    sign_in(client, provider)

    assert User.objects.count() == 1
    assert client.session["_auth_user_id"] == str(existing.pk)


@override_settings(**OIDC_SETTINGS)
def test_an_unverified_address_is_refused(client, provider):
    User.objects.create_user(email="clara.kommune@example.org", password="lokales-Passwort-1")
    provider.claims["email_verified"] = False

    response = sign_in(client, provider)

    assert response["Location"] == "/anmelden/"
    assert "_auth_user_id" not in client.session


@override_settings(**OIDC_SETTINGS)
def test_a_token_issued_to_another_client_is_refused(client, provider):
    provider.audience = "another-client"

    response = sign_in(client, provider)

    assert response.status_code == 400  # like a wrong nonce or signature upstream: SuspiciousOperation
    assert "_auth_user_id" not in client.session
    assert not User.objects.exists()


@override_settings(**OIDC_SETTINGS)
def test_a_callback_with_a_forged_state_is_rejected(client, provider):
    start = client.get("/oidc/authenticate/")
    params = provider.authorize(start["Location"])

    response = client.get("/oidc/callback/", {**params, "state": "von-jemand-anderem"})

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert provider.token_requests == []


@override_settings(**OIDC_SETTINGS)
def test_login_page_offers_the_organisation_account_when_configured(client):
    body = client.get("/anmelden/?next=/loesungen/").content.decode()
    assert "Mit Organisationskonto anmelden" in body
    assert 'href="/oidc/authenticate/?next=/loesungen/"' in body


def test_without_configuration_there_is_no_button_and_no_route(client):
    assert not settings.OIDC_ENABLED
    assert "Mit Organisationskonto anmelden" not in client.get("/anmelden/").content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/", {"code": "x", "state": "y"}).status_code == 404
