"""Similar solutions for "Hat das schon jemand gebaut?" (fuzzy match on name and short description)."""

from __future__ import annotations

from django.db.models import QuerySet
from rapidfuzz import fuzz, process, utils

from ikone.catalog.models import Solution

MIN_SCORE = 60.0


def most_similar(queryset: QuerySet[Solution], text: str, *, limit: int = 5) -> list[Solution]:
    candidates = {
        s.pk: f"{s.name} {s.short_description}" for s in queryset.only("pk", "name", "short_description")
    }
    matches = process.extract(
        text,
        candidates,
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=MIN_SCORE,
    )
    ids = [key for _choice, _score, key in matches]
    by_id = queryset.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
