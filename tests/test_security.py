"""Security baseline across the site: CSP, cookies, and the production settings under `check --deploy`."""

import os
import secrets
import string
import subprocess
import sys

import pytest
from django.conf import settings

PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "ikone.config.settings.prod",
    "ALLOWED_HOSTS": "ikone.example.org",
    "DATABASE_URL": "postgres://u:p@localhost/ikone",
}


def _secret_key() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(50))


def _run_ikone(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "SECRET_", "OIDC_"))
    }
    return subprocess.run(
        [sys.executable, "-m", "ikone.manage", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/anmelden/", "/passwort-vergessen/", "/api/v1/docs"])
def test_pages_carry_a_csp_that_allows_only_own_scripts(client, path):
    response = client.get(path)

    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy.get("script-src", []) + policy.get("default-src", [])
    assert "'unsafe-eval'" not in policy.get("script-src", [])
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_api_docs_load_swagger_from_our_own_static_files(client):
    body = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn" not in body.lower()


def test_session_cookie_settings():
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.CSRF_COOKIE_SAMESITE == "Lax"
    assert 15 * 60 <= settings.SESSION_COOKIE_AGE <= 24 * 60 * 60


@pytest.mark.django_db
def test_the_session_cookie_is_http_only_and_same_site_lax(client):
    from ikone.accounts.models import User

    User.objects.create_user(email="cookie@example.org", password="ein-gutes-Passwort-9")
    response = client.post(
        "/anmelden/", {"username": "cookie@example.org", "password": "ein-gutes-Passwort-9"}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_axes_backend_comes_first():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_check_deploy_reports_no_issues_with_production_settings():
    result = _run_ikone("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=_secret_key(), **PROD_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("secret_key", "hosts", "message"),
    [
        ("", "ikone.example.org", "SECRET_KEY"),
        ("zu-kurz", "ikone.example.org", "SECRET_KEY"),
        ("dev-" + "x" * 40, "ikone.example.org", "SECRET_KEY"),
        (None, "*", "ALLOWED_HOSTS"),
        (None, "ikone.example.org,*", "ALLOWED_HOSTS"),
        (None, "", "ALLOWED_HOSTS"),
    ],
)
def test_production_settings_refuse_to_start_without_a_real_key_or_with_wildcard_hosts(
    secret_key, hosts, message
):
    env = {
        **PROD_ENV,
        "SECRET_KEY": _secret_key() if secret_key is None else secret_key,
        "ALLOWED_HOSTS": hosts,
    }

    result = _run_ikone("check", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr
