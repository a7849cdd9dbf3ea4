"""Conformance of ikone.catalog.publiccode with italia/publiccode-parser-go.

Data: ``conformance/publiccode/`` (copied from the Go parser's ``testdata/``, see its
SOURCE.md). Every case file is run offline:

* results flagged ``needs_network_checks`` are dropped from the expectation, and the
  expected outcome is recomputed from what remains;
* ``not-exercised`` cases (no Go test covers them) must parse without raising and
  return well-formed results; their content is not asserted.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ikone.catalog.publiccode import parse

CASES_ROOT = (Path(__file__).parent / "conformance" / "publiccode").absolute()
EXPECTED: dict[str, Any] = json.loads((CASES_ROOT / "EXPECTED.json").read_text("utf-8"))["cases"]
CASE_FILES = sorted(
    p.relative_to(CASES_ROOT).as_posix()
    for p in CASES_ROOT.rglob("*")
    if p.is_file() and (p.name.endswith(".yml") or p.name.endswith(".yml.disabled"))
)


def _outcome(results: list[tuple[str, str, str, int, int]]) -> str:
    if any(r[0] == "error" for r in results):
        return "invalid"
    return "valid-with-warnings" if results else "valid"


def test_every_case_file_has_an_expectation() -> None:
    assert sorted(EXPECTED) == CASE_FILES


@pytest.mark.parametrize("case", CASE_FILES)
def test_case(case: str) -> None:
    expected = EXPECTED[case]
    path = CASES_ROOT / case
    outcome = parse(path.read_bytes(), base_path=path.parent, network=False)
    actual = [(r.type, r.key, r.description, r.line, r.column) for r in outcome.results]
    assert all(r.type in ("error", "warning") for r in outcome.results)
    if expected["outcome"] == "not-exercised":
        return
    wanted = [
        (
            r["severity"],
            r["key"],
            r["message"].replace("<CASES_ROOT>", str(CASES_ROOT)),
            r["line"],
            r["column"],
        )
        for r in expected["results"]
        if not r.get("needs_network_checks")
    ]
    assert actual == wanted
    assert _outcome(actual) == _outcome(wanted)
