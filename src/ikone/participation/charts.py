"""The demand chart: server-rendered SVG bars (proposals and supports per OZG-Leistung), drawn by
`participation/_demand_chart.html`; the same figures stand in the table next to it."""

from __future__ import annotations

from dataclasses import dataclass

from ikone.coverage.charts import Bar, stacked_bars

PROPOSAL_COLOUR = "#2f7dbf"
SUPPORT_COLOUR = "#1d6b36"


@dataclass(frozen=True)
class DemandChart:
    bars: list[Bar]
    height: float


def demand_chart(rows: list[tuple[str, int, int]]) -> DemandChart:
    """Rows of (OZG-Leistung, proposals, supports) → bars scaled to the most wanted."""
    bars, height = stacked_bars(
        [
            (
                name,
                [("Vorschläge", proposals, PROPOSAL_COLOUR), ("Unterstützungen", supports, SUPPORT_COLOUR)],
            )
            for name, proposals, supports in rows
        ]
    )
    return DemandChart(bars=bars, height=height)
