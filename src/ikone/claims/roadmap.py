"""Roadmap geometry without the ORM: one lane per member, one bar per claim from start to target date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

LABEL_WIDTH = 190.0
CHART_WIDTH = 560.0
BAR_HEIGHT = 16.0
BAR_GAP = 6.0
LANE_GAP = 14.0
AXIS_HEIGHT = 24.0


@dataclass(frozen=True)
class Item:
    """One claim on the roadmap: `start` is when it was claimed, `end` its target date."""

    claim_id: int
    member: str
    label: str
    state: str
    state_label: str
    start: dt.date
    end: dt.date
    overdue: bool


@dataclass(frozen=True)
class BarGeometry:
    item: Item
    x: float
    y: float
    width: float
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Lane:
    member: str
    y: float
    height: float
    bars: list[BarGeometry]


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    lanes: list[Lane]
    ticks: list[Tick]
    today_x: float | None
    width: float
    height: float


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months = []
    current = start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def layout(items: list[Item], *, today: dt.date) -> Chart:
    """Place the bars on a common time axis: from the first month of the earliest date to the end of
    the month of the latest one, today included (the dashed line)."""
    if not items:
        return Chart(lanes=[], ticks=[], today_x=None, width=LABEL_WIDTH + CHART_WIDTH, height=AXIS_HEIGHT)
    first = min(today, *(min(i.start, i.end) for i in items)).replace(day=1)
    last = max(today, *(max(i.start, i.end) for i in items))
    months = _months(first, last)
    after = (months[-1].replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    span = max((after - first).days, 1)

    def x_of(day: dt.date) -> float:
        return round(LABEL_WIDTH + CHART_WIDTH * (day - first).days / span, 2)

    step = max(1, len(months) // 12)
    ticks = [Tick(x=x_of(m), label=f"{m.month:02d}/{m.year % 100:02d}") for m in months[::step]]
    lanes = []
    y = AXIS_HEIGHT
    members = sorted({i.member for i in items})
    for member in members:
        own = sorted((i for i in items if i.member == member), key=lambda i: (i.end, i.claim_id))
        bars = []
        for index, item in enumerate(own):
            top = y + index * (BAR_HEIGHT + BAR_GAP)
            x = x_of(min(item.start, item.end))
            width = max(x_of(max(item.start, item.end)) - x, 3.0)
            bars.append(
                BarGeometry(
                    item=item, x=x, y=top, width=round(width, 2), text_x=round(x + 4, 2), text_y=top + 12
                )
            )
        height = len(own) * (BAR_HEIGHT + BAR_GAP)
        lanes.append(Lane(member=member, y=y, height=height, bars=bars))
        y += height + LANE_GAP
    return Chart(lanes=lanes, ticks=ticks, today_x=x_of(today), width=LABEL_WIDTH + CHART_WIDTH, height=y)
