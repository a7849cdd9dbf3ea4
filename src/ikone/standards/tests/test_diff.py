"""Breaking-change detection: rules on small documents, real public versions, properties."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ikone.standards.openapi.diff import diff
from ikone.standards.openapi.document import parse

DATA = Path(__file__).parent / "data" / "openapi" / "developers-italia-api"
PAIRS = sorted({p.name.split("-")[0] for p in DATA.glob("*-before.yaml")})


def _load(name: str) -> dict:
    return parse((DATA / name).read_text(encoding="utf-8")).document


def base() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Hunde", "version": "1"},
        "security": [{"bearer": []}],
        "paths": {
            "/dogs": {
                "get": {
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                        {
                            "name": "color",
                            "in": "query",
                            "schema": {"type": "string", "enum": ["brown", "black"]},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Dog"}}
                                }
                            },
                        },
                        "404": {"description": "missing"},
                    },
                },
                "post": {
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Dog"}}}
                    },
                    "responses": {"201": {"description": "created"}},
                },
            },
            "/dogs/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "delete": {"responses": {"204": {"description": "gone"}}},
            },
        },
        "components": {
            "schemas": {
                "Dog": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string"},
                        "age": {"type": "integer"},
                        "owner": {"$ref": "#/components/schemas/Owner"},
                    },
                },
                "Owner": {
                    "type": "object",
                    "properties": {"name": {"type": "string"}, "dogs": {"$ref": "#/components/schemas/Dog"}},
                },
            },
        },
    }


def changes(old: dict, new: dict) -> tuple[set[str], set[str]]:
    result = diff(old, new)
    return {c.change for c in result.breaking}, {c.change for c in result.non_breaking}


def test_identical_documents_have_no_changes():
    assert diff(base(), base()).as_dict() == {"breaking": [], "non_breaking": []}


def test_removed_path_and_operation_are_breaking():
    new = base()
    del new["paths"]["/dogs/{id}"]
    del new["paths"]["/dogs"]["post"]
    breaking, _ = changes(base(), new)
    assert breaking == {"path_removed", "operation_removed"}
    assert diff(base(), new).breaking[0].as_dict()["path"] in {"/dogs/{id}", "POST /dogs"}


def test_renamed_path_parameter_is_the_same_path():
    new = base()
    item = new["paths"].pop("/dogs/{id}")
    item["parameters"][0]["name"] = "dogId"
    new["paths"]["/dogs/{dogId}"] = item
    assert diff(base(), new).as_dict() == {"breaking": [], "non_breaking": []}


def test_parameters_removed_new_required_and_became_required():
    new = base()
    params = new["paths"]["/dogs"]["get"]["parameters"]
    params[0]["required"] = True
    params.pop(1)
    params.append({"name": "kennel", "in": "query", "required": True, "schema": {"type": "string"}})
    params.append({"name": "page", "in": "query", "schema": {"type": "integer"}})
    breaking, non_breaking = changes(base(), new)
    assert breaking == {"parameter_became_required", "parameter_removed", "required_parameter_added"}
    assert non_breaking == {"parameter_added"}


def test_request_fields_removed_and_newly_required():
    new = base()
    dog = new["components"]["schemas"]["Dog"]
    del dog["properties"]["age"]
    dog["properties"]["chip"] = {"type": "string"}
    dog["required"] = ["name", "chip", "owner"]
    result = diff(base(), new)
    post = {c.change for c in result.breaking if c.path == "POST /dogs"}
    assert post == {"request_field_removed", "required_request_field_added", "request_field_became_required"}
    # in responses, a removed field breaks readers too
    assert any(c.change == "response_field_removed" and c.path == "GET /dogs" for c in result.breaking)
    assert "response_field_added" in {c.change for c in result.non_breaking}


def test_changed_type_is_breaking():
    new = base()
    new["components"]["schemas"]["Dog"]["properties"]["age"] = {"type": "string"}
    breaking, _ = changes(base(), new)
    assert breaking == {"type_changed"}
    detail = next(c.detail for c in diff(base(), new).breaking if c.path == "GET /dogs")
    assert "age" in detail
    assert "integer → string" in detail


def test_widening_a_request_type_is_not_breaking_but_in_a_response_it_is():
    new = base()
    new["components"]["schemas"]["Dog"]["properties"]["age"] = {"type": ["integer", "null"]}
    result = diff(base(), new)
    assert {c.path for c in result.breaking} == {"GET /dogs"}
    assert "POST /dogs" in {c.path for c in result.non_breaking}


def test_removed_status_code_and_media_type_are_breaking():
    new = base()
    del new["paths"]["/dogs"]["get"]["responses"]["404"]
    new["paths"]["/dogs"]["get"]["responses"]["200"]["content"]["application/xml"] = new["paths"]["/dogs"][
        "get"
    ]["responses"]["200"]["content"].pop("application/json")
    breaking, non_breaking = changes(base(), new)
    assert breaking == {"response_status_removed", "response_media_type_removed"}
    assert non_breaking == {"response_media_type_added"}


def test_narrowed_enum_is_breaking_widened_is_not():
    narrowed = base()
    narrowed["paths"]["/dogs"]["get"]["parameters"][1]["schema"]["enum"] = ["brown"]
    assert changes(base(), narrowed) == ({"enum_narrowed"}, set())
    widened = base()
    widened["paths"]["/dogs"]["get"]["parameters"][1]["schema"]["enum"] = ["brown", "black", "white"]
    assert changes(base(), widened) == (set(), {"enum_widened"})


def test_security_changes():
    stricter = base()
    stricter["paths"]["/dogs"]["get"]["security"] = [{"bearer": [], "mtls": []}]
    assert "security_changed" in changes(base(), stricter)[0]
    public_before = base()
    public_before["paths"]["/dogs"]["get"]["security"] = []
    assert "security_changed" in changes(public_before, base())[0]
    alternative = base()
    alternative["security"] = [{"bearer": []}, {"apiKey": []}]
    breaking, non_breaking = changes(base(), alternative)
    assert "security_changed" not in breaking
    assert "security_changed" in non_breaking


def test_required_request_body_added_and_became_required():
    new = base()
    new["paths"]["/dogs"]["post"]["requestBody"]["required"] = True
    new["paths"]["/dogs/{id}"]["delete"]["requestBody"] = {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
    breaking, _ = changes(base(), new)
    assert breaking == {"request_body_became_required", "request_body_added"}


def test_recursive_schemas_terminate():
    new = base()
    new["components"]["schemas"]["Owner"]["properties"]["dogs"]["description"] = "changed"
    assert diff(base(), new).as_dict() == {"breaking": [], "non_breaking": []}


def test_all_of_is_merged():
    old = base()
    old["components"]["schemas"]["Dog"] = {
        "allOf": [
            {"type": "object", "properties": {"name": {"type": "string"}}},
            {"properties": {"age": {"type": "integer"}}},
        ]
    }
    new = copy.deepcopy(old)
    del new["components"]["schemas"]["Dog"]["allOf"][1]["properties"]["age"]
    assert "response_field_removed" in changes(old, new)[0]


# --- real public versions: the developers-italia-api document, commit by commit ----------------

EXPECTED_BREAKING = {"9f425c3": True, "5592e82": True, "42f0820": False, "0b39748": False, "24d586d": True}


def test_every_pair_has_an_expectation():
    assert set(PAIRS) == set(EXPECTED_BREAKING)


@pytest.mark.parametrize("pair", PAIRS)
def test_real_versions(pair):
    old, new = _load(f"{pair}-before.yaml"), _load(f"{pair}-after.yaml")
    result = diff(old, new)
    assert result.is_breaking is EXPECTED_BREAKING[pair], result.as_dict()
    assert diff(old, old).as_dict() == {"breaking": [], "non_breaking": []}
    if not result.is_breaking:
        assert result.non_breaking, "the commit changed the API; the change must be reported"


def test_real_version_details():
    bundles = diff(_load("24d586d-before.yaml"), _load("24d586d-after.yaml"))
    assert {(c.path, c.change) for c in bundles.breaking} == {
        ("/bundles", "path_removed"),
        ("/bundle/{bundleId}", "path_removed"),
    }
    rename = diff(_load("5592e82-before.yaml"), _load("5592e82-after.yaml"))
    assert {c.change for c in rename.breaking} == {"request_field_removed", "response_field_removed"}
    assert all("externalCode" in c.detail for c in rename.breaking)
    assert all("alternativeId" in c.detail for c in rename.non_breaking)
    software = diff(_load("9f425c3-before.yaml"), _load("9f425c3-after.yaml"))
    post = {(c.change, c.detail) for c in software.breaking if c.path == "POST /software"}
    assert ("request_field_removed", "Request-Body (application/json): urls: Eigenschaft entfernt") in post
    assert (
        "required_request_field_added",
        "Request-Body (application/json): url: neue Pflicht-Eigenschaft",
    ) in post
    logs = diff(_load("0b39748-before.yaml"), _load("0b39748-after.yaml"))
    assert [c.as_dict() for c in logs.non_breaking] == [
        {
            "path": "GET /logs",
            "rule": "new-optional-request-parameter",
            "level": "info",
            "change": "parameter_added",
            "detail": "query-Parameter 'search': neuer optionaler Parameter",
        }
    ]


# --- properties ---------------------------------------------------------------------------------

segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
new_path = st.lists(segment, min_size=1, max_size=3).map(lambda parts: "/x-" + "/".join(parts))
documents = st.sampled_from([base, lambda: _load("24d586d-before.yaml"), lambda: _load("9f425c3-after.yaml")])


@settings(max_examples=30, deadline=None)
@given(documents)
def test_a_document_compared_with_itself_is_empty(make):
    document = make()
    assert diff(document, copy.deepcopy(document)).as_dict() == {"breaking": [], "non_breaking": []}


@settings(max_examples=40, deadline=None)
@given(documents, new_path, st.sampled_from(["get", "post", "delete"]))
def test_adding_a_path_is_never_breaking(make, path, method):
    old = make()
    new = copy.deepcopy(old)
    new["paths"][path] = {method: {"responses": {"200": {"description": "ok"}}}}
    result = diff(old, new)
    assert not result.breaking
    assert [c.as_dict() for c in result.non_breaking] == [
        {
            "path": path,
            "rule": "endpoint-added",
            "level": "info",
            "change": "path_added",
            "detail": "Pfad hinzugefügt",
        }
    ]


@settings(max_examples=40, deadline=None)
@given(documents, st.data())
def test_removing_a_path_is_always_breaking(make, data):
    old = make()
    path = data.draw(st.sampled_from(sorted(old["paths"])))
    new = copy.deepcopy(old)
    del new["paths"][path]
    result = diff(old, new)
    assert {
        "path": path,
        "rule": "api-path-removed-without-deprecation",
        "level": "error",
        "change": "path_removed",
        "detail": "Pfad entfernt, ohne vorher als veraltet markiert zu sein",
    } in [c.as_dict() for c in result.breaking]


def test_a_release_tightening_request_and_loosening_response_is_reported_rule_by_rule():
    """What a client of a public API runs into: each tightened request constraint and each
    loosened response guarantee is its own finding with oasdiff's rule id."""
    old = {
        "openapi": "3.0.3",
        "info": {"title": "Anträge", "version": "1"},
        "paths": {
            "/antraege": {
                "post": {
                    "parameters": [
                        {"name": "seite", "in": "query", "schema": {"type": "integer", "maximum": 100}}
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "name": {"type": "string", "maxLength": 50},
                                        "art": {"type": "string", "enum": ["neu", "aenderung", "abmeldung"]},
                                        "bemerkung": {"type": "string", "nullable": True},
                                    },
                                }
                            }
                        }
                    },
                    "responses": {
                        "201": {
                            "description": "angelegt",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["id", "status"],
                                        "properties": {
                                            "id": {"type": "string"},
                                            "status": {"type": "string", "enum": ["offen", "erledigt"]},
                                        },
                                    }
                                }
                            },
                        }
                    },
                }
            }
        },
    }
    new = copy.deepcopy(old)
    op = new["paths"]["/antraege"]["post"]
    op["parameters"][0]["schema"]["maximum"] = 50
    request = op["requestBody"]["content"]["application/json"]["schema"]
    request["required"] = ["art"]
    request["properties"]["name"].update(maxLength=20, pattern="^[A-Za-z ]+$")
    request["properties"]["art"]["enum"] = ["neu", "aenderung"]
    del request["properties"]["bemerkung"]["nullable"]
    reply = op["responses"]["201"]["content"]["application/json"]["schema"]
    reply["required"] = ["id"]
    reply["properties"]["status"]["enum"].append("abgelehnt")
    result = diff(old, new)
    assert [(c.rule, c.level, c.detail) for c in result.breaking] == [
        (
            "request-parameter-max-decreased",
            "error",
            "query-Parameter 'seite': maximum von 100 auf 50 verringert",
        ),
        (
            "request-property-became-required",
            "error",
            "Request-Body (application/json): art: Eigenschaft ist jetzt Pflicht",
        ),
        (
            "request-property-enum-value-removed",
            "error",
            "Request-Body (application/json): art: Werte 'abmeldung' nicht mehr erlaubt",
        ),
        (
            "request-property-became-not-nullable",
            "error",
            "Request-Body (application/json): bemerkung: darf nicht mehr null sein",
        ),
        (
            "request-property-max-length-decreased",
            "error",
            "Request-Body (application/json): name: maxLength von 50 auf 20 verringert",
        ),
        (
            "request-property-pattern-added",
            "error",
            "Request-Body (application/json): name: Muster (pattern) '^[A-Za-z ]+$' eingeführt",
        ),
        (
            "response-property-became-optional",
            "error",
            "Antwort 201 (application/json): status: Eigenschaft ist nicht mehr immer vorhanden",
        ),
        (
            "response-property-enum-value-added",
            "warning",
            "Antwort 201 (application/json): status: Werte 'abgelehnt' können jetzt geliefert werden",
        ),
    ]
    assert result.non_breaking == []
