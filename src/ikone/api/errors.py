"""One place that turns errors into the API's structured error body."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from ikone.core.errors import DomainError


def error_body(detail: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or []}


def _field_of(loc: list[Any] | tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in {"body", "query", "path", "payload", "header", "cookie", "form"}]
    return ".".join(parts)


_ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
_DOCUMENTED = {
    "400": "Der Anfragekörper ist kein gültiges JSON",
    "401": "Anmeldung erforderlich",
    "422": "Die Anfrage ist ungültig",
}


def _document_error_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers that the handlers below give for any operation to the OpenAPI document.

    Every operation with parameters or a body answers 422 when they are invalid, one with a JSON
    body 400 when it cannot be parsed, and every operation with security 401 without
    credentials; not every router lists them.
    """
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    if "ErrorOut" not in components:
        from ikone.api.schemas import ErrorOut, FieldErrorOut

        ref_template = "#/components/schemas/{model}"
        components["ErrorOut"] = ErrorOut.model_json_schema(ref_template=ref_template)
        components["FieldErrorOut"] = FieldErrorOut.model_json_schema(ref_template=ref_template)
        components["ErrorOut"].pop("$defs", None)
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            wanted = []
            if operation.get("parameters") or operation.get("requestBody"):
                wanted.append("422")
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                wanted.append("400")
            if operation.get("security"):
                wanted.append("401")
            for status in wanted:
                if status in responses or int(status) in responses:  # ninja keys them as int
                    continue
                responses[int(status)] = {
                    "description": _DOCUMENTED[status],
                    "content": {"application/json": {"schema": _ERROR_REF}},
                }
    return schema


def install_error_handlers(api: NinjaAPI) -> None:
    original_schema = api.get_openapi_schema

    def get_openapi_schema(*args: Any, **kwargs: Any) -> Any:
        return _document_error_responses(original_schema(*args, **kwargs))

    api.get_openapi_schema = get_openapi_schema  # type: ignore[method-assign]

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return api.create_response(
            request,
            error_body(exc.detail, [{"field": e.field, "message": e.message} for e in exc.errors]),
            status=exc.status,
        )

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {"field": _field_of(e.get("loc", [])), "message": str(e.get("msg", ""))} for e in exc.errors
        ]
        return api.create_response(request, error_body("Die Anfrage ist ungültig.", errors), status=422)

    @api.exception_handler(DjangoValidationError)
    def model_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        errors = [
            {"field": field, "message": str(message)}
            for field, messages in getattr(exc, "message_dict", {"": exc.messages}).items()
            for message in messages
        ]
        return api.create_response(request, error_body("Die Angaben sind ungültig.", errors), status=422)

    @api.exception_handler(OverflowError)
    def number_out_of_range(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # A number beyond the database's integer columns (ids, OZG-IDs): the driver refuses it.
        return api.create_response(
            request, error_body("Eine Zahl liegt außerhalb des gültigen Bereichs."), status=422
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, error_body(str(exc) or "Nicht gefunden."), status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(request, error_body("Anmeldung erforderlich."), status=401)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        detail = str(exc)
        if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
            detail = _DOCUMENTED["400"] + "."
        return api.create_response(request, error_body(detail), status=exc.status_code)
