from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from ikone.ozg.schemas import OzgId
from ikone.participation.choices import COMMENT_MAX, REASON_MAX, REPORT_REASON_MAX, TEXT_MAX, TITLE_MAX
from ikone.participation.selectors import display_name

ItemId = Annotated[int, Field(ge=1, le=2_147_483_647)]


class ServiceRef(Schema):
    ozg_id: int
    name: str


class DemandOut(Schema):
    service: ServiceRef
    proposals: int = Field(description="Vorschläge zu dieser Leistung, die noch nicht erfüllt sind")
    supports: int = Field(description="Unterstützungen dieser Vorschläge")
    people: int = Field(description="Vorschläge + Unterstützungen: Menschen, die die Leistung wünschen")
    offered_online: bool = Field(
        description="Die Kommune bietet die Leistung schon online an (Reifegrad ≥ 2)"
    )


class TownDemandOut(Schema):
    key: str = Field(description="AGS oder Kurzname der Kommune")
    name: str
    people: int = Field(description="Menschen, die die Leistung in dieser Kommune wünschen")


class TownRef(Schema):
    key: str = Field(description="AGS oder Kurzname der Kommune")
    name: str


class AreaDemandOut(Schema):
    service: ServiceRef
    proposals: int = Field(
        description="Vorschläge, die noch nicht erfüllt sind, aus Kommunen ohne Online-Angebot"
    )
    supports: int = Field(description="Unterstützungen dieser Vorschläge")
    people: int = Field(
        description="Vorschläge + Unterstützungen: Menschen, die die fehlende Leistung wünschen"
    )
    towns: list[TownDemandOut] = Field(
        description="Mitglieder, in denen die Leistung gewünscht wird und noch nicht online ist, meistgewünscht zuerst"
    )
    offered_by: list[TownRef] = Field(
        description="Mitglieder, die die Leistung schon online anbieten (Reifegrad ≥ 2)"
    )


class ProposalIn(Schema):
    title: str = Field(max_length=TITLE_MAX, description="Kurzer Titel (Pflicht)")
    text: str = Field(max_length=TEXT_MAX, description="Beschreibung (Pflicht)")
    ozg_id: OzgId | None = Field(None, description="OZG-ID einer passenden OZG-Leistung")


class CommentIn(Schema):
    text: str = Field(max_length=COMMENT_MAX)


class StateIn(Schema):
    state: str = Field(max_length=20, description="open, answered, planned, done oder not_possible")
    reason: str = Field("", max_length=REASON_MAX, description="Antwort an die Bürgerinnen und Bürger")


class CommentOut(Schema):
    id: int
    author: str = Field(description="Anzeigename (Pseudonym)")
    text: str
    created_at: dt.datetime


class ProposalOut(Schema):
    id: int
    organization: str = Field(description="AGS oder Kurzname der Kommune")
    service: ServiceRef | None
    title: str
    text: str
    author: str = Field(description="Anzeigename (Pseudonym)")
    state: str
    state_label: str
    state_reason: str
    supports: int
    is_demo: bool
    created_at: dt.datetime

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return obj["organization"] if isinstance(obj, dict) else obj.organization.key

    @staticmethod
    def resolve_service(obj: Any) -> dict[str, Any] | None:
        if isinstance(obj, dict):
            return obj["service"]
        return {"ozg_id": obj.service.ozg_id, "name": obj.service.name} if obj.service else None

    @staticmethod
    def resolve_author(obj: Any) -> str:
        return obj["author"] if isinstance(obj, dict) else display_name(obj.author)

    @staticmethod
    def resolve_state_label(obj: Any) -> str:
        return obj["state_label"] if isinstance(obj, dict) else str(obj.get_state_display())

    @staticmethod
    def resolve_supports(obj: Any) -> int:
        return obj["supports"] if isinstance(obj, dict) else getattr(obj, "support_count", 0)


class ProposalDetailOut(ProposalOut):
    comments: list[CommentOut]
    hidden: bool = Field(False, description="Ausgeblendet (nur die Redaktion der Kommune sieht ihn)")
    merged_into: int | None = Field(None, description="Zusammengeführt in diesen Vorschlag")


class ModeratedProposalOut(ProposalOut):
    hidden: bool = Field(description="Ausgeblendet")
    merged_into: int | None = Field(description="Als Dublette zusammengeführt in diesen Vorschlag")
    open_reports: int = Field(description="Offene Meldungen des Vorschlags und seiner Kommentare")

    @staticmethod
    def resolve_hidden(obj: Any) -> bool:
        return bool(obj.is_hidden)

    @staticmethod
    def resolve_merged_into(obj: Any) -> int | None:
        return obj.merged_into_id


class HideIn(Schema):
    hidden: bool = Field(True, description="true blendet aus, false zeigt wieder")


class MergeIn(Schema):
    into: ItemId = Field(description="Nummer des Vorschlags derselben Kommune, in den übernommen wird")


class ReportIn(Schema):
    comment: ItemId | None = Field(None, description="Nummer eines Kommentars dieses Vorschlags")
    reason: str = Field("", max_length=REPORT_REASON_MAX, description="Grund (freiwillig)")


class ReportOut(Schema):
    id: int
    proposal: int
    comment: int | None
    reason: str
    created_at: dt.datetime


class QueuedReportOut(ReportOut):
    proposal_title: str
    comment_text: str | None = Field(description="Text des gemeldeten Kommentars")
    comment_hidden: bool | None = Field(description="Der gemeldete Kommentar ist schon ausgeblendet")


class ProcessItemOut(Schema):
    id: int
    title: str
    service: ServiceRef | None
    cost: Decimal | None
    votes: int
    points: int = Field(description="Rangfolge: Borda-Punkte; Bürgerhaushalt: Stimmen")
    funded: bool = Field(description="Bürgerhaushalt: im Budget finanziert")


class ProcessOut(Schema):
    id: int
    organization: str
    title: str
    description: str
    kind: str = Field(description="ranking oder budget")
    budget: Decimal | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    phase: str = Field(description="upcoming, open oder closed")
    ballots: int
    is_demo: bool


class ProcessDetailOut(ProcessOut):
    items: list[ProcessItemOut] = Field(description="nach Ergebnis geordnet")


Money = Annotated[Decimal, Field(gt=0, lt=10**10, max_digits=12, decimal_places=2)]


class ProcessItemIn(Schema):
    title: str = Field(max_length=TITLE_MAX, description="Titel der Option (Pflicht)")
    cost: Money | None = Field(None, description="Kosten in Euro (Pflicht beim Bürgerhaushalt)")
    ozg_id: OzgId | None = Field(None, description="OZG-ID einer passenden OZG-Leistung")


class ProcessIn(Schema):
    title: str = Field(max_length=TITLE_MAX, description="Titel (Pflicht)")
    description: str = Field("", max_length=TEXT_MAX)
    kind: str = Field(max_length=10, description="ranking (Rangfolge) oder budget (Bürgerhaushalt)")
    budget: Money | None = Field(None, description="Budget in Euro (Pflicht beim Bürgerhaushalt)")
    starts_at: dt.datetime = Field(description="Beginn (ohne Zeitzone: Zeit der Plattform)")
    ends_at: dt.datetime = Field(description="Ende, nach dem Beginn")
    items: list[ProcessItemIn] = Field(max_length=50, description="Zwei bis 50 Optionen")


class BallotIn(Schema):
    items: list[ItemId] = Field(
        max_length=50, description="IDs der gewählten Optionen (Rangfolge: bis zu drei, in der Reihenfolge)"
    )
