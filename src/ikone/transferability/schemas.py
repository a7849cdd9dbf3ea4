from __future__ import annotations

from ninja import Field, Schema


class SourceOut(Schema):
    key: str
    title: str
    url: str


class CriterionOut(Schema):
    key: str
    label: str
    group: str = Field(description="allgemein | Kontext")
    weight: int
    fulfilment: float = Field(description="0 bis 1")
    points: float = Field(description="Gewicht × Erfüllung")
    met: bool
    evidence: list[str]
    todo: str = Field(description="leer, wenn das Kriterium voll erfüllt ist")
    sources: list[SourceOut]


class TargetOut(Schema):
    key: str
    name: str
    land_key: str
    population: int | None
    it_providers: list[str]
    languages: list[str]


class TransferabilityOut(Schema):
    solution: str
    name: str
    score: int = Field(description="0 bis 100")
    general_score: int = Field(description="ohne Zielorganisation")
    max_points: int
    target: TargetOut | None
    criteria: list[CriterionOut]
    todo: list[str]


class FactsIn(Schema):
    """The owner's platform-side facts; a missing or null value means "keine Angabe"."""

    container: bool | None = None
    saas: bool | None = None
    on_premise: bool | None = None
    multi_tenant: bool | None = None
    personal_data: bool | None = None
    data_protection_url: str = Field("", max_length=500)
    accessibility_url: str = Field("", max_length=500)
    legal_scope: str = Field("", pattern=r"^(|federal|land)$")
    law_land_keys: list[str] = Field(default_factory=list, description="Länderschlüssel, z. B. 07")
    size_classes: list[str] = Field(
        default_factory=list, description="landgemeinde | kleinstadt | mittelstadt | grossstadt"
    )
    it_providers: list[str] = Field(default_factory=list)


class FactsOut(FactsIn):
    solution: str
