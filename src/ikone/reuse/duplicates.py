"""Near-duplicate solutions: the same OZG-Leistungen and a similar name and description (pure).

Two solutions are near-duplicates when they share OZG-Leistungen (Jaccard overlap of their sets
at least MIN_SERVICE_OVERLAP) and their texts ("name short description") reach MIN_TEXT_SCORE with
rapidfuzz's token_set_ratio, whoever owns them. Pairs the owners already linked (in either
direction, including "distinct") are not suggested again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

MIN_SERVICE_OVERLAP = 0.5
MIN_TEXT_SCORE = 70.0


@dataclass(frozen=True)
class Item:
    solution_id: int
    text: str
    services: frozenset[int]


@dataclass(frozen=True)
class Match:
    solution_id: int
    text_score: float
    service_overlap: float


def service_overlap(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def text_score(a: str, b: str) -> float:
    return float(fuzz.token_set_ratio(a, b, processor=utils.default_process))


def near_duplicates(item: Item, others: Iterable[Item], *, linked: Iterable[int] = ()) -> list[Match]:
    """Others that look like the same solution as `item`, most similar first."""
    linked = set(linked)
    matches = []
    for other in others:
        if other.solution_id == item.solution_id or other.solution_id in linked:
            continue
        overlap = service_overlap(item.services, other.services)
        if overlap < MIN_SERVICE_OVERLAP:
            continue
        score = text_score(item.text, other.text)
        if score >= MIN_TEXT_SCORE:
            matches.append(Match(other.solution_id, score, overlap))
    matches.sort(key=lambda m: (-m.text_score, -m.service_overlap, m.solution_id))
    return matches
