"""The one HTTP client for every request a harvest sends (httpx).

Each request, and each redirect hop, passes the address rule of `ikone.core.addresses` (no
internal addresses unless on `OUTGOING_ALLOWED_HOSTS`) at the moment it connects, through the
pinned transport of `ikone.core.outgoing` (the checked address is the one connected to); redirects are followed by hand up to
`max_redirects`; the body is streamed and given up beyond `max_bytes` or after `timeout`
seconds in total (slow servers); 5xx answers and connection errors are retried with
exponential backoff; the content type must be one the caller expects. Every failure is a
`FetchError` with a German message, which the harvest reports for the item."""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import httpx
from django.conf import settings

from ikone.core.addresses import RefusedAddress, Resolver, address_problem
from ikone.core.outgoing import PinnedTransport

USER_AGENT = "ikone-harvester/1 (+https://github.com/ikone)"
JSON = ("application/json",)
YAML = (
    "application/x-yaml",
    "application/yaml",
    "text/yaml",
    "text/x-yaml",
    "text/plain",
    "application/octet-stream",
)
RDF = ("application/ld+json", "application/json", "text/turtle", "application/rdf+xml")


class FetchError(Exception):
    """A request that gave no usable answer; `message` is German and names the cause."""

    def __init__(self, message: str, *, url: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.url = url
        self.status = status


@dataclass
class Fetched:
    url: str
    status: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str:
        return self.headers.get("etag", "")

    @property
    def last_modified(self) -> str:
        return self.headers.get("last-modified", "")

    def text(self) -> str:
        try:
            return self.content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FetchError("Die Antwort ist kein UTF-8-Text.", url=self.url) from exc


def _media_type(value: str) -> str:
    return value.split(";", 1)[0].strip().lower()


class SafeClient:
    def __init__(
        self,
        *,
        timeout: float | None = None,
        max_bytes: int | None = None,
        max_redirects: int = 5,
        retries: int = 2,
        backoff: float = 0.5,
        allow: Iterable[str] | None = None,
        resolver: Resolver | None = None,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        self.timeout = timeout if timeout is not None else settings.HARVEST_TIMEOUT_SECONDS
        self.max_bytes = max_bytes if max_bytes is not None else settings.HARVEST_MAX_BYTES
        self.max_redirects = max_redirects
        self.retries = retries
        self.backoff = backoff
        self.allow = list(allow if allow is not None else settings.OUTGOING_ALLOWED_HOSTS)
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.timeout),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
            transport=PinnedTransport(allow=self.allow, resolver=resolver, verify=verify),
            trust_env=False,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> SafeClient:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        accept: tuple[str, ...] = JSON,
        etag: str = "",
        last_modified: str = "",
        headers: dict[str, str] | None = None,
    ) -> Fetched:
        """GET `url`; a 304 (the validators matched) comes back with `not_modified`."""
        request_headers = {"Accept": ", ".join(accept), **(headers or {})}
        if etag:
            request_headers["If-None-Match"] = etag
        if last_modified:
            request_headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                return self._follow(url, accept, request_headers)
            except _Retry as retry:
                attempt += 1
                if attempt > self.retries:
                    raise FetchError(retry.message, url=retry.url, status=retry.status) from None
                time.sleep(self.backoff * 2 ** (attempt - 1))

    def _follow(self, url: str, accept: tuple[str, ...], headers: dict[str, str]) -> Fetched:
        current = url
        for _hop in range(self.max_redirects + 1):
            problem = address_problem(current, resolve=False, allow=self.allow)
            if problem:
                raise FetchError(problem, url=current)
            response = self._send(current, accept, headers)
            if isinstance(response, Fetched):
                return response
            current = response
        raise FetchError(f"Mehr als {self.max_redirects} Weiterleitungen.", url=url)

    def _send(self, url: str, accept: tuple[str, ...], headers: dict[str, str]) -> Fetched | str:
        """The answer, or the address a redirect points to."""
        deadline = time.monotonic() + self.timeout
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in {301, 302, 303, 307, 308}:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError("Weiterleitung ohne Ziel.", url=url, status=status)
                    return urljoin(url, location)
                if status == 304:
                    return Fetched(url=url, status=304, headers=dict(response.headers))
                if status >= 500:
                    raise _Retry(f"Die Quelle antwortet mit Fehler {status}.", url=url, status=status)
                if status >= 400:
                    raise FetchError(f"Die Quelle antwortet mit {status}.", url=url, status=status)
                media = _media_type(response.headers.get("content-type", ""))
                if media not in accept:
                    raise FetchError(
                        f"Unerwarteter Inhaltstyp „{media or 'keiner'}“ (erwartet: {', '.join(accept)}).",
                        url=url,
                        status=status,
                    )
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(self._too_big(), url=url, status=status)
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise FetchError(self._too_big(), url=url, status=status)
                    if time.monotonic() > deadline:
                        raise FetchError(self._too_slow(), url=url, status=status)
                return Fetched(url=url, status=status, content=bytes(body), headers=dict(response.headers))
        except RefusedAddress as refused:
            raise FetchError(refused.message, url=url) from None
        except httpx.TimeoutException:
            raise FetchError(self._too_slow(), url=url) from None
        except httpx.TransportError as exc:
            raise _Retry(f"Keine Verbindung: {exc.__class__.__name__}.", url=url) from None

    def _too_big(self) -> str:
        return f"Die Antwort ist größer als {self.max_bytes} Bytes."

    def _too_slow(self) -> str:
        return f"Die Quelle antwortet nicht innerhalb von {self.timeout:g} Sekunden."


class _Retry(Exception):
    def __init__(self, message: str, *, url: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.url = url
        self.status = status
