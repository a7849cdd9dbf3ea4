"""One case per breaking-change rule (oasdiff ids): a small document before and after, the rule
id, the operation and the place it must name. Plus properties: loosening a request constraint or
tightening a response constraint is never breaking."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ikone.standards.openapi.diff import diff
from ikone.standards.openapi.rules import RULES, Rule

PATH = "/items/{id}"
POST = f"POST {PATH}"
BODY = "Request-Body (application/json)"
PROP = f"{BODY}: p"
QUERY = "query-Parameter 'q'"
RESPONSE = "Antwort 200 (application/json)"
RESPONSE_PROP = f"{RESPONSE}: p"
COMPONENTS = {
    "A": {"type": "object", "properties": {"a": {"type": "string"}}},
    "B": {"type": "object"},
}


def spec(
    op: dict[str, Any] | None = None,
    *,
    version: str = "3.0.3",
    item_params: list[dict[str, Any]] | None = None,
    security: list[dict[str, Any]] | None = None,
    more_paths: dict[str, Any] | None = None,
) -> dict[str, Any]:
    item: dict[str, Any] = {"post": op or {"responses": {"200": {"description": "ok"}}}}
    if item_params:
        item["parameters"] = item_params
    document: dict[str, Any] = {
        "openapi": version,
        "info": {"title": "Probe", "version": "1"},
        "paths": {PATH: item, **(more_paths or {})},
        "components": {"schemas": copy.deepcopy(COMPONENTS)},
    }
    if security is not None:
        document["security"] = security
    return document


def ok() -> dict[str, Any]:
    return {"200": {"description": "ok"}}


def body(schema: dict[str, Any], required: bool = False) -> dict[str, Any]:
    return spec(
        {
            "requestBody": {"required": required, "content": {"application/json": {"schema": schema}}},
            "responses": ok(),
        }
    )


def prop(schema: dict[str, Any], required: bool = False, version: str = "3.0.3") -> dict[str, Any]:
    document = body(obj({"p": schema}, ["p"] if required else []))
    document["openapi"] = version
    return document


def query(schema: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    param = {"name": "q", "in": "query", "schema": schema or {"type": "string"}, **extra}
    return spec({"parameters": [param], "responses": ok()})


def header(schema: dict[str, Any]) -> dict[str, Any]:
    param = {"name": "X-Meta", "in": "header", "schema": schema}
    return spec({"parameters": [param], "responses": ok()})


def response(schema: dict[str, Any], version: str = "3.0.3") -> dict[str, Any]:
    document = spec(
        {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}}
    )
    document["openapi"] = version
    return document


def response_prop(schema: dict[str, Any], required: bool = True, version: str = "3.0.3") -> dict[str, Any]:
    return response(obj({"p": schema}, ["p"] if required else []), version)


def obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def statuses(*codes: str) -> dict[str, Any]:
    return spec({"responses": {code: {"description": code} for code in codes}})


def media(location: str, *types: str) -> dict[str, Any]:
    content = {t: {"schema": {"type": "string"}} for t in types}
    if location == "request":
        return spec({"requestBody": {"content": content}, "responses": ok()})
    return spec({"responses": {"200": {"description": "ok", "content": content}}})


def response_headers(**headers: dict[str, Any]) -> dict[str, Any]:
    return spec({"responses": {"200": {"description": "ok", "headers": headers}}})


def secured(security: list[dict[str, Any]]) -> dict[str, Any]:
    return spec({"security": security, "responses": ok()})


S = {"type": "string"}
I = {"type": "integer"}  # noqa: E741 - a schema, read as "integer"
ARRAY = {"type": "array", "items": {"type": "string"}}


def with_(schema: dict[str, Any], **keywords: Any) -> dict[str, Any]:
    return {**schema, **keywords}


# rule id, before, after, operation or path, fragment of the detail
CASES: list[tuple[str, dict[str, Any], dict[str, Any], str, str]] = [
    # --- paths and operations
    (
        "api-path-removed-without-deprecation",
        spec(more_paths={"/other": {"get": {"responses": ok()}}}),
        spec(),
        "/other",
        "Pfad entfernt",
    ),
    (
        "api-removed-without-deprecation",
        spec(more_paths={"/other": {"get": {"responses": ok()}, "put": {"responses": ok()}}}),
        spec(more_paths={"/other": {"get": {"responses": ok()}}}),
        "PUT /other",
        "Operation entfernt",
    ),
    # --- request body
    ("added-required-request-body", spec(), body(S, required=True), POST, "Pflicht"),
    ("request-body-removed", body(S), spec(), POST, "Request-Body entfernt"),
    ("request-body-became-required", body(S), body(S, required=True), POST, "jetzt Pflicht"),
    (
        "request-body-media-type-removed",
        media("request", "application/json", "application/xml"),
        media("request", "application/json"),
        POST,
        "application/xml",
    ),
    (
        "request-body-max-length-decreased",
        body(with_(S, maxLength=10)),
        body(with_(S, maxLength=5)),
        POST,
        BODY,
    ),
    ("request-body-max-length-set", body(S), body(with_(S, maxLength=5)), POST, BODY),
    (
        "request-body-min-length-increased",
        body(with_(S, minLength=1)),
        body(with_(S, minLength=3)),
        POST,
        BODY,
    ),
    ("request-body-max-decreased", body(with_(I, maximum=10)), body(with_(I, maximum=5)), POST, BODY),
    ("request-body-max-set", body(I), body(with_(I, maximum=5)), POST, BODY),
    ("request-body-min-increased", body(with_(I, minimum=1)), body(with_(I, minimum=3)), POST, BODY),
    ("request-body-min-set", body(I), body(with_(I, minimum=1)), POST, BODY),
    (
        "request-body-min-items-increased",
        body(with_(ARRAY, minItems=1)),
        body(with_(ARRAY, minItems=2)),
        POST,
        BODY,
    ),
    ("request-body-min-items-set", body(ARRAY), body(with_(ARRAY, minItems=1)), POST, BODY),
    (
        "request-body-max-items-decreased",
        body(with_(ARRAY, maxItems=9)),
        body(with_(ARRAY, maxItems=3)),
        POST,
        BODY,
    ),
    ("request-body-max-items-set", body(ARRAY), body(with_(ARRAY, maxItems=3)), POST, BODY),
    ("request-body-type-changed", body(S), body(I), POST, "string → integer"),
    ("request-body-became-not-nullable", body(with_(S, nullable=True)), body(S), POST, BODY),
    ("request-body-became-enum", body(S), body(with_(S, enum=["a"])), POST, "'a'"),
    (
        "request-body-enum-value-removed",
        body(with_(S, enum=["a", "b"])),
        body(with_(S, enum=["a"])),
        POST,
        "'b'",
    ),
    (
        "request-body-all-of-added",
        body({"allOf": [ref("A")]}),
        body({"allOf": [ref("A"), ref("B")]}),
        POST,
        "B",
    ),
    (
        "request-body-all-of-removed",
        body({"allOf": [ref("A"), ref("B")]}),
        body({"allOf": [ref("A")]}),
        POST,
        "B",
    ),
    (
        "request-body-any-of-removed",
        body({"anyOf": [ref("A"), ref("B")]}),
        body({"anyOf": [ref("A")]}),
        POST,
        "B",
    ),
    (
        "request-body-one-of-removed",
        body({"oneOf": [ref("A"), ref("B")]}),
        body({"oneOf": [ref("A")]}),
        POST,
        "B",
    ),
    # --- request properties
    (
        "request-property-max-length-decreased",
        prop(with_(S, maxLength=10)),
        prop(with_(S, maxLength=5)),
        POST,
        PROP,
    ),
    ("request-property-max-length-set", prop(S), prop(with_(S, maxLength=5)), POST, PROP),
    ("request-property-min-length-increased", prop(S), prop(with_(S, minLength=3)), POST, PROP),
    ("request-property-max-decreased", prop(with_(I, maximum=10)), prop(with_(I, maximum=5)), POST, PROP),
    ("request-property-max-set", prop(I), prop(with_(I, maximum=5)), POST, PROP),
    ("request-property-min-increased", prop(with_(I, minimum=0)), prop(with_(I, minimum=1)), POST, PROP),
    ("request-property-min-set", prop(I), prop(with_(I, minimum=0)), POST, PROP),
    (
        "request-property-min-items-increased",
        prop(with_(ARRAY, minItems=1)),
        prop(with_(ARRAY, minItems=4)),
        POST,
        PROP,
    ),
    ("request-property-min-items-set", prop(ARRAY), prop(with_(ARRAY, minItems=1)), POST, PROP),
    (
        "request-property-max-items-decreased",
        prop(with_(ARRAY, maxItems=9)),
        prop(with_(ARRAY, maxItems=1)),
        POST,
        PROP,
    ),
    ("request-property-max-items-set", prop(ARRAY), prop(with_(ARRAY, maxItems=3)), POST, PROP),
    ("request-property-type-changed", prop(I), prop(S), POST, "integer → string"),
    (
        "request-property-became-not-nullable",
        prop({"type": ["string", "null"]}, version="3.1.0"),
        prop(S, version="3.1.0"),
        POST,
        PROP,
    ),
    ("request-property-became-enum", prop(S), prop(with_(S, enum=["x", "y"])), POST, "'x', 'y'"),
    (
        "request-property-enum-value-removed",
        prop(with_(S, enum=["x", "y"])),
        prop(with_(S, enum=["y"])),
        POST,
        "'x'",
    ),
    (
        "request-property-all-of-added",
        prop({"allOf": [ref("A")]}),
        prop({"allOf": [ref("A"), ref("B")]}),
        POST,
        PROP,
    ),
    (
        "request-property-all-of-removed",
        prop({"allOf": [ref("A"), ref("B")]}),
        prop({"allOf": [ref("A")]}),
        POST,
        PROP,
    ),
    ("request-property-any-of-removed", prop({"anyOf": [S, I]}), prop({"anyOf": [S]}), POST, PROP),
    ("request-property-one-of-removed", prop({"oneOf": [S, I]}), prop({"oneOf": [S]}), POST, PROP),
    ("request-property-pattern-added", prop(S), prop(with_(S, pattern="^[a-z]+$")), POST, "^[a-z]+$"),
    (
        "request-property-pattern-changed",
        prop(with_(S, pattern="^[a-z]+$")),
        prop(with_(S, pattern="^[a-z]{2}$")),
        POST,
        "^[a-z]{2}$",
    ),
    (
        "request-property-x-extensible-enum-value-removed",
        prop(with_(S, **{"x-extensible-enum": ["x", "y"]})),
        prop(with_(S, **{"x-extensible-enum": ["x"]})),
        POST,
        "'y'",
    ),
    ("request-property-removed", body(obj({"p": S, "r": S})), body(obj({"r": S})), POST, PROP),
    ("new-required-request-property", body(obj({"r": S})), body(obj({"p": S, "r": S}, ["p"])), POST, PROP),
    ("request-property-became-required", prop(S), prop(S, required=True), POST, PROP),
    (
        "new-required-request-property-with-default",
        body(obj({"r": S})),
        body(obj({"p": with_(S, default="x"), "r": S}, ["p"])),
        POST,
        PROP,
    ),
    # --- parameters
    ("new-required-request-parameter", spec(), query(required=True), POST, QUERY),
    (
        "new-request-path-parameter",
        spec(),
        spec(
            {"parameters": [{"name": "id", "in": "path", "required": True, "schema": S}], "responses": ok()}
        ),
        POST,
        "path-Parameter 'id'",
    ),
    (
        "new-required-request-default-parameter-to-existing-path",
        spec(),
        spec(item_params=[{"name": "q", "in": "query", "required": True, "schema": S}]),
        POST,
        QUERY,
    ),
    ("request-parameter-removed", query(), spec(), POST, QUERY),
    ("request-parameter-became-required", query(), query(required=True), POST, QUERY),
    ("request-parameter-default-value-added", query(S), query(with_(S, default="a")), POST, "'a'"),
    ("request-parameter-default-value-removed", query(with_(S, default="a")), query(S), POST, "'a'"),
    (
        "request-parameter-default-value-changed",
        query(with_(S, default="a")),
        query(with_(S, default="b")),
        POST,
        "'b'",
    ),
    (
        "request-parameter-max-length-decreased",
        query(with_(S, maxLength=10)),
        query(with_(S, maxLength=5)),
        POST,
        QUERY,
    ),
    ("request-parameter-max-length-set", query(S), query(with_(S, maxLength=5)), POST, QUERY),
    (
        "request-parameter-min-length-increased",
        query(with_(S, minLength=1)),
        query(with_(S, minLength=2)),
        POST,
        QUERY,
    ),
    (
        "request-parameter-max-decreased",
        query(with_(I, maximum=100)),
        query(with_(I, maximum=50)),
        POST,
        QUERY,
    ),
    ("request-parameter-max-set", query(I), query(with_(I, maximum=50)), POST, QUERY),
    ("request-parameter-min-increased", query(with_(I, minimum=1)), query(with_(I, minimum=2)), POST, QUERY),
    ("request-parameter-min-set", query(I), query(with_(I, minimum=1)), POST, QUERY),
    (
        "request-parameter-min-items-increased",
        query(with_(ARRAY, minItems=1)),
        query(with_(ARRAY, minItems=2)),
        POST,
        QUERY,
    ),
    ("request-parameter-min-items-set", query(ARRAY), query(with_(ARRAY, minItems=1)), POST, QUERY),
    (
        "request-parameter-max-items-decreased",
        query(with_(ARRAY, maxItems=5)),
        query(with_(ARRAY, maxItems=2)),
        POST,
        QUERY,
    ),
    ("request-parameter-type-changed", query(S), query(I), POST, "string → integer"),
    ("request-parameter-became-not-nullable", query(with_(S, nullable=True)), query(S), POST, QUERY),
    ("request-parameter-became-enum", query(S), query(with_(S, enum=["asc", "desc"])), POST, "'asc', 'desc'"),
    (
        "request-parameter-enum-value-removed",
        query(with_(S, enum=["asc", "desc"])),
        query(with_(S, enum=["asc"])),
        POST,
        "'desc'",
    ),
    ("request-parameter-pattern-added", query(S), query(with_(S, pattern="^[0-9]+$")), POST, "^[0-9]+$"),
    (
        "request-parameter-pattern-changed",
        query(with_(S, pattern="^[0-9]+$")),
        query(with_(S, pattern="^[0-9]*$")),
        POST,
        "^[0-9]*$",
    ),
    (
        "request-parameter-x-extensible-enum-value-removed",
        query(with_(S, **{"x-extensible-enum": ["a", "b"]})),
        query(with_(S, **{"x-extensible-enum": ["a"]})),
        POST,
        "'b'",
    ),
    (
        "request-parameter-property-type-changed",
        query(obj({"p": S})),
        query(obj({"p": I})),
        POST,
        f"{QUERY}: p",
    ),
    (
        "request-parameter-property-type-specialized",
        query(obj({"p": {"type": ["string", "integer"]}})),
        query(obj({"p": S})),
        POST,
        f"{QUERY}: p",
    ),
    (
        "request-parameter-property-became-not-nullable",
        query(obj({"p": with_(S, nullable=True)})),
        query(obj({"p": S})),
        POST,
        f"{QUERY}: p",
    ),
    (
        "request-parameter-property-enum-value-removed",
        query(obj({"p": with_(S, enum=["a", "b"])})),
        query(obj({"p": with_(S, enum=["a"])})),
        POST,
        "'b'",
    ),
    (
        "new-required-request-header-property",
        header(obj({"a": S})),
        header(obj({"a": S, "b": S}, ["b"])),
        POST,
        "header-Parameter 'X-Meta': b",
    ),
    (
        "request-header-property-became-required",
        header(obj({"a": S})),
        header(obj({"a": S}, ["a"])),
        POST,
        "header-Parameter 'X-Meta': a",
    ),
    (
        "request-header-property-became-enum",
        header(obj({"a": S})),
        header(obj({"a": with_(S, enum=["v1"])})),
        POST,
        "'v1'",
    ),
    # --- responses
    ("response-success-status-removed", statuses("200", "201"), statuses("200"), POST, "201"),
    ("response-non-success-status-removed", statuses("200", "404"), statuses("200"), POST, "404"),
    (
        "response-media-type-removed",
        media("response", "application/json", "application/xml"),
        media("response", "application/json"),
        POST,
        "application/xml",
    ),
    (
        "required-response-header-removed",
        response_headers(**{"X-Rate": {"required": True, "schema": S}}),
        response_headers(),
        POST,
        "x-rate",
    ),
    (
        "optional-response-header-removed",
        response_headers(**{"X-Rate": {"schema": S}}),
        response_headers(),
        POST,
        "x-rate",
    ),
    (
        "response-header-became-optional",
        response_headers(**{"X-Rate": {"required": True, "schema": S}}),
        response_headers(**{"X-Rate": {"schema": S}}),
        POST,
        "x-rate",
    ),
    (
        "response-body-max-length-increased",
        response(with_(S, maxLength=5)),
        response(with_(S, maxLength=9)),
        POST,
        RESPONSE,
    ),
    ("response-body-max-length-unset", response(with_(S, maxLength=5)), response(S), POST, RESPONSE),
    (
        "response-body-min-length-decreased",
        response(with_(S, minLength=3)),
        response(with_(S, minLength=1)),
        POST,
        RESPONSE,
    ),
    (
        "response-body-max-increased",
        response(with_(I, maximum=5)),
        response(with_(I, maximum=9)),
        POST,
        RESPONSE,
    ),
    (
        "response-body-min-decreased",
        response(with_(I, minimum=3)),
        response(with_(I, minimum=0)),
        POST,
        RESPONSE,
    ),
    (
        "response-body-min-items-decreased",
        response(with_(ARRAY, minItems=3)),
        response(with_(ARRAY, minItems=1)),
        POST,
        RESPONSE,
    ),
    ("response-body-min-items-unset", response(with_(ARRAY, minItems=3)), response(ARRAY), POST, RESPONSE),
    (
        "response-body-max-items-increased",
        response(with_(ARRAY, maxItems=3)),
        response(with_(ARRAY, maxItems=5)),
        POST,
        RESPONSE,
    ),
    ("response-body-type-changed", response(S), response(I), POST, "string → integer"),
    ("response-body-became-nullable", response(S), response(with_(S, nullable=True)), POST, RESPONSE),
    (
        "response-body-one-of-added",
        response({"oneOf": [ref("A")]}),
        response({"oneOf": [ref("A"), ref("B")]}),
        POST,
        "B",
    ),
    (
        "response-property-max-length-increased",
        response_prop(with_(S, maxLength=5)),
        response_prop(with_(S, maxLength=9)),
        POST,
        RESPONSE_PROP,
    ),
    (
        "response-property-max-length-unset",
        response_prop(with_(S, maxLength=5)),
        response_prop(S),
        POST,
        RESPONSE_PROP,
    ),
    (
        "response-property-min-length-decreased",
        response_prop(with_(S, minLength=2)),
        response_prop(S),
        POST,
        RESPONSE_PROP,
    ),
    (
        "response-property-max-increased",
        response_prop(with_(I, maximum=5)),
        response_prop(with_(I, maximum=6)),
        POST,
        RESPONSE_PROP,
    ),
    (
        "response-property-min-decreased",
        response_prop(with_(I, minimum=1)),
        response_prop(with_(I, minimum=-1)),
        POST,
        RESPONSE_PROP,
    ),
    (
        "response-property-min-items-decreased",
        response_prop(with_(ARRAY, minItems=2)),
        response_prop(with_(ARRAY, minItems=1)),
        POST,
        RESPONSE_PROP,
    ),
    (
        "response-property-min-items-unset",
        response_prop(with_(ARRAY, minItems=2)),
        response_prop(ARRAY),
        POST,
        RESPONSE_PROP,
    ),
    (
        "response-property-max-items-increased",
        response_prop(with_(ARRAY, maxItems=2)),
        response_prop(with_(ARRAY, maxItems=20)),
        POST,
        RESPONSE_PROP,
    ),
    (
        "response-property-type-changed",
        response_prop(with_(I, format="int32")),
        response_prop(with_(I, format="int64")),
        POST,
        "integer/int64",
    ),
    (
        "response-property-became-nullable",
        response_prop(S, version="3.1.0"),
        response_prop({"type": ["string", "null"]}, version="3.1.0"),
        POST,
        RESPONSE_PROP,
    ),
    (
        "response-property-one-of-added",
        response_prop({"oneOf": [S]}),
        response_prop({"oneOf": [S, I]}),
        POST,
        RESPONSE_PROP,
    ),
    (
        "response-property-enum-value-added",
        response_prop(with_(S, enum=["open"])),
        response_prop(with_(S, enum=["open", "closed"])),
        POST,
        "'closed'",
    ),
    (
        "response-required-property-removed",
        response(obj({"p": S, "r": S}, ["p"])),
        response(obj({"r": S})),
        POST,
        RESPONSE_PROP,
    ),
    (
        "response-optional-property-removed",
        response(obj({"p": S, "r": S})),
        response(obj({"r": S})),
        POST,
        RESPONSE_PROP,
    ),
    (
        "response-property-became-optional",
        response_prop(S),
        response_prop(S, required=False),
        POST,
        RESPONSE_PROP,
    ),
    (
        "response-required-property-became-not-write-only",
        response_prop(with_(S, writeOnly=True)),
        response_prop(S),
        POST,
        RESPONSE_PROP,
    ),
    # --- security
    ("api-security-removed", secured([{"a": []}, {"b": []}]), secured([{"a": []}]), POST, "b"),
    (
        "api-security-scope-added",
        secured([{"oauth": ["read"]}]),
        secured([{"oauth": ["read", "write"]}]),
        POST,
        "oauth:write",
    ),
    (
        "api-global-security-removed",
        spec(security=[{"a": []}, {"b": []}]),
        spec(security=[{"a": []}]),
        POST,
        "b",
    ),
    (
        "api-global-security-scope-added",
        spec(security=[{"oauth": ["read"]}]),
        spec(security=[{"oauth": ["read", "write"]}]),
        POST,
        "oauth:write",
    ),
    ("api-security-anonymous-access-removed", spec(), secured([{"a": []}]), POST, "ohne Anmeldung"),
    # --- compatible changes (infos), a few of each kind
    (
        "endpoint-added",
        spec(),
        spec(more_paths={"/other": {"get": {"responses": ok()}}}),
        "/other",
        "Pfad hinzugefügt",
    ),
    (
        "api-removed-with-deprecation",
        spec(
            more_paths={
                "/other": {"get": {"responses": ok()}, "put": {"deprecated": True, "responses": ok()}}
            }
        ),
        spec(more_paths={"/other": {"get": {"responses": ok()}}}),
        "PUT /other",
        "veraltet",
    ),
    (
        "request-body-max-length-increased",
        body(with_(S, maxLength=5)),
        body(with_(S, maxLength=10)),
        POST,
        BODY,
    ),
    ("request-property-type-generalized", prop(I), prop({"type": "number"}), POST, "integer → number"),
    (
        "request-property-became-required-with-default",
        prop(with_(S, default="x")),
        prop(with_(S, default="x"), required=True),
        POST,
        PROP,
    ),
    ("request-parameter-min-length-decreased", query(with_(S, minLength=3)), query(S), POST, QUERY),
    (
        "request-parameter-enum-value-added",
        query(with_(S, enum=["a"])),
        query(with_(S, enum=["a", "b"])),
        POST,
        "'b'",
    ),
    ("response-body-type-specialized", response({"type": "number"}), response(I), POST, "number → integer"),
    (
        "response-property-became-required",
        response_prop(S, required=False),
        response_prop(S),
        POST,
        RESPONSE_PROP,
    ),
    (
        "api-global-security-added",
        spec(security=[{"a": []}]),
        spec(security=[{"a": []}, {"b": []}]),
        POST,
        "b",
    ),
]


# --- rules of the current oasdiff version: JSON Schema keywords (OpenAPI 3.1) ---------------------


def v31(document: dict[str, Any]) -> dict[str, Any]:
    return {**document, "openapi": "3.1.0"}


N = {"type": "number"}
OBJECT = {"type": "object", "properties": {"a": S, "b": S}}
CONTAINS = {**ARRAY, "contains": {"const": "x"}}
ENCODED = {"type": "string", "contentMediaType": "application/json", "contentEncoding": "base64"}
REQUEST_WRAPS = {
    "request-body": (lambda s: v31(body(s)), BODY),
    "request-property": (lambda s: v31(prop(s)), PROP),
    "request-parameter": (lambda s: v31(query(s)), QUERY),
}
RESPONSE_WRAPS = {
    "response-body": (lambda s: response(s, "3.1.0"), RESPONSE),
    "response-property": (lambda s: response_prop(s, version="3.1.0"), RESPONSE_PROP),
}
BODY_AND_PROPERTY = ("request-body", "request-property")
ALL_REQUEST = (*BODY_AND_PROPERTY, "request-parameter")
# rule slug, where it applies, schema before, schema after
REQUEST_KEYWORD_CASES: list[tuple[str, tuple[str, ...], dict[str, Any], dict[str, Any]]] = [
    ("exclusive-max-decreased", ALL_REQUEST, with_(N, exclusiveMaximum=10), with_(N, exclusiveMaximum=5)),
    ("exclusive-max-set", ALL_REQUEST, N, with_(N, exclusiveMaximum=5)),
    ("exclusive-min-increased", ALL_REQUEST, with_(N, exclusiveMinimum=0), with_(N, exclusiveMinimum=1)),
    ("exclusive-min-set", ALL_REQUEST, N, with_(N, exclusiveMinimum=0)),
    (
        "max-properties-decreased",
        BODY_AND_PROPERTY,
        with_(OBJECT, maxProperties=2),
        with_(OBJECT, maxProperties=1),
    ),
    ("max-properties-set", BODY_AND_PROPERTY, OBJECT, with_(OBJECT, maxProperties=1)),
    ("min-properties-increased", BODY_AND_PROPERTY, OBJECT, with_(OBJECT, minProperties=1)),
    (
        "min-contains-increased",
        BODY_AND_PROPERTY,
        with_(CONTAINS, minContains=1),
        with_(CONTAINS, minContains=2),
    ),
    (
        "max-contains-decreased",
        BODY_AND_PROPERTY,
        with_(CONTAINS, maxContains=3),
        with_(CONTAINS, maxContains=2),
    ),
    ("unique-items-set", BODY_AND_PROPERTY, ARRAY, with_(ARRAY, uniqueItems=True)),
    ("multiple-of-set", BODY_AND_PROPERTY, I, with_(I, multipleOf=5)),
    ("multiple-of-changed", BODY_AND_PROPERTY, with_(I, multipleOf=2), with_(I, multipleOf=3)),
    ("const-added", BODY_AND_PROPERTY, S, with_(S, const="v1")),
    ("const-changed", BODY_AND_PROPERTY, with_(S, const="v1"), with_(S, const="v2")),
    (
        "prefix-items-removed",
        BODY_AND_PROPERTY,
        {"type": "array", "prefixItems": [S, I]},
        {"type": "array", "prefixItems": [S]},
    ),
    ("dependent-required-added", BODY_AND_PROPERTY, OBJECT, with_(OBJECT, dependentRequired={"a": ["b"]})),
    (
        "dependent-required-changed",
        BODY_AND_PROPERTY,
        with_(OBJECT, dependentRequired={"a": []}),
        with_(OBJECT, dependentRequired={"a": ["b"]}),
    ),
    (
        "dependent-schema-added",
        BODY_AND_PROPERTY,
        OBJECT,
        with_(OBJECT, dependentSchemas={"a": {"required": ["b"]}}),
    ),
    (
        "pattern-property-added",
        BODY_AND_PROPERTY,
        {"type": "object"},
        {"type": "object", "patternProperties": {"^x-": S}},
    ),
    (
        "content-media-type-changed",
        BODY_AND_PROPERTY,
        ENCODED,
        with_(ENCODED, contentMediaType="application/xml"),
    ),
    ("content-encoding-changed", BODY_AND_PROPERTY, ENCODED, with_(ENCODED, contentEncoding="base32")),
    ("if-added", BODY_AND_PROPERTY, OBJECT, with_(OBJECT, **{"if": {"required": ["a"]}})),
    ("then-added", BODY_AND_PROPERTY, OBJECT, with_(OBJECT, then={"required": ["b"]})),
    ("else-added", BODY_AND_PROPERTY, OBJECT, with_(OBJECT, **{"else": {"required": ["b"]}})),
    ("contains-added", BODY_AND_PROPERTY, ARRAY, with_(ARRAY, contains={"const": "x"})),
    (
        "property-names-added",
        BODY_AND_PROPERTY,
        {"type": "object"},
        {"type": "object", "propertyNames": {"maxLength": 8}},
    ),
    ("unevaluated-items-added", BODY_AND_PROPERTY, ARRAY, with_(ARRAY, unevaluatedItems=False)),
    ("unevaluated-properties-added", BODY_AND_PROPERTY, OBJECT, with_(OBJECT, unevaluatedProperties=False)),
    ("content-schema-added", BODY_AND_PROPERTY, ENCODED, with_(ENCODED, contentSchema=OBJECT)),
]
RESPONSE_KEYWORD_CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("exclusive-max-increased", with_(N, exclusiveMaximum=5), with_(N, exclusiveMaximum=10)),
    ("exclusive-min-decreased", with_(N, exclusiveMinimum=1), with_(N, exclusiveMinimum=0)),
    ("max-properties-increased", with_(OBJECT, maxProperties=1), with_(OBJECT, maxProperties=2)),
    ("min-properties-decreased", with_(OBJECT, minProperties=1), OBJECT),
    ("min-contains-decreased", with_(CONTAINS, minContains=2), with_(CONTAINS, minContains=1)),
    ("max-contains-increased", with_(CONTAINS, maxContains=2), with_(CONTAINS, maxContains=3)),
    ("unique-items-unset", with_(ARRAY, uniqueItems=True), ARRAY),
    ("multiple-of-unset", with_(I, multipleOf=5), I),
    ("multiple-of-changed", with_(I, multipleOf=2), with_(I, multipleOf=3)),
    ("const-removed", with_(S, const="v1"), S),
    ("const-changed", with_(S, const="v1"), with_(S, const="v2")),
    ("prefix-items-added", {"type": "array", "prefixItems": [S]}, {"type": "array", "prefixItems": [S, I]}),
    ("dependent-required-removed", with_(OBJECT, dependentRequired={"a": ["b"]}), OBJECT),
    (
        "dependent-required-changed",
        with_(OBJECT, dependentRequired={"a": ["b"]}),
        with_(OBJECT, dependentRequired={"a": []}),
    ),
    ("dependent-schema-removed", with_(OBJECT, dependentSchemas={"a": {"required": ["b"]}}), OBJECT),
    ("pattern-property-removed", {"type": "object", "patternProperties": {"^x-": S}}, {"type": "object"}),
    ("content-media-type-changed", ENCODED, with_(ENCODED, contentMediaType="application/xml")),
    ("content-encoding-changed", ENCODED, with_(ENCODED, contentEncoding="base32")),
    ("type-generalized", I, N),
    ("all-of-removed", {"allOf": [ref("A"), ref("B")]}, {"allOf": [ref("A")]}),
    ("any-of-added", {"anyOf": [S]}, {"anyOf": [S, I]}),
    ("if-removed", with_(OBJECT, **{"if": {"required": ["a"]}}), OBJECT),
    ("then-removed", with_(OBJECT, then={"required": ["b"]}), OBJECT),
    ("else-removed", with_(OBJECT, **{"else": {"required": ["b"]}}), OBJECT),
    ("contains-removed", with_(ARRAY, contains={"const": "x"}), ARRAY),
    ("property-names-removed", {"type": "object", "propertyNames": {"maxLength": 8}}, {"type": "object"}),
    ("unevaluated-items-removed", with_(ARRAY, unevaluatedItems=False), ARRAY),
    ("unevaluated-properties-removed", with_(OBJECT, unevaluatedProperties=False), OBJECT),
    ("content-schema-removed", with_(ENCODED, contentSchema=OBJECT), ENCODED),
]
for _slug, _prefixes, _old, _new in REQUEST_KEYWORD_CASES:
    for _prefix in _prefixes:
        _wrap, _location = REQUEST_WRAPS[_prefix]
        CASES.append((f"{_prefix}-{_slug}", _wrap(_old), _wrap(_new), POST, _location))
for _slug, _old, _new in RESPONSE_KEYWORD_CASES:
    for _prefix, (_wrap, _location) in RESPONSE_WRAPS.items():
        CASES.append((f"{_prefix}-{_slug}", _wrap(_old), _wrap(_new), POST, _location))


def _webhook(*methods: str) -> dict[str, Any]:
    return {**spec(version="3.1.0"), "webhooks": {"newItem": {m: {"responses": ok()} for m in methods}}}


CASES += [
    (
        "response-property-pattern-removed",
        response_prop(with_(S, pattern="^[a-z]+$")),
        response_prop(S),
        POST,
        "^[a-z]+$",
    ),
    (
        "response-property-pattern-changed",
        response_prop(with_(S, pattern="^[a-z]+$")),
        response_prop(with_(S, pattern="^[a-z]*$")),
        POST,
        "^[a-z]*$",
    ),
    (
        "request-body-media-type-schema-added",
        spec({"requestBody": {"content": {"application/json": {}}}, "responses": ok()}),
        body(S),
        POST,
        "application/json",
    ),
    (
        "response-body-media-type-schema-removed",
        response(S),
        spec({"responses": {"200": {"description": "ok", "content": {"application/json": {}}}}}),
        POST,
        "application/json",
    ),
    (
        "response-header-type-changed",
        response_headers(**{"X-Count": {"schema": S}}),
        response_headers(**{"X-Count": {"schema": I}}),
        POST,
        "string → integer",
    ),
    (
        "response-header-type-generalized",
        response_headers(**{"X-Count": {"schema": I}}),
        response_headers(**{"X-Count": {"schema": N}}),
        POST,
        "integer → number",
    ),
    (
        "response-header-became-nullable",
        v31(response_headers(**{"X-Count": {"schema": S}})),
        v31(response_headers(**{"X-Count": {"schema": {"type": ["string", "null"]}}})),
        POST,
        "x-count",
    ),
    (
        "webhook-removed",
        _webhook("post", "put"),
        _webhook("post"),
        "PUT newItem (Webhook)",
        "Webhook entfernt",
    ),
]


def _case_id(case: tuple[str, Any, Any, str, str]) -> str:
    return case[0]


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_rule(case):
    rule_id, old, new, path, fragment = case
    rule: Rule = RULES[rule_id]
    result = diff(old, new)
    found = [c for c in result.breaking + result.non_breaking if c.rule == rule_id]
    assert found, result.as_dict()
    change = found[0]
    assert change.path == path
    assert fragment in change.detail
    assert (change.level, change.change) == (rule.level, rule.change)
    breaking_rules = {c.rule for c in result.breaking}
    if rule.is_breaking:
        # the change is reported by this rule alone
        assert breaking_rules == {rule_id}, result.as_dict()
    else:
        assert breaking_rules == set(), result.as_dict()
    # undoing the change never reports the same rule (except for changes either way)
    assert rule_id.endswith("-changed") or rule_id not in {
        c.rule for c in diff(new, old).breaking + diff(new, old).non_breaking
    }


def test_every_breaking_rule_has_a_case():
    covered = {case[0] for case in CASES}
    assert len(covered) == len(CASES), "one case per rule"
    breaking = {rule.id for rule in RULES.values() if rule.is_breaking}
    assert breaking - covered == set()


def test_every_rule_is_listed_in_the_docs():
    text = (Path(__file__).resolve().parents[4] / "docs" / "standards.md").read_text(encoding="utf-8")
    assert [rule for rule in RULES if f"`{rule}`" not in text] == []


def test_read_only_request_and_write_only_response_properties_are_not_breaking():
    read_only = with_(S, readOnly=True)
    assert not diff(prop(read_only), prop(with_(read_only, maxLength=3), required=True)).breaking
    assert not diff(body(obj({"r": S})), body(obj({"p": read_only, "r": S}, ["p"]))).breaking
    write_only = with_(S, writeOnly=True)
    assert not diff(response_prop(write_only), response_prop(write_only, required=False)).breaking
    removed = diff(response(obj({"p": write_only, "r": S}, ["p"])), response(obj({"r": S})))
    assert [(c.rule, c.level) for c in removed.non_breaking] == [
        ("response-required-write-only-property-removed", "info")
    ]


def test_a_renamed_path_parameter_keeps_its_constraints_compared():
    def doc(name: str, max_length: int) -> dict[str, Any]:
        document = spec()
        item = document["paths"].pop(PATH)
        item["parameters"] = [
            {"name": name, "in": "path", "required": True, "schema": with_(S, maxLength=max_length)}
        ]
        document["paths"][f"/items/{{{name}}}"] = item
        return document

    assert diff(doc("id", 10), doc("itemId", 10)).as_dict() == {"breaking": [], "non_breaking": []}
    assert [c.rule for c in diff(doc("id", 10), doc("itemId", 4)).breaking] == [
        "request-parameter-max-length-decreased"
    ]


# --- properties ---------------------------------------------------------------------------------

bound = st.integers(min_value=0, max_value=50)


LOWER = ("minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties")
UPPER = ("maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties")


@st.composite
def constrained(draw: st.DrawFn) -> dict[str, Any]:
    """A string, number, array or object schema with some of its constraints set."""
    kind = draw(st.sampled_from(["string", "integer", "array", "object"]))
    schema: dict[str, Any] = {"type": kind}
    keywords = {
        "string": (("minLength", "maxLength"),),
        "integer": (("minimum", "maximum"), ("exclusiveMinimum", "exclusiveMaximum")),
        "array": (("minItems", "maxItems"),),
        "object": (("minProperties", "maxProperties"),),
    }
    for lower, upper in keywords[kind]:
        low, high = sorted((draw(bound), draw(bound)))
        if draw(st.booleans()):
            schema[lower] = low
        if draw(st.booleans()):
            schema[upper] = high
    if kind == "array":
        schema["items"] = {"type": "string"}
        if draw(st.booleans()):
            schema["uniqueItems"] = True
    if kind == "string" and draw(st.booleans()):
        schema["pattern"] = "^[a-z]*$"
    if kind == "string" and draw(st.booleans()):
        schema["const"] = "a"
    if kind == "integer" and draw(st.booleans()):
        schema["multipleOf"] = draw(st.sampled_from([2, 4, 6]))
    if kind in ("string", "integer") and draw(st.booleans()):
        schema["enum"] = ["a", "b"] if kind == "string" else [1, 2]
    if draw(st.booleans()):
        schema["nullable"] = True
    return schema


@st.composite
def loosened(draw: st.DrawFn, schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema accepting at least every value it accepted before."""
    wider = copy.deepcopy(schema)
    for keyword in LOWER:
        if keyword in wider:
            if draw(st.booleans()):
                del wider[keyword]
            else:
                wider[keyword] -= draw(st.integers(min_value=0, max_value=wider[keyword]))
    for keyword in UPPER:
        if keyword in wider:
            if draw(st.booleans()):
                del wider[keyword]
            else:
                wider[keyword] += draw(st.integers(min_value=0, max_value=20))
    for keyword in ("pattern", "uniqueItems", "const"):
        if keyword in wider and draw(st.booleans()):
            del wider[keyword]
    if "multipleOf" in wider:
        divisors = [d for d in range(1, wider["multipleOf"] + 1) if wider["multipleOf"] % d == 0]
        choice = draw(st.sampled_from([None, *divisors]))
        if choice is None:
            del wider["multipleOf"]
        else:
            wider["multipleOf"] = choice
    if "enum" in wider:
        if draw(st.booleans()):
            del wider["enum"]
        else:
            wider["enum"] = [*wider["enum"], "c" if wider["type"] == "string" else 3]
    if draw(st.booleans()):
        wider["nullable"] = True
    if wider["type"] == "integer" and draw(st.booleans()):
        wider["type"] = "number"
    return wider


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_loosening_a_request_constraint_is_never_breaking(data):
    old = data.draw(constrained())
    new = data.draw(loosened(old))
    required = data.draw(st.booleans())
    for wrap in (body, lambda s: prop(s, required=required), lambda s: query(s, required=required)):
        result = diff(wrap(old), wrap(new))
        assert not result.breaking, result.as_dict()
        assert not diff(wrap(old), wrap(copy.deepcopy(old))).as_dict()["non_breaking"]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_tightening_a_response_constraint_is_never_breaking(data):
    new = data.draw(constrained())
    old = data.draw(loosened(new))
    for wrap in (response, response_prop):
        result = diff(wrap(old), wrap(new))
        assert not result.breaking, result.as_dict()


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_tightening_a_request_constraint_is_breaking(data):
    new = data.draw(constrained())
    old = data.draw(loosened(new))
    result = diff(prop(old), prop(new))
    if _accepts_less(old, new):
        assert result.breaking, (old, new)
    assert all(c.rule.startswith(("request-property-", "request-body-")) for c in result.breaking)


