from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

ModelVersion = Literal["1.1", "2.0"]


class StatusIn(Schema):
    level: int = Field(ge=0, le=7, description="Reifegrad; 1.1: 0–4, 2.0: 0–7 (geprüft gegen die Stufen)")
    model: str = Field("1.1", max_length=10, description="Version des Reifegradmodells: 1.1 oder 2.0")
    online_since: dt.date | None = None
    url: str = Field("", max_length=500, description="Adresse des Online-Dienstes")
    solution: str | None = Field(None, max_length=120, description="Kurzname der eingesetzten Lösung")
    note: str = Field("", max_length=2000)


class BulkIn(StatusIn):
    themenfeld: str = Field(max_length=200, description="Kurzname des Themenfelds")
    only_unreported: bool = Field(False, description="nur OZG-Leistungen ohne erfassten Stand")


class BulkOut(Schema):
    changed: int
    unchanged: int
    skipped_derived: int


class ServiceRef(Schema):
    ozg_id: int
    name: str
    themenfeld: str


class SolutionRef(Schema):
    slug: str
    name: str


class StatusOut(Schema):
    service: ServiceRef
    level: int
    model: str
    online_since: dt.date | None
    url: str
    solution: SolutionRef | None
    note: str
    source: str
    derived_from_leika: bool
    updated_by: str = Field(alias="updated_by_label")
    updated_at: dt.datetime

    @staticmethod
    def resolve_service(obj: Any) -> dict[str, Any]:
        return {
            "ozg_id": obj.service.ozg_id,
            "name": obj.service.name,
            "themenfeld": obj.service.themenfeld.name,
        }

    @staticmethod
    def resolve_model(obj: Any) -> str:
        return str(obj.model.version)


class LeikaStatusOut(Schema):
    leika_key: str
    ozg_id: int
    level: int
    model: str

    @staticmethod
    def resolve_leika_key(obj: Any) -> str:
        return str(obj.leika_service.key)

    @staticmethod
    def resolve_ozg_id(obj: Any) -> int:
        return int(obj.leika_service.service.ozg_id)

    @staticmethod
    def resolve_model(obj: Any) -> str:
        return str(obj.model.version)


class ThemenfeldSummaryOut(Schema):
    themenfeld: str
    slug: str
    services: int
    by_level: dict[int, int]
    online: int
    compliant: int
    compliant_share: float
    other_model: int
    unreported: int

    @staticmethod
    def resolve_themenfeld(obj: Any) -> str:
        return str(obj.themenfeld.name)

    @staticmethod
    def resolve_slug(obj: Any) -> str:
        return str(obj.themenfeld.slug)


class CoverageOut(Schema):
    organization: str
    services: int
    online: int
    compliant: int
    compliant_share: float
    themenfelder: list[ThemenfeldSummaryOut]
    count: int
    items: list[StatusOut]


class HistoryOut(Schema):
    ozg_id: int
    leika_key: str | None
    changed_at: dt.datetime
    actor: str = Field(alias="actor_label")
    source: str
    old_level: int | None
    old_model: str
    new_level: int
    new_model: str
    changes: dict[str, Any]

    @staticmethod
    def resolve_ozg_id(obj: Any) -> int:
        return int(obj.service.ozg_id)

    @staticmethod
    def resolve_leika_key(obj: Any) -> str | None:
        return obj.leika_service.key if obj.leika_service_id else None


class HistoryPageOut(Schema):
    count: int
    items: list[HistoryOut]


class RowProblemOut(Schema):
    line: int
    column: str
    message: str


class ImportOut(Schema):
    mode: Literal["all", "partial"]
    applied: int
    unchanged: int
    skipped_blank: int
    rejected_rows: int
    problems: list[RowProblemOut]


class OrgRef(Schema):
    key: str
    name: str


class OfferOut(Schema):
    organization: OrgRef
    level: int
    solution: SolutionRef | None


class SolutionUseOut(Schema):
    slug: str
    name: str
    users: int


class GapOut(Schema):
    service: ServiceRef
    own_level: int | None
    own_model: str | None
    network_members: list[OfferOut]
    same_kreis: list[OfferOut]
    municipalities_offering: int
    solutions: list[SolutionUseOut]
    demand: int = Field(
        description="Menschen, die die OZG-Leistung in der Kommune wünschen (Bürgerbeteiligung)"
    )


class GapsOut(Schema):
    organization: str
    target_level: int
    model: str
    count: int
    items: list[GapOut]


class MatrixCellOut(Schema):
    themenfeld: str
    services: int
    online: int
    compliant: int
    online_share: float
    compliant_share: float


class MatrixRowOut(Schema):
    organization: OrgRef
    rank: int
    online: int
    compliant: int
    online_share: float
    compliant_share: float
    themenfelder: list[MatrixCellOut]


class NetworkCoverageOut(Schema):
    network: str
    model: str
    online_from: int
    compliant_from: int
    members: list[MatrixRowOut]


class AreaServiceOut(Schema):
    ozg_id: int
    name: str
    themenfeld: str
    by_level: dict[int, int]
    offering: int
    share: float
    everywhere: bool
    somewhere: bool


class AreaPartOut(Schema):
    key: str
    name: str
    municipalities: int
    mean_share: float


class AreaCoverageOut(Schema):
    scope: str
    key: str
    name: str
    model: str
    min_level: int
    municipalities: int
    services_everywhere: int
    services_somewhere: int
    mean_share: float
    kreise: list[AreaPartOut]
    services: list[AreaServiceOut]
