"""Parse an OpenAPI document (YAML or JSON) keeping line numbers, and validate it with
openapi-spec-validator; every error carries the JSON path and the line in the source."""

from __future__ import annotations

import io
import json
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarbool import ScalarBoolean

ROOT_KEYS = {
    "openapi",
    "info",
    "jsonSchemaDialect",
    "servers",
    "paths",
    "webhooks",
    "components",
    "security",
    "tags",
    "externalDocs",
}
MAX_MESSAGE = 300


@dataclass(frozen=True)
class SpecError:
    message: str
    path: str = "$"  # JSON path, e.g. $.paths['/pets'].get
    line: int | None = None  # 1-based line in the source
    column: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"message": self.message, "path": self.path, "line": self.line, "column": self.column}


@dataclass
class ParsedSpec:
    source_format: str  # "yaml" | "json"
    document: dict[str, Any] = field(default_factory=dict)
    errors: list[SpecError] = field(default_factory=list)
    text: str = ""
    _tree: Any = field(default=None, repr=False)

    @property
    def tree(self) -> Any:
        """Built on first use (only documents with errors need it)."""
        if self._tree is None and self.text:
            self._tree = round_trip_tree(self.text)
        return self._tree

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def openapi_version(self) -> str:
        return str(self.document.get("openapi", ""))

    @property
    def title(self) -> str:
        info = self.document.get("info")
        return str(info.get("title", "")) if isinstance(info, dict) else ""

    @property
    def api_version(self) -> str:
        info = self.document.get("info")
        return str(info.get("version", "")) if isinstance(info, dict) else ""


class SpecParseError(ValueError):
    """The text is not YAML/JSON or not an object; `error` says where."""

    def __init__(self, error: SpecError) -> None:
        super().__init__(error.message if error.line is None else f"line {error.line}: {error.message}")
        self.error = error


def _plain(node: Any) -> Any:
    """ruamel tree → plain dicts/lists with string keys (as JSON would have them)."""
    if isinstance(node, dict):
        return {str(key): _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(value) for value in node]
    if node is None or isinstance(node, bool | ScalarBoolean):
        return None if node is None else bool(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return str(node)


def _syntax_error(message: str, line: int | None, column: int | None) -> SpecParseError:
    return SpecParseError(SpecError(message=message, line=line, column=column))


def _fast_load(text: str, source_format: str) -> Any:
    """The document as plain data: json for JSON, libyaml (C) for YAML; about 20 times faster
    than the round-trip parser, which is only needed to locate errors."""
    if source_format == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise _syntax_error(exc.msg, exc.lineno, exc.colno) from exc
    loader = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)
    try:
        return pyyaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except pyyaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise _syntax_error(
            str(exc.problem or exc.context or "YAML syntax error"),
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        ) from exc
    except pyyaml.YAMLError as exc:
        raise _syntax_error(str(exc), None, None) from exc


def round_trip_tree(text: str) -> Any:
    """ruamel's round-trip tree, which knows the line and column of every key and item."""
    try:
        return YAML(typ="rt").load(io.StringIO(text))
    except (YAMLError, ValueError):
        return None


def parse(text: str) -> ParsedSpec:
    """Parse without validating. Raises SpecParseError for syntax errors."""
    source_format = "json" if text.lstrip().startswith("{") else "yaml"
    data = _fast_load(text, source_format)
    if not isinstance(data, dict):
        raise SpecParseError(SpecError(message="The document is not an object (mapping).", line=1))
    return ParsedSpec(source_format=source_format, document=_plain(data), text=text)


def json_path(parts: list[Any] | deque[Any]) -> str:
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).isidentifier():
            out += f".{part}"
        else:
            out += f"[{str(part)!r}]"
    return out


def locate(tree: Any, parts: list[Any]) -> tuple[int, int] | None:
    """1-based (line, column) of the deepest node on `parts` that exists in the ruamel tree."""
    node = tree
    found: tuple[int, int] | None = None
    for part in parts:
        if isinstance(node, CommentedMap):
            key = _find_key(node, part)
            if key is _MISSING:
                break
            line, column = node.lc.key(key)
            found = (line + 1, column + 1)
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, column = node.lc.item(part)
            found = (line + 1, column + 1)
            node = node[part]
        else:
            break
    if found is None and isinstance(tree, CommentedMap):
        found = (tree.lc.line + 1, tree.lc.col + 1)
    return found


_MISSING = object()


def _find_key(node: CommentedMap, part: Any) -> Any:
    if part in node:
        return part
    for key in node:
        if str(key) == str(part):
            return key
    return _MISSING


