"""Parsing and validation of OpenAPI documents with line-precise errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ikone.standards.openapi.document import SpecParseError, load, parse

DATA = Path(__file__).parent / "data" / "openapi" / "developers-italia-api"

VALID = """\
openapi: 3.0.3
info:
  title: Hunde
  version: "1"
paths:
  /dogs:
    get:
      parameters:
        - name: limit
          in: query
          schema:
            type: integer
      responses:
        "200":
          description: ok
"""


def test_valid_document():
    parsed = load(VALID)
    assert parsed.is_valid
    assert (parsed.title, parsed.api_version, parsed.openapi_version, parsed.source_format) == (
        "Hunde",
        "1",
        "3.0.3",
        "yaml",
    )


def test_missing_required_key_points_at_its_parent():
    parsed = load(VALID.replace('  version: "1"\n', ""))
    assert [(e.path, e.line) for e in parsed.errors] == [("$.info", 2)]
    assert (
        "'version' is a required property" in parsed.errors[0].message
        or "version" in parsed.errors[0].message
    )


def test_schema_error_is_reported_at_its_line():
    parsed = load(VALID.replace("type: integer", "type: integr"))
    assert len(parsed.errors) == 1
    error = parsed.errors[0]
    assert error.line == 12
    assert error.path == "$.paths['/dogs'].get.parameters[0].schema.type"
    assert VALID.splitlines()[error.line - 1].strip().startswith("type:")


def test_wrong_parameter_location_is_reported_at_the_parameter():
    parsed = load(VALID.replace("in: query", "in: nowhere"))
    assert parsed.errors
    assert parsed.errors[0].line == 9


@pytest.mark.parametrize(("version", "expected"), [("3.1.0", '"description": 5'), ("3.0.3", '"200": {')])
def test_json_document_errors_carry_lines(version, expected):
    """3.1 names the wrong value; 3.0's validator only names the response object around it."""
    document = json.loads(json.dumps(parse(VALID).document))
    document["openapi"] = version
    document["paths"]["/dogs"]["get"]["responses"]["200"]["description"] = 5
    text = json.dumps(document, indent=2)
    parsed = load(text)
    assert parsed.source_format == "json"
    assert len(parsed.errors) == 1
    assert expected in text.splitlines()[parsed.errors[0].line - 1]


def test_syntax_errors_raise_with_a_line():
    with pytest.raises(SpecParseError) as info:
        parse("openapi: 3.0.3\ninfo: [\n")
    assert info.value.error.line is not None
    assert load("openapi: 3.0.3\ninfo: [\n").errors[0].line is not None
    with pytest.raises(SpecParseError):
        parse("- just\n- a list\n")


def test_swagger_2_and_unknown_versions_are_refused():
    assert (
        "Swagger 2.0" in load("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n").errors[0].message
    )
    assert load("openapi: 4.0.0\n").errors[0].path == "$.openapi"


def test_openapi_31_is_validated():
    text = VALID.replace("openapi: 3.0.3", "openapi: 3.1.0")
    assert load(text).is_valid
    assert not load(text.replace("type: integer", "type: 5")).is_valid


def test_real_document_with_an_invalid_default_is_located():
    text = (DATA / "42f0820-after.yaml").read_text(encoding="utf-8")
    parsed = load(text)
    assert not parsed.is_valid
    assert {e.line for e in parsed.errors} == {1337}
    assert text.splitlines()[1336].strip() == "default: null"
    assert load((DATA / "24d586d-after.yaml").read_text(encoding="utf-8")).is_valid
