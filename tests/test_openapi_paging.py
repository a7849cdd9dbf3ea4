"""One API shape for lists: every list endpoint pages with `limit`/`offset` and answers
`{"count": N, "items": [...]}` (README, section API).

The test walks the OpenAPI document. A GET operation is a list operation when its 200 answer is a
JSON array at the top level, when its answer has an `items` array, or when its handler is named a
list (`…_list`). Every list operation must be paged: integer query parameters `limit` (bounded
below by 1 and above) and `offset` (from 0), answer an object with the required properties
`count` (integer) and `items` (array).

Not list operations, and not checked: answers that are not JSON (CSV and XLSX templates,
publiccode.yml, PDF) and JSON documents about one thing that contain arrays as parts of it (an
organisation with its Themenfelder, a network's coverage matrix, a compliance report, a plan):
their arrays belong to the document and are not paged separately.
"""

from typing import Any

import pytest
from django.test import Client

#: GET operations that the walk would take for lists (their answer has an `items` array) but that are
#: documents about one thing, with the reason. No list is excepted: a list endpoint never belongs here.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("get", "/api/v1/processes/{process_id}"): (
        "one participation process; `items` are its options with their results (at most 50, fixed when"
        " the process is created), ordered by result"
    ),
    ("get", "/api/v1/networks/{slug}/savings"): (
        "one savings estimate; `items` are the lines its totals (`total_eur`, `by_member`, `by_year`) are"
        " the sums of, so they are only meaningful together"
    ),
}


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = document["components"]["schemas"][name]
    return schema


def _json_200(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any] | None:
    answer = operation.get("responses", {}).get("200", {})
    schema = answer.get("content", {}).get("application/json", {}).get("schema")
    return _resolve(document, schema) if schema is not None else None


def _is_list(document: dict[str, Any], operation: dict[str, Any], schema: dict[str, Any]) -> bool:
    if schema.get("type") == "array":
        return True
    items = schema.get("properties", {}).get("items")
    if items is not None and _resolve(document, items).get("type") == "array":
        return True
    return operation.get("operationId", "").endswith("_list")


def _parameter(operation: dict[str, Any], name: str) -> dict[str, Any] | None:
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "query" and parameter.get("name") == name:
            return parameter.get("schema", {})
    return None


def paging_problems(document: dict[str, Any]) -> list[str]:
    """Every list operation of `document` without the paged shape, as `GET path: what is wrong`."""
    problems = []
    for path, operations in document["paths"].items():
        operation = operations.get("get")
        if operation is None or ("get", path) in EXCEPTIONS:
            continue
        schema = _json_200(document, operation)
        if schema is None or not _is_list(document, operation, schema):
            continue
        where = f"GET {path}"
        if schema.get("type") == "array":
            problems.append(f"{where}: answers a bare list instead of {{count, items}}")
            continue
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        if (
            _resolve(document, properties.get("count", {})).get("type") != "integer"
            or "count" not in required
        ):
            problems.append(f"{where}: no required integer `count`")
        if _resolve(document, properties.get("items", {})).get("type") != "array" or "items" not in required:
            problems.append(f"{where}: no required array `items`")
        limit, offset = _parameter(operation, "limit"), _parameter(operation, "offset")
        if (
            limit is None
            or limit.get("type") != "integer"
            or limit.get("minimum") != 1
            or "maximum" not in limit
        ):
            problems.append(f"{where}: no integer query parameter `limit` bounded to 1…maximum")
        if offset is None or offset.get("type") != "integer" or offset.get("minimum") != 0:
            problems.append(f"{where}: no integer query parameter `offset` from 0")
    return problems


@pytest.fixture
def document(db):
    return Client().get("/api/v1/openapi.json").json()


def test_every_list_operation_pages_with_limit_offset_and_count_items(document):
    assert paging_problems(document) == []


def test_the_known_list_operations_are_recognised_as_lists(document):
    """Guards the walk itself: the lists the issue named are found and checked, not skipped."""
    lists = {
        path
        for path, operations in document["paths"].items()
        if "get" in operations
        and (schema := _json_200(document, operations["get"])) is not None
        and _is_list(document, operations["get"], schema)
    }
    assert {
        "/api/v1/standards",
        "/api/v1/organizations",
        "/api/v1/maturity-models",
        "/api/v1/networks/{slug}/plans",
        "/api/v1/networks/{slug}/claims",
        "/api/v1/organizations/{key}/gaps",
        "/api/v1/solutions/{slug}/interfaces",
    } <= lists
    assert "/api/v1/networks/{slug}/coverage" not in lists  # a document with arrays, not a list
    assert "/api/v1/health" not in lists


def _document(operation: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"paths": {"/api/v1/things": {"get": operation}}, "components": {"schemas": schemas or {}}}


def _answer(schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"content": {"application/json": {"schema": schema}}}}


LIMIT = {"in": "query", "name": "limit", "schema": {"type": "integer", "minimum": 1, "maximum": 500}}
OFFSET = {"in": "query", "name": "offset", "schema": {"type": "integer", "minimum": 0}}
PAGE = {
    "type": "object",
    "properties": {"count": {"type": "integer"}, "items": {"type": "array", "items": {}}},
    "required": ["count", "items"],
}


def test_a_bare_list_is_reported():
    document = _document({"operationId": "thing_list", "responses": _answer({"type": "array", "items": {}})})
    assert paging_problems(document) == ["GET /api/v1/things: answers a bare list instead of {count, items}"]


def test_a_page_without_limit_and_offset_is_reported():
    document = _document(
        {"operationId": "thing_list", "responses": _answer({"$ref": "#/components/schemas/P"})}, {"P": PAGE}
    )
    assert paging_problems(document) == [
        "GET /api/v1/things: no integer query parameter `limit` bounded to 1…maximum",
        "GET /api/v1/things: no integer query parameter `offset` from 0",
    ]


def test_a_list_named_operation_without_count_is_reported():
    schema = {"type": "object", "properties": {"results": {"type": "array"}}, "required": ["results"]}
    document = _document(
        {"operationId": "thing_list", "parameters": [LIMIT, OFFSET], "responses": _answer(schema)}
    )
    assert paging_problems(document) == [
        "GET /api/v1/things: no required integer `count`",
        "GET /api/v1/things: no required array `items`",
    ]


def test_a_complete_page_and_a_document_with_arrays_pass():
    paged = _document(
        {"operationId": "thing_list", "parameters": [LIMIT, OFFSET], "responses": _answer(PAGE)}
    )
    report = {"type": "object", "properties": {"rows": {"type": "array"}}, "required": ["rows"]}
    document = _document({"operationId": "thing_report", "responses": _answer(report)})
    assert paging_problems(paged) == []
    assert paging_problems(document) == []
