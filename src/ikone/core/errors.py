"""Domain errors: raised by services, mapped to HTTP once in the API and to form errors in the UI."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FieldError:
    field: str
    message: str


@dataclass
class DomainError(Exception):
    """A rule of the domain was broken; `status` is the HTTP status the API answers with."""

    detail: str
    errors: list[FieldError] = field(default_factory=list)
    status: int = 400

    def __str__(self) -> str:
        return self.detail


class NotFound(DomainError):
    def __init__(self, detail: str) -> None:
        super().__init__(detail=detail, status=404)


class Conflict(DomainError):
    def __init__(self, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail=detail, errors=errors or [], status=409)
