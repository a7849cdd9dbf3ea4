"""Unit tests of the public API of ikone.catalog.publiccode."""

from __future__ import annotations

from pathlib import Path

from ikone.catalog.publiccode import (
    CATEGORIES,
    DE_EXTENSION_WARNING,
    SUPPORTS_ALIASES,
    ValidationResult,
    format_text,
    message_de,
    parse,
    to_json_obj,
    validate,
    validate_path,
)

VALID = Path(__file__).parent / "conformance" / "publiccode" / "v0" / "valid" / "valid.yml"
DE_SECTION = """
de:
  leika:
    - themenfeld: Bauen und Wohnen
      lebenslage: Bauen
      ozg-id: "10043"
      leika-id: "99001001000000"
"""


def test_valid_file_has_no_results_and_exposes_data() -> None:
    outcome = parse(VALID.read_bytes(), base_path=VALID.parent)
    assert outcome.results == []
    assert outcome.is_valid
    assert outcome.version == "0"
    assert outcome.data is not None
    assert outcome.data["name"] == "Medusa"
    assert outcome.data["releaseDate"] == "2017-04-15"


def test_validate_path_uses_file_folder() -> None:
    assert validate_path(VALID) == []


def test_de_extension_rejected_by_default() -> None:
    results = validate(VALID.read_text("utf-8") + DE_SECTION)
    assert [(r.type, r.key, r.description) for r in results] == [("error", "de", 'unknown field "de"')]


def test_de_extension_allowed_as_warning() -> None:
    outcome = parse(VALID.read_text("utf-8") + DE_SECTION, allow_de_extension=True)
    assert [(r.type, r.key, r.description) for r in outcome.results] == [
        ("warning", "de", DE_EXTENSION_WARNING)
    ]
    assert outcome.results[0].line > 0
    assert outcome.de_extension == [
        {
            "themenfeld": "Bauen und Wohnen",
            "lebenslage": "Bauen",
            "ozg-id": "10043",
            "leika-id": "99001001000000",
        }
    ]


def test_invalid_utf8_and_multiple_documents() -> None:
    assert validate(b"\xff\xfe") == [ValidationResult("", "Invalid UTF-8", 0, 0, "error")]
    assert validate("a: 1\n---\nb: 2\n")[0].description.startswith("multiple YAML documents")


def test_syntax_error_is_reported_with_a_line() -> None:
    (result,) = validate('publiccodeYmlVersion: "0"\nname: [unclosed\n')
    assert (result.type, result.key, result.column) == ("error", "", 1)
    assert result.line > 0


def test_output_helpers() -> None:
    results = [
        ValidationResult("name", "name is a required field", 3, 1, "error"),
        ValidationResult("", "Invalid UTF-8", 0, 0, "warning"),
    ]
    assert format_text("pc.yml", results) == [
        "pc.yml:3:1: error: name: name is a required field",
        "pc.yml:0:0: warning: Invalid UTF-8",
    ]
    assert to_json_obj(results)[0] == {
        "key": "name",
        "description": "name is a required field",
        "line": 3,
        "column": 1,
        "type": "error",
    }


def test_message_de() -> None:
    def de(text: str) -> str:
        return message_de(ValidationResult("k", text, 0, 0, "error"))

    assert de("name is a required field") == "name ist ein Pflichtfeld"
    assert de("wrong type for this field") == "falscher Typ für dieses Feld"
    assert de("features must contain more than 0 items") == ("features muss mehr als 0 Einträge enthalten")
    assert de("something unexpected") == "something unexpected"


def test_vocabularies() -> None:
    assert "it-development" in CATEGORIES
    assert "pagopa" in SUPPORTS_ALIASES