def _accepts_less(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Whether `new` drops something `old` allowed, in the keywords `loosened` changes."""
    if any(k in new and new[k] > old.get(k, 0 if k in ("minLength", "minProperties") else -1) for k in LOWER):
        return True
    if any(k in new and (k not in old or new[k] < old[k]) for k in UPPER):
        return True
    if any(k in new and new[k] != old.get(k) for k in ("pattern", "uniqueItems", "const")):
        return True
    if "multipleOf" in new and ("multipleOf" not in old or old["multipleOf"] % new["multipleOf"]):
        return True
    if "enum" in new and ("enum" not in old or set(old["enum"]) - set(new["enum"])):
        return True
    return bool(old.get("nullable") and not new.get("nullable")) or old["type"] != new["type"]


KEYS = [
    "paths",
    "/a",
    "/a/{id}",
    "webhooks",
    "get",
    "post",
    "parameters",
    "requestBody",
    "responses",
    "200",
    "404",
    "content",
    "application/json",
    "schema",
    "properties",
    "required",
    "type",
    "enum",
    "items",
    "allOf",
    "anyOf",
    "oneOf",
    "maxLength",
    "minimum",
    "minItems",
    "$ref",
    "security",
    "headers",
    "name",
    "in",
    "nullable",
    "readOnly",
    "writeOnly",
    "default",
    "const",
    "prefixItems",
    "dependentRequired",
    "patternProperties",
    "multipleOf",
    "uniqueItems",
    "exclusiveMaximum",
    "pattern",
    "x-extensible-enum",
    "format",
    "deprecated",
    "components",
    "schemas",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        ["string", "integer", "number", "null", "query", "path", "header", "#/components/schemas/A", "a"]
    ),
)
anything = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.sampled_from(KEYS), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(anything, anything)
def test_any_pair_of_documents_is_compared_without_error(old, new):
    old = {"openapi": "3.1.0", "paths": {"/a": old}} if not isinstance(old, dict) else old
    new = {"openapi": "3.1.0", "paths": {"/a": new}} if not isinstance(new, dict) else new
    result = diff(old, new)
    for change in result.breaking + result.non_breaking:
        assert RULES[change.rule].level == change.level
    assert {c.level for c in result.breaking} <= {"error", "warning"}
    assert {c.level for c in result.non_breaking} <= {"info"}


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    places = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            places += _places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            places += _places(value, (*path, index))
    return places


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(CASES), st.data(), anything)
def test_a_document_with_any_part_replaced_is_compared_without_error(case, data, replacement):
    _, old, new, _, _ = case
    broken = copy.deepcopy(new)
    place = data.draw(st.sampled_from(_places(broken)[1:]))
    parent = broken
    for key in place[:-1]:
        parent = parent[key]
    parent[place[-1]] = replacement
    for pair in ((old, broken), (broken, old), (broken, broken)):
        result = diff(*pair)
        assert all(RULES[c.rule].level == c.level for c in result.breaking + result.non_breaking)
    assert diff(broken, copy.deepcopy(broken)).as_dict() == {"breaking": [], "non_breaking": []}


@pytest.mark.parametrize(
    ("old_ref", "new_ref"), [([], []), ("#/components/schemas/A", []), ([], "#/components/schemas/A")]
)
def test_a_ref_that_is_not_a_string_is_compared_without_error(old_ref, new_ref):
    """Found by the property test above: `{"$ref": []}` in a request body crashed the comparison."""
    assert diff(body({"$ref": old_ref}), body({"$ref": new_ref})) is not None
    assert diff(body({"$ref": old_ref}), body({"$ref": old_ref})).as_dict() == {
        "breaking": [],
        "non_breaking": [],
    }


def test_nan_and_infinity_from_yaml_are_no_change_and_no_bound():
    def nan() -> float:
        return float("nan")

    for wrap in (
        lambda v: query(with_(I, default=v, maximum=v)),
        lambda v: response_prop(with_(I, const=v, enum=[v])),
    ):
        assert diff(wrap(nan()), wrap(nan())).as_dict() == {"breaking": [], "non_breaking": []}
    assert not diff(prop(with_(S, maxLength=float("inf"))), prop(S)).as_dict()["non_breaking"]
