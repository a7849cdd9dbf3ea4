"""YAML loading and position look-ups on the node tree (1-based lines/columns)."""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

TAG_PREFIX = "tag:yaml.org,2002:"
_INDEX_RE = re.compile(r"^(.*)\[([^\]]*)\]$")


class YamlSyntaxError(Exception):
    """The document is not well-formed YAML."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def tag_of(node: Node) -> str:
    """Return the short resolved tag of a node (``str``, ``int``, ``map``...)."""
    tag = getattr(node.tag, "value", node.tag)
    text = str(tag) if tag is not None else ""
    return text[len(TAG_PREFIX) :] if text.startswith(TAG_PREFIX) else text


def position(node: Node) -> tuple[int, int]:
    """Return the 1-based (line, column) where a node starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def compose_documents(text: str) -> list[Node]:
    """Compose all YAML documents of ``text`` into node trees."""
    yaml = YAML(typ="rt", pure=True)
    try:
        docs = [doc for doc in yaml.compose_all(text) if doc is not None]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise YamlSyntaxError(exc.problem or str(exc), line) from exc
    except YAMLError as exc:
        raise YamlSyntaxError(str(exc), 0) from exc
    for doc in docs:
        _check_duplicate_keys(doc, set())
    return docs


def _check_duplicate_keys(node: Node, seen: set[int]) -> None:
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, MappingNode):
        first: dict[str, Node] = {}
        for key, value in node.value:
            name = str(key.value) if isinstance(key, ScalarNode) else ""
            if isinstance(key, ScalarNode) and name in first:
                line, col = position(first[name])
                raise YamlSyntaxError(
                    f'mapping key "{name}" already defined at [{line}:{col}]', position(key)[0]
                )
            first.setdefault(name, key)
            _check_duplicate_keys(value, seen)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _check_duplicate_keys(item, seen)


def key_name(node: Node) -> str:
    """Return the text of a mapping key node."""
    return str(node.value) if isinstance(node, ScalarNode) else ""


def mapping_get(node: Node, key: str) -> tuple[Node, Node] | None:
    """Return the (key, value) nodes for ``key`` in a mapping node, if present."""
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if key_name(k) == key:
                return k, v
    return None


def _split_part(part: str) -> tuple[str, int | None, str | None]:
    match = _INDEX_RE.match(part)
    if not match or not match.group(2):
        return part, None, None
    inner = match.group(2)
    if inner.isdigit() and inner.isascii():
        return match.group(1), int(inner), None
    return match.group(1), None, inner


def find_key_position(root: Node | None, key: str) -> tuple[int, int]:
    """Locate a dotted key path (``a.b[0].c``, ``description[en-US].x``) in the tree."""
    if root is None or not key:
        return 0, 0
    return _find(root, key.split("."))


def _find(node: Node, parts: list[str]) -> tuple[int, int]:
    if not parts:
        return 0, 0
    base, index, string_key = _split_part(parts[0])
    if not isinstance(node, MappingNode):
        return position(node)
    for k, v in node.value:
        if key_name(k) != base:
            continue
        if index is not None:
            if not isinstance(v, SequenceNode) or index >= len(v.value):
                return position(k)
            element = v.value[index]
            return position(element) if len(parts) == 1 else _find(element, parts[1:])
        if string_key is not None:
            return _find(v, [string_key, *parts[1:]])
        return position(k) if len(parts) == 1 else _find(v, parts[1:])
    if node.flow_style:
        return position(node)
    if len(parts) == 1 and node.value:
        return position(node.value[0][0])
    return 0, 0


def find_key_at_line(node: Node | None, line: int, prefix: str = "") -> str:
    """Return the dotted key path of the key (or sequence entry) starting at ``line``."""
    if isinstance(node, MappingNode):
        for k, v in node.value:
            full = f"{prefix}.{key_name(k)}" if prefix else key_name(k)
            if position(k)[0] == line:
                return full
            found = find_key_at_line(v, line, full)
            if found:
                return found
    elif isinstance(node, SequenceNode):
        for i, entry in enumerate(node.value):
            entry_key = f"{prefix}[{i}]"
            if position(entry)[0] == line:
                return entry_key
            found = find_key_at_line(entry, line, entry_key)
            if found:
                return found
    return ""


def to_plain(node: Node, _active: frozenset[int] = frozenset()) -> Any:
    """Convert a node tree into plain Python data (scalars typed like YAML 1.2)."""
    if id(node) in _active:
        return None
    active = _active | {id(node)}
    if isinstance(node, MappingNode):
        return {key_name(k): to_plain(v, active) for k, v in node.value}
    if isinstance(node, SequenceNode):
        return [to_plain(item, active) for item in node.value]
    return scalar_value(node)


def scalar_value(node: Node) -> Any:
    """Return the typed value of a scalar node (timestamps stay strings)."""
    text = str(node.value)
    tag = tag_of(node)
    if tag == "null":
        return None
    if tag == "bool":
        return text.lower() == "true"
    if tag == "int":
        return _parse_int(text)
    if tag == "float":
        return _parse_float(text)
    return text


def _parse_int(text: str) -> int | str:
    """Integer value the way the Go decoder reads it; text if it is no number there."""
    cleaned = text.replace("_", "")
    sign = -1 if cleaned.startswith("-") else 1
    digits = cleaned.lstrip("+-")
    prefixes = {"0x": 16, "0o": 8, "0b": 2}
    try:
        if digits[:2].lower() in prefixes:
            value = int(digits[2:], prefixes[digits[:2].lower()])
        elif len(digits) > 1 and digits.startswith("0"):
            value = int(digits, 8)  # leading zero: YAML 1.1 octal, invalid digits -> string
        else:
            value = int(digits, 10)
    except ValueError:
        return text
    value *= sign
    if not -(2**63) <= value < 2**64:
        return text
    return value


def _parse_float(text: str) -> float | str:
    lowered = text.lower().replace("_", "")
    if lowered.lstrip("+-") in (".inf",):
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered == ".nan":
        return float("nan")
    try:
        return float(lowered)
    except ValueError:
        return text
