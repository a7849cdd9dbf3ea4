"""Checks beyond the struct rules: deprecations, referenced files and network look-ups."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

from ikone.core import outgoing
from ikone.core.addresses import RefusedAddress

from . import _checks

Severity = Literal["error", "warning"]

_DROP_IT = "This key is DEPRECATED and will be removed in the future. It's safe to drop it"
_LOGO_EXTENSIONS = (".svg", ".svgz", ".png")
_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".svg", ".svgz", ".webp")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org")


@dataclass(frozen=True)
class Finding:
    """A result of the extra checks, positioned later by its key."""

    severity: Severity
    key: str
    message: str


class FieldChecker:
    """Run the reference parser's post-validation checks on decoded data."""

    def __init__(self, base_path: Path | None, network: bool, timeout: float) -> None:
        self.base_path = base_path
        self.network = network
        self.timeout = timeout
        self.findings: list[Finding] = []

    def _error(self, key: str, message: str) -> None:
        self.findings.append(Finding("error", key, message))

    def _warn(self, key: str, message: str) -> None:
        self.findings.append(Finding("warning", key, message))

    def run(self, doc: dict[str, Any]) -> list[Finding]:
        """Check a decoded v0 document, returning findings in reference order."""
        if self.network:
            self._reachable(doc.get("url"), "url")
            url = doc.get("url")
            if url is not None and not _looks_like_repository(url):
                self._error("url", "is not a valid code repository")
            self._reachable(doc.get("landingURL"), "landingURL")
            self._reachable(doc.get("roadmap"), "roadmap")
        self._logo(doc.get("logo"), "logo")
        if doc.get("monochromeLogo"):
            self._warn(
                "monochromeLogo",
                "This key is DEPRECATED and will be removed in the future. Use 'logo' instead",
            )
            self._logo(doc.get("monochromeLogo"), "monochromeLogo")
        audience = doc.get("intendedAudience") or {}
        for name in ("countries", "unsupportedCountries"):
            self._lowercase_countries(f"intendedAudience.{name}", audience.get(name))
        self._legal(doc["legal"])
        for name in ("inputTypes", "outputTypes"):
            if doc.get(name) is not None:
                self._warn(name, _DROP_IT)
        for lang, desc in (doc.get("description") or {}).items():
            self._description(lang, desc)
        self._italian_section(doc)
        return self.findings

    def _legal(self, legal: dict[str, Any]) -> None:
        authors = legal.get("authorsFile")
        if authors is not None:
            self._warn("legal.authorsFile", _DROP_IT)
            if self._relative_or_url(authors, "legal.authorsFile"):
                local = self._local_path(authors)
                if local is not None and not local.exists():
                    self._error("legal.authorsFile", f"'{local}' does not exist: no such file: {local}")
        if legal.get("repoOwner") is not None:
            self._warn(
                "legal.repoOwner",
                "This key is DEPRECATED and will be removed in the future. Use 'organisation.name' instead",
            )

    def _description(self, lang: str, desc: dict[str, Any]) -> None:
        prefix = f"description.{lang}"
        if desc.get("genericName"):
            self._warn(f"{prefix}.genericName", _DROP_IT)
        if self.network:
            self._reachable(desc.get("documentation"), f"{prefix}.documentation")
            self._reachable(desc.get("apiDocumentation"), f"{prefix}.apiDocumentation")
        for i, shot in enumerate(desc.get("screenshots") or []):
            key = f"{prefix}.screenshots[{i}]"
            if not self._relative_or_url(shot, key):
                continue
            problem = self._file_problem(shot, _IMAGE_EXTENSIONS, check_png=False)
            if problem:
                self._error(key, f"'{shot}' is not an image: {problem}")
        for i, video in enumerate(desc.get("videos") or []):
            if video is not None and not _checks.is_oembed_url(video):
                self._error(
                    f"{prefix}.videos[{i}]",
                    f"'{video}' is not a valid video URL supporting oEmbed: invalid oEmbed link: {video}",
                )

    def _italian_section(self, doc: dict[str, Any]) -> None:
        section = doc.get("IT")
        if doc.get("it") is not None:
            self._warn(
                "it",
                "Lowercase country codes are DEPRECATED and will be removed in the future. Use 'IT' instead",
            )
            section = doc["it"]
        if doc.get("IT") is not None and doc.get("it") is not None:
            self._error("it", "'IT' key already present. Remove this key")
            section = doc["IT"]
        if section is None:
            return
        if section.get("conforme") is not None:
            self._warn("IT.conforme", _DROP_IT)
        code = section["riuso"]["codiceIPA"]
        if code and _checks.is_ipa_code(code):
            self._warn(
                "IT.riuso.codiceIPA",
                "This key is DEPRECATED and will be removed in the "
                "future. Use 'organisation.uri' and set it to "
                f"'urn:x-italian-pa:{code}' instead",
            )

    def _lowercase_countries(self, prefix: str, countries: list[str] | None) -> None:
        for i, country in enumerate(countries or []):
            if _checks.is_country_code(country) and country == country.lower():
                self._warn(
                    f"{prefix}[{i}]",
                    f"Lowercase country codes are DEPRECATED. Use uppercase instead ('{country.upper()}')",
                )

    def _relative_or_url(self, value: str, key: str) -> bool:
        if value.startswith("/"):
            self._error(key, "is an absolute path. Only relative paths or HTTP(s) URLs allowed")
            return False
        if value.startswith("file:"):
            self._error(key, "is a file:// URL. Only relative paths or HTTP(s) URLs allowed")
            return False
        return True

    def _logo(self, logo: str | None, key: str) -> None:
        if not logo or not self._relative_or_url(logo, key):
            return
        problem = self._file_problem(logo, _LOGO_EXTENSIONS, check_png=True)
        if problem:
            self._error(key, problem)

    def _local_path(self, value: str) -> Path | None:
        if _is_remote(value) or self.base_path is None:
            return None
        return Path(os.path.normpath(self.base_path.absolute() / value))

    def _file_problem(self, value: str, extensions: tuple[str, ...], *, check_png: bool) -> str:
        if _is_remote(value):
            if not self.network:
                return ""
            if not value.lower().endswith(extensions):
                return f"invalid file extension for: {value}"
            status = _http_status(value, self.timeout)
            return "" if status == "" else f"HTTP GET failed for {value}: {status}"
        local = self._local_path(value)
        if local is None:
            return ""
        if not str(local).lower().endswith(extensions):
            return f"invalid file extension for: {local}"
        if not local.is_file():
            return f"no such file: {local}"
        if check_png and str(local).lower().endswith(".png"):
            with local.open("rb") as handle:
                if handle.read(len(_PNG_SIGNATURE)) != _PNG_SIGNATURE:
                    return "image: unknown format"
        return ""

    def _reachable(self, url: str | None, key: str) -> None:
        if url is None:
            return
        if not urlsplit(url).scheme:
            self._error(key, f"'{url}' not reachable: missing URL scheme")
            return
        status = _http_status(url, self.timeout)
        if status:
            self._error(key, f"'{url}' not reachable: {status}")


def _is_remote(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def _looks_like_repository(url: str) -> bool:
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if parts.hostname in _CODE_HOSTS:
        return len(segments) >= 2
    return parts.path.endswith(".git")


def _http_status(url: str, timeout: float) -> str:
    """Return ``""`` if a GET succeeds, else a short reason (only http and https URLs at public
    addresses are fetched, through `ikone.core.outgoing`; redirects are not followed)."""
    if not _is_remote(url):
        return "not an http(s) URL"
    try:
        with (
            outgoing.client(
                timeout=timeout, allow=(), headers={"User-Agent": "ikone-publiccode-validator"}
            ) as http,
            http.stream("GET", url) as response,
        ):
            status = response.status_code
    except RefusedAddress as refused:
        return refused.message
    except httpx.HTTPError as exc:
        return str(exc) or type(exc).__name__
    if 200 <= status < 400:
        return ""
    return "not found" if status == 404 else f"HTTP status {status}"
