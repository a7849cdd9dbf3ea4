"""Login: lockout after repeated failures (django-axes), per-IP limit, password reset by e-mail."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from ikone.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "richtig-langes-Passwort-42"
LOGIN = "/anmelden/"


@pytest.fixture
def anna():
    return User.objects.create_user(email="anna@example.org", password=PASSWORD)


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def login(client: Client, email: str, password: str, ip: str = "192.0.2.10"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_login_page_links_to_password_reset(client):
    body = client.get(LOGIN).content.decode()
    assert 'href="/passwort-vergessen/"' in body
    assert "Passwort vergessen?" in body


def test_login_with_the_right_password_signs_in(client, anna):
    response = login(client, "anna@example.org", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_client_login_and_force_login_still_work_in_tests(anna):
    client = Client()
    assert client.login(username="anna@example.org", password=PASSWORD)
    other = Client()
    other.force_login(anna)
    assert other.get("/").wsgi_request.user == anna


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_sixth_attempt_is_refused_even_with_the_right_password(client, anna):
    for _ in range(4):
        response = login(client, "anna@example.org", "falsch")
        assert response.status_code == 200
        assert "kern-alert--danger" in response.content.decode()
    fifth = login(client, "anna@example.org", "falsch")
    assert fifth.status_code == 429

    sixth = login(client, "anna@example.org", PASSWORD)

    assert sixth.status_code == 429
    assert not logged_in(client)
    body = sixth.content.decode()
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in body
    assert "in 15 Minuten erneut" in body
    assert 'href="/passwort-vergessen/"' in body


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_lockout_counts_the_address_case_insensitively(client, anna):
    for variant in [
        "Anna@example.org",
        "ANNA@EXAMPLE.ORG",
        "anna@Example.org",
        " anna@example.org",
        "anna@example.org",
    ]:
        login(client, variant, "falsch")
    assert login(client, "anna@example.org", PASSWORD).status_code == 429


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_lockout_is_per_address_and_ip(client, anna):
    bert = User.objects.create_user(email="bert@example.org", password=PASSWORD)
    for _ in range(5):
        login(client, "anna@example.org", "falsch", ip="192.0.2.10")

    assert login(Client(), "anna@example.org", PASSWORD, ip="198.51.100.7").status_code == 302
    other = Client()
    assert login(other, bert.email, PASSWORD, ip="192.0.2.10").status_code == 302
    assert login(Client(), "anna@example.org", PASSWORD, ip="192.0.2.10").status_code == 429


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_lockout_ends_after_the_cool_off_period(client, anna):
    for _ in range(5):
        login(client, "anna@example.org", "falsch")
    assert login(client, "anna@example.org", PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert login(client, "anna@example.org", PASSWORD).status_code == 302
    assert logged_in(client)


@override_settings(RATE_LIMITS={"login": (3, 900), "password-reset": (5, 3600)})
def test_login_posts_are_rate_limited_per_ip(client, anna):
    for _ in range(3):
        login(client, "someone@example.org", "falsch", ip="203.0.113.5")
    response = login(client, "anna@example.org", PASSWORD, ip="203.0.113.5")
    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.content.decode()
    assert not logged_in(client)


# --- Password reset ------------------------------------------------------------------------------


def reset_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/passwort-neu/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_password_reset_sends_a_german_mail_with_a_working_link(client, anna):
    page = client.get("/passwort-vergessen/")
    assert page.status_code == 200
    assert "Passwort vergessen" in page.content.decode()

    response = client.post("/passwort-vergessen/", {"email": "Anna@Example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/passwort-vergessen/gesendet/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert message.subject == "Neues Passwort für ikone"
    assert "Guten Tag" in message.body

    link = reset_link(message)
    form_page = client.get(link, follow=True)
    assert "Neues Passwort festlegen" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "ein-ganz-neues-Passwort-7", "new_password2": "ein-ganz-neues-Passwort-7"},
    )
    assert done.status_code == 302
    assert done["Location"] == "/passwort-neu/fertig/"
    anna.refresh_from_db()
    assert anna.check_password("ein-ganz-neues-Passwort-7")

    reused = client.get(link, follow=True)
    assert "ungültig oder abgelaufen" in reused.content.decode()


def test_password_reset_does_not_reveal_whether_an_account_exists(client, anna):
    response = client.post("/passwort-vergessen/", {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/passwort-vergessen/gesendet/"
    assert mail.outbox == []


@override_settings(RATE_LIMITS={"login": (30, 900), "password-reset": (5, 3600)})
def test_password_reset_is_rate_limited(client, anna):
    for number in range(5):
        assert client.post("/passwort-vergessen/", {"email": f"x{number}@example.org"}).status_code == 302

    response = client.post("/passwort-vergessen/", {"email": "anna@example.org"})

    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.content.decode()
    assert mail.outbox == []


@override_settings(RATE_LIMITS={"login": (30, 900), "password-reset": (3, 3600)})
def test_password_reset_is_rate_limited_per_address_across_ips(client, anna):
    for number in range(3):
        client.post("/passwort-vergessen/", {"email": "anna@example.org"}, REMOTE_ADDR=f"192.0.2.{number}")
    response = client.post("/passwort-vergessen/", {"email": "anna@example.org"}, REMOTE_ADDR="192.0.2.99")
    assert response.status_code == 429
    assert len(mail.outbox) == 3


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_a_completed_password_reset_lifts_the_lockout(client, anna):
    for _ in range(5):
        login(client, "anna@example.org", "falsch")
    client.post("/passwort-vergessen/", {"email": "anna@example.org"})
    form_page = client.get(reset_link(mail.outbox[0]), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "ein-ganz-neues-Passwort-7", "new_password2": "ein-ganz-neues-Passwort-7"},
    )

    assert login(client, "anna@example.org", "ein-ganz-neues-Passwort-7").status_code == 302
