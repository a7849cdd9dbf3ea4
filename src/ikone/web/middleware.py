from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ikone.api.errors import error_body
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


NUL_MESSAGE = _("Die Angabe enthält ein unzulässiges Steuerzeichen (NUL).")


def _nul_fields(request: HttpRequest) -> list[str]:
    """Names of the URL parts that hold a NUL character: "path" or a query parameter's name."""
    fields = ["path"] if "\x00" in request.path else []
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            fields.append(key.replace("\x00", "\\0"))
    return fields


class RejectNulMiddleware:
    """Refuses URLs with a NUL character before they reach a view.

    PostgreSQL text cannot hold NUL, so such a value would end in a database error (a 500);
    SQLite would simply find nothing. JSON bodies are refused by the API's parser and Django's
    form fields refuse NUL; this covers the path and the query string (values a view reads from
    `request.POST` itself are not checked).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" not in request.path and "%00" not in query and "\x00" not in query:
            return self.get_response(request)
        fields = _nul_fields(request)
        if not fields:
            return self.get_response(request)
        detail = str(_("Die Anfrage ist ungültig."))
        if request.path.startswith("/api/"):
            errors = [{"field": field, "message": str(NUL_MESSAGE)} for field in fields]
            return JsonResponse(error_body(detail, errors), status=422)
        error = DomainError(detail=f"{detail} {NUL_MESSAGE}", status=400)
        return render(request, "web/error.html", {"error": error}, status=400)
