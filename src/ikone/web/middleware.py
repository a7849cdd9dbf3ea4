from collections.abc import Callable
from contextlib import suppress

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
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


def _posted_form(request: HttpRequest) -> bool:
    """A form body this middleware reads. Multipart bodies of API operations are left alone: an
    operation may read the raw body, which Django no longer offers once the form was parsed."""
    if request.method != "POST":
        return False
    if request.content_type == "application/x-www-form-urlencoded":
        return True
    return request.content_type == "multipart/form-data" and not request.path.startswith("/api/")


def _named(data: QueryDict) -> list[str]:
    return [
        key.replace("\x00", "\\0")
        for key, values in data.lists()
        if "\x00" in key or any("\x00" in value for value in values)
    ]


def _nul_fields(request: HttpRequest) -> list[str]:
    """Names of the request parts that hold a NUL character: "path", a query parameter's name, or
    a posted form field's name (uploaded files are not looked at: their content is the import's
    business, which reports it per row)."""
    fields = ["path"] if "\x00" in request.path else []
    fields += _named(request.GET)
    if _posted_form(request):
        with suppress(MultiPartParserError):  # the view's own parsing reports a broken upload
            fields += [field for field in _named(request.POST) if field not in fields]
    return fields


class RejectNulMiddleware:
    """Refuses URLs and posted form fields with a NUL character before they reach a view.

    PostgreSQL text cannot hold NUL, so such a value would end in a database error (a 500);
    SQLite would simply find nothing or store it. JSON bodies are refused by the API's parser;
    this covers the path, the query string and form fields, also those a view reads from
    `request.POST` itself rather than through a Django form.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if (
            not _posted_form(request)
            and "\x00" not in request.path
            and "%00" not in query
            and "\x00" not in query
        ):
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
