"""Breaking-change detection between two OpenAPI 3.x documents (plain dicts, no I/O).

Every finding names a rule of `rules.RULES` (oasdiff's rule ids): removed paths and operations,
new required parameters, properties and request bodies, tightened request constraints
(maxLength, minLength, maximum, minimum, maxItems, minItems, pattern, enum), widened response
constraints, changed types and nullability, removed response properties, headers, status codes
and media types, changed composition (allOf/anyOf/oneOf) and security. Errors and warnings are
breaking for a client of the old version; infos are compatible.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

from ikone.standards.openapi.rules import BREAKING_LEVELS, RULES, SCHEMA_KEYWORDS

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
MAX_DEPTH = 40


@dataclass(frozen=True)
class Change:
    path: str  # "GET /pets" or "/pets"
    rule: str  # oasdiff rule id
    level: str  # error | warning | info
    change: str  # coarse category
    detail: str  # German: where and what

    def as_dict(self) -> dict[str, str]:
        return {
            "path": self.path,
            "rule": self.rule,
            "level": self.level,
            "change": self.change,
            "detail": self.detail,
        }


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

    def add(self, rule_id: str, path: str, location: str = "", **params: Any) -> None:
        """Record a finding of `rule_id`; ids without a registered rule are not findings."""
        rule = RULES.get(rule_id)
        if rule is None:
            return
        message = rule.message.format(**{k: _show(v) for k, v in params.items()})
        detail = f"{location}: {message}" if location else message
        change = Change(path, rule.id, rule.level, rule.change, detail)
        (self.breaking if rule.level in BREAKING_LEVELS else self.non_breaking)[change] = None

    def result(self) -> DiffResult:
        return DiffResult(breaking=list(self.breaking), non_breaking=list(self.non_breaking))


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(repr(v) for v in value[:10]) + (" …" if len(value) > 10 else "")
    return str(value)


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


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _same(a: Any, b: Any) -> bool:
    """Equal values, NaN included (a YAML document may hold `.nan`)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return bool(a == b)


def _among(value: Any, values: list[Any]) -> bool:
    return any(_same(value, v) for v in values)


def diff(old: dict[str, Any], new: dict[str, Any]) -> DiffResult:
    a, b = _Doc(old), _Doc(new)
    out = _Collector()
    old_paths = {_template(p): (p, item) for p, item in _dict(a.document.get("paths")).items()}
    new_paths = {_template(p): (p, item) for p, item in _dict(b.document.get("paths")).items()}
    for key in sorted(old_paths.keys() - new_paths.keys()):
        path, item = old_paths[key]
        operations = [
            op for op in (_dict(a.resolve(item)[0]).get(m) for m in METHODS) if isinstance(op, dict)
        ]
        deprecated = bool(operations) and all(op.get("deprecated") is True for op in operations)
        out.add(f"api-path-removed-{'with' if deprecated else 'without'}-deprecation", path)
    for key in sorted(new_paths.keys() - old_paths.keys()):
        out.add("endpoint-added", new_paths[key][0], what="Pfad")
    for key in sorted(old_paths.keys() & new_paths.keys()):
        old_path, old_item = old_paths[key]
        new_path, new_item = new_paths[key]
        _path_item(a, b, old_path, old_item, new_path, new_item, out)
    _webhooks(a, b, out)
    return out.result()


def _webhooks(a: _Doc, b: _Doc, out: _Collector) -> None:
    """Webhooks (OpenAPI 3.1): requests the API sends to its clients, by name and method."""
    old_hooks, new_hooks = _dict(a.document.get("webhooks")), _dict(b.document.get("webhooks"))
    for name in sorted(old_hooks.keys() | new_hooks.keys()):
        old_item, new_item = (
            _dict(a.resolve(old_hooks.get(name))[0]),
            _dict(b.resolve(new_hooks.get(name))[0]),
        )
        for method in METHODS:
            old_op, new_op = isinstance(old_item.get(method), dict), isinstance(new_item.get(method), dict)
            if old_op != new_op:
                out.add(
                    "webhook-removed" if old_op else "webhook-added", f"{method.upper()} {name} (Webhook)"
                )


