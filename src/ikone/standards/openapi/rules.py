"""The breaking-change rules of `diff`: oasdiff's rule ids, their level and a German message.

Every finding of `ikone.standards.openapi.diff` names one rule of this registry. Rule ids and
levels follow oasdiff (github.com/oasdiff/oasdiff, `checker/rules.go`); where ikone deviates the
rule says so in `note`. Errors and warnings are reported as breaking, infos as compatible.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"
BREAKING_LEVELS = frozenset({ERROR, WARNING})


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    change: str  # coarse category (older stored results carry only this), labelled in the UI
    message: str  # German, str.format() with the finding's parameters
    note: str = ""  # where ikone deviates from oasdiff

    @property
    def is_breaking(self) -> bool:
        return self.level in BREAKING_LEVELS


_RULES: list[Rule] = []

# JSON Schema keywords whose appearance restricts what a request may contain (and whose removal
# lets a response contain more): keyword, rule-id slug
SCHEMA_KEYWORDS = (
    ("if", "if"),
    ("then", "then"),
    ("else", "else"),
    ("contains", "contains"),
    ("propertyNames", "property-names"),
    ("unevaluatedItems", "unevaluated-items"),
    ("unevaluatedProperties", "unevaluated-properties"),
    ("contentSchema", "content-schema"),
)


NEWER = "aus der aktuellen oasdiff-Fassung"
NOTES = {
    "request-body-enum-value-removed": "ältere oasdiff-Fassung: optionale Regel (INFO); aktuelle Fassung: ERR",
    "request-parameter-default-value-added": "aktuelle oasdiff-Fassung: INFO",
    "request-parameter-default-value-removed": "aktuelle oasdiff-Fassung: INFO",
    "request-parameter-default-value-changed": "aktuelle oasdiff-Fassung: INFO",
    "request-parameter-became-not-nullable": NEWER,
    "request-parameter-became-nullable": NEWER,
    "request-body-max-items-decreased": NEWER,
    "request-property-max-items-decreased": NEWER,
    "request-body-max-items-increased": NEWER,
    "request-property-max-items-increased": NEWER,
    "request-body-type-generalized": NEWER,
    "response-body-type-specialized": NEWER,
    "response-property-type-specialized": NEWER,
    "response-body-became-not-nullable": NEWER,
    "response-property-became-not-nullable": NEWER,
    "api-security-removed": "Stufe der aktuellen oasdiff-Fassung (ältere: INFO)",
    "api-security-scope-added": "Stufe der aktuellen oasdiff-Fassung (ältere: INFO)",
    "api-global-security-removed": "Stufe der aktuellen oasdiff-Fassung (ältere: INFO)",
    "api-global-security-scope-added": "Stufe der aktuellen oasdiff-Fassung (ältere: INFO)",
    "api-security-anonymous-access-removed": NEWER,
    "api-security-anonymous-access-added": NEWER,
}


# where the current oasdiff version rates a rule stricter than the older one, the stricter level
# applies (levels of the older version are the ones written below)
STRICTER = {
    **{
        f"{prefix}-{slug}-set": ERROR
        for prefix in ("request-body", "request-property", "request-parameter")
        for slug in ("max-length", "max", "min", "min-items")
    },
    "request-property-pattern-added": ERROR,
    "request-parameter-pattern-added": ERROR,
    "new-required-request-property-with-default": ERROR,
    "request-property-became-required-with-default": ERROR,
}
LEVEL_NAMES = {ERROR: "ERR", WARNING: "WARN", INFO: "INFO"}


def _rule(rule_id: str, level: str, change: str, message: str, note: str = "") -> None:
    note = note or NOTES.get(rule_id, "")
    if rule_id in STRICTER:
        note = f"ältere oasdiff-Fassung: {LEVEL_NAMES[level]}; es gilt die strengere Stufe der aktuellen"
        level = STRICTER[rule_id]
    _RULES.append(Rule(rule_id, level, change, message, note))


# --- paths and operations ---------------------------------------------------------------------
_rule(
    "api-path-removed-without-deprecation",
    ERROR,
    "path_removed",
    "Pfad entfernt, ohne vorher als veraltet markiert zu sein",
)
_rule("api-path-removed-with-deprecation", INFO, "path_removed", "als veraltet markierter Pfad entfernt")
_rule(
    "api-removed-without-deprecation",
    ERROR,
    "operation_removed",
    "Operation entfernt, ohne vorher als veraltet markiert zu sein",
)
_rule("api-removed-with-deprecation", INFO, "operation_removed", "als veraltet markierte Operation entfernt")
_rule("endpoint-added", INFO, "path_added", "{what} hinzugefügt")

# --- parameters ---------------------------------------------------------------------------------
_rule("new-required-request-parameter", ERROR, "required_parameter_added", "neuer Pflichtparameter")
_rule("new-optional-request-parameter", INFO, "parameter_added", "neuer optionaler Parameter")
_rule("new-request-path-parameter", ERROR, "required_parameter_added", "neuer Pfadparameter")
_rule(
    "new-required-request-default-parameter-to-existing-path",
    ERROR,
    "required_parameter_added",
    "neuer Pflichtparameter für alle Operationen des Pfads",
)
_rule(
    "new-optional-request-default-parameter-to-existing-path",
    INFO,
    "parameter_added",
    "neuer optionaler Parameter für alle Operationen des Pfads",
)
_rule("request-parameter-removed", WARNING, "parameter_removed", "Parameter entfernt")
_rule(
    "request-parameter-removed-with-deprecation",
    INFO,
    "parameter_removed",
    "als veraltet markierter Parameter entfernt",
)
_rule("request-parameter-became-required", ERROR, "parameter_became_required", "Parameter ist jetzt Pflicht")
_rule("request-parameter-became-optional", INFO, "parameter_became_optional", "Parameter ist jetzt optional")
_rule("request-parameter-default-value-added", ERROR, "default_changed", "Standardwert {new} festgelegt")
_rule("request-parameter-default-value-removed", ERROR, "default_changed", "Standardwert {old} entfernt")
_rule(
    "request-parameter-default-value-changed",
    ERROR,
    "default_changed",
    "Standardwert von {old} auf {new} geändert",
)
_rule(
    "request-parameter-property-type-changed",
    WARNING,
    "type_changed",
    "Typ/Format einer Eigenschaft geändert: {old} → {new}",
)
_rule(
    "request-parameter-property-type-specialized",
    ERROR,
    "type_changed",
    "Typ/Format einer Eigenschaft eingeschränkt: {old} → {new}",
)
_rule(
    "request-parameter-property-type-generalized",
    INFO,
    "type_changed",
    "Typ/Format einer Eigenschaft erweitert: {old} → {new}",
)
_rule(
    "request-parameter-property-became-not-nullable",
    ERROR,
    "nullable_changed",
    "Eigenschaft darf nicht mehr null sein",
    NEWER,
)
_rule(
    "request-parameter-property-enum-value-removed",
    ERROR,
    "enum_narrowed",
    "Werte {values} nicht mehr erlaubt",
    NEWER,
)
_rule(
    "new-required-request-header-property",
    ERROR,
    "required_request_field_added",
    "neue Pflicht-Eigenschaft im Header",
)
_rule(
    "request-header-property-became-required",
    ERROR,
    "request_field_became_required",
    "Eigenschaft im Header ist jetzt Pflicht",
)
_rule(
    "request-header-property-became-enum",
    ERROR,
    "enum_narrowed",
    "Eigenschaft im Header jetzt auf {values} beschränkt",
)

# --- request body ---------------------------------------------------------------------------------
_rule("added-required-request-body", ERROR, "request_body_added", "neuer Request-Body, der Pflicht ist")
_rule("added-optional-request-body", INFO, "request_body_added", "neuer optionaler Request-Body")
_rule("request-body-removed", ERROR, "request_body_removed", "Request-Body entfernt", NEWER)
_rule("request-body-became-required", ERROR, "request_body_became_required", "Request-Body ist jetzt Pflicht")
_rule("request-body-became-optional", INFO, "request_body_became_optional", "Request-Body ist jetzt optional")
_rule("request-body-media-type-removed", ERROR, "request_media_type_removed", "Medientyp {media} entfernt")
_rule("request-body-media-type-added", INFO, "request_media_type_added", "Medientyp {media} hinzugefügt")

# --- request schemas (body, property, parameter) ------------------------------------------------
for _prefix in ("request-body", "request-property", "request-parameter"):
    _rule(
        f"{_prefix}-max-length-decreased",
        ERROR,
        "constraint_tightened",
        "maxLength von {old} auf {new} verringert",
    )
    _rule(
        f"{_prefix}-max-length-increased", INFO, "constraint_loosened", "maxLength von {old} auf {new} erhöht"
    )
    _rule(f"{_prefix}-max-length-set", WARNING, "constraint_tightened", "maxLength auf {new} festgelegt")
    _rule(
        f"{_prefix}-min-length-increased",
        ERROR,
        "constraint_tightened",
        "minLength von {old} auf {new} erhöht",
    )
    _rule(
        f"{_prefix}-min-length-decreased",
        INFO,
        "constraint_loosened",
        "minLength von {old} auf {new} verringert",
    )
    _rule(f"{_prefix}-max-decreased", ERROR, "constraint_tightened", "maximum von {old} auf {new} verringert")
    _rule(f"{_prefix}-max-increased", INFO, "constraint_loosened", "maximum von {old} auf {new} erhöht")
    _rule(f"{_prefix}-max-set", WARNING, "constraint_tightened", "maximum auf {new} festgelegt")
    _rule(f"{_prefix}-min-increased", ERROR, "constraint_tightened", "minimum von {old} auf {new} erhöht")
    _rule(f"{_prefix}-min-decreased", INFO, "constraint_loosened", "minimum von {old} auf {new} verringert")
    _rule(f"{_prefix}-min-set", WARNING, "constraint_tightened", "minimum auf {new} festgelegt")
    _rule(
        f"{_prefix}-min-items-increased", ERROR, "constraint_tightened", "minItems von {old} auf {new} erhöht"
    )
    _rule(f"{_prefix}-min-items-set", WARNING, "constraint_tightened", "minItems auf {new} festgelegt")
    _rule(
        f"{_prefix}-max-items-decreased",
        ERROR,
        "constraint_tightened",
        "maxItems von {old} auf {new} verringert",
    )
    _rule(
        f"{_prefix}-max-items-increased", INFO, "constraint_loosened", "maxItems von {old} auf {new} erhöht"
    )
    _rule(f"{_prefix}-type-changed", ERROR, "type_changed", "Typ/Format geändert: {old} → {new}")
    _rule(f"{_prefix}-type-generalized", INFO, "type_changed", "Typ/Format erweitert: {old} → {new}")
    _rule(f"{_prefix}-became-not-nullable", ERROR, "nullable_changed", "darf nicht mehr null sein")
    _rule(f"{_prefix}-became-nullable", INFO, "nullable_changed", "darf jetzt null sein")
    _rule(f"{_prefix}-became-enum", ERROR, "enum_narrowed", "jetzt auf die Werte {values} beschränkt")
    _rule(f"{_prefix}-enum-value-removed", ERROR, "enum_narrowed", "Werte {values} nicht mehr erlaubt")
for _prefix in ("request-property", "request-parameter"):
    _rule(f"{_prefix}-enum-value-added", INFO, "enum_widened", "Werte {values} zusätzlich erlaubt")
for _prefix in ("request-body", "request-property"):
    _rule(f"{_prefix}-max-items-set", ERROR, "constraint_tightened", "maxItems auf {new} festgelegt", NEWER)
    _rule(f"{_prefix}-all-of-added", ERROR, "composition_changed", "allOf um {values} erweitert")
    _rule(f"{_prefix}-all-of-removed", WARNING, "composition_changed", "allOf-Teilschema {values} entfernt")
    _rule(f"{_prefix}-any-of-removed", ERROR, "composition_changed", "anyOf-Alternative {values} entfernt")
    _rule(f"{_prefix}-one-of-removed", ERROR, "composition_changed", "oneOf-Alternative {values} entfernt")
for _prefix in ("request-property", "request-parameter"):
    _rule(f"{_prefix}-pattern-added", WARNING, "pattern_changed", "Muster (pattern) {new} eingeführt")
    _rule(
        f"{_prefix}-pattern-changed",
        WARNING,
        "pattern_changed",
        "Muster (pattern) von {old} auf {new} geändert",
    )
    _rule(f"{_prefix}-pattern-removed", INFO, "pattern_changed", "Muster (pattern) {old} entfernt")
    _rule(
        f"{_prefix}-x-extensible-enum-value-removed",
        ERROR,
        "enum_narrowed",
        "x-extensible-enum-Werte {values} entfernt",
    )
_rule("request-property-removed", WARNING, "request_field_removed", "Eigenschaft entfernt")
_rule("new-required-request-property", ERROR, "required_request_field_added", "neue Pflicht-Eigenschaft")
_rule(
    "new-required-request-property-with-default",
    INFO,
    "request_field_added",
    "neue Pflicht-Eigenschaft mit Standardwert",
)
_rule("new-optional-request-property", INFO, "request_field_added", "neue optionale Eigenschaft")
_rule(
    "request-property-became-required",
    ERROR,
    "request_field_became_required",
    "Eigenschaft ist jetzt Pflicht",
)
_rule(
    "request-property-became-required-with-default",
    INFO,
    "request_field_became_required",
    "Eigenschaft mit Standardwert ist jetzt Pflicht",
)
_rule(
    "request-property-became-optional",
    INFO,
    "request_field_became_optional",
    "Eigenschaft ist jetzt optional",
)

# --- responses ------------------------------------------------------------------------------------
_rule(
    "response-success-status-removed",
    ERROR,
    "response_status_removed",
    "Erfolgs-Statuscode {status} entfernt",
)
_rule(
    "response-non-success-status-removed",
    WARNING,
    "response_status_removed",
    "Statuscode {status} entfernt",
    "bei oasdiff optionale Regel (INFO); ikone meldet sie als Warnung",
)
_rule(
    "response-success-status-added", INFO, "response_status_added", "Erfolgs-Statuscode {status} hinzugefügt"
)
_rule("response-non-success-status-added", INFO, "response_status_added", "Statuscode {status} hinzugefügt")
_rule("response-media-type-removed", ERROR, "response_media_type_removed", "Medientyp {media} entfernt")
_rule("response-media-type-added", INFO, "response_media_type_added", "Medientyp {media} hinzugefügt")
_rule("required-response-header-removed", ERROR, "response_header_removed", "Pflicht-Header {name} entfernt")
_rule(
    "optional-response-header-removed",
    WARNING,
    "response_header_removed",
    "optionaler Header {name} entfernt",
)
_rule(
    "response-header-became-optional",
    ERROR,
    "response_header_became_optional",
    "Header {name} ist nicht mehr immer vorhanden",
)
_rule("response-required-property-removed", ERROR, "response_field_removed", "Pflicht-Eigenschaft entfernt")
_rule(
    "response-optional-property-removed", WARNING, "response_field_removed", "optionale Eigenschaft entfernt"
)
_rule(
    "response-required-write-only-property-removed",
    INFO,
    "response_field_removed",
    "writeOnly-Pflicht-Eigenschaft entfernt",
)
_rule(
    "response-optional-write-only-property-removed",
    INFO,
    "response_field_removed",
    "optionale writeOnly-Eigenschaft entfernt",
)
_rule("response-required-property-added", INFO, "response_field_added", "neue Pflicht-Eigenschaft")
_rule("response-optional-property-added", INFO, "response_field_added", "neue optionale Eigenschaft")
_rule(
    "response-property-became-optional",
    ERROR,
    "response_field_became_optional",
    "Eigenschaft ist nicht mehr immer vorhanden",
)
_rule(
    "response-write-only-property-became-optional",
    INFO,
    "response_field_became_optional",
    "writeOnly-Eigenschaft ist nicht mehr Pflicht",
)
_rule(
    "response-property-became-required",
    INFO,
    "response_field_became_required",
    "Eigenschaft ist jetzt immer vorhanden",
)
_rule(
    "response-required-property-became-not-write-only",
    WARNING,
    "mutability_changed",
    "Pflicht-Eigenschaft ist nicht mehr writeOnly und wird jetzt ausgeliefert",
)
_rule(
    "response-property-enum-value-added",
    WARNING,
    "enum_widened",
    "Werte {values} können jetzt geliefert werden",
)
_rule(
    "response-property-enum-value-removed",
    INFO,
    "enum_narrowed",
    "Werte {values} werden nicht mehr geliefert",
)
for _prefix in ("response-body", "response-property"):
    _rule(
        f"{_prefix}-max-length-increased",
        ERROR,
        "constraint_loosened",
        "maxLength von {old} auf {new} erhöht",
    )
    _rule(f"{_prefix}-max-length-unset", ERROR, "constraint_loosened", "maxLength {old} aufgehoben")
    _rule(
        f"{_prefix}-min-length-decreased",
        ERROR,
        "constraint_loosened",
        "minLength von {old} auf {new} verringert",
    )
    _rule(f"{_prefix}-max-increased", ERROR, "constraint_loosened", "maximum von {old} auf {new} erhöht")
    _rule(f"{_prefix}-min-decreased", ERROR, "constraint_loosened", "minimum von {old} auf {new} verringert")
    _rule(
        f"{_prefix}-min-items-decreased",
        ERROR,
        "constraint_loosened",
        "minItems von {old} auf {new} verringert",
    )
    _rule(f"{_prefix}-min-items-unset", ERROR, "constraint_loosened", "minItems {old} aufgehoben")
    _rule(
        f"{_prefix}-max-items-increased",
        ERROR,
        "constraint_loosened",
        "maxItems von {old} auf {new} erhöht",
        NEWER,
    )
    _rule(f"{_prefix}-type-changed", ERROR, "type_changed", "Typ/Format geändert: {old} → {new}")
    _rule(f"{_prefix}-type-specialized", INFO, "type_changed", "Typ/Format eingeschränkt: {old} → {new}")
    _rule(f"{_prefix}-became-nullable", ERROR, "nullable_changed", "kann jetzt null sein")
    _rule(f"{_prefix}-became-not-nullable", INFO, "nullable_changed", "ist nicht mehr null")
    _rule(f"{_prefix}-one-of-added", ERROR, "composition_changed", "oneOf um {values} erweitert")

# --- security ---------------------------------------------------------------------------------------
for _prefix, _what in (("api-security", "der Operation"), ("api-global-security", "des Dokuments")):
    _rule(f"{_prefix}-removed", ERROR, "security_changed", f"Anmeldeweg {{scheme}} {_what} entfernt")
    _rule(f"{_prefix}-added", INFO, "security_changed", f"Anmeldeweg {{scheme}} {_what} hinzugefügt")
    _rule(
        f"{_prefix}-scope-added",
        ERROR,
        "security_changed",
        f"Anmeldeweg {{scheme}} {_what} verlangt zusätzlich {{scopes}}",
    )
    _rule(
        f"{_prefix}-scope-removed",
        INFO,
        "security_changed",
        f"Anmeldeweg {{scheme}} {_what} verlangt {{scopes}} nicht mehr",
    )
_rule(
    "api-security-anonymous-access-removed",
    ERROR,
    "security_changed",
    "Zugriff ohne Anmeldung nicht mehr möglich",
)
_rule(
    "api-security-anonymous-access-added",
    INFO,
    "security_changed",
    "Zugriff jetzt auch ohne Anmeldung möglich",
)

# --- rules of the current oasdiff version (JSON Schema keywords of OpenAPI 3.1, webhooks …) -------
for _prefix in ("request-body", "request-property", "request-parameter"):
    _rule(
        f"{_prefix}-exclusive-max-decreased",
        ERROR,
        "constraint_tightened",
        "exclusiveMaximum von {old} auf {new} verringert",
        NEWER,
    )
    _rule(
        f"{_prefix}-exclusive-max-increased",
        INFO,
        "constraint_loosened",
        "exclusiveMaximum von {old} auf {new} erhöht",
        NEWER,
    )
    _rule(
        f"{_prefix}-exclusive-max-set",
        ERROR,
        "constraint_tightened",
        "exclusiveMaximum auf {new} festgelegt",
        NEWER,
    )
    _rule(
        f"{_prefix}-exclusive-min-increased",
        ERROR,
        "constraint_tightened",
        "exclusiveMinimum von {old} auf {new} erhöht",
        NEWER,
    )
    _rule(
        f"{_prefix}-exclusive-min-decreased",
        INFO,
        "constraint_loosened",
        "exclusiveMinimum von {old} auf {new} verringert",
        NEWER,
    )
    _rule(
        f"{_prefix}-exclusive-min-set",
        ERROR,
        "constraint_tightened",
        "exclusiveMinimum auf {new} festgelegt",
        NEWER,
    )
for _prefix in ("request-body", "request-property"):
    _rule(
        f"{_prefix}-max-properties-decreased",
        ERROR,
        "constraint_tightened",
        "maxProperties von {old} auf {new} verringert",
        NEWER,
    )
    _rule(
        f"{_prefix}-max-properties-increased",
        INFO,
        "constraint_loosened",
        "maxProperties von {old} auf {new} erhöht",
        NEWER,
    )
    _rule(
        f"{_prefix}-max-properties-set",
        ERROR,
        "constraint_tightened",
        "maxProperties auf {new} festgelegt",
        NEWER,
    )
    _rule(
        f"{_prefix}-min-properties-increased",
        ERROR,
        "constraint_tightened",
        "minProperties von {old} auf {new} erhöht",
        NEWER,
    )
    _rule(
        f"{_prefix}-min-contains-increased",
        ERROR,
        "constraint_tightened",
        "minContains von {old} auf {new} erhöht",
        NEWER,
    )
    _rule(
        f"{_prefix}-max-contains-decreased",
        ERROR,
        "constraint_tightened",
        "maxContains von {old} auf {new} verringert",
        NEWER,
    )
    _rule(
        f"{_prefix}-unique-items-set",
        ERROR,
        "constraint_tightened",
        "Elemente müssen jetzt eindeutig sein (uniqueItems)",
        NEWER,
    )
    _rule(
        f"{_prefix}-unique-items-unset",
        INFO,
        "constraint_loosened",
        "Elemente müssen nicht mehr eindeutig sein (uniqueItems)",
        NEWER,
    )
    _rule(f"{_prefix}-multiple-of-set", ERROR, "constraint_tightened", "multipleOf {new} festgelegt", NEWER)
    _rule(
        f"{_prefix}-multiple-of-changed",
        ERROR,
        "constraint_tightened",
        "multipleOf von {old} auf {new} geändert",
        NEWER,
    )
    _rule(
        f"{_prefix}-multiple-of-generalized",
        INFO,
        "constraint_loosened",
        "multipleOf von {old} auf {new} gelockert",
        NEWER,
    )
    _rule(f"{_prefix}-multiple-of-unset", INFO, "constraint_loosened", "multipleOf {old} aufgehoben", NEWER)
    _rule(f"{_prefix}-const-added", ERROR, "enum_narrowed", "nur noch der Wert {new} erlaubt (const)", NEWER)
    _rule(f"{_prefix}-const-changed", ERROR, "enum_narrowed", "const von {old} auf {new} geändert", NEWER)
    _rule(f"{_prefix}-const-removed", INFO, "enum_widened", "const {old} aufgehoben", NEWER)
    _rule(
        f"{_prefix}-prefix-items-removed",
        ERROR,
        "composition_changed",
        "prefixItems-Einträge entfernt ({old} → {new})",
        NEWER,
    )
    _rule(
        f"{_prefix}-dependent-required-changed",
        ERROR,
        "request_field_became_required",
        "dependentRequired für {name} geändert",
        NEWER,
    )
    _rule(
        f"{_prefix}-dependent-required-added",
        ERROR,
        "request_field_became_required",
        "dependentRequired für {name} eingeführt",
        NEWER,
    )
    _rule(
        f"{_prefix}-dependent-schema-added",
        ERROR,
        "composition_changed",
        "dependentSchemas für {name} eingeführt",
        NEWER,
    )
    _rule(
        f"{_prefix}-pattern-property-added",
        ERROR,
        "constraint_tightened",
        "patternProperties {name} eingeführt",
        NEWER,
    )
    _rule(
        f"{_prefix}-content-media-type-changed",
        ERROR,
        "type_changed",
        "contentMediaType von {old} auf {new} geändert",
        NEWER,
    )
    _rule(
        f"{_prefix}-content-encoding-changed",
        ERROR,
        "type_changed",
        "contentEncoding von {old} auf {new} geändert",
        NEWER,
    )
    for _keyword, _slug in SCHEMA_KEYWORDS:
        _rule(f"{_prefix}-{_slug}-added", ERROR, "composition_changed", f"{_keyword} eingeführt", NEWER)
for _prefix in ("response-body", "response-property"):
    _rule(
        f"{_prefix}-exclusive-max-increased",
        ERROR,
        "constraint_loosened",
        "exclusiveMaximum von {old} auf {new} erhöht",
        NEWER,
    )
    _rule(
        f"{_prefix}-exclusive-min-decreased",
        ERROR,
        "constraint_loosened",
        "exclusiveMinimum von {old} auf {new} verringert",
        NEWER,
    )
    _rule(
        f"{_prefix}-max-properties-increased",
        ERROR,
        "constraint_loosened",
        "maxProperties von {old} auf {new} erhöht",
        NEWER,
    )
    _rule(
        f"{_prefix}-min-properties-decreased",
        ERROR,
        "constraint_loosened",
        "minProperties von {old} auf {new} verringert",
        NEWER,
    )
    _rule(
        f"{_prefix}-min-contains-decreased",
        ERROR,
        "constraint_loosened",
        "minContains von {old} auf {new} verringert",
        NEWER,
    )
    _rule(
        f"{_prefix}-max-contains-increased",
        ERROR,
        "constraint_loosened",
        "maxContains von {old} auf {new} erhöht",
        NEWER,
    )
    _rule(
        f"{_prefix}-unique-items-unset",
        ERROR,
        "constraint_loosened",
        "Elemente sind nicht mehr eindeutig (uniqueItems)",
        NEWER,
    )
    _rule(f"{_prefix}-multiple-of-unset", ERROR, "constraint_loosened", "multipleOf {old} aufgehoben", NEWER)
    _rule(
        f"{_prefix}-multiple-of-changed",
        ERROR,
        "constraint_loosened",
        "multipleOf von {old} auf {new} geändert",
        NEWER,
    )
    _rule(
        f"{_prefix}-multiple-of-specialized",
        INFO,
        "constraint_tightened",
        "multipleOf von {old} auf {new} verschärft",
        NEWER,
    )
    _rule(f"{_prefix}-const-removed", ERROR, "enum_widened", "const {old} aufgehoben", NEWER)
    _rule(f"{_prefix}-const-changed", ERROR, "enum_widened", "const von {old} auf {new} geändert", NEWER)
    _rule(
        f"{_prefix}-prefix-items-added",
        ERROR,
        "composition_changed",
        "prefixItems-Einträge hinzugefügt ({old} → {new})",
        NEWER,
    )
    _rule(
        f"{_prefix}-dependent-required-changed",
        ERROR,
        "response_field_became_optional",
        "dependentRequired für {name} geändert",
        NEWER,
    )
    _rule(
        f"{_prefix}-dependent-required-removed",
        ERROR,
        "response_field_became_optional",
        "dependentRequired für {name} aufgehoben",
        NEWER,
    )
    _rule(
        f"{_prefix}-dependent-schema-removed",
        ERROR,
        "composition_changed",
        "dependentSchemas für {name} aufgehoben",
        NEWER,
    )
    _rule(
        f"{_prefix}-pattern-property-removed",
        ERROR,
        "constraint_loosened",
        "patternProperties {name} aufgehoben",
        NEWER,
    )
    _rule(
        f"{_prefix}-content-media-type-changed",
        ERROR,
        "type_changed",
        "contentMediaType von {old} auf {new} geändert",
        NEWER,
    )
    _rule(
        f"{_prefix}-content-encoding-changed",
        ERROR,
        "type_changed",
        "contentEncoding von {old} auf {new} geändert",
        NEWER,
    )
    _rule(f"{_prefix}-type-generalized", ERROR, "type_changed", "Typ/Format erweitert: {old} → {new}", NEWER)
    _rule(
        f"{_prefix}-all-of-removed", ERROR, "composition_changed", "allOf-Teilschema {values} entfernt", NEWER
    )
    _rule(f"{_prefix}-any-of-added", ERROR, "composition_changed", "anyOf um {values} erweitert", NEWER)
    for _keyword, _slug in SCHEMA_KEYWORDS:
        _rule(f"{_prefix}-{_slug}-removed", ERROR, "composition_changed", f"{_keyword} aufgehoben", NEWER)
_rule(
    "response-property-pattern-removed", ERROR, "pattern_changed", "Muster (pattern) {old} aufgehoben", NEWER
)
_rule(
    "response-property-pattern-changed",
    WARNING,
    "pattern_changed",
    "Muster (pattern) von {old} auf {new} geändert",
    NEWER,
)
_rule("response-property-pattern-added", INFO, "pattern_changed", "Muster (pattern) {new} eingeführt", NEWER)
_rule(
    "request-body-media-type-schema-added",
    ERROR,
    "schema_changed",
    "Medientyp {media} hat jetzt ein Schema",
    NEWER,
)
_rule(
    "response-body-media-type-schema-removed",
    ERROR,
    "schema_changed",
    "Medientyp {media} hat kein Schema mehr",
    NEWER,
)
_rule(
    "response-header-type-changed",
    ERROR,
    "type_changed",
    "Typ/Format des Headers {name} geändert: {old} → {new}",
    NEWER,
)
_rule(
    "response-header-type-generalized",
    ERROR,
    "type_changed",
    "Typ/Format des Headers {name} erweitert: {old} → {new}",
    NEWER,
)
_rule(
    "response-header-type-specialized",
    INFO,
    "type_changed",
    "Typ/Format des Headers {name} eingeschränkt: {old} → {new}",
    NEWER,
)
_rule(
    "response-header-became-nullable", ERROR, "nullable_changed", "Header {name} kann jetzt null sein", NEWER
)
_rule("webhook-removed", ERROR, "operation_removed", "Webhook entfernt", NEWER)
_rule("webhook-added", INFO, "operation_added", "Webhook hinzugefügt", NEWER)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
if len(RULES) != len(_RULES):  # pragma: no cover - guards the registry itself
    raise RuntimeError("duplicate rule id in the breaking-change registry")


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]
