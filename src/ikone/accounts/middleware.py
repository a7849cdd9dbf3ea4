from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from ikone.accounts.services import token_authenticate


class ApiTokenMiddleware:
    """`Authorization: Bearer <token>` on /api/ requests: the token's owner becomes request.user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        request.api_token = None  # type: ignore[attr-defined]
        if request.path.startswith("/api/") and header.lower().startswith("bearer "):
            token = token_authenticate(header[7:].strip())
            if token is None:
                return JsonResponse(
                    {"detail": "Das API-Token ist ungültig, abgelaufen oder widerrufen.", "errors": []},
                    status=401,
                )
            request.user = token.user
            request.api_token = token  # type: ignore[attr-defined]
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]  # bearer requests carry no cookies
        return self.get_response(request)
