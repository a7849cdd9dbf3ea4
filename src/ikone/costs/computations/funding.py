"""What a funding programme funds and what is left of it (ORM-free, exact decimals).

Only the linked costs of an eligible kind count: funded = eligible linked costs × funding rate (rounded
half-even to the cent), remaining = programme amount − funded. A programme without eligible kinds
counts every kind. Costs of a kind the programme does not fund never reduce the remaining budget.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
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
