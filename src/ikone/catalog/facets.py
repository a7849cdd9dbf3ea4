"""Facet counts of the solution catalog, computed in one pass over an in-memory table.

Counting each facet with its own SQL query (11 queries that each repeat the search) took
0.1–0.6 s at 20,000 solutions. Instead every worker keeps a compact table of the facet values of
all solutions (rebuilt when the catalog changes, detected by count and latest update) and counts
the matching solutions in one pass, disjunctively: a facet counts against all *other* filters.
Results are memoised per catalog version, visibility scope and filter state.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ikone.catalog.choices import (
    DEVELOPMENT_STATUS_LABELS,
    MAINTENANCE_TYPE_LABELS,
    SOFTWARE_TYPE_LABELS,
    USED_BY_RANGES,
    TagKind,
)
from ikone.catalog.models import Solution, SolutionTag
from ikone.organizations.models import Organization


@dataclass(frozen=True)
class Facet:
    name: str
    label: str | Promise


FACETS = [
    Facet("themenfeld", _("Themenfeld")),
    Facet("service", _("OZG-Leistung")),
    Facet("license", _("Lizenz")),
    Facet("development_status", _("Entwicklungsstand")),
    Facet("software_type", _("Softwaretyp")),
    Facet("platform", _("Plattform")),
    Facet("category", _("Kategorie")),
    Facet("maintenance_type", _("Wartung")),
    Facet("land", _("Land der Eigentümerin")),
    Facet("network", _("Netzwerk")),
    Facet("used_by", _("Nutzende laut publiccode.yml")),
]
FACET_NAMES = [facet.name for facet in FACETS]
STATIC_LABELS: dict[str, dict[str, Any]] = {
    "development_status": DEVELOPMENT_STATUS_LABELS,
    "software_type": SOFTWARE_TYPE_LABELS,
    "maintenance_type": MAINTENANCE_TYPE_LABELS,
}


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


def used_by_bucket(count: int) -> str:
    return next(
        bucket
        for bucket, (low, high) in USED_BY_RANGES.items()
        if count >= low and (high is None or count <= high)
    )


@dataclass
class FacetTable:
    """The facet values of every solution, and the labels of those values."""

    facts: dict[int, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)


def build_table() -> FacetTable:
    table = FacetTable(labels={name: {} for name in FACET_NAMES})
    land_names = dict(Organization.objects.filter(level="land").values_list("land_key", "short_name"))
    sets: dict[int, dict[str, set[str]]] = {}
    columns = ("license", "development_status", "software_type", "maintenance_type")
    for pk, *values, used_by, land in Solution.objects.values_list(
        "pk", *columns, "used_by_count", "owner__land_key"
    ):
        facts: dict[str, set[str]] = {name: set() for name in FACET_NAMES}
        for name, value in zip(columns, values, strict=True):
            if value:
                facts[name].add(value)
                table.labels[name][value] = str(STATIC_LABELS.get(name, {}).get(value, value))
        bucket = used_by_bucket(used_by)
        facts["used_by"].add(bucket)
        table.labels["used_by"][bucket] = bucket
        if land:
            facts["land"].add(land)
            table.labels["land"][land] = land_names.get(land, land)
        sets[pk] = facts
    kinds = {TagKind.PLATFORM.value: "platform", TagKind.CATEGORY.value: "category"}
    for solution_id, kind, value in SolutionTag.objects.values_list("solution_id", "kind", "value"):
        if solution_id in sets and kind in kinds:
            sets[solution_id][kinds[kind]].add(value)
            table.labels[kinds[kind]][value] = value
    services = Solution.services.through.objects.values_list(
        "solution_id",
        "service__ozg_id",
        "service__name",
        "service__themenfeld__slug",
        "service__themenfeld__name",
    )
    for solution_id, ozg_id, name, slug, themenfeld in services:
        if solution_id in sets:
            sets[solution_id]["service"].add(str(ozg_id))
            sets[solution_id]["themenfeld"].add(slug)
            table.labels["service"][str(ozg_id)] = name
            table.labels["themenfeld"][slug] = themenfeld
    networks = Solution.networks.through.objects.values_list(
        "solution_id", "network__slug", "network__short_name", "network__name"
    )
    for solution_id, slug, short_name, name in networks:
        if solution_id in sets:
            sets[solution_id]["network"].add(slug)
            table.labels["network"][slug] = short_name or name
    table.facts = {pk: {name: tuple(values) for name, values in facts.items()} for pk, facts in sets.items()}
    return table


def count(table: FacetTable, ids: Iterable[int], active: dict[str, str]) -> dict[str, Counter[str]]:
    """Disjunctive counts: each facet counts the solutions that pass every other active filter."""
    counters: dict[str, Counter[str]] = {name: Counter() for name in FACET_NAMES}
    for pk in ids:
        facts = table.facts.get(pk)
        if facts is None:
            continue
        failing = [name for name, value in active.items() if value not in facts[name]]
        if len(failing) > 1:
            continue
        for name in failing or FACET_NAMES:
            counters[name].update(facts[name])
    return counters


class _Memo:
    """Per-process cache of the table and of recent results, keyed by the catalog version."""

    def __init__(self, size: int = 256) -> None:
        self.lock = threading.Lock()
        self.version: Any = None
        self.table = FacetTable()
        self.results: OrderedDict[Any, dict[str, list[FacetValue]]] = OrderedDict()
        self.size = size

    def current(self) -> tuple[Any, FacetTable]:
        version = tuple(Solution.objects.aggregate(n=Count("pk"), latest=Max("updated_at")).values())
        with self.lock:
            if version != self.version:
                self.table, self.version = build_table(), version
                self.results.clear()
            return self.version, self.table


memo = _Memo()


def facet_counts(
    *, ids_query: Any, scope: Any, q: str | None, active: dict[str, str], limit: int = 20
) -> dict[str, list[FacetValue]]:
    """Facet values with counts for the visible solutions matching `q` (`ids_query` yields their ids),
    the `limit` most frequent per facet (plus the selected value)."""
    version, table = memo.current()
    key = (version, scope, q, tuple(sorted(active.items())), limit)
    cached = memo.results.get(key)
    if cached is not None:
        return cached
    counters = count(table, ids_query.values_list("pk", flat=True).iterator(chunk_size=5000), active)
    result = {
        name: sorted(
            (
                FacetValue(
                    value=value,
                    label=table.labels[name].get(value, value),
                    count=n,
                    selected=active.get(name) == value,
                )
                for value, n in counters[name].items()
            ),
            key=lambda item: (-item.count, item.label),
        )
        for name in FACET_NAMES
    }
    # the most frequent values of each facet, and the selected one wherever it ranks
    result = {
        name: [v for i, v in enumerate(values) if i < limit or v.selected] for name, values in result.items()
    }
    with memo.lock:
        memo.results[key] = result
        while len(memo.results) > memo.size:
            memo.results.popitem(last=False)
    return result
