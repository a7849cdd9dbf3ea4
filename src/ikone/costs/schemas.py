from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

KeyKindIn = Literal["equal", "population", "usage", "hybrid", "fixed", "base_fee"]
MeasureIn = Literal["population", "usage", "equal"]
CostKindIn = Literal[
    "development",
    "introduction",
    "migration",
    "operation",
    "licence",
    "hosting",
    "support",
    "further_development",
]
Money = Decimal
ClaimId = Annotated[int, Field(ge=1, le=2**31 - 1)]


class OrganizationRef(Schema):
    key: str
    name: str


class KeyOut(Schema):
    version: int
    kind: str
    kind_label: str
    weights: dict[str, Decimal]
    variable_measure: str
    base_fee_eur: Decimal
    cap_eur: Decimal | None
    minimum_eur: Decimal | None
    agreed_on: dt.date


class ParticipantOut(Schema):
    organization: OrganizationRef
    joined_on: dt.date | None
    left_on: dt.date | None
    usage: int | None
    fixed_percent: Decimal | None


class AgreementOut(Schema):
    id: int
    network: str
    title: str
    solution: str | None = Field(description="Kurzname der Lösung; leer: Kosten des Netzwerks selbst")
    claim: int | None = Field(
        description="Nummer der Übernahme (Netzwerkprojekt), deren Kosten geteilt werden"
    )
    starts_on: dt.date
    ends_on: dt.date
    status: str
    signed_by: str
    signed_at: dt.datetime | None
    total_eur: Decimal = Field(description="Summe der Kostenpositionen im Zeitraum")
    key: KeyOut
    key_versions: int
    participants: list[ParticipantOut]


class AgreementListOut(Schema):
    count: int
    items: list[AgreementOut]


class ShareOut(Schema):
    organization: OrganizationRef
    amount_eur: Decimal
    percent: Decimal
    presence: Decimal = Field(description="Anteil des Zeitraums, in dem das Mitglied dabei ist (0–1)")
    population: int | None
    usage: int | None
    capped: bool
    raised_to_minimum: bool


class AllocationOut(Schema):
    agreement: int
    year: int | None = Field(description="das Jahr, wenn nur ein Jahr des Zeitraums gerechnet ist")
    key: str
    key_label: str
    total_eur: Decimal
    sum_eur: Decimal = Field(description="Summe der Anteile; immer gleich total_eur")
    rounding: str
    shares: list[ShareOut]


class ParticipantIn(Schema):
    organization: str = Field(max_length=120, description="AGS oder Kurzname eines Mitglieds")
    joined_on: dt.date | None = None
    left_on: dt.date | None = None
    usage: int | None = Field(None, ge=0, le=2_000_000_000)
    fixed_percent: Decimal | None = Field(None, ge=0, le=100, max_digits=6, decimal_places=3)


class KeyIn(Schema):
    kind: KeyKindIn
    agreed_on: dt.date
    weights: dict[MeasureIn, Decimal] = Field(
        default_factory=dict, description="Nur für hybrid: Gewichte je Maß, zusammen genau 1"
    )
    variable_measure: MeasureIn = "population"
    base_fee_eur: Decimal = Field(Decimal("0"), ge=0, max_digits=14, decimal_places=2)
    cap_eur: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    minimum_eur: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)


class AgreementIn(Schema):
    title: str = Field(max_length=200)
    solution: str | None = Field(None, max_length=120, description="Kurzname einer Lösung aus dem Katalog")
    claim: int | None = Field(
        None, ge=1, le=2**31 - 1, description="Nummer einer Übernahme des Netzwerks (statt einer Lösung)"
    )
    starts_on: dt.date
    ends_on: dt.date
    participants: list[ParticipantIn] = Field(max_length=500)
    key: KeyIn
    note: str = Field("", max_length=4000)


class CostItemOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    one_off: bool
    amount_eur: Decimal
    year: int
    incurred_by: OrganizationRef
    solution: str | None
    claim: int | None = Field(description="Nummer der Übernahme (Netzwerkprojekt)")
    programme: int | None
    programme_funds_kind: bool = Field(
        description="ob das zugeordnete Förderprogramm diese Kostenart fördert (false ohne Programm); "
        "Kosten nicht förderfähiger Arten zählen nicht zum Geförderten"
    )
    evidence: str
    chargeable_for_reuse: bool


class CostItemListOut(Schema):
    count: int
    items: list[CostItemOut]


