"""Typed decoding of the YAML node tree, reporting the first type error like the Go parser.

Semantics follow the reference decoder: fields are decoded in schema order, a
field whose value fails to decode keeps its zero value (and so does every
enclosing struct, list or map up to the document root), and only the first
error met is reported.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._schema import Type, zero
from ._yaml import key_name, position, scalar_value, tag_of


@dataclass(frozen=True)
class DecodeError:
    """First decoding problem: the offending line and its message."""

    line: int
    message: str


class _DecodeFailedError(Exception):
    """Internal signal: the value could not be decoded."""


def _go_string(value: Any, text: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isinf(value):
            return "+Inf" if value > 0 else "-Inf"
        if math.isnan(value):
            return "NaN"
        return format(value, "g") if value != int(value) or abs(value) >= 1e21 else str(int(value))
    if isinstance(value, int):
        return str(value)
    return text


class Decoder:
    """Decode nodes into plain values shaped by a :class:`Type`."""

    def __init__(self) -> None:
        self.error: DecodeError | None = None

    def decode_root(self, typ: Type, node: MappingNode) -> dict[str, Any]:
        """Decode the document root; fields that decoded fine are kept."""
        result: dict[str, Any] = zero(typ)
        with contextlib.suppress(_DecodeFailedError):
            self._fill_struct(typ, node, result)
        return result

    def _fail(self, line: int, message: str) -> _DecodeFailedError:
        if self.error is None:
            self.error = DecodeError(line, message)
        return _DecodeFailedError()

    def _type_error(self, node: Node) -> _DecodeFailedError:
        return self._fail(position(node)[0], "wrong type for this field")

    def _decode(self, typ: Type, node: Node, pointer: bool) -> Any:
        if isinstance(node, ScalarNode) and tag_of(node) == "null":
            return None if pointer else zero(typ)
        kind = typ.kind
        if kind in ("str", "url"):
            if not isinstance(node, ScalarNode):
                raise self._type_error(node)
            return _go_string(scalar_value(node), str(node.value))
        if kind == "bool":
            if not isinstance(node, ScalarNode) or tag_of(node) != "bool":
                raise self._type_error(node)
            return bool(scalar_value(node))
        if kind == "url_list" and isinstance(node, ScalarNode):
            return [_go_string(scalar_value(node), str(node.value))]
        if kind in ("list", "url_list"):
            return self._decode_list(typ, node)
        if kind == "map":
            return self._decode_map(typ, node)
        if not isinstance(node, MappingNode):
            raise self._type_error(node)
        result: dict[str, Any] = zero(typ)
        self._fill_struct(typ, node, result)
        return result

    def _decode_list(self, typ: Type, node: Node) -> list[Any]:
        if not isinstance(node, SequenceNode) or typ.elem is None:
            raise self._type_error(node)
        items: list[Any] = []
        failed = False
        for item in node.value:
            try:
                items.append(self._decode(typ.elem, item, typ.elem_pointer))
            except _DecodeFailedError:
                failed = True
        if failed:
            raise _DecodeFailedError()
        return items

    def _decode_map(self, typ: Type, node: Node) -> dict[str, Any]:
        if not isinstance(node, MappingNode) or typ.elem is None:
            raise self._type_error(node)
        result: dict[str, Any] = {}
        for key, value in node.value:
            result[key_name(key)] = self._decode(typ.elem, value, False)
        return result

    def _fill_struct(self, typ: Type, node: MappingNode, result: dict[str, Any]) -> None:
        present = {key_name(k): (k, v) for k, v in node.value}
        failed = False
        for fld in typ.fields:
            if fld.name not in present:
                continue
            try:
                result[fld.name] = self._decode(fld.type, present[fld.name][1], fld.pointer)
            except _DecodeFailedError:
                failed = True
        if failed:
            raise _DecodeFailedError()
        known = typ.field_names()
        for key, _value in node.value:
            name = key_name(key)
            if name not in known:
                raise self._fail(position(key)[0], f'unknown field "{name}"')
