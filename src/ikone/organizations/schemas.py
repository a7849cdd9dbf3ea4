from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from ikone.organizations.choices import Level

LevelName = Literal["land", "regierungsbezirk", "kreis", "gemeindeverband", "gemeinde", "other"]
assert set(LevelName.__args__) == set(Level.values)  # type: ignore[attr-defined]


class OrganizationFilterIn(Schema):
    land: str | None = Field(None, pattern=r"^[0-9]{2}$", description="Länderschlüssel, 2 Ziffern (07 = RLP)")
    kreis: str | None = Field(None, pattern=r"^[0-9]{5}$", description="Kreisschlüssel, 5 Ziffern")
    level: LevelName | None = Field(None, description="Ebene")
    kind: str | None = Field(None, max_length=60, description="Art, z. B. Stadt, Verbandsgemeinde, Landkreis")
    q: str | None = Field(None, max_length=200, description="Suche in Name, AGS oder ARS")


class OrganizationRef(Schema):
    key: str = Field(description="AGS bei Gemeinden, sonst der Kurzname")
    name: str = Field(alias="short_name")
    level: str


class OrganizationOut(Schema):
    key: str = Field(description="AGS bei Gemeinden, sonst der Kurzname")
    slug: str
    name: str = Field(alias="short_name")
    official_name: str = Field(alias="name")
    level: str
    kind: str
    ags: str
    ars: str
    land_key: str
    kreis_key: str
    population: int | None
    latitude: float | None
    longitude: float | None
    website: str
    source: str


class OrganizationDetailOut(OrganizationOut):
    verband_key: str
    area_km2: Decimal | None
    postcode: str
    description: str
    land: OrganizationRef | None
    kreis: OrganizationRef | None
    gemeindeverband: OrganizationRef | None


class MemberOut(Schema):
    key: str = Field(description="AGS bei Gemeinden, sonst der Kurzname")
    ags: str = Field(alias="organization.ags")
    id: int = Field(alias="organization.id")
    name: str = Field(alias="organization.short_name")
    level: str = Field(alias="organization.level")
    role: str
    joined_on: dt.date | None

    @staticmethod
    def resolve_key(obj: object) -> str:
        return obj.organization.key  # type: ignore[attr-defined]


class FundingOut(Schema):
    programme: str
    funder: str = Field(alias="funder_label")
    amount_eur: Decimal
    starts_on: dt.date | None
    ends_on: dt.date | None


class NetworkOut(Schema):
    slug: str
    name: str
    short_name: str
    description: str
    website: str
    coordinator: OrganizationRef | None
    is_demo: bool


class NetworkListOut(NetworkOut):
    member_count: int


class NetworkDetailOut(NetworkOut):
    members: list[MemberOut] = Field(alias="memberships.all")
    fundings: list[FundingOut] = Field(alias="fundings.all")


class MembershipRequestIn(Schema):
    organization: str = Field(description="AGS oder Kurzname der Organisation")
    message: str = Field("", max_length=2000)


class MembershipRequestOut(Schema):
    id: int
    kind: str
    status: str
    network: str = Field(alias="network.slug")
    organization: str = Field(description="AGS oder Kurzname")
    message: str
    created_at: dt.datetime
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_organization(obj: object) -> str:
        return obj.organization.key  # type: ignore[attr-defined]
