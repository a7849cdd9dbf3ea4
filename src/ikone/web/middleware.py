from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

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


_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _nul_fields(request: HttpRequest) -> list[str]:
    """Names of the request parts that hold a NUL character: "path", or the name of a query
    parameter or form field."""
    fields = ["path"] if "\x00" in request.path else []
    data = [request.GET]
    if request.method == "POST" and request.content_type in _FORMS:
        data.append(request.POST)
    for values_of in data:
        for key, values in values_of.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                fields.append(key.replace("\x00", "\\0"))
    return fields


class RejectNulMiddleware:
    """Refuses a NUL character in the path, the query string or a posted form before a view runs.

    PostgreSQL text cannot hold NUL, so such a value would end in a database error (a 500);
    SQLite would simply find nothing. Django's form fields refuse NUL, but several views read
    posted values directly; JSON bodies are refused by the API's parser (`api.api.JsonParser`).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        form = request.method == "POST" and request.content_type in _FORMS
        if not form and "\x00" not in request.path and "%00" not in query and "\x00" not in query:
            return self.get_response(request)
        fields = _nul_fields(request)
        if not fields:
            return self.get_response(request)
        detail = str(_("Die Anfrage ist ungültig."))
        if request.path.startswith("/api/"):
            errors = [{"field": field, "message": str(NUL_MESSAGE)} for field in fields]
            return JsonResponse({"detail": detail, "errors": errors}, status=422)
        error = DomainError(detail=f"{detail} {NUL_MESSAGE}", status=400)
        return render(request, "web/error.html", {"error": error}, status=400)
