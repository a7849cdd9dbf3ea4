from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class StandardFilterIn(Schema):
    q: str | None = Field(None, max_length=200, description="Suche in Name, Kürzel, Herausgeber")
    kind: str | None = Field(None, max_length=20, description="Art (xoev, fim, transport_api, …)")


class StandardVersionOut(Schema):
    version: str
    status: str
    published_on: dt.date | None


class StandardOut(Schema):
    slug: str
    name: str
    abbreviation: str
    kind: str
    publisher: str
    official_url: str


class StandardDetailOut(StandardOut):
    description: str
    sources: list[str]
    versions: list[StandardVersionOut]

    @staticmethod
    def resolve_versions(obj: Any) -> list[Any]:
        return list(obj.versions.all())


class StandardRef(Schema):
    standard: str = Field(description="Kurzname des Standards")
    version: str = Field(max_length=40)


class AgreedSetIn(Schema):
    items: list[StandardRef]


class AgreedStandardOut(Schema):
    standard: str
    abbreviation: str
    version: str
    status: str
    adopted_at: dt.datetime


class ComplianceCellOut(Schema):
    standard: str
    version: str
    declared: bool
    verified: bool
    other_versions: list[str]


class ComplianceRowOut(Schema):
    solution: str
    name: str
    complete: bool
    cells: list[ComplianceCellOut]


class ComplianceOut(Schema):
    network: str
    agreed: list[AgreedStandardOut]
    rows: list[ComplianceRowOut]


class ConformanceIn(Schema):
    standard: str = Field(description="Kurzname des Standards")
    version: str = Field(max_length=40)
    kind: str = Field("declared", pattern=r"^(declared|verified)$")
    release: str | None = Field(None, max_length=100, description="Version der Lösung (leer: die Lösung)")
    evidence_kind: str = Field("none", pattern=r"^(test_report|certificate|automatic_check|none)$")
    evidence_url: str = Field("", max_length=500)
    note: str = Field("", max_length=2000)


class ConformanceOut(Schema):
    id: int
    standard: str
    abbreviation: str
    version: str
    release: str | None
    kind: str
    evidence_kind: str
    evidence_url: str
    note: str


class SpecErrorOut(Schema):
    message: str
    path: str
    line: int | None
    column: int | None


class ChangeOut(Schema):
    path: str = Field(description="Operation („GET /pfad“) oder Pfad")
    rule: str = Field(
        "", description="Regel-Kennung nach oasdiff, z. B. request-property-max-length-decreased"
    )
    level: str = Field("", description="error, warning (beide inkompatibel) oder info")
    change: str = Field(description="Art der Änderung (grobe Kategorie)")
    detail: str = Field(description="Stelle und Beschreibung auf Deutsch")


class DiffOut(Schema):
    breaking: list[ChangeOut]
    non_breaking: list[ChangeOut]


class InterfaceSpecOut(Schema):
    id: int
    solution: str
    release: str
    name: str
    title: str
    api_version: str
    openapi_version: str
    source_format: str
    source_url: str
    is_valid: bool
    errors: list[SpecErrorOut]
    compared_with: str | None = Field(None, description="Version der Lösung, mit der verglichen wurde")
    diff: DiffOut | None
    uploaded_at: dt.datetime


class SpecTextIn(Schema):
    text: str = Field(max_length=5 * 1024 * 1024, description="OpenAPI-Dokument (YAML oder JSON)")


class DiffIn(Schema):
    old: str = Field(max_length=5 * 1024 * 1024)
    new: str = Field(max_length=5 * 1024 * 1024)


class ValidationOut(Schema):
    valid: bool
    openapi_version: str
    errors: list[SpecErrorOut]
