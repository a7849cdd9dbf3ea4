"""Authentication for API writes: a personal token with write scope, or a signed-in session with CSRF.

Whether the person may make the change is decided by the services through ikone.accounts.policy.
"""

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import SessionAuth

from ikone.accounts.models import TokenScope


class WriteAuth(SessionAuth):
    """Anonymous → 401; read-only token → 403; otherwise the user (session requests need CSRF)."""

    def __call__(self, request: HttpRequest) -> Any:
        token = getattr(request, "api_token", None)
        if token is not None:
            if token.scope != TokenScope.WRITE:
                raise HttpError(403, "Dieses API-Token darf nur lesen.")
            return request.user
        return super().__call__(request)

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None  # 401 before any CSRF check
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


write_auth = WriteAuth()