def _path_item(
    a: _Doc, b: _Doc, old_path: str, old_item: Any, path: str, new_item: Any, out: _Collector
) -> None:
    old_item, _ = a.resolve(old_item)
    new_item, _ = b.resolve(new_item)
    old_item, new_item = _dict(old_item), _dict(new_item)
    for method in METHODS:
        where = f"{method.upper()} {path}"
        old_op, new_op = old_item.get(method), new_item.get(method)
        if isinstance(old_op, dict) and not isinstance(new_op, dict):
            deprecated = old_op.get("deprecated") is True
            out.add(f"api-removed-{'with' if deprecated else 'without'}-deprecation", where)
        elif isinstance(new_op, dict) and not isinstance(old_op, dict):
            out.add("endpoint-added", where, what="Operation")
        elif isinstance(old_op, dict) and isinstance(new_op, dict):
            _parameters(a, b, (old_path, old_item, old_op), (path, new_item, new_op), where, out)
            _request_body(a, b, old_op.get("requestBody"), new_op.get("requestBody"), where, out)
            _responses(a, b, _dict(old_op.get("responses")), _dict(new_op.get("responses")), where, out)
            _security(a, b, old_op, new_op, where, out)


# --- parameters -------------------------------------------------------------------------------------


def _params(
    doc: _Doc, path: str, item: dict[str, Any], op: dict[str, Any]
) -> dict[tuple[str, str], tuple[dict[str, Any], bool]]:
    """Parameters by (location, name) with whether they are declared for the whole path item.
    Path parameters are keyed by their position in the path, so renaming them changes nothing."""
    positions = {name: index for index, name in enumerate(re.findall(r"\{([^}]*)\}", path))}
    result: dict[tuple[str, str], tuple[dict[str, Any], bool]] = {}
    for source, from_item in ((item.get("parameters"), True), (op.get("parameters"), False)):
        for raw in source if isinstance(source, list) else []:
            param, _ = doc.resolve(raw)
            if isinstance(param, dict) and "name" in param:
                location = str(param.get("in", ""))
                name = str(param["name"])
                if location == "path":
                    name = f"{{{positions.get(name, name)}}}"
                result[(location, name)] = (param, from_item)
    return result


def _parameters(
    a: _Doc,
    b: _Doc,
    old_side: tuple[str, dict[str, Any], dict[str, Any]],
    new_side: tuple[str, dict[str, Any], dict[str, Any]],
    where: str,
    out: _Collector,
) -> None:
    old_params = _params(a, *old_side)
    new_params = _params(b, *new_side)
    for location, name in sorted(old_params.keys() - new_params.keys()):
        param, _ = old_params[(location, name)]
        label = _param_label(location, param)
        deprecated = param.get("deprecated") is True
        out.add(
            "request-parameter-removed-with-deprecation" if deprecated else "request-parameter-removed",
            where,
            label,
        )
    for location, name in sorted(new_params.keys() - old_params.keys()):
        param, from_item = new_params[(location, name)]
        label = _param_label(location, param)
        if location == "path":
            out.add("new-request-path-parameter", where, label)
        elif from_item:
            kind = "required" if param.get("required") else "optional"
            out.add(f"new-{kind}-request-default-parameter-to-existing-path", where, label)
        else:
            out.add(
                f"new-{'required' if param.get('required') else 'optional'}-request-parameter", where, label
            )
    for location, name in sorted(old_params.keys() & new_params.keys()):
        (old_p, _), (new_p, _) = old_params[(location, name)], new_params[(location, name)]
        label = _param_label(location, new_p)
        if location != "path":
            if new_p.get("required") and not old_p.get("required"):
                out.add("request-parameter-became-required", where, label)
            elif old_p.get("required") and not new_p.get("required"):
                out.add("request-parameter-became-optional", where, label)
        old_schema, new_schema = old_p.get("schema"), new_p.get("schema")
        if not new_p.get("required"):
            _default(a, b, old_schema, new_schema, where, label, out)
        ctx = _Ctx(where=where, direction="request", scope="parameter", location=label, param_in=location)
        _schema(a, b, old_schema, new_schema, ctx, out)


def _param_label(location: str, param: dict[str, Any]) -> str:
    return f"{location}-Parameter '{param.get('name', '')}'"


_MISSING = object()


def _default(a: _Doc, b: _Doc, old: Any, new: Any, where: str, label: str, out: _Collector) -> None:
    old_default = _dict(a.resolve(old)[0]).get("default", _MISSING)
    new_default = _dict(b.resolve(new)[0]).get("default", _MISSING)
    if old_default is _MISSING and new_default is not _MISSING:
        out.add("request-parameter-default-value-added", where, label, new=repr(new_default))
    elif new_default is _MISSING and old_default is not _MISSING:
        out.add("request-parameter-default-value-removed", where, label, old=repr(old_default))
    elif not _same(old_default, new_default):
        out.add(
            "request-parameter-default-value-changed",
            where,
            label,
            old=repr(old_default),
            new=repr(new_default),
        )


