"""Reads for the solution catalog: filters, facets and detail; visibility is applied here."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from ikone.catalog.choices import USED_BY_RANGES, TagKind
from ikone.catalog.models import Release, Solution, SolutionAsset
from ikone.catalog.search import search_rank
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


def _filtered(
    queryset: QuerySet[Solution], filters: SolutionFilter, skip: str | None = None
) -> QuerySet[Solution]:
    """Apply every filter except `skip` (so a facet counts against the other filters)."""
    conditions: dict[str, Q] = {
        "themenfeld": Q(services__themenfeld__slug=filters.themenfeld),
        "service": Q(services__ozg_id=filters.service),
        "license": Q(license=filters.license),
        "development_status": Q(development_status=filters.development_status),
        "software_type": Q(software_type=filters.software_type),
        "platform": Q(tags__kind=TagKind.PLATFORM, tags__value=filters.platform),
        "category": Q(tags__kind=TagKind.CATEGORY, tags__value=filters.category),
        "maintenance_type": Q(maintenance_type=filters.maintenance_type),
        "land": Q(owner__land_key=filters.land),
        "network": Q(networks__slug=filters.network),
        "owner": Q(owner__slug=filters.owner) | Q(owner__ags=filters.owner),
        "used_by": USED_BY_BUCKETS.get(filters.used_by or "", Q(pk__in=[])),
        "transferability": Q(transferability_score__band=filters.transferability),
    }
    for name in filters.active():
        if name in {"q", skip}:
            continue
        queryset = queryset.filter(pk__in=Solution.objects.filter(conditions[name]).values("pk"))
    return queryset


def solution_base(*, user: Any) -> QuerySet[Solution]:
    return Solution.objects.visible_to(user)


def solution_search(*, user: Any, filters: SolutionFilter) -> QuerySet[Solution]:
    """Visible solutions matching the filters; with `q` ranked by full-text relevance.

    The QuerySet form of the catalog list. Pages of the API and the web UI come from the faster
    snapshot in `listing.py`, which the tests check against this form (same order, counts and
    facets)."""
    queryset = _filtered(solution_base(user=user), filters)
    if filters.q:
        queryset = search_rank(queryset, filters.q)
        order = ["-rank", "name", "id"] if filters.sort == "relevance" else None
    else:
        order = None
    if order is None and filters.sort == "transferability":  # unscored solutions last
        queryset = queryset.annotate(transferability=Coalesce("transferability_score__score", -1))
        order = ["-transferability", "name", "id"]
    if order is None:
        order = ["-updated_at", "id"] if filters.sort == "updated" else ["name", "id"]
    return queryset.select_related("owner").defer(*LIST_DEFERRED).order_by(*order)


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
