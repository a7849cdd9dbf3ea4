"""Reads for the solution catalog: filters, facets and detail; visibility is applied here."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from ikone.catalog.choices import USED_BY_RANGES
from ikone.catalog.models import Release, Solution, SolutionAsset
from ikone.core.errors import NotFound

USED_BY_BUCKETS: dict[str, Q] = {
    bucket: Q(used_by_count__gte=low) & (Q(used_by_count__lte=high) if high is not None else Q())
    for bucket, (low, high) in USED_BY_RANGES.items()
}
LIST_DEFERRED = ("document", "source_yaml", "long_description", "features")  # not shown in lists


@dataclass(frozen=True)
class SolutionFilter:
    q: str | None = None
    themenfeld: str | None = None
    service: int | None = None
    license: str | None = None
    development_status: str | None = None
    software_type: str | None = None
    platform: str | None = None
    category: str | None = None
    maintenance_type: str | None = None
    land: str | None = None
    network: str | None = None
    owner: str | None = None
    used_by: str | None = None
    transferability: str | None = None
    sort: str = "relevance"

    def active(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name) for f in fields(self) if f.name != "sort" and getattr(self, f.name)
        }


def solution_base(*, user: Any) -> QuerySet[Solution]:
    return Solution.objects.visible_to(user)


def solution_get(*, user: Any, slug: str) -> Solution:
    solution = (
        solution_base(user=user)
        .select_related("owner", "upstream")
        .prefetch_related(
            "networks",
            "services__themenfeld",
            "leika_services",
            Prefetch("releases", queryset=Release.objects.order_by("-release_date", "-recorded_at")),
            Prefetch("assets", queryset=SolutionAsset.objects.order_by("kind", "position")),
        )
        .filter(slug=slug)
        .first()
    )
    if solution is None:
        raise NotFound(f"Keine Lösung mit dem Kurznamen „{slug}“.")
    return solution


def solution_family(*, user: Any, solution: Solution) -> list[tuple[int, Solution]]:
    """The family tree around a solution: its root upstream and all variants, with their depth."""
    visible = solution_base(user=user)
    root = solution
    seen = {root.pk}
    while root.upstream_id and root.upstream_id not in seen:
        parent = visible.filter(pk=root.upstream_id).first()
        if parent is None:
            break
        seen.add(parent.pk)
        root = parent
    children: dict[int, list[Solution]] = {}
    for variant in visible.filter(upstream__isnull=False).only("pk", "name", "slug", "upstream_id"):
        children.setdefault(variant.upstream_id or 0, []).append(variant)
    tree: list[tuple[int, Solution]] = []

    def walk(node: Solution, depth: int, path: set[int]) -> None:
        tree.append((depth, node))
        for child in sorted(children.get(node.pk, []), key=lambda s: s.name):
            if child.pk not in path:
                walk(child, depth + 1, path | {child.pk})

    walk(root, 0, {root.pk})
    return tree if len(tree) > 1 else []


def solution_similar(*, user: Any, name: str, description: str = "", limit: int = 5) -> list[Solution]:
    """Existing solutions whose name or description resembles a new one ("Hat das schon jemand gebaut?")."""
    from ikone.catalog.similarity import most_similar

    text = f"{name} {description}".strip()
    if len(text) < 3:
        return []
    return most_similar(solution_base(user=user), text, limit=limit)
