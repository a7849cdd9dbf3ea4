"""Sign-in with an organisation account over OpenID Connect (e.g. Keycloak), matched by e-mail."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from ikone.accounts.models import User
from ikone.accounts.services import user_create
from ikone.core.audit import Actor

logger = logging.getLogger(__name__)


def _email(claims: dict[str, Any]) -> str:
    return str(claims.get("email") or "").strip().lower()


class EmailOIDCBackend(OIDCAuthenticationBackend):
    """Finds the account by the (lower-cased) e-mail claim, or creates it on first sign-in.

    An e-mail address the provider marks as unverified (`email_verified: false`) is refused: it
    would otherwise let anybody who can register that address at the provider take over the
    local account that has it.
    """

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """Signature, expiry and nonce (upstream), and also that the id_token was issued to us."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The id_token was issued to another client.")
        return payload

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        if not _email(claims):
            return False
        return claims.get("email_verified") is not False

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = _email(claims)
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email)

    def create_user(self, claims: dict[str, Any]) -> User:
        return user_create(
            actor=Actor.system("OpenID Connect"),
            email=_email(claims),
            first_name=str(claims.get("given_name") or "")[:150],
            last_name=str(claims.get("family_name") or "")[:150],
        )

    def describe_user_by_claims(self, claims: dict[str, Any]) -> str:
        return "the e-mail claim"  # no address in the logs


def _only_when_enabled(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


authenticate_view = _only_when_enabled(OIDCAuthenticationRequestView.as_view())
callback_view = _only_when_enabled(OIDCAuthenticationCallbackView.as_view())
