"""Typed schema of publiccode.yml v0 and the rule-based struct validator.

The schema mirrors the reference parser's Go structs (field order matters: it
drives the order of the reported results) and their ``validate`` tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from . import _checks
from .vocabularies import DEVELOPMENT_STATUSES, MAINTENANCE_TYPES, SOFTWARE_TYPES

Kind = Literal["str", "bool", "url", "url_list", "list", "struct", "map"]


@dataclass(frozen=True)
class Type:
    """A Go-like type: scalar, list/map of ``elem`` or struct of ``fields``."""

    kind: Kind
    elem: Type | None = None
    elem_pointer: bool = False
    fields: tuple[Field, ...] = ()

    def field_names(self) -> frozenset[str]:
        """Names of the struct fields."""
        return frozenset(f.name for f in self.fields)


@dataclass(frozen=True)
class Field:
    """A struct field: YAML key, type, Go pointer-ness and validation rules."""

    name: str
    type: Type
    pointer: bool = False
    rules: tuple[str, ...] = field(default=())


STR = Type("str")
BOOL = Type("bool")
URL = Type("url")
STR_LIST = Type("list", elem=STR)


def _struct(*fields: Field) -> Type:
    return Type("struct", fields=fields)


def _rules(tags: str) -> tuple[str, ...]:
    return tuple(tags.split(",")) if tags else ()


def _f(name: str, typ: Type, tags: str = "", *, pointer: bool = False) -> Field:
    return Field(name, typ, pointer, _rules(tags))


_ONEOF_STATUS = "oneof=" + " ".join(DEVELOPMENT_STATUSES)
_ONEOF_TYPE = "oneof=" + " ".join(SOFTWARE_TYPES)
_ONEOF_MAINTENANCE = "oneof=" + " ".join(MAINTENANCE_TYPES)

_DESCRIPTION = _struct(
    _f("localisedName", STR, pointer=True),
    _f("genericName", STR, "umax=35"),
    _f("shortDescription", STR, "required,umax=150"),
    _f("longDescription", STR, "required,umin=150,umax=10000"),
    _f("documentation", URL, "omitnil,url_http_url", pointer=True),
    _f("apiDocumentation", URL, "omitnil,url_http_url", pointer=True),
    _f("features", STR_LIST, "gt=0,dive", pointer=True),
    _f("screenshots", STR_LIST),
    _f("videos", Type("list", elem=URL, elem_pointer=True), "dive,omitnil,url_http_url"),
    _f("awards", STR_LIST),
)
_ORGANISATION = _struct(
    _f("name", STR),
    _f("uri", STR, "required,organisation_uri"),
)
_CONTRACTOR = _struct(
    _f("name", STR, "required"),
    _f("email", STR, "omitempty,email", pointer=True),
    _f("website", URL, "omitnil,url_http_url", pointer=True),
    _f("until", STR, "required,date"),
)
_CONTACT = _struct(
    _f("name", STR, "required"),
    _f("email", STR, "omitempty,email", pointer=True),
    _f("affiliation", STR, pointer=True),
    _f("phone", STR, pointer=True),
)
_DEPENDENCY = _struct(
    _f("name", STR, "required,gt=0"),
    _f("versionMin", STR, pointer=True),
    _f("versionMax", STR, pointer=True),
    _f("optional", BOOL, pointer=True),
    _f("version", STR, pointer=True),
)
_IT_SECTION = _struct(
    _f("countryExtensionVersion", STR, "omitnil,oneof=0.2 1.0", pointer=True),
    _f(
        "conforme",
        _struct(
            *(
                _f(n, BOOL, pointer=True)
                for n in (
                    "lineeGuidaDesign",
                    "modelloInteroperabilita",
                    "misureMinimeSicurezza",
                    "gdpr",
                )
            )
        ),
        pointer=True,
    ),
    _f("riuso", _struct(_f("codiceIPA", STR, "omitempty,is_italian_ipa_code"))),
    _f("piattaforme", _struct(*(_f(n, BOOL) for n in ("spid", "pagopa", "cie", "anpr", "io")))),
)

#: The publiccode.yml v0 (parsed as 0.7) document.
PUBLICCODE_V0 = _struct(
    _f("publiccodeYmlVersion", STR, "required"),
    _f("name", STR, "required"),
    _f("applicationSuite", STR),
    _f("url", URL, "required,url_url", pointer=True),
    _f("landingURL", URL, "omitnil,url_http_url", pointer=True),
    _f("isBasedOn", Type("url_list", elem=URL), "omitempty,dive,url_url"),
    _f("softwareVersion", STR),
    _f("releaseDate", STR, "omitnil,date", pointer=True),
    _f("logo", STR, pointer=True),
    _f("monochromeLogo", STR, pointer=True),
    _f("organisation", _ORGANISATION, pointer=True),
    _f("inputTypes", STR_LIST, "omitempty,dive,is_mime_type", pointer=True),
    _f("outputTypes", STR_LIST, "omitempty,dive,is_mime_type", pointer=True),
    _f("platforms", STR_LIST, "gt=0"),
    _f("categories", STR_LIST, "omitempty,dive,is_category_v0", pointer=True),
    _f("usedBy", STR_LIST, pointer=True),
    _f("fundedBy", Type("list", elem=_ORGANISATION), "omitempty,dive", pointer=True),
    _f("roadmap", URL, "omitnil,url_http_url", pointer=True),
    _f("developmentStatus", STR, "required," + _ONEOF_STATUS),
    _f("softwareType", STR, "required," + _ONEOF_TYPE),
    _f(
        "supports",
        Type("list", elem=_struct(_f("id", STR, "required,supports_id"))),
        "omitempty,dive",
        pointer=True,
    ),
    _f(
        "intendedAudience",
        _struct(
            _f("scope", STR_LIST, "omitempty,dive,is_scope_v0", pointer=True),
            _f(
                "countries",
                STR_LIST,
                "omitempty,dive,iso3166_1_alpha2_lower_or_upper",
                pointer=True,
            ),
            _f(
                "unsupportedCountries",
                STR_LIST,
                "omitempty,dive,iso3166_1_alpha2_lower_or_upper",
                pointer=True,
            ),
        ),
        pointer=True,
    ),
    _f("description", Type("map", elem=_DESCRIPTION), "gt=0,bcp47_keys,dive"),
    _f(
        "legal",
        _struct(
            _f("license", STR, "required,is_spdx_expression"),
            _f("mainCopyrightOwner", STR, pointer=True),
            _f("repoOwner", STR, pointer=True),
            _f("authorsFile", STR, pointer=True),
        ),
    ),
    _f(
        "maintenance",
        _struct(
            _f("type", STR, "required," + _ONEOF_MAINTENANCE),
            _f(
                "contractors",
                Type("list", elem=_CONTRACTOR),
                "required_if=Type contract,excluded_unless=Type contract,omitempty,dive",
                pointer=True,
            ),
            _f(
                "contacts",
                Type("list", elem=_CONTACT),
                "required_if=Type community,required_if=Type internal,omitempty,dive",
                pointer=True,
            ),
        ),
    ),
    _f(
        "localisation",
        _struct(
            _f("localisationReady", BOOL, "required", pointer=True),
            _f("availableLanguages", STR_LIST, "required,gt=0,dive,bcp47_strict_language_tag"),
        ),
    ),
    _f(
        "dependsOn",
        _struct(
            *(
                _f(n, Type("list", elem=_DEPENDENCY), "omitempty,dive", pointer=True)
                for n in ("open", "proprietary", "hardware")
            )
        ),
        pointer=True,
    ),
    _f("IT", _IT_SECTION, pointer=True),
    _f("it", _IT_SECTION, pointer=True),
)


def zero(typ: Type) -> Any:
    """Go zero value of a non-pointer type."""
    if typ.kind == "str":
        return ""
    if typ.kind == "bool":
        return False
    if typ.kind == "struct":
        return {f.name: None if f.pointer else zero(f.type) for f in typ.fields}
    return None


@dataclass(frozen=True)
class RuleError:
    """A failed validation rule: dotted key and English message."""

    key: str
    message: str


_ALPHA_INDEX = re.compile(r"\[([A-Za-z]+)\]")
_SEE_SPDX = "(see https://spdx.org/licenses)"
_SEE_STANDARD = "https://github.com/publiccodeyml/publiccode.yml/blob/main/docs/standard"
_SEE_IPA = "(see https://github.com/publiccodeyml/italian-organizations-ipa-vocabulary)"
_SIMPLE_MESSAGES = {
    "required": "{} is a required field",
    "email": "{} must be a valid email address",
    "date": "{} must be a date with format 'YYYY-MM-DD'",
    "url_http_url": "{} must be an HTTP URL",
    "url_url": "{} must be a valid URL",
    "is_mime_type": "{} is not a valid MIME type",
    "is_spdx_expression": "{} must be a valid license " + _SEE_SPDX,
    "is_category_v0": "{} must be a valid category (see " + _SEE_STANDARD + "/categories-list.rst)",
    "is_scope_v0": "{} must be a valid scope (see " + _SEE_STANDARD + "/scope-list.rst)",
    "is_italian_ipa_code": "{} must be a valid Italian Public Administration Code (iPA) " + _SEE_IPA,
    "iso3166_1_alpha2_lower_or_upper": "{} must be a valid ISO 3166-1 alpha-2 two-letter country code",
    "bcp47_strict_language_tag": "{} must be a valid BCP 47 language",
    "bcp47_keys": "{} must be a valid BCP 47 language",
}
_VALUE_CHECKS = {
    "email": _checks.is_email,
    "date": _checks.is_date,
    "url_http_url": _checks.is_http_url,
    "url_url": _checks.is_url,
    "is_mime_type": _checks.is_mime_type,
    "is_spdx_expression": _checks.is_spdx_expression,
    "is_category_v0": _checks.is_category,
    "is_scope_v0": _checks.is_scope,
    "is_italian_ipa_code": _checks.is_ipa_code,
    "iso3166_1_alpha2_lower_or_upper": _checks.is_country_code,
    "bcp47_strict_language_tag": _checks.is_bcp47_tag,
}


def _has_value(value: Any, typ: Type, pointer: bool) -> bool:
    if pointer or typ.kind in ("list", "url_list", "map", "url"):
        return value is not None
    return value not in ("", False, None)


def _length(value: Any) -> int:
    return len(value) if value is not None else 0


class StructValidator:
    """Apply validation rules to decoded values, collecting ordered errors."""

    def __init__(self) -> None:
        self.errors: list[RuleError] = []

    def validate(self, typ: Type, value: dict[str, Any], namespace: str = "") -> None:
        """Validate every field of a decoded struct, in declaration order."""
        for fld in typ.fields:
            ns = f"{namespace}.{fld.name}" if namespace else fld.name
            self._run(fld.rules, value.get(fld.name), fld.type, fld.pointer, fld.name, ns, value)

    def _add(self, ns: str, message: str) -> None:
        self.errors.append(RuleError(_ALPHA_INDEX.sub(r".\1", ns), message))

    def _run(
        self,
        rules: tuple[str, ...],
        value: Any,
        typ: Type,
        pointer: bool,
        name: str,
        ns: str,
        parent: dict[str, Any],
    ) -> None:
        if pointer and value is None and rules:
            first = rules[0].partition("=")[0]
            if first in ("omitempty", "omitnil"):
                return
            if not first.startswith(("required", "excluded")):
                self._add(ns, self._message(rules[0], name, typ, value))
                return
        for i, rule in enumerate(rules):
            tag, _, param = rule.partition("=")
            if tag == "omitempty" and not value:
                return
            if tag == "omitnil" and value is None:
                return
            if tag == "dive":
                self._dive(rules[i + 1 :], value, typ, name, ns, parent)
                return
            if tag not in ("omitempty", "omitnil") and not self._check(
                tag, param, value, typ, pointer, parent
            ):
                self._add(ns, self._message(rule, name, typ, value))
                return
        if typ.kind == "struct" and value is not None:
            self.validate(typ, value, ns)

    def _dive(
        self,
        rules: tuple[str, ...],
        value: Any,
        typ: Type,
        name: str,
        ns: str,
        parent: dict[str, Any],
    ) -> None:
        elem = typ.elem
        if elem is None or not value:
            return
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for index, item in items:
            self._run(rules, item, elem, typ.elem_pointer, f"{name}[{index}]", f"{ns}[{index}]", parent)

    @staticmethod
    def _check(
        tag: str,
        param: str,
        value: Any,
        typ: Type,
        pointer: bool,
        parent: dict[str, Any],
    ) -> bool:
        if tag == "required":
            return _has_value(value, typ, pointer)
        if tag in ("required_if", "excluded_unless"):
            other, _, expected = param.partition(" ")
            matches = parent.get(other.lower()) == expected
            if tag == "required_if":
                return not matches or _has_value(value, typ, pointer)
            return matches or not _has_value(value, typ, pointer)
        if tag == "gt":
            if typ.kind in ("list", "url_list", "map"):
                return _length(value) > int(param)
            return _checks.grapheme_count(str(value or "")) > int(param)
        if tag == "umax":
            return _checks.grapheme_count(str(value or "")) <= int(param)
        if tag == "umin":
            return _checks.grapheme_count(str(value or "")) >= int(param)
        if tag == "oneof":
            return str(value) in param.split()
        if tag == "bcp47_keys":
            return all(_checks.is_bcp47_tag(k) for k in (value or {}))
        if tag == "organisation_uri":
            return _checks.organisation_uri_problem(str(value)) is None
        if tag == "supports_id":
            return _checks.supports_id_problem(str(value)) is None
        return _VALUE_CHECKS[tag](str(value))

    @staticmethod
    def _message(rule: str, name: str, typ: Type, value: Any) -> str:
        tag, _, param = rule.partition("=")
        if tag in _SIMPLE_MESSAGES:
            return _SIMPLE_MESSAGES[tag].format(name)
        if tag in ("required_if", "excluded_unless"):
            other, _, expected = param.partition(" ")
            condition = f'"{other.lower()}" is "{expected}"'
            if tag == "required_if":
                return f"{name} is a required field when {condition}"
            return f"{name} must not be present unless {condition}"
        if tag == "gt":
            if typ.kind in ("list", "url_list", "map"):
                unit = "item" if param == "1" else "items"
                return f"{name} must contain more than {param} {unit}"
            unit = "character" if param == "1" else "characters"
            return f"{name} must be greater than {param} {unit} in length"
        if tag == "umax":
            return f"{name} must be a maximum of {param} characters in length"
        if tag == "umin":
            return f"{name} must be at least {param} characters in length"
        if tag == "oneof":
            quoted = [f'"{p}"' for p in param.split()]
            listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
            return f"{name} must be one of the following: {listed}"
        if tag == "organisation_uri":
            if str(value).startswith("urn:x-italian-pa:"):
                return (
                    f"{name} must be a valid Italian Public Administration Code (iPA) with "
                    f"format 'urn:x-italian-pa:[codiceIPA]' {_SEE_IPA}"
                )
            return f"{name} is not a valid URI"
        if tag == "supports_id":
            if _checks.supports_id_problem(str(value)) == "alias":
                return f"{name} contains an unknown alias (see {_SEE_STANDARD}/aliases-list.rst)"
            return f"{name} is not a valid URI"
        return f"{name} failed on the '{tag}' tag"
