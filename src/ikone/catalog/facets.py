"""Facet definitions of the solution catalog: what is counted and how values are labelled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ikone.catalog.choices import (
    DEVELOPMENT_STATUS_LABELS,
    MAINTENANCE_TYPE_LABELS,
    SOFTWARE_TYPE_LABELS,
    TagKind,
)
from ikone.catalog.models import Solution, SolutionTag
from ikone.catalog.selectors import USED_BY_BUCKETS, FacetValue
from ikone.organizations.models import Network, Organization
from ikone.ozg.models import Service, Themenfeld


@dataclass(frozen=True)
class Facet:
    name: str
    label: str | Promise
    count_rows: Callable[[QuerySet[Any]], list[tuple[str, str, int]]]

    def counts(self, ids: QuerySet[Any], selected: Any) -> list[FacetValue]:
        rows = self.count_rows(ids)
        rows.sort(key=lambda row: (-row[2], row[1]))
        return [
            FacetValue(value=v, label=label, count=n, selected=str(selected) == v)
            for v, label, n in rows
            if n
        ]


def _column(
    column: str, labels: dict[str, Any] | None = None
) -> Callable[[QuerySet[Any]], list[tuple[str, str, int]]]:
    def rows(ids: QuerySet[Any]) -> list[tuple[str, str, int]]:
        result = (
            Solution.objects.filter(pk__in=ids).exclude(**{column: ""}).values(column).annotate(n=Count("pk"))
        )
        return [(r[column], str((labels or {}).get(r[column], r[column])), r["n"]) for r in result]

    return rows


def _tags(kind: str) -> Callable[[QuerySet[Any]], list[tuple[str, str, int]]]:
    def rows(ids: QuerySet[Any]) -> list[tuple[str, str, int]]:
        result = (
            SolutionTag.objects.filter(kind=kind, solution__in=ids)
            .values("value")
            .annotate(n=Count("solution"))
        )
        return [(r["value"], r["value"], r["n"]) for r in result]

    return rows


def _themenfeld(ids: QuerySet[Any]) -> list[tuple[str, str, int]]:
    result = (
        Themenfeld.objects.filter(services__solutions__in=ids)
        .values("slug", "name")
        .annotate(n=Count("services__solutions", distinct=True))
    )
    return [(r["slug"], r["name"], r["n"]) for r in result]


def _service(ids: QuerySet[Any]) -> list[tuple[str, str, int]]:
    result = (
        Service.objects.filter(solutions__in=ids)
        .values("ozg_id", "name")
        .annotate(n=Count("solutions", distinct=True))
    )
    return [(str(r["ozg_id"]), r["name"], r["n"]) for r in result]


def _land(ids: QuerySet[Any]) -> list[tuple[str, str, int]]:
    names = dict(Organization.objects.filter(level="land").values_list("land_key", "short_name"))
    result = Solution.objects.filter(pk__in=ids).exclude(owner__land_key="").exclude(owner__isnull=True)
    rows = result.values("owner__land_key").annotate(n=Count("pk"))
    return [
        (r["owner__land_key"], names.get(r["owner__land_key"], r["owner__land_key"]), r["n"]) for r in rows
    ]


def _network(ids: QuerySet[Any]) -> list[tuple[str, str, int]]:
    result = (
        Network.objects.filter(solutions__in=ids)
        .values("slug", "short_name", "name")
        .annotate(n=Count("solutions", distinct=True))
    )
    return [(r["slug"], r["short_name"] or r["name"], r["n"]) for r in result]


def _used_by(ids: QuerySet[Any]) -> list[tuple[str, str, int]]:
    base = Solution.objects.filter(pk__in=ids)
    return [(bucket, bucket, base.filter(condition).count()) for bucket, condition in USED_BY_BUCKETS.items()]


FACETS = [
    Facet("themenfeld", _("Themenfeld"), _themenfeld),
    Facet("service", _("OZG-Leistung"), _service),
    Facet("license", _("Lizenz"), _column("license")),
    Facet(
        "development_status", _("Entwicklungsstand"), _column("development_status", DEVELOPMENT_STATUS_LABELS)
    ),
    Facet("software_type", _("Softwaretyp"), _column("software_type", SOFTWARE_TYPE_LABELS)),
    Facet("platform", _("Plattform"), _tags(TagKind.PLATFORM)),
    Facet("category", _("Kategorie"), _tags(TagKind.CATEGORY)),
    Facet("maintenance_type", _("Wartung"), _column("maintenance_type", MAINTENANCE_TYPE_LABELS)),
    Facet("land", _("Land der Eigentümerin"), _land),
    Facet("network", _("Netzwerk"), _network),
    Facet("used_by", _("Nutzende laut publiccode.yml"), _used_by),
]
