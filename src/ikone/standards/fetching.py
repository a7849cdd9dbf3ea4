"""Fetch an OpenAPI document from a URL, only when a user asks for it (bounded time and size).

The request goes through `ikone.core.outgoing`: no internal addresses unless on
`OUTGOING_ALLOWED_HOSTS`, checked when connecting and on every redirect hop."""

from __future__ import annotations

from urllib.parse import urljoin

import httpx
from django.conf import settings

from ikone.core import outgoing
from ikone.core.addresses import RefusedAddress, address_problem
from ikone.core.errors import DomainError, FieldError

TIMEOUT_SECONDS = 10
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
HEADERS = {"Accept": "application/yaml, application/json, text/plain, */*", "User-Agent": "ikone"}


def _failed(reason: str) -> DomainError:
    return DomainError(
        detail=f"Das Dokument konnte nicht abgerufen werden: {reason}",
        errors=[FieldError("url", "Abruf fehlgeschlagen.")],
        status=422,
    )


def fetch_text(url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES) -> str:
    if not url.startswith(("https://", "http://")):
        raise DomainError(
            detail="Nur http- und https-Adressen können abgerufen werden.",
            errors=[FieldError("url", "Bitte eine http(s)-Adresse angeben.")],
            status=422,
        )
    allow = settings.OUTGOING_ALLOWED_HOSTS
    current = url
    try:
        with outgoing.client(timeout=timeout, allow=allow, headers=HEADERS) as http:
            for _hop in range(MAX_REDIRECTS + 1):
                problem = address_problem(current, resolve=False, allow=allow)
                if problem:
                    raise _failed(problem)
                with http.stream("GET", current) as response:
                    if response.is_redirect and response.headers.get("location"):
                        current = urljoin(current, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise _failed(f"HTTP-Status {response.status_code}")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > max_bytes:
                            raise DomainError(detail="Das Dokument ist größer als 5 MB.", status=413)
                    return body.decode("utf-8", errors="replace")
    except RefusedAddress as refused:
        raise _failed(refused.message) from None
    except httpx.HTTPError as exc:
        raise _failed(f"{type(exc).__name__}: {exc}") from None
    raise _failed(f"Mehr als {MAX_REDIRECTS} Weiterleitungen.")