class CostItemIn(Schema):
    title: str = Field(max_length=200)
    kind: CostKindIn
    amount_eur: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    year: int = Field(ge=1990, le=2100)
    incurred_by: str = Field(max_length=120, description="AGS oder Kurzname eines Mitglieds")
    solution: str | None = Field(None, max_length=120)
    claim: int | None = Field(None, ge=1, le=2**31 - 1, description="Nummer einer Übernahme des Netzwerks")
    programme: int | None = Field(None, ge=1, le=2**31 - 1)
    evidence: str = Field("", max_length=500)
    chargeable_for_reuse: bool = False


class ProgrammeOut(Schema):
    id: int
    name: str
    funder: str
    amount_eur: Decimal
    starts_on: dt.date
    ends_on: dt.date
    funding_rate: Decimal
    eligible_kinds: list[str]
    reporting_duties: str
    linked_costs_eur: Decimal
    eligible_costs_eur: Decimal = Field(description="davon Kosten förderfähiger Kostenarten")
    funded_eur: Decimal = Field(description="förderfähige Kosten × Förderquote")
    remaining_eur: Decimal = Field(description="Fördersumme − gefördert")
    claims: list[int] = Field(description="Nummern der geförderten Übernahmen")


class ProgrammeListOut(Schema):
    count: int
    items: list[ProgrammeOut]


class SavingItemOut(Schema):
    organization: OrganizationRef
    solution: str
    year: int
    build_alone_eur: Decimal
    build_alone_assumed: bool
    build_alone_basis: Literal["owner", "service", "network"] = Field(
        description="owner: erfasste einmalige Kosten der Eigentümerin; service: Schätzung je OZG-Leistung; "
        "network: allgemeine Annahme des Netzwerks"
    )
    share_eur: Decimal
    introduction_eur: Decimal
    introduction_assumed: bool
    saving_eur: Decimal


class SavingTotalOut(Schema):
    organization: OrganizationRef
    saving_eur: Decimal


class SavingYearOut(Schema):
    year: int
    saving_eur: Decimal


class SavingsOut(Schema):
    formula: str
    assumptions: dict[str, Decimal]
    total_eur: Decimal
    by_member: list[SavingTotalOut]
    by_year: list[SavingYearOut]
    items: list[SavingItemOut]


class ProgrammeIn(Schema):
    name: str = Field(max_length=200)
    funder: str = Field(max_length=200)
    amount_eur: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    starts_on: dt.date
    ends_on: dt.date
    funding_rate: Decimal = Field(
        ge=0, le=100, max_digits=5, decimal_places=2, description="Förderquote in %"
    )
    eligible_kinds: list[CostKindIn] = Field(default_factory=list, max_length=8)
    reporting_duties: str = Field("", max_length=4000)
    claims: list[ClaimId] = Field(
        default_factory=list, max_length=200, description="Nummern der geförderten Übernahmen"
    )


class ProgrammeUpdateIn(ProgrammeIn):
    claims: list[ClaimId] | None = Field(  # type: ignore[assignment]
        None, max_length=200, description="Nummern der geförderten Übernahmen; weglassen: unverändert"
    )
    accept_shortfall: bool = Field(
        False,
        description="Änderung trotzdem speichern, wenn das Programm danach weniger Fördersumme hat, als es "
        "für die zugeordneten Kosten schon fördert (sonst 422 am Feld)",
    )


class ProgrammePatch(Schema):
    name: str | None = Field(None, max_length=200)
    funder: str | None = Field(None, max_length=200)
    amount_eur: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    funding_rate: Decimal | None = Field(
        None, ge=0, le=100, max_digits=5, decimal_places=2, description="Förderquote in %"
    )
    eligible_kinds: list[CostKindIn] | None = Field(None, max_length=8)
    reporting_duties: str | None = Field(None, max_length=4000)
    claims: list[ClaimId] | None = Field(None, max_length=200)
    accept_shortfall: bool = False


class ProgrammeClaimsIn(Schema):
    claims: list[ClaimId] = Field(max_length=200, description="Nummern der geförderten Übernahmen")


class BuildAloneEstimateOut(Schema):
    ozg_id: int
    service: str
    amount_eur: Decimal


class BuildAloneEstimateListOut(Schema):
    count: int
    items: list[BuildAloneEstimateOut]


class BuildAloneEstimateIn(Schema):
    amount_eur: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
