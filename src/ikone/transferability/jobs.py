"""The daily refresh of stored transferability scores as a background job."""

from __future__ import annotations

from ikone.core.audit import Actor
from ikone.transferability import services


def refresh() -> str:
    changed = services.score_refresh(actor=Actor.system("transferability refresh"), solution_ids=None)
    return f"{changed} Wert(e) geändert"


def refresh_solutions(solution_ids: list[int]) -> str:
    """Refresh the stored scores of some solutions (queued by bulk writes such as a harvest run)."""
    changed = services.score_refresh(actor=Actor.system("transferability refresh"), solution_ids=solution_ids)
    return f"{changed} Wert(e) geändert"
