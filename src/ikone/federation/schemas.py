from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema
from pydantic import field_validator

from ikone.core.pagination import MAX_OFFSET


class FeedQueryIn(Schema):
    changed_since: dt.datetime | None = Field(
        None,
        description=(
            "Nur Einträge, die zu diesem Zeitpunkt oder später geändert wurden (ISO 8601, einschließlich; "
            "ohne Zeitzone gilt UTC)"
        ),
    )
    limit: int = Field(100, ge=1, le=500, description="Höchstzahl der Einträge auf der Seite")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Anzahl der übersprungenen Einträge")

    @field_validator("changed_since", mode="before")
    @classmethod
    def _plus_sign(cls, value: Any) -> Any:
        """An unencoded `+00:00` arrives as ` 00:00` (a `+` in a query string is a space)."""
        if isinstance(value, str) and len(value) > 6 and value[-6] == " " and value[-3] == ":":
            return f"{value[:-6]}+{value[-5:]}"
        return value


class UsageOut(Schema):
    network: str = Field(description="Kurzname des Netzwerks")
    network_name: str
    in_production: int = Field(description="Organisationen des Netzwerks, die die Lösung produktiv nutzen")
    adoptions: int = Field(description="Organisationen des Netzwerks mit einer nicht beendeten Nachnutzung")


class SolutionFeedItemOut(Schema):
    id: str = Field(description="Kurzname der Lösung, die feste Kennung bei der Veröffentlichenden")
    url: str = Field(description="Quellcode-Repository (publiccode `url`)")
    changed_at: str = Field(description="Zeitpunkt der Änderung (ISO 8601, UTC, Mikrosekunden)")
    deleted: bool = Field(description="gelöscht oder nicht mehr öffentlich (Löschvermerk)")
    page_url: str | None
    publiccode_url: str | None
    publiccode: dict[str, Any] | None = Field(description="Inhalt der publiccode.yml als JSON")
    services: list[str] = Field(description="OZG-IDs, danach LeiKa-Schlüssel (14 Ziffern)")
    usage: list[UsageOut]


class SolutionFeedOut(Schema):
    count: int = Field(description="Einträge ab `changed_since` über alle Seiten")
    latest: str | None = Field(description="größter `changed_at` über alle passenden Einträge")
    items: list[SolutionFeedItemOut]


class OrganizationRefOut(Schema):
    key: str = Field(description="AGS oder Kurzname")
    name: str


class AdoptionFeedItemOut(Schema):
    id: str = Field(description="Nummer der Nachnutzung bei der Veröffentlichenden")
    url: str = Field(description="Quellcode-Repository der Lösung")
    changed_at: str
    deleted: bool
    solution: str | None = Field(description="Kurzname der Lösung")
    organization: OrganizationRefOut | None
    state: str | None
    services: list[str] = Field(description="OZG-IDs")
    started_on: str | None
    production_since: str | None
    ended_on: str | None
    operator_model: str | None
    confirmed: bool | None


class AdoptionFeedOut(Schema):
    count: int
    latest: str | None
    items: list[AdoptionFeedItemOut]


class RatingsOut(Schema):
    usability: int
    effort: int
    documentation: int
    support: int


class ReportFeedItemOut(Schema):
    id: str = Field(description="Nummer des Erfahrungsberichts bei der Veröffentlichenden")
    url: str = Field(description="Quellcode-Repository der Lösung")
    changed_at: str
    deleted: bool
    solution: str | None
    organization: OrganizationRefOut | None
    would_recommend: bool | None
    ratings: RatingsOut | None = Field(description="Bewertungen 1–5")
    effort_days: str | None = Field(description="Aufwand in Personentagen (Dezimalzahl als Text)")
    time_to_live_days: int | None
    worked: str | None
    did_not_work: str | None
    pitfalls: str | None


class ReportFeedOut(Schema):
    count: int
    latest: str | None
    items: list[ReportFeedItemOut]


class StandardVersionFeedOut(Schema):
    version: str
    status: str = Field(description="`current` (aktuell) oder `deprecated` (veraltet)")
    published_on: str | None
    agreed_by: list[str] = Field(description="Kurznamen der Netzwerke, die diese Version vereinbart haben")


class StandardFeedItemOut(Schema):
    id: str = Field(description="Kurzname des Standards")
    url: str = Field(description="offizielle Seite des Standards (kann leer sein)")
    changed_at: str
    deleted: bool
    page_url: str | None
    name: str | None
    abbreviation: str | None
    kind: str | None
    publisher: str | None
    description: str | None
    versions: list[StandardVersionFeedOut]


class StandardFeedOut(Schema):
    count: int
    latest: str | None
    items: list[StandardFeedItemOut]


class CoverageCountOut(Schema):
    themenfeld: str = Field(description="Kurzname des Themenfelds")
    themenfeld_name: str
    level: int = Field(description="Reifegradstufe")
    services: int = Field(description="OZG-Leistungen auf dieser Stufe, zusammengezählt über die Mitglieder")


class CoverageFeedItemOut(Schema):
    id: str = Field(description="Kurzname des Netzwerks")
    url: str | None = Field(description="Seite „OZG-Stand“ des Netzwerks")
    changed_at: str
    deleted: bool
    name: str | None
    model: str = Field(description="Reifegradmodell (Version)")
    members: int | None = Field(description="Mitglieder ohne beobachtende")
    counts: list[CoverageCountOut]


class CoverageFeedOut(Schema):
    count: int
    latest: str | None
    items: list[CoverageFeedItemOut]
