"""Server-rendered SVG bar charts: geometry computed here, drawn by the templates (no JavaScript)."""

from __future__ import annotations

from dataclasses import dataclass

# Colours with enough contrast against white (WCAG 1.4.11), from "not online" to "transaction".
LEVEL_COLOURS = ["#9e9e9e", "#c98a00", "#2f7dbf", "#1d6b36", "#0b3d1e"]
OTHER_COLOUR = "#6b3fa0"
UNREPORTED_COLOUR = "#e8e8e8"


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: str
    label: str
    count: int


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    segments: list[Segment]


def stacked_bars(
    rows: list[tuple[str, list[tuple[str, int, str]]]], *, width: float = 480, bar: float = 18, gap: float = 8
) -> tuple[list[Bar], float]:
    """Rows of (label, [(segment label, count, colour)]) → bars scaled to the largest total."""
    largest = max((sum(c for _l, c, _k in parts) for _label, parts in rows), default=0) or 1
    bars = []
    for index, (label, parts) in enumerate(rows):
        x = 0.0
        segments = []
        for part_label, count, colour in parts:
            w = width * count / largest
            if count:
                segments.append(
                    Segment(x=round(x, 2), width=round(w, 2), colour=colour, label=part_label, count=count)
                )
            x += w
        bars.append(Bar(label=label, y=index * (bar + gap), segments=segments))
    return bars, len(rows) * (bar + gap)
