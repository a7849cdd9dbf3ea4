"""The facets of the solution catalog (counted in `ikone.catalog.listing`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ikone.catalog.choices import (
    DEVELOPMENT_STATUS_LABELS,
    MAINTENANCE_TYPE_LABELS,
    SOFTWARE_TYPE_LABELS,
    USED_BY_RANGES,
)


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
    Facet("transferability", _("Übertragbarkeit")),
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
