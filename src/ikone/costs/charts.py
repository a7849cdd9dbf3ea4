"""Shares per member as horizontal bars (geometry here, drawn by the templates as SVG with a table
alternative); one bar per key when keys are compared side by side."""

from __future__ import annotations

from dataclasses import dataclass

from ikone.costs.selectors import AllocationView, ProgrammeBudget, SavingsView, TreasurerView
from ikone.coverage.charts import Bar, stacked_bars

# Distinguishable colours with enough contrast against white (WCAG 1.4.11).
KEY_COLOURS = ["#2f7dbf", "#c98a00", "#1d6b36"]


@dataclass(frozen=True)
class ShareChart:
    bars: list[Bar]
    height: float
    legend: list[tuple[str, str]]


def share_chart(views: list[AllocationView]) -> ShareChart:
    """Bars in cents for each member (in the order of the first view), one per view."""
    usable = [v for v in views if v.error is None]
    members = []
    for view in usable:
        for row in view.rows:
            if row.organization not in members:
                members.append(row.organization)
    rows = []
    for organization in members:
        for index, view in enumerate(usable):
            amount = next((r.cents for r in view.rows if r.organization == organization), 0)
            label = str(organization) if len(usable) == 1 else f"{organization} – {view.key_label}"
            rows.append((label, [(view.key_label, amount, KEY_COLOURS[index % len(KEY_COLOURS)])]))
    bars, height = stacked_bars(rows, width=420)
    legend = [(v.key_label, KEY_COLOURS[i % len(KEY_COLOURS)]) for i, v in enumerate(usable)]
    return ShareChart(bars=bars, height=height, legend=legend)


SAVING_COLOUR = "#1d6b36"


def savings_chart(view: SavingsView) -> ShareChart:
    """Estimated savings per member in cents; a negative estimate draws no bar (the table shows it)."""
    rows = [
        (str(view.names[key]), [("Einsparung", max(0, int(amount * 100)), SAVING_COLOUR)])
        for key, amount in view.estimate.by_member().items()
    ]
    bars, height = stacked_bars(rows, width=420)
    return ShareChart(bars=bars, height=height, legend=[])


def member_chart(view: TreasurerView) -> ShareChart:
    """The member's share per agreement in cents."""
    rows = [
        (f"{s.agreement.network} – {s.agreement.title}", [(s.agreement.title, s.row.cents, KEY_COLOURS[0])])
        for s in view.shares
        if s.row is not None
    ]
    bars, height = stacked_bars(rows, width=420)
    return ShareChart(bars=bars, height=height, legend=[])


FUNDED_COLOUR = "#2f7dbf"
REMAINING_COLOUR = "#d9d9d9"


def budget_chart(budgets: list[ProgrammeBudget]) -> ShareChart:
    """Per programme: the part already funded and the budget left (an overdrawn budget shows no rest)."""
    rows = [
        (
            b.programme.name,
            [
                ("gefördert", int(b.funded * 100), FUNDED_COLOUR),
                ("verbleibend", max(0, int(b.remaining * 100)), REMAINING_COLOUR),
            ],
        )
        for b in budgets
    ]
    bars, height = stacked_bars(rows, width=420)
    return ShareChart(
        bars=bars, height=height, legend=[("gefördert", FUNDED_COLOUR), ("verbleibend", REMAINING_COLOUR)]
    )
