from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from ikone.core.pagination import PageIn
from ikone.ozg.schemas import OzgId


class SolutionFilterIn(Schema):
    q: str | None = Field(None, max_length=200, description="Volltextsuche (deutsch)")
    themenfeld: str | None = Field(None, max_length=200, description="Themenfeld (Kurzname)")
    service: int | None = Field(None, description="OZG-ID")
    license: str | None = Field(None, max_length=200, description="SPDX-Lizenzausdruck")
    development_status: str | None = Field(None, max_length=30)
    software_type: str | None = Field(None, max_length=40)
    platform: str | None = Field(None, max_length=100)
    category: str | None = Field(None, max_length=100)
    maintenance_type: str | None = Field(None, max_length=20)
    land: str | None = Field(None, pattern=r"^[0-9]{2}$", description="Land der Eigentümerin")
    network: str | None = Field(None, max_length=100, description="Kurzname des Netzwerks")
    owner: str | None = Field(None, max_length=120, description="AGS oder Kurzname der Eigentümerin")
    used_by: str | None = Field(None, pattern=r"^(0|1|2-5|6\+)$", description="Anzahl Nutzende laut Datei")
    transferability: str | None = Field(
        None, pattern=r"^(0-24|25-49|50-74|75-100)$", description="Bereich der Übertragbarkeit (Punkte)"
    )
    sort: str = Field("relevance", pattern=r"^(relevance|name|updated|transferability)$")


class OwnerRef(Schema):
    key: str
    name: str = Field(alias="short_name")


class ServiceRef(Schema):
    ozg_id: int
    name: str


class SolutionOut(Schema):
    slug: str
    name: str
    url: str
    short_description: str
    license: str
    development_status: str
    software_type: str
    maintenance_type: str
    owner: OwnerRef | None
    visibility: str
    is_demo: bool
    updated_at: dt.datetime
    rank: float | None = None
    headline: str | None = None


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SolutionPageIn(PageIn):
    """A catalog page is assembled in memory with highlights and facets: 20 by default, 100 at most."""

    limit: int = Field(20, ge=1, le=100, description="Höchstzahl der Einträge auf der Seite")


class SolutionPageOut(Schema):
    count: int
    items: list[SolutionOut]
    facets: dict[str, list[FacetValueOut]]


class ReleaseOut(Schema):
    version: str
    release_date: dt.date | None


class NetworkRef(Schema):
    slug: str
    name: str


class SolutionDetailOut(SolutionOut):
    landing_url: str
    long_description: str
    features: list[str]
    software_version: str
    release_date: dt.date | None
    publiccode_version: str
    upstream: str | None = Field(None, alias="upstream.slug")
    networks: list[NetworkRef] = Field(alias="networks.all")
    services: list[ServiceRef] = Field(alias="services.all")
    releases: list[ReleaseOut] = Field(alias="releases.all")
    document: dict[str, Any] = Field(description="der Inhalt der publiccode.yml")


class SolutionIn(Schema):
    """A solution: its publiccode.yml content plus what ikone adds."""

    document: dict[str, Any] = Field(description="publiccode.yml als JSON-Objekt (Standard v0.7)")
    owner: str | None = Field(None, description="AGS oder Kurzname der Eigentümerin")
    networks: list[str] | None = Field(None, description="Kurznamen der Netzwerke")
    services: list[OzgId] | None = Field(None, description="OZG-IDs")
    visibility: str | None = Field(None, pattern=r"^(public|network|draft)$")


class ImportOut(Schema):
    status: str
    warnings: list[str]
    solution: SolutionOut


class ValidationResultOut(Schema):
    key: str
    description: str
    line: int
    column: int
    type: str
