from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ikone.core.errors import DomainError


class DomainErrorMiddleware:
    """Renders a domain error raised by a page's service or selector as a German error page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DomainError):
            return render(request, "web/error.html", {"error": exception}, status=exception.status)
        return None
