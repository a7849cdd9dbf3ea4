"""Fetch an OpenAPI document from a URL, only when a user asks for it (bounded time and size)."""

from __future__ import annotations

import urllib.error
import urllib.request

from ikone.core.errors import DomainError, FieldError

TIMEOUT_SECONDS = 10
MAX_BYTES = 5 * 1024 * 1024


def fetch_text(url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES) -> str:
    if not url.startswith(("https://", "http://")):
        raise DomainError(
            detail="Nur http- und https-Adressen können abgerufen werden.",
            errors=[FieldError("url", "Bitte eine http(s)-Adresse angeben.")],
            status=422,
        )
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url, headers={"Accept": "application/yaml, application/json, text/plain, */*", "User-Agent": "ikone"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read(max_bytes + 1)
    except (urllib.error.URLError, TimeoutError, ValueError) as exc:
        raise DomainError(
            detail=f"Das Dokument konnte nicht abgerufen werden: {exc}",
            errors=[FieldError("url", "Abruf fehlgeschlagen.")],
            status=422,
        ) from exc
    if len(body) > max_bytes:
        raise DomainError(detail="Das Dokument ist größer als 5 MB.", status=413)
    return body.decode("utf-8", errors="replace")
