"""Pure helpers on a publiccode.yml mapping: YAML round trip and the projection into catalog columns."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML

from ikone.catalog.publiccode import ValidationResult, parse

PREFERRED_LANGUAGES = ("de", "de-DE", "en", "en-GB", "en-US")
KEY_ORDER = [
    "publiccodeYmlVersion",
    "name",
    "applicationSuite",
    "url",
    "landingURL",
    "isBasedOn",
    "softwareVersion",
    "releaseDate",
    "logo",
    "platforms",
    "categories",
    "usedBy",
    "roadmap",
    "developmentStatus",
    "softwareType",
    "intendedAudience",
    "description",
    "legal",
    "maintenance",
    "localisation",
    "dependsOn",
    "organisation",
    "fundedBy",
    "supports",
]


@dataclass
class Projection:
    """The catalog columns derived from a document."""

    name: str
    url: str
    short_description: str = ""
    long_description: str = ""
    description_language: str = ""
    features: list[str] = field(default_factory=list)
    license: str = ""
    development_status: str = ""
    software_type: str = ""
    maintenance_type: str = ""
    software_version: str = ""
    release_date: dt.date | None = None
    landing_url: str = ""
    logo: str = ""
    used_by_count: int = 0
    based_on: str = ""
    platforms: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    is_based_on: list[str] = field(default_factory=list)
    screenshots: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    """A scalar as the reference parser reads it into a string field (`name: 2024` is "2024")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    return ""


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def preferred_description(document: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The description block in German if there is one, else English, else the first one."""
    descriptions = document.get("description")
    if not isinstance(descriptions, dict) or not descriptions:
        return "", {}
    for language in (*PREFERRED_LANGUAGES, *descriptions):
        block = descriptions.get(language)
        if isinstance(block, dict):
            return language, block
    return "", {}


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def project(document: dict[str, Any]) -> Projection:
    language, block = preferred_description(document)
    screenshots = [
        s
        for blk in (document.get("description") or {}).values()
        if isinstance(blk, dict)
        for s in _strings(blk.get("screenshots"))
    ]
    return Projection(
        name=_text(document.get("name")),
        url=_text(document.get("url")),
        short_description=_text(block.get("shortDescription"))[:300],
        long_description=_text(block.get("longDescription")),
        description_language=language,
        features=_strings(block.get("features")),
        license=_text((document.get("legal") or {}).get("license")),
        development_status=_text(document.get("developmentStatus")),
        software_type=_text(document.get("softwareType")),
        maintenance_type=_text((document.get("maintenance") or {}).get("type")),
        software_version=_text(document.get("softwareVersion")),
        release_date=_date(document.get("releaseDate")),
        landing_url=_text(document.get("landingURL")),
        logo=_text(document.get("logo")),
        used_by_count=len(_strings(document.get("usedBy"))),
        based_on="\n".join(_strings(document.get("isBasedOn"))),
        platforms=sorted(set(_strings(document.get("platforms")))),
        categories=sorted(set(_strings(document.get("categories")))),
        is_based_on=_strings(document.get("isBasedOn")),
        screenshots=list(dict.fromkeys(screenshots)),
    )


NESTED_KEY_ORDER = [
    # description.<lang>
    "localisedName",
    "genericName",
    "shortDescription",
    "longDescription",
    "documentation",
    "apiDocumentation",
    "features",
    "screenshots",
    "videos",
    "awards",
    # legal, maintenance, localisation, intendedAudience, organisation
    "license",
    "mainCopyrightOwner",
    "repoOwner",
    "authorsFile",
    "type",
    "contractors",
    "contacts",
    "localisationReady",
    "availableLanguages",
    "scope",
    "countries",
    "unsupportedCountries",
    # entries of contacts, contractors, dependsOn, fundedBy
    "name",
    "uri",
    "email",
    "phone",
    "affiliation",
    "website",
    "until",
    "version",
    "versionMin",
    "versionMax",
    "optional",
]


def ordered(value: Any, order: list[str] = KEY_ORDER) -> Any:
    """The document with keys in the order of the standard at every level (unknown keys sorted last).

    The order must not depend on the database: PostgreSQL's jsonb does not keep key order.
    """
    if isinstance(value, list):
        return [ordered(item, NESTED_KEY_ORDER) for item in value]
    if not isinstance(value, dict):
        return value
    rank = {key: index for index, key in enumerate(order)}
    keys = sorted(value, key=lambda k: (rank.get(k, len(rank)), k))
    return {key: ordered(value[key], NESTED_KEY_ORDER) for key in keys}


def dump_yaml(document: dict[str, Any]) -> str:
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.allow_unicode = True
    stream = io.StringIO()
    stream.write("# publiccode.yml, exportiert aus ikone\n")
    yaml.dump(ordered(document), stream)
    return stream.getvalue()


def validate_document(document: dict[str, Any]) -> list[ValidationResult]:
    """Validate a mapping by writing it as YAML and running the publiccode.yml validator on it."""
    return parse(dump_yaml(document)).results
