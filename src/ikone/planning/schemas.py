from __future__ import annotations

from decimal import Decimal

from ninja import Schema


class PlanIn(Schema):
    period: str | None = None
    time_limit: float = 10.0
    fairness_slack: Decimal | None = Decimal("1.25")
    fairness_allowance: int | None = None
    default_effort: int = 20


class PlanSummaryOut(Schema):
    id: int
    network: str
    period: str
    status: str
    solver_status: str
    objective: float
    bound: float
    gap: float
    seconds: float
    greedy_objective: float
    assignments: int
    created_at: str


class PlanPageOut(Schema):
    count: int
    items: list[PlanSummaryOut]


class AssignmentOut(Schema):
    id: int
    member: str
    member_key: str
    service: int
    service_name: str
    effort: int
    reason: str
    adjusted: bool
    claim: int | None


class UsageOut(Schema):
    used: int
    total: int


class PlanOut(Schema):
    id: int
    network: str
    period: str
    status: str
    solver_status: str
    parameters: dict
    objective: float
    bound: float
    gap: float
    seconds: float
    greedy_objective: float
    assignments: list[AssignmentOut]
    unassigned: list[str]
    capacity: dict[str, UsageOut]
    violations: list[str]


class AssignmentChangeIn(Schema):
    member: str | None = None  # AGS or key of the member; null removes the assignment


class ViolationsOut(Schema):
    violations: list[str]


class AcceptOut(Schema):
    claims: list[int]


class CapacityIn(Schema):
    period: str
    person_days: int
    note: str = ""


class CapacityOut(Schema):
    member: str
    member_key: str
    period: str
    person_days: int | None