# --- request bodies and responses -------------------------------------------------------------------


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
        out.add(f"added-{'required' if new_body.get('required') else 'optional'}-request-body", where)
        return
    if old_body and not new_body:
        out.add("request-body-removed", where)
        return
    if new_body.get("required") and not old_body.get("required"):
        out.add("request-body-became-required", where)
    elif old_body.get("required") and not new_body.get("required"):
        out.add("request-body-became-optional", where)
    old_content, new_content = _content(a, old_body), _content(b, new_body)
    for media in sorted(old_content.keys() - new_content.keys()):
        out.add("request-body-media-type-removed", where, media=media)
    for media in sorted(new_content.keys() - old_content.keys()):
        out.add("request-body-media-type-added", where, media=media)
    for media in sorted(old_content.keys() & new_content.keys()):
        if "schema" in _dict(new_content[media]) and "schema" not in _dict(old_content[media]):
            out.add("request-body-media-type-schema-added", where, media=media)
        ctx = _Ctx(where=where, direction="request", scope="body", location=f"Request-Body ({media})")
        _schema(
            a, b, _dict(old_content[media]).get("schema"), _dict(new_content[media]).get("schema"), ctx, out
        )


def _is_success(code: str) -> bool:
    return code[:1] == "2"


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
        out.add(
            f"response-{'success' if _is_success(code) else 'non-success'}-status-removed", where, status=code
        )
    for code in sorted(new_codes.keys() - old_codes.keys()):
        out.add(
            f"response-{'success' if _is_success(code) else 'non-success'}-status-added", where, status=code
        )
    for code in sorted(old_codes.keys() & new_codes.keys()):
        _headers(a, b, old_codes[code], new_codes[code], where, code, out)
        old_content, new_content = _content(a, old_codes[code]), _content(b, new_codes[code])
        for media in sorted(old_content.keys() - new_content.keys()):
            out.add("response-media-type-removed", where, f"Antwort {code}", media=media)
        for media in sorted(new_content.keys() - old_content.keys()):
            out.add("response-media-type-added", where, f"Antwort {code}", media=media)
        for media in sorted(old_content.keys() & new_content.keys()):
            if "schema" in _dict(old_content[media]) and "schema" not in _dict(new_content[media]):
                out.add("response-body-media-type-schema-removed", where, f"Antwort {code}", media=media)
            ctx = _Ctx(where=where, direction="response", scope="body", location=f"Antwort {code} ({media})")
            _schema(
                a,
                b,
                _dict(old_content[media]).get("schema"),
                _dict(new_content[media]).get("schema"),
                ctx,
                out,
            )


def _header_map(doc: _Doc, response: Any) -> dict[str, dict[str, Any]]:
    headers = _dict(_dict(doc.resolve(response)[0]).get("headers"))
    return {str(name).lower(): _dict(doc.resolve(header)[0]) for name, header in headers.items()}


def _headers(
    a: _Doc, b: _Doc, old_response: Any, new_response: Any, where: str, code: str, out: _Collector
) -> None:
    old_headers, new_headers = _header_map(a, old_response), _header_map(b, new_response)
    location = f"Antwort {code}"
    for name in sorted(old_headers.keys() - new_headers.keys()):
        kind = "required" if old_headers[name].get("required") else "optional"
        out.add(f"{kind}-response-header-removed", where, location, name=name)
    for name in sorted(old_headers.keys() & new_headers.keys()):
        if old_headers[name].get("required") and not new_headers[name].get("required"):
            out.add("response-header-became-optional", where, location, name=name)
        old_schema = _dict(a.resolve(old_headers[name].get("schema"))[0])
        new_schema = _dict(b.resolve(new_headers[name].get("schema"))[0])
        (old_types, old_null), (new_types, new_null) = _types(old_schema), _types(new_schema)
        if new_null and not old_null:
            out.add("response-header-became-nullable", where, location, name=name)
        old_format, new_format = old_schema.get("format"), new_schema.get("format")
        if old_types and new_types and (old_types, old_format) != (new_types, new_format):
            old_label = "|".join(sorted(old_types)) + (f"/{old_format}" if old_format else "")
            new_label = "|".join(sorted(new_types)) + (f"/{new_format}" if new_format else "")
            if old_types == new_types:
                wider, narrower = new_format is None, old_format is None
            else:
                wider, narrower = _covers(new_types, old_types), _covers(old_types, new_types)
            kind = "specialized" if narrower else "generalized" if wider else "changed"
            out.add(f"response-header-type-{kind}", where, location, name=name, old=old_label, new=new_label)


