"""What a funding programme funds and what is left of it (ORM-free, exact decimals).

Only the linked costs of an eligible kind count: funded = eligible linked costs × funding rate (rounded
half-even to the cent), remaining = programme amount − funded. A programme without eligible kinds
counts every kind. Costs of a kind the programme does not fund never reduce the remaining budget.

A cost item has a year, not a date: it lies in a programme's period when its calendar year overlaps
the period (`starts_on.year <= year <= ends_on.year`). A programme from 01.07.2025 to 30.06.2027 thus
takes costs of 2025, 2026 and 2027; the evidence of the cost has to show the date within the period.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Budget:
    linked: Decimal
    eligible: Decimal
    funded: Decimal
    remaining: Decimal


def is_eligible(kind: str, eligible_kinds: Collection[str]) -> bool:
    return not eligible_kinds or kind in eligible_kinds


def budget(
    *,
    amount: Decimal,
    funding_rate: Decimal,
    eligible_kinds: Collection[str],
    items: Iterable[tuple[str, Decimal]],
) -> Budget:
    """`items` are the linked costs as (kind, amount)."""
    linked = eligible = Decimal("0.00")
    for kind, value in items:
        linked += value
        if is_eligible(kind, eligible_kinds):
            eligible += value
    funded = (eligible * funding_rate / 100).quantize(CENT)
    return Budget(linked=linked, eligible=eligible, funded=funded, remaining=amount - funded)


def year_in_period(year: int, starts_on: date, ends_on: date) -> bool:
    """Whether costs of calendar year `year` fall into the period (any overlap of year and period)."""
    return starts_on.year <= year <= ends_on.year


def period_years(starts_on: date, ends_on: date) -> str:
    """The years of a period as people write them: „2025“ or „2025–2027“."""
    if starts_on.year == ends_on.year:
        return str(starts_on.year)
    return f"{starts_on.year}–{ends_on.year}"