def _resolve(document: Any, parts: list[Any]) -> Any:
    node = document
    for part in parts:
        if isinstance(node, dict) and str(part) in node:
            node = node[str(part)]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return _MISSING
    return node


def _anchor(document: Any, base: list[Any], relative: list[Any], instance: Any) -> list[Any] | None:
    """Relative error paths (from schema checks) are found again below `base`: the shallowest
    node from which `relative` leads to the failing value."""
    start = _resolve(document, base)
    queue: deque[tuple[Any, list[Any]]] = deque([(start, list(base))])
    seen = 0
    while queue and seen < 20000:
        node, path = queue.popleft()
        seen += 1
        if _resolve(node, relative) is not _MISSING and _resolve(node, relative) == instance:
            return path + relative
        if isinstance(node, dict):
            queue.extend((value, [*path, key]) for key, value in node.items())
        elif isinstance(node, list):
            queue.extend((value, [*path, index]) for index, value in enumerate(node))
    return None


def _value_location(document: Any, instance: Any) -> list[Any] | None:
    """Where a schema keyword `default` (or `example`) holds `instance`, in document order."""
    stack: list[tuple[Any, list[Any]]] = [(document, [])]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            for keyword in ("default", "example"):
                if keyword in node and node[keyword] == instance and ("type" in node or "$ref" in node):
                    return [*path, keyword]
            stack.extend((value, [*path, key]) for key, value in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend((value, [*path, index]) for index, value in reversed(list(enumerate(node))))
    return None


def _short(message: str) -> str:
    message = message.split("\n\n", 1)[0].strip()
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def _validator(version: str) -> Any:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    if version.startswith("3.0"):
        return OpenAPIV30SpecValidator
    if version.startswith("3.1"):
        return OpenAPIV31SpecValidator
    return None


def _raw_errors(document: dict[str, Any]) -> Iterator[tuple[list[Any], str, Any]]:
    version = str(document.get("openapi", ""))
    validator = _validator(version)
    if validator is None:
        if "swagger" in document:
            yield ["swagger"], "Swagger 2.0 is not supported; upload an OpenAPI 3.x document.", None
        else:
            yield (
                ["openapi"],
                f"Unsupported or missing OpenAPI version {version!r} (3.0 or 3.1 expected).",
                None,
            )
        return
    for error in validator(document).iter_errors():
        yield list(error.absolute_path), error.message, error.instance


def validate(parsed: ParsedSpec) -> ParsedSpec:
    """Fill `parsed.errors` with line-precise errors (deduplicated, in document order). Schema
    errors are reported relative to the schema; they are anchored in the document again, and the
    unspecific "not valid under any of the schemas" error around them is dropped."""
    errors: list[tuple[list[Any], str]] = []
    absolute: list[int] = []
    anchored: list[list[Any]] = []
    for parts, message, instance in _raw_errors(parsed.document):
        if not parts:
            # a schema's default/example that does not fit the schema comes without a location
            found = _value_location(parsed.document, instance)
            if found is not None:
                parts = found
                message = f"{found[-1]}: {message}"
        elif parts[0] not in ROOT_KEYS:
            bases = [errors[i][0] for i in reversed(absolute)] + [[]]
            for base in bases:
                resolved = _anchor(parsed.document, base, parts, instance)
                if resolved is not None:
                    parts = resolved
                    anchored.append(resolved)
                    break
        else:
            absolute.append(len(errors))
        errors.append((parts, message))
    wrappers = {
        i
        for i in absolute
        if any(a[: len(errors[i][0])] == errors[i][0] and a != errors[i][0] for a in anchored)
    }
    seen: set[tuple[str, str]] = set()
    result = []
    for index, (parts, message) in enumerate(errors):
        if index in wrappers:
            continue
        path = json_path(parts)
        if (path, message) in seen:
            continue
        seen.add((path, message))
        position = locate(parsed.tree, parts)
        result.append(
            SpecError(
                message=_short(message),
                path=path,
                line=position[0] if position else None,
                column=position[1] if position else None,
            )
        )
    result.sort(key=lambda e: (e.line or 0, e.column or 0))
    parsed.errors = result
    return parsed


def load(text: str) -> ParsedSpec:
    """Parse and validate. Syntax errors become a single error instead of an exception."""
    try:
        parsed = parse(text)
    except SpecParseError as exc:
        return ParsedSpec(
            source_format="json" if text.lstrip().startswith("{") else "yaml", errors=[exc.error]
        )
    return validate(parsed)
