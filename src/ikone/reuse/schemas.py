from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from ikone.ozg.schemas import OzgId

State = Literal["interested", "evaluating", "pilot", "production", "ended"]
Operator = Literal["self_hosted", "it_provider", "owner_saas", "efa_marketplace", ""]


class OrganizationRef(Schema):
    key: str
    name: str


class SolutionRef(Schema):
    slug: str
    name: str


def _org(org: Any) -> dict[str, Any] | None:
    return {"key": org.key, "name": str(org)} if org is not None else None


class AdoptionDetailsIn(Schema):
    release: str | None = Field(None, max_length=100, description="Version der Lösung")
    services: list[OzgId] | None = Field(None, description="OZG-IDs; ohne Angabe die der Lösung")
    started_on: dt.date | None = None
    production_since: dt.date | None = None
    effort_days: Decimal | None = Field(None, ge=0, max_digits=7, decimal_places=1)
    operator_model: Operator | None = None
    it_provider: str | None = Field(None, max_length=200)
    contact_name: str | None = Field(None, max_length=200)
    contact_email: str | None = Field(None, max_length=254)
    review_due: dt.date | None = None


class AdoptionIn(AdoptionDetailsIn):
    organization: str = Field(max_length=120, description="AGS oder Kurzname der nachnutzenden Organisation")
    solution: str = Field(max_length=120, description="Kurzname der Lösung")
    state: State = "interested"
    ended_on: dt.date | None = None
    end_reason: str = Field("", max_length=2000)


class TransitionIn(Schema):
    state: State
    on: dt.date | None = Field(None, description="Datum des Übergangs (Standard: heute)")
    reason: str = Field("", max_length=2000, description="Grund (nötig beim Beenden)")


class ConfirmIn(Schema):
    review_due: dt.date | None = Field(None, description="nächste Bestätigung fällig am")


class SupportIn(Schema):
    supported: bool


class AdoptionOut(Schema):
    id: int
    organization: OrganizationRef
    solution: SolutionRef
    release: str | None
    services: list[int]
    state: str
    started_on: dt.date | None
    production_since: dt.date | None
    ended_on: dt.date | None
    end_reason: str
    effort_days: Decimal | None
    operator_model: str
    it_provider: str
    contact_name: str
    contact_email: str
    confirmed: bool = Field(description="von der nachnutzenden Organisation bestätigt und nicht überfällig")
    confirmed_at: dt.datetime | None
    review_due: dt.date | None
    supported_by_owner: bool
    origin: str

    @staticmethod
    def resolve_organization(obj: Any) -> dict[str, Any] | None:
        return _org(obj.organization)

    @staticmethod
    def resolve_solution(obj: Any) -> dict[str, Any]:
        return {"slug": obj.solution.slug, "name": obj.solution.name}

    @staticmethod
    def resolve_release(obj: Any) -> str | None:
        return obj.release.version if obj.release else None

    @staticmethod
    def resolve_services(obj: Any) -> list[int]:
        return sorted(s.ozg_id for s in obj.services.all())

    @staticmethod
    def resolve_confirmed(obj: Any) -> bool:
        return bool(obj.is_confirmed)


class AdoptionPageOut(Schema):
    count: int
    items: list[AdoptionOut]


class ReportIn(Schema):
    would_recommend: bool
    rating_usability: int = Field(ge=1, le=5)
    rating_effort: int = Field(ge=1, le=5)
    rating_documentation: int = Field(ge=1, le=5)
    rating_support: int = Field(ge=1, le=5)
    effort_days: Decimal | None = Field(None, ge=0, max_digits=7, decimal_places=1)
    time_to_live_days: int | None = Field(None, ge=0)
    cost_once_eur: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    cost_yearly_eur: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    it_provider: str = Field("", max_length=200)
    worked: str = Field("", max_length=10000)
    did_not_work: str = Field("", max_length=10000)
    pitfalls: str = Field("", max_length=10000)
    visibility: Literal["public", "network"] = "public"


class ReportOut(ReportIn):
    id: int
    adoption: int = Field(alias="adoption_id")
    organization: OrganizationRef
    solution: SolutionRef
    created_at: dt.datetime

    @staticmethod
    def resolve_organization(obj: Any) -> dict[str, Any] | None:
        return _org(obj.organization)

    @staticmethod
    def resolve_solution(obj: Any) -> dict[str, Any]:
        return {"slug": obj.solution.slug, "name": obj.solution.name}


class ReportPageOut(Schema):
    count: int
    items: list[ReportOut]


class QuestionIn(Schema):
    solution: str = Field(max_length=120)
    title: str = Field(max_length=200)
    body: str = Field("", max_length=10000)
    organization: str | None = Field(None, max_length=120, description="für diese eigene Organisation")


class QuestionUpdateIn(Schema):
    title: str = Field(max_length=200)
    body: str = Field("", max_length=10000)


class AnswerIn(Schema):
    body: str = Field(max_length=10000)
    parent: int | None = Field(None, description="Antwort auf diese Antwort")
    organization: str | None = Field(None, max_length=120)


class ModerationIn(Schema):
    hidden: bool
    reason: str = Field("", max_length=300)


def _hidden_text(obj: Any, text: str) -> str:
    return "" if obj.hidden else text


class AnswerOut(Schema):
    id: int
    parent: int | None = Field(alias="parent_id")
    body: str
    by_owner: bool
    organization: OrganizationRef | None
    hidden: bool
    hidden_reason: str
    created_at: dt.datetime

    @staticmethod
    def resolve_body(obj: Any) -> str:
        return _hidden_text(obj, obj.body)

    @staticmethod
    def resolve_organization(obj: Any) -> dict[str, Any] | None:
        return _org(obj.organization)


class QuestionOut(Schema):
    id: int
    solution: SolutionRef
    title: str
    body: str
    organization: OrganizationRef | None
    hidden: bool
    hidden_reason: str
    created_at: dt.datetime
    answers: list[AnswerOut]

    @staticmethod
    def resolve_solution(obj: Any) -> dict[str, Any]:
        return {"slug": obj.solution.slug, "name": obj.solution.name}

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return _hidden_text(obj, obj.title)

    @staticmethod
    def resolve_body(obj: Any) -> str:
        return _hidden_text(obj, obj.body)

    @staticmethod
    def resolve_organization(obj: Any) -> dict[str, Any] | None:
        return _org(obj.organization)

    @staticmethod
    def resolve_answers(obj: Any) -> list[Any]:
        return list(obj.answers.all())


class QuestionPageOut(Schema):
    count: int
    items: list[QuestionOut]


class RecommendationOut(Schema):
    solution: SolutionRef
    score: float
    explanation: str
    production_adopters: int
    average_rating: float | None
    services: list[int] = Field(description="OZG-IDs der offenen OZG-Leistungen, die die Lösung abdeckt")


class DuplicateOut(Schema):
    solution: SolutionRef
    owner: OrganizationRef | None
    text_score: float
    service_overlap: float


class LinkIn(Schema):
    target: str = Field(max_length=120, description="Kurzname der anderen Lösung")
    kind: Literal["same_as", "variant", "superseded_by", "distinct"]
    note: str = Field("", max_length=300)


class LinkOut(Schema):
    id: int
    source: SolutionRef
    target: SolutionRef
    kind: str
    note: str

    @staticmethod
    def resolve_source(obj: Any) -> dict[str, Any]:
        return {"slug": obj.source.slug, "name": obj.source.name}

    @staticmethod
    def resolve_target(obj: Any) -> dict[str, Any]:
        return {"slug": obj.target.slug, "name": obj.target.name}
