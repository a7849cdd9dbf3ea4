from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema

Text = Annotated[str, Field(min_length=1, max_length=100)]


class SourceIn(Schema):
    slug: str = Field(..., min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str = Field(..., min_length=1, max_length=200)
    kind: Literal["peer", "git_platform", "developers_italia", "dcat"] = Field(
        ..., description="Art der Quelle"
    )
    base_url: str = Field(..., min_length=1, max_length=500, description="Adresse (http/https)")
    platform: Literal["", "github", "gitlab"] = ""
    organization: str = Field("", max_length=200, description="GitHub-Organisation oder GitLab-Gruppe")
    follow_network: str = Field(
        "", max_length=120, description="nur ikone: Netzwerk der Quelle, dem gefolgt wird"
    )
    network: str | None = Field(None, max_length=120, description="Kurzname des folgenden Netzwerks hier")
    filter_lands: list[Text] = Field(default_factory=list, max_length=20)
    filter_tags: list[Text] = Field(default_factory=list, max_length=50)
    filter_services: list[Text] = Field(default_factory=list, max_length=200)
    filter_licences: list[Text] = Field(default_factory=list, max_length=50)
    trust_level: Literal["low", "medium", "high"] = "medium"
    interval_minutes: int = Field(0, ge=0, le=60 * 24 * 31, description="Abstand der Läufe, 0 = nur von Hand")
    enabled: bool = True


class SourceOut(Schema):
    slug: str
    name: str
    kind: str
    base_url: str
    platform: str
    organization: str
    follow_network: str
    network: str | None
    filter_lands: list[str]
    filter_tags: list[str]
    filter_services: list[str]
    filter_licences: list[str]
    trust_level: str
    interval_minutes: int
    enabled: bool
    next_run_at: dt.datetime | None


class SourceListOut(Schema):
    count: int
    items: list[SourceOut]


class CountsOut(Schema):
    created: int
    updated: int
    unchanged: int
    withdrawn: int
    skipped: int
    failed: int


class RunOut(Schema):
    id: int
    source: str
    status: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    total: int
    message: str
    counts: CountsOut


class RunListOut(Schema):
    count: int
    items: list[RunOut]


class HintOut(Schema):
    slug: str
    name: str


class ItemOut(Schema):
    key: str
    outcome: str
    solution: str | None = Field(None, description="Kurzname der Lösung")
    message: str
    hints: list[HintOut]


class ItemListOut(Schema):
    count: int
    items: list[ItemOut]


class JobOut(Schema):
    job: str
