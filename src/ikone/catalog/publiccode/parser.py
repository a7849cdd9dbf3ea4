"""publiccode.yml parsing and validation compatible with italia/publiccode-parser-go."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode

from ._decode import Decoder
from ._fields import FieldChecker
from ._schema import PUBLICCODE_V0, StructValidator
from ._yaml import (
    YamlSyntaxError,
    compose_documents,
    find_key_at_line,
    find_key_position,
    key_name,
    mapping_get,
    tag_of,
    to_plain,
)
from .vocabularies import DE_LEIKA_KEYS, LATEST_VERSION, SUPPORTED_VERSIONS

ResultType = Literal["error", "warning"]

#: Message of the warning emitted for the ikone ``de`` extension section.
DE_EXTENSION_WARNING = (
    "non-standard German extension 'de' (leika) is not part of publiccode.yml "
    f"v{LATEST_VERSION}: accepted by ikone, ignored by other parsers"
)


@dataclass(frozen=True)
class ValidationResult:
    """One finding: dotted key, English description, 1-based position (0 = unknown)."""

    key: str
    description: str
    line: int
    column: int
    type: ResultType


@dataclass
class ParseOutcome:
    """Everything learned from one publiccode.yml file."""

    data: dict[str, Any] | None
    results: list[ValidationResult]
    version: str | None
    de_extension: list[dict[str, str | None]] = field(default_factory=list)

    @property
    def errors(self) -> list[ValidationResult]:
        """Only the errors."""
        return [r for r in self.results if r.type == "error"]

    @property
    def warnings(self) -> list[ValidationResult]:
        """Only the warnings."""
        return [r for r in self.results if r.type == "warning"]

    @property
    def is_valid(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors


def _error(key: str, description: str, line: int = 0, column: int = 0) -> ValidationResult:
    return ValidationResult(key, description, line, column, "error")


def parse(
    content: bytes | str,
    *,
    base_path: Path | None = None,
    network: bool = False,
    allow_de_extension: bool = False,
    timeout: float = 5.0,
) -> ParseOutcome:
    """Parse and validate publiccode.yml ``content``.

    Relative files (logo, screenshots, authorsFile) are checked below ``base_path``
    when given; remote resources are only fetched when ``network`` is true.
    With ``allow_de_extension`` the ikone ``de:`` section is accepted with a warning.
    """
    if isinstance(content, bytes):
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            return ParseOutcome(None, [_error("", "Invalid UTF-8")], None)
    else:
        text = content
    try:
        docs = compose_documents(text)
    except YamlSyntaxError as exc:
        return ParseOutcome(None, [_error("", exc.message, exc.line, 1)], None)
    if len(docs) > 1:
        return ParseOutcome(None, [_error("", "multiple YAML documents in one file are not supported")], None)
    root = docs[0] if docs else None
    data = to_plain(root) if root is not None else None
    plain = data if isinstance(data, dict) else None
    version_entry = mapping_get(root, "publiccodeYmlVersion") if root is not None else None
    if root is None or version_entry is None:
        return ParseOutcome(
            plain,
            [_error("publiccodeYmlVersion", "publiccodeYmlVersion is a required field")],
            None,
        )
    version_node = version_entry[1]
    if not isinstance(version_node, ScalarNode) or tag_of(version_node) != "str":
        line, column = find_key_position(root, "publiccodeYmlVersion")
        return ParseOutcome(
            plain, [_error("publiccodeYmlVersion", "wrong type for this field", line, column)], None
        )
    version = str(version_node.value)
    if version not in SUPPORTED_VERSIONS:
        return ParseOutcome(
            plain,
            [
                _error(
                    "publiccodeYmlVersion",
                    f"unsupported version: '{version}'. Supported versions: " + ", ".join(SUPPORTED_VERSIONS),
                )
            ],
            None,
        )
    assert isinstance(root, MappingNode)
    results = _validate_v0(root, version, base_path, network, allow_de_extension, timeout)
    de_extension: list[dict[str, str | None]] = []
    if allow_de_extension and mapping_get(root, "de") is not None:
        line, column = find_key_position(root, "de")
        results.append(ValidationResult("de", DE_EXTENSION_WARNING, line, column, "warning"))
        de_extension = _leika_entries((plain or {}).get("de"))
    return ParseOutcome(plain, results, version, de_extension)


def _validate_v0(
    root: MappingNode,
    version: str,
    base_path: Path | None,
    network: bool,
    allow_de_extension: bool,
    timeout: float,
) -> list[ValidationResult]:
    results: list[ValidationResult] = []
    if version != "0" and not version.startswith(LATEST_VERSION):
        line, column = find_key_position(root, "publiccodeYmlVersion")
        results.append(
            ValidationResult(
                "publiccodeYmlVersion",
                f"v{version} is not the latest version, use '0'. Parsing this file as v{LATEST_VERSION}.",
                line,
                column,
                "warning",
            )
        )
    decoder = Decoder()
    decode_view = _without_key(root, "de") if allow_de_extension else root
    doc = decoder.decode_root(PUBLICCODE_V0, decode_view)
    if decoder.error is not None:
        line = decoder.error.line
        results.append(_error(find_key_at_line(root, line), decoder.error.message, line, 1))
    validator = StructValidator()
    validator.validate(PUBLICCODE_V0, doc)
    for rule_error in validator.errors:
        results.append(_error(rule_error.key, rule_error.message, *find_key_position(root, rule_error.key)))
    checker = FieldChecker(base_path, network, timeout)
    for finding in checker.run(doc):
        line, column = find_key_position(root, finding.key)
        results.append(ValidationResult(finding.key, finding.message, line, column, finding.severity))
    return results


def _without_key(node: MappingNode, key: str) -> MappingNode:
    pairs: list[tuple[Node, Node]] = [(k, v) for k, v in node.value if key_name(k) != key]
    return MappingNode(node.tag, pairs, node.start_mark, node.end_mark, node.flow_style)


def _leika_entries(section: Any) -> list[dict[str, str | None]]:
    entries = section.get("leika") if isinstance(section, dict) else None
    if not isinstance(entries, list):
        return []
    return [
        {k: None if entry.get(k) is None else str(entry.get(k)) for k in DE_LEIKA_KEYS}
        for entry in entries
        if isinstance(entry, dict)
    ]


def validate(
    content: bytes | str, *, base_path: Path | None = None, network: bool = False
) -> list[ValidationResult]:
    """Validate publiccode.yml ``content`` and return the ordered findings."""
    return parse(content, base_path=base_path, network=network).results


def validate_path(path: Path, *, network: bool = False) -> list[ValidationResult]:
    """Validate a publiccode.yml file; relative files are resolved from its folder."""
    return validate(path.read_bytes(), base_path=path.parent, network=network)
