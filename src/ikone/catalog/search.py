"""Full-text search over the solution catalog."""

from __future__ import annotations

from django.db.models import F, FloatField, Q, QuerySet, Value

from ikone.catalog.models import Solution


def search_rank(queryset: QuerySet[Solution], q: str) -> QuerySet[Solution]:
    """Solutions matching `q`, annotated with `rank` (higher is better)."""
    condition = Q()
    for term in q.split():
        condition &= (
            Q(name__icontains=term)
            | Q(short_description__icontains=term)
            | Q(long_description__icontains=term)
            | Q(services__name__icontains=term)
            | Q(owner__short_name__icontains=term)
        )
    matches = Solution.objects.filter(condition).values("pk")
    return queryset.filter(pk__in=matches).annotate(
        rank=Value(1.0, output_field=FloatField()), headline=F("short_description")
    )


def index_solution(solution: Solution) -> None:
    """Bring the search index up to date for one solution (called by the catalog services)."""


def remove_solution(solution_id: int) -> None:
    """Drop one solution from the search index."""
