"""Personal API tokens: generation, hashing and lookup."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "ikone_"  # noqa: S105 - a visible marker, not a secret


def generate() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def display_prefix(raw: str) -> str:
    return raw[: len(TOKEN_PREFIX) + 6]
