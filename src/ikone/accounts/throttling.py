"""Login throttling with django-axes: lockout per (e-mail, client IP) after repeated failures."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def login_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The e-mail address tried, normalised so that `Anna@X.de` and `anna@x.de` count together."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(value).strip().lower()


def throttled_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Zu viele fehlgeschlagene Anmeldeversuche. Aus Sicherheitsgründen ist die Anmeldung "
        "für dieses Konto von Ihrem Gerät aus vorübergehend gesperrt. Bitte versuchen Sie es "
        "in %(minutes)s Minuten erneut oder setzen Sie Ihr Passwort zurück."
    ) % {"minutes": minutes}


def render_login_refused(request: HttpRequest, message: str) -> HttpResponse:
    """The login page again, with the reason on top (status 429) and the e-mail kept."""
    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    context = {
        "form": form,
        "refusal": message,
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "oidc_enabled": settings.OIDC_ENABLED,
    }
    return render(request, "accounts/login.html", context, status=429)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: shown instead of the login page while the pair is locked out."""
    return render_login_refused(request, throttled_message())
