"""Webhook signatures: HMAC-SHA256 over the exact body bytes, sent as `X-Ikone-Signature: sha256=<hex>`."""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-Ikone-Signature"
PREFIX = "sha256="


def sign(secret: str, body: bytes) -> str:
    return PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    """What a receiver does: recompute and compare in constant time."""
    return hmac.compare_digest(sign(secret, body), header.strip())
