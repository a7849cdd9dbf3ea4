"""Citizens' demand per OZG-Leistung, as the gap analysis reads it.

The participation app reads coverage (its town pages show what is online), so coverage does not
import participation. Instead participation registers its demand selector here when the apps are
ready (`participation.apps`); without it (or without any demand) every gap has a demand of 0.
"""

from __future__ import annotations

from collections.abc import Callable

from ikone.organizations.models import Organization

DemandSource = Callable[[Organization], dict[int, int]]

_source: DemandSource | None = None


def register(source: DemandSource) -> None:
    """`source(organization)` → service id → people asking for it in that organisation."""
    global _source
    _source = source


def demand_by_service(organization: Organization) -> dict[int, int]:
    return _source(organization) if _source is not None else {}
