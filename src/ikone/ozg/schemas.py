import datetime as dt
from typing import Annotated

from ninja import Field, Schema

# An OZG-ID as input: a positive number that fits the database column (larger ones would not
# be "not found" but an overflow inside the database driver).
OzgId = Annotated[int, Field(ge=1, le=2_147_483_647)]


class ServiceFilterIn(Schema):
    themenfeld: str | None = Field(None, max_length=200, description="Themenfeld (Kurzname oder Nummer)")
    lage: str | None = Field(None, max_length=200, description="Lebens-/Geschäftslage (Kurzname oder Nummer)")
    q: str | None = Field(
        None, max_length=200, description="Suche in Bezeichnung, OZG-ID oder LeiKa-Schlüssel"
    )


class NamedRef(Schema):
    slug: str
    name: str


class ServiceOut(Schema):
    ozg_id: int
    name: str
    themenfeld: NamedRef
    lage: NamedRef
    lead: str
    efa_status: str
    leika_count: int


class LeikaOut(Schema):
    key: str
    name: str
    leika_type: str
    legal_basis: str
    laws: str
    law_abbreviations: str
    sdg1: bool
    sdg2: bool


class ServiceDetailOut(Schema):
    ozg_id: int
    name: str
    themenfeld: NamedRef
    lage: NamedRef
    lead: str
    efa_status: str
    leika: list[LeikaOut] = Field(alias="leika_services.all")


class MaturityLevelOut(Schema):
    level: int
    label: str
    description: str
    ozg_compliant: bool


class MaturityModelOut(Schema):
    version: str
    name: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    compliant_from: int | None
    source: str
    levels: list[MaturityLevelOut] = Field(alias="levels.all")
