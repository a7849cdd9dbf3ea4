from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from ikone.ozg.schemas import OzgId


class ClaimIn(Schema):
    organization: str = Field(max_length=120, description="AGS oder Kurzname des übernehmenden Mitglieds")
    ozg_id: OzgId = Field(description="OZG-ID der OZG-Leistung")
    solution: str | None = Field(None, max_length=120, description="Kurzname einer Lösung aus dem Katalog")
    new_solution_name: str = Field("", max_length=200, description="Name einer neuen Lösung")
    target_level: int = Field(3, ge=0, le=7, description="Ziel-Reifegrad (geprüft gegen das Modell)")
    maturity_model: str = Field("1.1", max_length=10, description="Version des Reifegradmodells")
    target_date: dt.date | None = None
    effort_days: Decimal | None = Field(None, ge=0, le=99999, decimal_places=1, description="Personentage")
    partners: list[str] = Field(default_factory=list, max_length=50, description="AGS oder Kurznamen")
    contact: str = Field("", max_length=200)
    note: str = Field("", max_length=4000)
    accept_conflicts: bool = Field(
        False, description="Überschneidungen gleich akzeptieren (nur Koordination)"
    )


class ClaimPatch(Schema):
    solution: str | None = Field(None, max_length=120, description="Kurzname; null entfernt die Lösung")
    new_solution_name: str | None = Field(None, max_length=200)
    target_level: int | None = Field(None, ge=0, le=7)
    maturity_model: str | None = Field(None, max_length=10)
    target_date: dt.date | None = None
    effort_days: Decimal | None = Field(None, ge=0, le=99999, decimal_places=1)
    partners: list[str] | None = Field(None, max_length=50)
    contact: str | None = Field(None, max_length=200)
    note: str | None = Field(None, max_length=4000)


class TransitionIn(Schema):
    reason: str = Field(
        "", max_length=4000, description="Begründung (Pflicht beim Zurückziehen und Ablehnen)"
    )
    solution: str | None = Field(
        None, max_length=120, description="Beim Liefern: Kurzname der Lösung aus dem Katalog"
    )


class ConflictsAcceptIn(Schema):
    reason: str = Field(max_length=4000, description="Warum die Überschneidungen in Ordnung sind")


class OrganizationRef(Schema):
    key: str
    name: str


class ServiceRef(Schema):
    ozg_id: int
    name: str
    themenfeld: str


class SolutionRef(Schema):
    slug: str
    name: str


class FindingOut(Schema):
    kind: str
    key: str
    message: str
    accepted: bool


class AcceptanceOut(Schema):
    by: str
    at: dt.datetime
    reason: str


class TransitionOut(Schema):
    action: str
    from_state: str
    to_state: str
    reason: str
    actor: str
    at: dt.datetime


class ClaimOut(Schema):
    id: int
    network: str
    organization: OrganizationRef
    service: ServiceRef
    solution: SolutionRef | None
    new_solution_name: str
    maturity_model: str
    target_level: int
    target_date: dt.date | None
    effort_days: Decimal | None
    partners: list[OrganizationRef]
    contact: str = Field(description="leer für Personen außerhalb des Netzwerks")
    note: str = Field(description="leer für Personen außerhalb des Netzwerks")
    source: str
    state: str
    state_label: str
    overdue: bool
    allowed_actions: list[str]
    conflicts: list[FindingOut]
    conflicts_accepted: AcceptanceOut | None
    transitions: list[TransitionOut]
    created_at: dt.datetime


class ClaimListOut(Schema):
    count: int
    items: list[ClaimOut]
