"""Is a licence open? An SPDX expression is open when every licence needed to use the software
(all of an AND, one of an OR) is approved by the Open Source Initiative. No ORM here."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from license_expression import AND, OR, ExpressionError, LicenseSymbol, LicenseWithExceptionSymbol

from ikone.catalog.publiccode._checks import _licensing

OSI_FILE = Path(__file__).parent / "data" / "osi_approved.json"


@cache
def osi_approved() -> frozenset[str]:
    """SPDX identifiers the OSI approved (data: SPDX License List, see the file's `source`)."""
    return frozenset(json.loads(OSI_FILE.read_text(encoding="utf-8"))["osi_approved"])


@cache
def osi_list_source() -> str:
    return str(json.loads(OSI_FILE.read_text(encoding="utf-8"))["source"])


def _open(node: Any, approved: frozenset[str]) -> bool:
    if isinstance(node, LicenseWithExceptionSymbol):
        return _open(node.license_symbol, approved)
    if isinstance(node, LicenseSymbol):
        return node.key in approved
    if isinstance(node, AND):
        return all(_open(arg, approved) for arg in node.args)
    if isinstance(node, OR):
        return any(_open(arg, approved) for arg in node.args)
    return False


def licence_check(expression: str) -> tuple[bool, bool]:
    """(valid SPDX expression, OSI-approved open licence)."""
    if not expression.strip():
        return False, False
    try:
        licensing = _licensing()
        info = licensing.validate(expression, strict=True)
        if info.errors or info.invalid_symbols:
            return False, False
        parsed = licensing.parse(expression, strict=True)
    except ExpressionError:
        return False, False
    return True, _open(parsed, osi_approved())
