"""Capacity usage per member as bars (drawn by the template as SVG, with a table alternative)."""

from __future__ import annotations

from dataclasses import dataclass

from ikone.coverage.charts import Bar, stacked_bars
from ikone.planning.selectors import CapacityRow

USED_COLOUR = "#2f7dbf"
FREE_COLOUR = "#d9d9d9"
OVER_COLOUR = "#b3261e"


@dataclass(frozen=True)
class UsageChart:
    bars: list[Bar]
    height: float


def usage_chart(rows: list[CapacityRow]) -> UsageChart:
    data = [
        (
            str(row.organization),
            [
                ("verplant", min(row.used, row.total), USED_COLOUR),
                ("frei", max(0, row.free), FREE_COLOUR),
                ("über der Kapazität", max(0, -row.free), OVER_COLOUR),
            ],
        )
        for row in rows
    ]
    bars, height = stacked_bars(data, width=440)
    return UsageChart(bars=bars, height=height)
