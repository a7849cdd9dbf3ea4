"""Score bands of the catalog facet "Übertragbarkeit" (value → lowest, highest score)."""

from __future__ import annotations

BANDS: dict[str, tuple[int, int]] = {
    "75-100": (75, 100),
    "50-74": (50, 74),
    "25-49": (25, 49),
    "0-24": (0, 24),
}
BAND_LABELS = {key: f"{low}–{high} Punkte" for key, (low, high) in BANDS.items()}


def band(score: int) -> str:
    return next(key for key, (low, high) in BANDS.items() if low <= score <= high)
