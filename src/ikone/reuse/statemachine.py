"""The adoption state machine (pure): which transitions are allowed and which dates they need."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ikone.reuse.choices import ACTIVE_ORDER, AdoptionState


def allowed_targets(state: str) -> frozenset[str]:
    """Forward to any later active state, back one step, end from anywhere, restart after ending."""
    if state == AdoptionState.ENDED:
        return frozenset({AdoptionState.INTERESTED})
    position = ACTIVE_ORDER.index(state)
    targets = set(ACTIVE_ORDER[position + 1 :]) | {AdoptionState.ENDED}
    if position > 0:
        targets.add(ACTIVE_ORDER[position - 1])
    return frozenset(targets)


def can_transition(source: str, target: str) -> bool:
    return target in allowed_targets(source)


@dataclass(frozen=True)
class Dates:
    started_on: dt.date | None
    production_since: dt.date | None
    ended_on: dt.date | None


def dates_after(state: str, dates: Dates, today: dt.date) -> Dates:
    """The dates an adoption has after entering `state` on `today`: production sets
    `production_since` (kept if already set), ending sets `ended_on`, restarting clears both."""
    started = dates.started_on or min(d for d in (today, dates.production_since, dates.ended_on) if d)
    if state == AdoptionState.PRODUCTION:
        return Dates(started, dates.production_since or today, None)
    if state == AdoptionState.ENDED:
        return Dates(started, dates.production_since, dates.ended_on or today)
    if state == AdoptionState.INTERESTED and dates.ended_on is not None:
        return Dates(today, None, None)
    if state in {AdoptionState.INTERESTED, AdoptionState.EVALUATING, AdoptionState.PILOT}:
        return Dates(started, None, None)
    return dates


def date_problems(state: str, dates: Dates) -> dict[str, str]:
    """German messages per field for dates that do not fit the state or each other."""
    problems: dict[str, str] = {}
    if state == AdoptionState.PRODUCTION and dates.production_since is None:
        problems["production_since"] = "Für den Produktivbetrieb ist das Datum „in Produktion seit“ nötig."
    if state == AdoptionState.ENDED and dates.ended_on is None:
        problems["ended_on"] = "Für eine beendete Nachnutzung ist das Enddatum nötig."
    if state != AdoptionState.ENDED and dates.ended_on is not None:
        problems["ended_on"] = "Nur eine beendete Nachnutzung hat ein Enddatum."
    if dates.started_on and dates.production_since and dates.production_since < dates.started_on:
        problems["production_since"] = "Der Produktivbetrieb kann nicht vor dem Beginn liegen."
    if dates.started_on and dates.ended_on and dates.ended_on < dates.started_on:
        problems["ended_on"] = "Das Ende kann nicht vor dem Beginn liegen."
    return problems


def coverage_level(existing_level: int | None, existing_model: str | None) -> tuple[int, str]:
    """The coverage an adoption in production sets for an OZG-Leistung (Reifegradmodell 1.1):
    level 3 (online, OZG-konform) unless the organisation already reports a higher level in
    model 1.1; a status in another model keeps its level and model (only the solution is linked)."""
    if existing_level is None or existing_model is None:
        return 3, "1.1"
    if existing_model != "1.1":
        return existing_level, existing_model
    return max(existing_level, 3), "1.1"
