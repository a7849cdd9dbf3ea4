"""Reads for the OZG catalog. Filters are defined once here for the UI and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from ikone.core.errors import NotFound
from ikone.ozg.models import Lage, LeikaService, MaturityModel, Service, Themenfeld


@dataclass(frozen=True)
class ServiceFilter:
    themenfeld: str | None = None
    lage: str | None = None
    q: str | None = None


def _by_slug_or_id(value: str) -> Q:
    return Q(source_id=int(value)) if value.isdigit() else Q(slug=value)


def service_list(*, filters: ServiceFilter | None = None) -> QuerySet[Service]:
    """OZG-Leistungen; `q` matches the name, an OZG-ID or a LeiKa key (or its beginning)."""
    filters = filters or ServiceFilter()
    queryset = Service.objects.select_related("themenfeld", "lage")
    if filters.themenfeld:
        queryset = queryset.filter(
            themenfeld__in=Themenfeld.objects.filter(_by_slug_or_id(filters.themenfeld))
        )
    if filters.lage:
        queryset = queryset.filter(lage__in=Lage.objects.filter(_by_slug_or_id(filters.lage)))
    if filters.q:
        term = filters.q.strip()
        condition = Q(name__icontains=term)
        if term.isdigit():
            if len(term) <= 6:
                condition |= Q(ozg_id=int(term))
            condition |= Q(Exists(LeikaService.objects.filter(service=OuterRef("pk"), key__startswith=term)))
        else:
            condition |= Q(Exists(LeikaService.objects.filter(service=OuterRef("pk"), name__icontains=term)))
        queryset = queryset.filter(condition)
    return queryset.annotate(leika_count=Count("leika_services")).order_by("ozg_id")


def service_get(*, ozg_id: int) -> Service:
    service = (
        Service.objects.select_related("themenfeld", "lage")
        .prefetch_related(Prefetch("leika_services", queryset=LeikaService.objects.order_by("key", "name")))
        .filter(ozg_id=ozg_id)
        .first()
    )
    if service is None:
        raise NotFound(f"Keine OZG-Leistung mit der OZG-ID {ozg_id}.")
    return service


def themenfeld_list() -> QuerySet[Themenfeld]:
    return Themenfeld.objects.annotate(service_count=Count("services")).order_by("name")


def lage_list(*, themenfeld: str | None = None) -> QuerySet[Lage]:
    queryset = Lage.objects.select_related("themenfeld")
    if themenfeld:
        queryset = queryset.filter(themenfeld__in=Themenfeld.objects.filter(_by_slug_or_id(themenfeld)))
    return queryset.order_by("name")


def maturity_model_list() -> QuerySet[MaturityModel]:
    return MaturityModel.objects.prefetch_related("levels").order_by("version")
