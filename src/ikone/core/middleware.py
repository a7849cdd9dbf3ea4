import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from ikone.core.context import reset_request_id, set_request_id


class RequestIdMiddleware:
    """Gives each request an id (or takes X-Request-ID) so audit records can be traced."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming[:64] if incoming.isascii() and incoming else uuid.uuid4().hex
        token = set_request_id(request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response
