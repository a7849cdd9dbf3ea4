"""Property tests: validate() never raises, whatever YAML (or garbage) it is given."""

from __future__ import annotations

import copy
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from ikone.catalog.publiccode import ValidationResult, parse, validate
from ikone.catalog.publiccode._checks import is_spdx_expression

CASES_ROOT = Path(__file__).parent / "conformance" / "publiccode"
VALID_CASES = sorted((CASES_ROOT / "v0" / "valid").rglob("*.yml"))
_YAML = YAML(typ="safe", pure=True)
_LOADED = [_YAML.load(p.read_text("utf-8")) for p in VALID_CASES]
_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
)
yaml_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


def _dump(data: Any) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    buffer = StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _assert_results(results: list[ValidationResult]) -> None:
    assert isinstance(results, list)
    for result in results:
        assert isinstance(result, ValidationResult)
        assert result.type in ("error", "warning")
        assert result.line >= 0
        assert result.column >= 0


@_SETTINGS
@given(st.binary(max_size=200))
def test_random_bytes_never_raise(content: bytes) -> None:
    _assert_results(validate(content))


@_SETTINGS
@given(st.text(max_size=200))
def test_random_text_never_raises(content: str) -> None:
    _assert_results(validate(content))


@_SETTINGS
@given(st.dictionaries(st.text(max_size=12), yaml_values, max_size=6))
def test_random_yaml_documents_never_raise(data: dict[str, Any]) -> None:
    data["publiccodeYmlVersion"] = "0"
    _assert_results(validate(_dump(data)))


@_SETTINGS
@given(st.data())
def test_mutated_valid_cases_never_raise(data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(_LOADED) - 1))
    document = copy.deepcopy(_LOADED[index])
    path = data.draw(st.sampled_from(_paths(document)))
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    action = data.draw(st.sampled_from(["delete", "retype", "truncate"]))
    if action == "delete":
        del parent[path[-1]]
    elif action == "retype":
        parent[path[-1]] = data.draw(yaml_values)
    elif isinstance(parent[path[-1]], str):
        parent[path[-1]] = parent[path[-1]][: data.draw(st.integers(0, 5))]
    base = VALID_CASES[index].parent
    outcome = parse(_dump(document), base_path=base)
    _assert_results(outcome.results)


@_SETTINGS
@given(st.integers(0, 4000))
def test_truncated_valid_file_never_raises(cut: int) -> None:
    content = (CASES_ROOT / "v0" / "valid" / "valid.yml").read_bytes()[:cut]
    _assert_results(validate(content))


@pytest.mark.parametrize("value", ["MIT\x08", "EUPL-1.2 AND \x00GPL-3.0", "MIT ⊕ GPL"])
def test_a_license_with_characters_outside_the_spdx_grammar_is_invalid_not_a_crash(value: str) -> None:
    assert not is_spdx_expression(value)
    assert is_spdx_expression("EUPL-1.2 OR (GPL-3.0-or-later WITH Classpath-exception-2.0)")
