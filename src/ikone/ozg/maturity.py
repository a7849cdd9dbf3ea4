"""The OZG Reifegrad models as data.

Model 1.1 comes from the shipped CSV (official texts). For model 2.0 no machine-readable copy of
the official level names exists; the levels carry neutral labels and the grouping the federal
sources describe. Editors can refine the texts in the admin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ModelSpec:
    version: str
    name: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    compliant_from: int | None
    source: str


MODEL_1_1 = ModelSpec(
    version="1.1",
    name="OZG-Reifegradmodell 1.1",
    valid_from=dt.date(2020, 6, 1),
    valid_until=dt.date(2025, 6, 30),
    compliant_from=3,
    source="Land Brandenburg, OZG-Portal, 31.05.2023; BMI, digitale-verwaltung.de",
)
MODEL_2_0 = ModelSpec(
    version="2.0",
    name="OZG-Reifegradmodell 2.0",
    valid_from=dt.date(2025, 7, 1),
    valid_until=None,
    compliant_from=None,
    source="Land Sachsen-Anhalt, ozg.sachsen-anhalt.de/grundlagen/reifegradmodell (zunächst als Orientierungshilfe)",
)

_FRONTEND = "Stufen 0–3: Frontend (Online-Antrag)."
_PROCESS = "Stufen 4–6: Prozessorientierung und Datenzentrierung."
MODEL_2_0_LEVELS: list[tuple[int, str, str]] = [
    (0, "Stufe 0", _FRONTEND),
    (1, "Stufe 1", _FRONTEND),
    (2, "Stufe 2", _FRONTEND),
    (3, "Stufe 3", _FRONTEND),
    (4, "Stufe 4", _PROCESS),
    (5, "Stufe 5", _PROCESS),
    (
        6,
        "Stufe 6",
        _PROCESS + " Setzt Basiskomponenten voraus: DeutschlandID, Organisationskonto mit Postfach, "
        "NOOTS, Statusmonitor, E-Akte, Bezahlung.",
    ),
    (7, "Stufe 7", "Vollständig Ende-zu-Ende digital."),
]