# --- schemas ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    where: str
    direction: str  # "request" (what the client sends) or "response"
    scope: str  # "body" or "parameter"
    location: str
    root: bool = True
    param_in: str = ""
    seen_old: frozenset[str] = frozenset()
    seen_new: frozenset[str] = frozenset()
    depth: int = 0

    @property
    def prefix(self) -> str:
        """The rule-id prefix of a finding at this place, as oasdiff names it."""
        if self.direction == "response":
            return "response-body" if self.root else "response-property"
        if self.scope == "parameter":
            return "request-parameter" if self.root else "request-parameter-property"
        return "request-body" if self.root else "request-property"

    def child(self, name: str) -> _Ctx:
        return replace(self, location=_join(self.location, name), root=False, depth=self.depth + 1)


def _types(schema: dict[str, Any]) -> tuple[frozenset[str], bool]:
    """Declared types without "null", and whether null is allowed (3.0 `nullable`, 3.1 "null")."""
    value = schema.get("type")
    if isinstance(value, str):
        types = {value}
    elif isinstance(value, list):
        types = {str(t) for t in value}
    else:
        types = set()
    nullable = schema.get("nullable") is True or "null" in types
    types.discard("null")
    return frozenset(types), nullable


def _covers(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    """Every value of a `narrow` type is also a value of a `wide` type (integer ⊂ number)."""
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _merged(doc: _Doc, schema: Any, seen: frozenset[str]) -> tuple[dict[str, Any], frozenset[str]]:
    """Resolve `$ref` and fold `allOf` into one schema (properties, required, type, enum …)."""
    schema, seen = doc.resolve(schema, seen)
    schema = _dict(schema)
    parts = schema.get("allOf")
    if not isinstance(parts, list):
        return schema, seen
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    properties: dict[str, Any] = dict(_dict(merged.get("properties")))
    required: list[Any] = _list(merged.get("required"))
    for part in parts:
        sub, seen = _merged(doc, part, seen)
        properties.update(_dict(sub.get("properties")))
        required.extend(_list(sub.get("required")))
        for key, value in sub.items():
            if key not in ("properties", "required") and key not in merged:
                merged[key] = value
    if properties:
        merged["properties"] = properties
    if required:
        merged["required"] = required
    return merged, seen


def _schema(a: _Doc, b: _Doc, old: Any, new: Any, ctx: _Ctx, out: _Collector) -> None:
    if old is None or new is None or ctx.depth > MAX_DEPTH:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        ref_old, ref_new = old.get("$ref"), new.get("$ref")
        # only a string is a reference (a malformed `$ref` such as a list is left to resolve())
        if (
            isinstance(ref_old, str)
            and isinstance(ref_new, str)
            and ref_old in ctx.seen_old
            and ref_new in ctx.seen_new
        ):
            return
    raw_old, _ = a.resolve(old, ctx.seen_old)
    raw_new, _ = b.resolve(new, ctx.seen_new)
    _composition(_dict(raw_old), _dict(raw_new), ctx, out)
    old_s, seen_old = _merged(a, old, ctx.seen_old)
    new_s, seen_new = _merged(b, new, ctx.seen_new)
    ctx = replace(ctx, seen_old=seen_old, seen_new=seen_new)
    _type(old_s, new_s, ctx, out)
    _enum(old_s, new_s, ctx, out)
    _constraints(old_s, new_s, ctx, out)
    _keywords(old_s, new_s, ctx, out)
    _properties(a, b, old_s, new_s, ctx, out)
    if "items" in old_s and "items" in new_s:
        _schema(a, b, old_s["items"], new_s["items"], ctx.child("[]"), out)


def _type(old_s: dict[str, Any], new_s: dict[str, Any], ctx: _Ctx, out: _Collector) -> None:
    (old_types, old_null), (new_types, new_null) = _types(old_s), _types(new_s)
    p, where, loc = ctx.prefix, ctx.where, ctx.location
    if ctx.direction == "request":
        if old_null and not new_null:
            out.add(f"{p}-became-not-nullable", where, loc)
        elif new_null and not old_null:
            out.add(f"{p}-became-nullable", where, loc)
    elif new_null and not old_null:
        out.add(f"{p}-became-nullable", where, loc)
    elif old_null and not new_null:
        out.add(f"{p}-became-not-nullable", where, loc)

    old_format, new_format = old_s.get("format"), new_s.get("format")
    types_differ = bool(old_types and new_types and old_types != new_types)
    format_differs = old_format != new_format and (old_format is not None or new_format is not None)
    if not types_differ and not (format_differs and (old_types or new_types)):
        return
    old_label = f"{'|'.join(sorted(old_types)) or '–'}{f'/{old_format}' if old_format else ''}"
    new_label = f"{'|'.join(sorted(new_types)) or '–'}{f'/{new_format}' if new_format else ''}"
    if types_differ:
        wider = _covers(new_types, old_types)  # the new types accept every old value
        narrower = _covers(old_types, new_types)
    else:
        wider = new_format is None  # a format dropped accepts more
        narrower = old_format is None
    if ctx.direction == "request":
        if p == "request-parameter-property":
            kind = "generalized" if wider else "specialized" if narrower else "changed"
            out.add(f"{p}-type-{kind}", where, loc, old=old_label, new=new_label)
        else:
            out.add(
                f"{p}-type-{'generalized' if wider else 'changed'}", where, loc, old=old_label, new=new_label
            )
    else:
        kind = "specialized" if narrower else "generalized" if wider else "changed"
        out.add(f"{p}-type-{kind}", where, loc, old=old_label, new=new_label)


def _enum_prefix(ctx: _Ctx) -> str:
    if ctx.direction == "response":
        return "response-property"
    if ctx.prefix == "request-parameter-property" and ctx.param_in == "header":
        return "request-header-property"
    return ctx.prefix


def _enum(old_s: dict[str, Any], new_s: dict[str, Any], ctx: _Ctx, out: _Collector) -> None:
    p, where, loc = _enum_prefix(ctx), ctx.where, ctx.location
    old_enum, new_enum = old_s.get("enum"), new_s.get("enum")
    if isinstance(old_enum, list) and isinstance(new_enum, list):
        removed = [v for v in old_enum if not _among(v, new_enum)]
        added = [v for v in new_enum if not _among(v, old_enum)]
        if removed:
            out.add(f"{p}-enum-value-removed", where, loc, values=removed)
        if added:
            out.add(f"{p}-enum-value-added", where, loc, values=added)
    elif isinstance(new_enum, list) and old_enum is None:
        out.add(f"{p}-became-enum", where, loc, values=new_enum)
    elif isinstance(old_enum, list) and new_enum is None and ctx.direction == "response":
        out.add(f"{p}-enum-value-added", where, loc, values=["(beliebige)"])
    if ctx.direction == "request" and ctx.prefix != "request-parameter-property":
        old_ext, new_ext = old_s.get("x-extensible-enum"), new_s.get("x-extensible-enum")
        if isinstance(old_ext, list) and isinstance(new_ext, list):
            removed = [v for v in old_ext if not _among(v, new_ext)]
            if removed:
                out.add(f"{_value_prefix(ctx)}-x-extensible-enum-value-removed", where, loc, values=removed)


def _value_prefix(ctx: _Ctx) -> str:
    """oasdiff names pattern and x-extensible-enum rules of a body after its properties."""
    if ctx.direction == "response":
        return "response-property"
    return "request-parameter" if ctx.prefix == "request-parameter" else "request-property"


def _number(value: Any) -> float | None:
    """A finite number; anything else (also NaN and infinity from YAML) is no bound."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    return str(int(value)) if math.isfinite(value) and value == int(value) else str(value)


# keyword, rule-id slug, True for an upper bound, value assumed when absent (None: no bound)
_BOUNDS = (
    ("maxLength", "max-length", True, None),
    ("maximum", "max", True, None),
    ("maxItems", "max-items", True, None),
    ("minLength", "min-length", False, 0.0),
    ("minimum", "min", False, None),
    ("minItems", "min-items", False, None),
    ("exclusiveMaximum", "exclusive-max", True, None),  # a number in 3.1; 3.0's flag is not compared
    ("exclusiveMinimum", "exclusive-min", False, None),
    ("maxProperties", "max-properties", True, None),
    ("minProperties", "min-properties", False, 0.0),
    ("maxContains", "max-contains", True, None),
    ("minContains", "min-contains", False, None),
)


def _constraints(old_s: dict[str, Any], new_s: dict[str, Any], ctx: _Ctx, out: _Collector) -> None:
    p, where, loc = ctx.prefix, ctx.where, ctx.location
    if p == "request-parameter-property":
        return  # oasdiff has no constraint rules for properties inside a parameter's schema
    for keyword, slug, upper, absent in _BOUNDS:
        old_v = _number(old_s.get(keyword))
        new_v = _number(new_s.get(keyword))
        old_v = absent if old_v is None else old_v
        new_v = absent if new_v is None else new_v
        if old_v == new_v:
            continue
        values = {"old": _fmt(old_v), "new": _fmt(new_v)}
        tighter = "decreased" if upper else "increased"
        looser = "increased" if upper else "decreased"
        if old_v is None:
            if ctx.direction == "request":
                out.add(f"{p}-{slug}-set", where, loc, **values)
        elif new_v is None:
            if ctx.direction == "response":
                out.add(f"{p}-{slug}-unset", where, loc, **values)
        elif (new_v < old_v) == upper:
            if ctx.direction == "request":
                out.add(f"{p}-{slug}-{tighter}", where, loc, **values)
        else:
            out.add(f"{p}-{slug}-{looser}", where, loc, **values)
    pp = _value_prefix(ctx)
    old_pattern, new_pattern = old_s.get("pattern"), new_s.get("pattern")
    if old_pattern is None and new_pattern is not None:
        out.add(f"{pp}-pattern-added", where, loc, new=repr(new_pattern))
    elif old_pattern is not None and new_pattern is None:
        out.add(f"{pp}-pattern-removed", where, loc, old=repr(old_pattern))
    elif old_pattern != new_pattern:
        out.add(f"{pp}-pattern-changed", where, loc, old=repr(old_pattern), new=repr(new_pattern))


def _multiple(value: float, of: float) -> bool:
    if not (math.isfinite(value) and math.isfinite(of)) or of == 0:
        return False
    quotient = value / of
    return abs(quotient - round(quotient)) < 1e-9


def _keywords(old_s: dict[str, Any], new_s: dict[str, Any], ctx: _Ctx, out: _Collector) -> None:
    """JSON Schema keywords beyond the bounds: uniqueItems, multipleOf, const, prefixItems,
    dependentRequired/-Schemas, patternProperties, contentMediaType/-Encoding, if/then/else …
    oasdiff has rules for them in request bodies and responses, not in parameters."""
    p, where, loc = ctx.prefix, ctx.where, ctx.location
    if ctx.scope == "parameter":
        return
    request = ctx.direction == "request"
    old_unique, new_unique = old_s.get("uniqueItems") is True, new_s.get("uniqueItems") is True
    if new_unique and not old_unique and request:
        out.add(f"{p}-unique-items-set", where, loc)
    elif old_unique and not new_unique:
        out.add(f"{p}-unique-items-unset", where, loc)

    old_of, new_of = _number(old_s.get("multipleOf")), _number(new_s.get("multipleOf"))
    if old_of != new_of:
        values = {"old": _fmt(old_of), "new": _fmt(new_of)}
        if old_of is None:
            if request:
                out.add(f"{p}-multiple-of-set", where, loc, **values)
        elif new_of is None:
            out.add(f"{p}-multiple-of-unset", where, loc, **values)
        elif request:  # every multiple of the old value still allowed?
            kind = "generalized" if new_of and _multiple(old_of, new_of) else "changed"
            out.add(f"{p}-multiple-of-{kind}", where, loc, **values)
        else:  # every new value was an old value too?
            kind = "specialized" if old_of and _multiple(new_of, old_of) else "changed"
            out.add(f"{p}-multiple-of-{kind}", where, loc, **values)

    old_const, new_const = old_s.get("const", _MISSING), new_s.get("const", _MISSING)
    if not _same(old_const, new_const):
        if old_const is _MISSING:
            out.add(f"{p}-const-added", where, loc, new=repr(new_const))
        elif new_const is _MISSING:
            out.add(f"{p}-const-removed", where, loc, old=repr(old_const))
        else:
            out.add(f"{p}-const-changed", where, loc, old=repr(old_const), new=repr(new_const))

    old_prefix, new_prefix = old_s.get("prefixItems"), new_s.get("prefixItems")
    old_count = len(old_prefix) if isinstance(old_prefix, list) else 0
    new_count = len(new_prefix) if isinstance(new_prefix, list) else 0
    if new_count != old_count:
        kind = "removed" if new_count < old_count else "added"
        out.add(f"{p}-prefix-items-{kind}", where, loc, old=old_count, new=new_count)

    old_dep, new_dep = _dict(old_s.get("dependentRequired")), _dict(new_s.get("dependentRequired"))
    for name in sorted(new_dep.keys() - old_dep.keys()):
        out.add(f"{p}-dependent-required-added", where, loc, name=name)
    for name in sorted(old_dep.keys() - new_dep.keys()):
        out.add(f"{p}-dependent-required-removed", where, loc, name=name)
    for name in sorted(old_dep.keys() & new_dep.keys()):
        if set(map(str, _list(old_dep[name]))) != set(map(str, _list(new_dep[name]))):
            out.add(f"{p}-dependent-required-changed", where, loc, name=name)

    for keyword, slug in (
        ("dependentSchemas", "dependent-schema"),
        ("patternProperties", "pattern-property"),
    ):
        old_keys, new_keys = set(_dict(old_s.get(keyword))), set(_dict(new_s.get(keyword)))
        for name in sorted(new_keys - old_keys):
            out.add(f"{p}-{slug}-added", where, loc, name=name)
        for name in sorted(old_keys - new_keys):
            out.add(f"{p}-{slug}-removed", where, loc, name=name)

    for keyword, slug in (
        ("contentMediaType", "content-media-type"),
        ("contentEncoding", "content-encoding"),
    ):
        old_value, new_value = old_s.get(keyword), new_s.get(keyword)
        if old_value != new_value:
            out.add(f"{p}-{slug}-changed", where, loc, old=old_value or "–", new=new_value or "–")

    for keyword, slug in SCHEMA_KEYWORDS:
        if keyword in new_s and keyword not in old_s:
            out.add(f"{p}-{slug}-added", where, loc)
        elif keyword in old_s and keyword not in new_s:
            out.add(f"{p}-{slug}-removed", where, loc)


def _subschemas(raw: dict[str, Any], keyword: str) -> tuple[set[str], int]:
    """Referenced subschemas of allOf/anyOf/oneOf by name, and the number of inline ones."""
    parts = raw.get(keyword)
    refs: set[str] = set()
    inline = 0
    for part in parts if isinstance(parts, list) else []:
        ref = _dict(part).get("$ref")
        if isinstance(ref, str):
            refs.add(ref.rsplit("/", 1)[-1])
        else:
            inline += 1
    return refs, inline


def _composition(raw_old: dict[str, Any], raw_new: dict[str, Any], ctx: _Ctx, out: _Collector) -> None:
    if ctx.scope == "parameter":
        return
    p, where, loc = ctx.prefix, ctx.where, ctx.location
    for keyword, slug in (("allOf", "all-of"), ("anyOf", "any-of"), ("oneOf", "one-of")):
        (old_refs, old_inline), (new_refs, new_inline) = (
            _subschemas(raw_old, keyword),
            _subschemas(raw_new, keyword),
        )
        added = sorted(new_refs - old_refs) + ["(eingebettet)"] * max(0, new_inline - old_inline)
        removed = sorted(old_refs - new_refs) + ["(eingebettet)"] * max(0, old_inline - new_inline)
        if added:
            out.add(f"{p}-{slug}-added", where, loc, values=added)
        if removed:
            out.add(f"{p}-{slug}-removed", where, loc, values=removed)


def _properties(
    a: _Doc, b: _Doc, old_s: dict[str, Any], new_s: dict[str, Any], ctx: _Ctx, out: _Collector
) -> None:
    old_props, new_props = _dict(old_s.get("properties")), _dict(new_s.get("properties"))
    if not old_props and not new_props:
        return
    old_required = {str(r) for r in _list(old_s.get("required"))}
    new_required = {str(r) for r in _list(new_s.get("required"))}
    where = ctx.where
    header = ctx.scope == "parameter" and ctx.param_in == "header"
    for name in sorted(old_props.keys() - new_props.keys()):
        loc = _join(ctx.location, name)
        if ctx.direction == "request":
            if ctx.scope == "body":
                out.add("request-property-removed", where, loc)
            continue
        old_prop = _dict(a.resolve(old_props[name])[0])
        kind = "required" if name in old_required else "optional"
        write_only = "write-only-" if old_prop.get("writeOnly") is True else ""
        out.add(f"response-{kind}-{write_only}property-removed", where, loc)
    for name in sorted(new_props.keys() - old_props.keys()):
        loc = _join(ctx.location, name)
        new_prop = _dict(b.resolve(new_props[name])[0])
        if ctx.direction == "response":
            out.add(
                f"response-{'required' if name in new_required else 'optional'}-property-added", where, loc
            )
        elif header:
            if name in new_required:
                out.add("new-required-request-header-property", where, loc)
        elif ctx.scope == "body" and new_prop.get("readOnly") is not True:
            if name not in new_required:
                out.add("new-optional-request-property", where, loc)
            else:
                default = "-with-default" if "default" in new_prop else ""
                out.add(f"new-required-request-property{default}", where, loc)
    for name in sorted(old_props.keys() & new_props.keys()):
        child = ctx.child(name)
        old_prop = _dict(a.resolve(old_props[name])[0])
        new_prop = _dict(b.resolve(new_props[name])[0])
        if ctx.direction == "request":
            if new_prop.get("readOnly") is True:
                continue  # clients do not send read-only properties
            if name in new_required and name not in old_required:
                if header:
                    out.add("request-header-property-became-required", where, child.location)
                elif ctx.scope == "body":
                    default = "-with-default" if "default" in new_prop else ""
                    out.add(f"request-property-became-required{default}", where, child.location)
            elif name in old_required and name not in new_required and ctx.scope == "body":
                out.add("request-property-became-optional", where, child.location)
        else:
            hidden = old_prop.get("writeOnly") is True or new_prop.get("writeOnly") is True
            if name in old_required and name not in new_required:
                rule = (
                    "response-write-only-property-became-optional"
                    if hidden
                    else "response-property-became-optional"
                )
                out.add(rule, where, child.location)
            elif name in new_required and name not in old_required and not hidden:
                out.add("response-property-became-required", where, child.location)
            if (
                name in new_required
                and old_prop.get("writeOnly") is True
                and new_prop.get("writeOnly") is not True
            ):
                out.add("response-required-property-became-not-write-only", where, child.location)
            if new_prop.get("writeOnly") is True:
                continue  # servers do not send write-only properties
        _schema(a, b, old_props[name], new_props[name], child, out)


def _join(location: str, name: str) -> str:
    if location.endswith((")", "'")):
        return f"{location}: {name}"
    return f"{location}{name}" if name == "[]" else f"{location}.{name}"


# --- security ------------------------------------------------------------------------------------------


def _requirements(doc: _Doc, op: dict[str, Any]) -> dict[frozenset[str], frozenset[str]]:
    """An operation's security alternatives (op level, else global): schemes → scopes.
    The empty set of schemes stands for anonymous access."""
    security = op.get("security") if "security" in op else doc.document.get("security")
    if not isinstance(security, list) or not security:
        return {frozenset(): frozenset()}
    alternatives: dict[frozenset[str], frozenset[str]] = {}
    for requirement in security:
        schemes = frozenset(str(s) for s in _dict(requirement))
        scopes = frozenset(
            f"{scheme}:{scope}"
            for scheme, values in _dict(requirement).items()
            for scope in (values if isinstance(values, list) else [])
        )
        alternatives[schemes] = alternatives.get(schemes, frozenset()) | scopes
    return alternatives


def _security(
    a: _Doc, b: _Doc, old_op: dict[str, Any], new_op: dict[str, Any], where: str, out: _Collector
) -> None:
    old_req, new_req = _requirements(a, old_op), _requirements(b, new_op)
    if old_req == new_req:
        return
    scope = "api-security" if "security" in old_op or "security" in new_op else "api-global-security"
    anonymous: frozenset[str] = frozenset()
    for schemes in sorted(old_req.keys() - new_req.keys(), key=sorted):
        if schemes == anonymous:
            out.add("api-security-anonymous-access-removed", where)
        else:
            out.add(f"{scope}-removed", where, scheme="+".join(sorted(schemes)))
    for schemes in sorted(new_req.keys() - old_req.keys(), key=sorted):
        if schemes == anonymous:
            out.add("api-security-anonymous-access-added", where)
        else:
            out.add(f"{scope}-added", where, scheme="+".join(sorted(schemes)))
    for schemes in sorted(old_req.keys() & new_req.keys(), key=sorted):
        label = "+".join(sorted(schemes))
        added, removed = new_req[schemes] - old_req[schemes], old_req[schemes] - new_req[schemes]
        if added:
            out.add(f"{scope}-scope-added", where, scheme=label, scopes=sorted(added))
        if removed:
            out.add(f"{scope}-scope-removed", where, scheme=label, scopes=sorted(removed))
