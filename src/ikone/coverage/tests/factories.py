"""Test data for coverage: the Reifegrad models as in the reference data, a small OZG catalog."""

from __future__ import annotations

from ikone.core.testing.factories import LageFactory, LeikaServiceFactory, ServiceFactory, ThemenfeldFactory
from ikone.ozg.models import MaturityLevel, MaturityModel, Service


def maturity_models() -> dict[str, MaturityModel]:
    """Model 1.1 (levels 0–4, compliant from 3) and 2.0 (levels 0–7)."""
    v11, _ = MaturityModel.objects.get_or_create(
        version="1.1", defaults={"name": "OZG-Reifegradmodell 1.1", "compliant_from": 3}
    )
    v20, _ = MaturityModel.objects.get_or_create(version="2.0", defaults={"name": "OZG-Reifegradmodell 2.0"})
    for level in range(5):
        MaturityLevel.objects.get_or_create(
            model=v11, level=level, defaults={"label": f"Stufe {level}", "ozg_compliant": level >= 3}
        )
    for level in range(8):
        MaturityLevel.objects.get_or_create(model=v20, level=level, defaults={"label": f"Stufe {level}"})
    return {"1.1": v11, "2.0": v20}


def small_catalog(themenfelder: int = 2, per_themenfeld: int = 3) -> list[Service]:
    services = []
    for _ in range(themenfelder):
        themenfeld = ThemenfeldFactory()
        lage = LageFactory(themenfeld=themenfeld)
        services += [ServiceFactory(lage=lage) for _ in range(per_themenfeld)]
    return services


__all__ = ["LeikaServiceFactory", "maturity_models", "small_catalog"]
