"""Breaking-change detection between two OpenAPI 3.x documents (plain dicts, no I/O).

Breaking for a client of the old version: removed paths and operations, removed parameters,
parameters or request fields that are new and required (or became required), changed types,
removed response status codes and response fields, narrowed enums, removed media types and
changed security requirements. Additions are reported as non-breaking.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
MAX_DEPTH = 40


@dataclass(frozen=True)
class Change:
    path: str
    change: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "change": self.change, "detail": self.detail}


@dataclass
class DiffResult:
    breaking: list[Change] = field(default_factory=list)
    non_breaking: list[Change] = field(default_factory=list)

    @property
    def is_breaking(self) -> bool:
        return bool(self.breaking)

    def as_dict(self) -> dict[str, list[dict[str, str]]]:
        return {
            "breaking": [c.as_dict() for c in self.breaking],
            "non_breaking": [c.as_dict() for c in self.non_breaking],
        }


class _Collector:
    def __init__(self) -> None:
        self.breaking: dict[Change, None] = {}
        self.non_breaking: dict[Change, None] = {}

    def add(self, breaking: bool, path: str, change: str, detail: str) -> None:
        (self.breaking if breaking else self.non_breaking)[Change(path, change, detail)] = None

    def result(self) -> DiffResult:
        return DiffResult(breaking=list(self.breaking), non_breaking=list(self.non_breaking))


class _Doc:
    """A document with local `$ref` resolution."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document if isinstance(document, dict) else {}

    def resolve(self, node: Any, seen: frozenset[str] = frozenset()) -> tuple[Any, frozenset[str]]:
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen or not ref.startswith("#/"):
                return {}, seen
            seen = seen | {ref}
            target: Any = self.document
            for part in ref[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                target = target.get(part) if isinstance(target, dict) else None
            node = target if target is not None else {}
        return node, seen


def _template(path: str) -> str:
    """Path with parameter names erased, so /pets/{id} and /pets/{petId} are the same path."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def diff(old: dict[str, Any], new: dict[str, Any]) -> DiffResult:
    a, b = _Doc(old), _Doc(new)
    out = _Collector()
    old_paths = {_template(p): (p, item) for p, item in _dict(a.document.get("paths")).items()}
    new_paths = {_template(p): (p, item) for p, item in _dict(b.document.get("paths")).items()}
    for key in sorted(old_paths.keys() - new_paths.keys()):
        out.add(True, old_paths[key][0], "path_removed", "path removed")
    for key in sorted(new_paths.keys() - old_paths.keys()):
        out.add(False, new_paths[key][0], "path_added", "path added")
    for key in sorted(old_paths.keys() & new_paths.keys()):
        _path_item(a, b, old_paths[key][1], new_paths[key][0], new_paths[key][1], out)
    return out.result()


def _path_item(a: _Doc, b: _Doc, old_item: Any, path: str, new_item: Any, out: _Collector) -> None:
    old_item, _ = a.resolve(old_item)
    new_item, _ = b.resolve(new_item)
    old_item, new_item = _dict(old_item), _dict(new_item)
    for method in METHODS:
        where = f"{method.upper()} {path}"
        old_op, new_op = old_item.get(method), new_item.get(method)
        if isinstance(old_op, dict) and not isinstance(new_op, dict):
            out.add(True, where, "operation_removed", "operation removed")
        elif isinstance(new_op, dict) and not isinstance(old_op, dict):
            out.add(False, where, "operation_added", "operation added")
        elif isinstance(old_op, dict) and isinstance(new_op, dict):
            _parameters(a, b, old_item, old_op, new_item, new_op, where, out)
            _request_body(a, b, old_op.get("requestBody"), new_op.get("requestBody"), where, out)
            _responses(a, b, _dict(old_op.get("responses")), _dict(new_op.get("responses")), where, out)
            _security(a, b, old_op, new_op, where, out)


def _params(doc: _Doc, item: dict[str, Any], op: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    result: dict[tuple[str, str], dict[str, Any]] = {}
    for source in (item.get("parameters"), op.get("parameters")):
        for raw in source if isinstance(source, list) else []:
            param, _ = doc.resolve(raw)
            if isinstance(param, dict) and "name" in param:
                location = str(param.get("in", ""))
                name = "{}" if location == "path" else str(param["name"])
                result[(location, name)] = param
    return result


def _parameters(
    a: _Doc,
    b: _Doc,
    old_item: dict[str, Any],
    old_op: dict[str, Any],
    new_item: dict[str, Any],
    new_op: dict[str, Any],
    where: str,
    out: _Collector,
) -> None:
    old_params = _params(a, old_item, old_op)
    new_params = _params(b, new_item, new_op)
    path_params_old = [k for k in old_params if k[0] == "path"]
    path_params_new = [k for k in new_params if k[0] == "path"]
    if len(path_params_old) == len(path_params_new):
        # path parameters are matched by position in the template, not by name
        old_params = {k: v for k, v in old_params.items() if k[0] != "path"}
        new_params = {k: v for k, v in new_params.items() if k[0] != "path"}
    for location, name in sorted(old_params.keys() - new_params.keys()):
        out.add(True, where, "parameter_removed", f"{location} parameter '{name}' removed")
    for location, name in sorted(new_params.keys() - old_params.keys()):
        if new_params[(location, name)].get("required"):
            out.add(True, where, "required_parameter_added", f"required {location} parameter '{name}' added")
        else:
            out.add(False, where, "parameter_added", f"optional {location} parameter '{name}' added")
    for location, name in sorted(old_params.keys() & new_params.keys()):
        old_p, new_p = old_params[(location, name)], new_params[(location, name)]
        label = f"{location} parameter '{name}'"
        if new_p.get("required") and not old_p.get("required"):
            out.add(True, where, "parameter_became_required", f"{label} is now required")
        elif old_p.get("required") and not new_p.get("required"):
            out.add(False, where, "parameter_became_optional", f"{label} is now optional")
        _schema(a, b, old_p.get("schema"), new_p.get("schema"), where, label, "request", out)


def _content(doc: _Doc, holder: Any) -> dict[str, Any]:
    holder, _ = doc.resolve(holder)
    return _dict(_dict(holder).get("content"))


def _request_body(a: _Doc, b: _Doc, old_body: Any, new_body: Any, where: str, out: _Collector) -> None:
    old_body, _ = a.resolve(old_body)
    new_body, _ = b.resolve(new_body)
    if old_body is None and new_body is None:
        return
    old_body, new_body = _dict(old_body), _dict(new_body)
    if not old_body and new_body:
        required = bool(new_body.get("required"))
        out.add(
            required,
            where,
            "request_body_added",
            "required request body added" if required else "optional request body added",
        )
        return
    if old_body and not new_body:
        out.add(True, where, "request_body_removed", "request body removed")
        return
    if new_body.get("required") and not old_body.get("required"):
        out.add(True, where, "request_body_became_required", "request body is now required")
    old_content, new_content = _content(a, old_body), _content(b, new_body)
    for media in sorted(old_content.keys() - new_content.keys()):
        out.add(True, where, "request_media_type_removed", f"request media type {media} removed")
    for media in sorted(new_content.keys() - old_content.keys()):
        out.add(False, where, "request_media_type_added", f"request media type {media} added")
    for media in sorted(old_content.keys() & new_content.keys()):
        _schema(
            a,
            b,
            _dict(old_content[media]).get("schema"),
            _dict(new_content[media]).get("schema"),
            where,
            f"request body ({media})",
            "request",
            out,
        )


def _responses(
    a: _Doc,
    b: _Doc,
    old_responses: dict[str, Any],
    new_responses: dict[str, Any],
    where: str,
    out: _Collector,
) -> None:
    old_codes = {str(k): v for k, v in old_responses.items()}
    new_codes = {str(k): v for k, v in new_responses.items()}
    for code in sorted(old_codes.keys() - new_codes.keys()):
        out.add(True, where, "response_status_removed", f"response status {code} removed")
    for code in sorted(new_codes.keys() - old_codes.keys()):
        out.add(False, where, "response_status_added", f"response status {code} added")
    for code in sorted(old_codes.keys() & new_codes.keys()):
        old_content, new_content = _content(a, old_codes[code]), _content(b, new_codes[code])
        for media in sorted(old_content.keys() - new_content.keys()):
            out.add(
                True, where, "response_media_type_removed", f"response {code}: media type {media} removed"
            )
        for media in sorted(new_content.keys() - old_content.keys()):
            out.add(False, where, "response_media_type_added", f"response {code}: media type {media} added")
        for media in sorted(old_content.keys() & new_content.keys()):
            _schema(
                a,
                b,
                _dict(old_content[media]).get("schema"),
                _dict(new_content[media]).get("schema"),
                where,
                f"response {code} ({media})",
                "response",
                out,
            )


def _types(schema: dict[str, Any]) -> frozenset[str]:
    value = schema.get("type")
    if isinstance(value, str):
        types = {value}
    elif isinstance(value, list):
        types = {str(t) for t in value}
    else:
        return frozenset()
    if schema.get("nullable") is True:
        types.add("null")
    if "integer" in types and "number" in types:
        types.discard("integer")
    return frozenset(types)


def _merged(doc: _Doc, schema: Any, seen: frozenset[str]) -> tuple[dict[str, Any], frozenset[str]]:
    """Resolve `$ref` and fold `allOf` into one schema (properties, required, type, enum)."""
    schema, seen = doc.resolve(schema, seen)
    schema = _dict(schema)
    parts = schema.get("allOf")
    if not isinstance(parts, list):
        return schema, seen
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    properties: dict[str, Any] = dict(_dict(merged.get("properties")))
    required: list[Any] = list(merged.get("required") or [])
    for part in parts:
        sub, seen = _merged(doc, part, seen)
        properties.update(_dict(sub.get("properties")))
        required.extend(sub.get("required") or [])
        for key in ("type", "enum", "items", "format", "nullable"):
            if key in sub and key not in merged:
                merged[key] = sub[key]
    if properties:
        merged["properties"] = properties
    if required:
        merged["required"] = required
    return merged, seen


def _schema(
    a: _Doc,
    b: _Doc,
    old: Any,
    new: Any,
    where: str,
    location: str,
    direction: str,
    out: _Collector,
    seen_old: frozenset[str] = frozenset(),
    seen_new: frozenset[str] = frozenset(),
    depth: int = 0,
) -> None:
    """Compare two schemas. `direction` is "request" (what the client sends) or "response"."""
    if old is None or new is None or depth > MAX_DEPTH:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        ref_old, ref_new = old.get("$ref"), new.get("$ref")
        if ref_old is not None and ref_old in seen_old and ref_new in seen_new:
            return
    old_s, seen_old = _merged(a, old, seen_old)
    new_s, seen_new = _merged(b, new, seen_new)

    old_types, new_types = _types(old_s), _types(new_s)
    if old_types and new_types and old_types != new_types:
        widened = old_types < new_types
        # a request accepting more types is fine; a response returning more types is not
        breaking = not (widened and direction == "request")
        out.add(
            breaking,
            where,
            "type_changed",
            f"{location}: type {'|'.join(sorted(old_types))} → {'|'.join(sorted(new_types))}",
        )
    elif old_s.get("format") and new_s.get("format") and old_s.get("format") != new_s.get("format"):
        out.add(True, where, "format_changed", f"{location}: format {old_s['format']} → {new_s['format']}")

    old_enum, new_enum = old_s.get("enum"), new_s.get("enum")
    if isinstance(old_enum, list) and isinstance(new_enum, list):
        removed = [v for v in old_enum if v not in new_enum]
        added = [v for v in new_enum if v not in old_enum]
        if removed:
            out.add(True, where, "enum_narrowed", f"{location}: values {_values(removed)} removed")
        if added:
            out.add(False, where, "enum_widened", f"{location}: values {_values(added)} added")
    elif isinstance(new_enum, list) and not isinstance(old_enum, list):
        out.add(True, where, "enum_narrowed", f"{location}: restricted to {_values(new_enum)}")
    elif isinstance(old_enum, list) and not isinstance(new_enum, list):
        out.add(False, where, "enum_widened", f"{location}: enum restriction removed")

    old_props, new_props = _dict(old_s.get("properties")), _dict(new_s.get("properties"))
    old_required = {str(r) for r in old_s.get("required") or []}
    new_required = {str(r) for r in new_s.get("required") or []}
    for name in sorted(old_props.keys() - new_props.keys()):
        change = "request_field_removed" if direction == "request" else "response_field_removed"
        out.add(True, where, change, f"{_join(location, name)} removed")
    for name in sorted(new_props.keys() - old_props.keys()):
        field_location = _join(location, name)
        if direction == "request" and name in new_required:
            out.add(True, where, "required_request_field_added", f"{field_location}: new required field")
        else:
            change = "request_field_added" if direction == "request" else "response_field_added"
            out.add(False, where, change, f"{field_location} added")
    for name in sorted(old_props.keys() & new_props.keys()):
        field_location = _join(location, name)
        if direction == "request" and name in new_required and name not in old_required:
            out.add(True, where, "request_field_became_required", f"{field_location} is now required")
        if direction == "response" and name in old_required and name not in new_required:
            out.add(
                True, where, "response_field_became_optional", f"{field_location} is no longer always present"
            )
        _schema(
            a,
            b,
            old_props[name],
            new_props[name],
            where,
            field_location,
            direction,
            out,
            seen_old,
            seen_new,
            depth + 1,
        )

    if "items" in old_s and "items" in new_s:
        _schema(
            a,
            b,
            old_s["items"],
            new_s["items"],
            where,
            _join(location, "[]"),
            direction,
            out,
            seen_old,
            seen_new,
            depth + 1,
        )


def _join(location: str, name: str) -> str:
    if location.endswith((")", "'")):
        return f"{location}: {name}"
    return f"{location}{name}" if name == "[]" else f"{location}.{name}"


def _values(values: list[Any]) -> str:
    return ", ".join(repr(v) for v in values[:10]) + (" …" if len(values) > 10 else "")


def _requirements(doc: _Doc, op: dict[str, Any]) -> frozenset[frozenset[str]]:
    """Alternatives of an operation's security (op level, else global); {∅} = anonymous access."""
    security = op.get("security") if "security" in op else doc.document.get("security")
    if not isinstance(security, list) or not security:
        return frozenset({frozenset()})
    alternatives = set()
    for requirement in security:
        items = set()
        for scheme, scopes in _dict(requirement).items():
            items.add(scheme)
            items.update(f"{scheme}:{s}" for s in scopes or [] if isinstance(scopes, list))
        alternatives.add(frozenset(items))
    return frozenset(alternatives)


def _describe(alternatives: frozenset[frozenset[str]]) -> str:
    return " or ".join(sorted("+".join(sorted(alt)) if alt else "none" for alt in alternatives))


def _security(
    a: _Doc, b: _Doc, old_op: dict[str, Any], new_op: dict[str, Any], where: str, out: _Collector
) -> None:
    old_req, new_req = _requirements(a, old_op), _requirements(b, new_op)
    if old_req == new_req:
        return
    detail = f"security {_describe(old_req)} → {_describe(new_req)}"
    # breaking unless every old way of authenticating still works
    out.add(not old_req <= new_req, where, "security_changed", detail)
