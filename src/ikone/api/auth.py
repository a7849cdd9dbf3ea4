"""Authentication for writes. Until organisation roles exist, writes need a staff account."""

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import SessionAuth


class StaffSession(SessionAuth):
    """Signed-in session (with CSRF); anonymous → 401, signed in without staff rights → 403."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None  # 401 before any CSRF check
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            return None
        if not user.is_staff:
            raise HttpError(403, "Keine Berechtigung für diese Änderung.")
        return user


staff_session = StaffSession()
