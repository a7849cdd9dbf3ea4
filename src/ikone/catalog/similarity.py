"""Similar solutions for "Hat das schon jemand gebaut?" (fuzzy match on name and short description)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

from django.db.models import QuerySet
from rapidfuzz import fuzz, process, utils

from ikone.catalog.models import Solution

MIN_SCORE = 60.0
K = TypeVar("K", bound=Hashable)


def solution_text(solution: Solution) -> str:
    return f"{solution.name} {solution.short_description}"


def rank_similar(text: str, candidates: Mapping[K, str], *, limit: int = 5) -> list[K]:
    """Keys of the candidate texts most similar to `text`, best first (the one similarity rule)."""
    matches = process.extract(
        text,
        candidates,
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=MIN_SCORE,
    )
    return [key for _choice, _score, key in matches]


def most_similar(queryset: QuerySet[Solution], text: str, *, limit: int = 5) -> list[Solution]:
    candidates = {s.pk: solution_text(s) for s in queryset.only("pk", "name", "short_description")}
    ids = rank_similar(text, candidates, limit=limit)
    by_id = queryset.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
