"""Results of participation processes, without the ORM: ranking (Borda points) and participatory
budgeting (approval votes, then the most wanted items that fit into the budget)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ItemResult:
    item_id: int
    votes: int  # ballots that chose the item
    points: int  # ranking: Borda points; budget: equal to votes
    funded: bool  # budget: within the budget; ranking: False


def ranking_result(
    item_ids: Sequence[int], ballots: Iterable[Sequence[int]], *, max_choices: int
) -> list[ItemResult]:
    """Borda count: on each ballot (items in order of preference, at most `max_choices`) the first
    item gets `max_choices` points, the next one less, down to 1. Best first; ties by votes, then id."""
    points = dict.fromkeys(item_ids, 0)
    votes = dict.fromkeys(item_ids, 0)
    for ballot in ballots:
        for rank, item_id in enumerate(ballot[:max_choices]):
            if item_id in points:
                points[item_id] += max_choices - rank
                votes[item_id] += 1
    results = [ItemResult(item_id=i, votes=votes[i], points=points[i], funded=False) for i in item_ids]
    return sorted(results, key=lambda r: (-r.points, -r.votes, r.item_id))


def budget_result(
    costs: dict[int, Decimal], ballots: Iterable[Iterable[int]], *, budget: Decimal
) -> list[ItemResult]:
    """Participatory budgeting: every ballot approves items (whose costs fit into the budget). Items
    are funded greedily by votes (ties: cheaper first, then id) while the money lasts; an item that
    does not fit any more is skipped and cheaper ones below it may still be funded."""
    votes = dict.fromkeys(costs, 0)
    for ballot in ballots:
        for item_id in set(ballot):
            if item_id in votes:
                votes[item_id] += 1
    order = sorted(costs, key=lambda i: (-votes[i], costs[i], i))
    left = budget
    funded: set[int] = set()
    for item_id in order:
        if votes[item_id] > 0 and costs[item_id] <= left:
            funded.add(item_id)
            left -= costs[item_id]
    return [ItemResult(item_id=i, votes=votes[i], points=votes[i], funded=i in funded) for i in order]
