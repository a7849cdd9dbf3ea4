"""Deriving an OZG-Leistung's Reifegrad from the levels recorded for its LeiKa-Leistungen.

Rule (documented in docs/decisions and the API): the OZG-Leistung has the **lowest** level among its
recorded LeiKa-Leistungen – the same "weakest link" rule the Reifegradmodell applies to its
criteria. LeiKa-Leistungen without a recorded level do not count (the organisation may not offer
them at all). All recorded levels of one OZG-Leistung must use the same model version; mixing 1.1
and 2.0 has no meaningful minimum and is rejected by the service.
"""

from __future__ import annotations

from collections.abc import Iterable


class MixedModels(ValueError):
    """LeiKa levels of one OZG-Leistung were recorded in different model versions."""


def derive_level(levels: Iterable[tuple[str, int]]) -> tuple[str, int] | None:
    """(model version, level) of the OZG-Leistung from (model version, level) of its LeiKa keys."""
    recorded = list(levels)
    if not recorded:
        return None
    models = {model for model, _level in recorded}
    if len(models) > 1:
        raise MixedModels(", ".join(sorted(models)))
    return recorded[0][0], min(level for _model, level in recorded)
