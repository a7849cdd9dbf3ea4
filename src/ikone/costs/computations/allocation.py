"""Cost allocation: who pays which share of a total, by a cost-sharing key.

Pure and exact: amounts are integer cents, intermediate shares are `Fraction`s, never floats. The
engine knows nothing about the ORM; the services build `Member`s and a `Key` from the database.

How a share is computed
-----------------------
Every member has a *presence* p (the part of the period it took part in, 0 < p ≤ 1: a member that
joins or leaves mid-period pays pro rata), a *base* b (the base fee × p, only for the key "base fee
plus variable part") and a *weight* w from the key:

- equal: w = p
- population: w = population × p
- usage: w = usage (case numbers or adoptions counted in the member's own time, so not scaled by p)
- hybrid: w = Σ weight_m × measure_m / Σ measure_m over the measures population × p, usage and p
  (the weights are Decimals summing to 1, e.g. 2/3 population + 1/3 equal)
- fixed percentages: w = percent × p
- base fee plus variable part: w as for the key's variable measure, plus the base b

The exact share of a member is b + (T − Σ b) × w / Σ w. Caps and minimum shares (in EUR per
member, scaled by p and rounded to whole cents: the cap down, the minimum up) are enforced by
water-filling: members above their cap are fixed at the cap, members below their minimum at the
minimum, and the rest is shared again among the others, until nobody is out of bounds.

Rounding (largest remainder, Hare–Niemeyer)
-------------------------------------------
Every member first gets its exact share rounded down to the cent; the cents left over (fewer than
the number of members) go one each to the members with the largest remainders. Ties are broken
deterministically by the member's key in ascending order (the AGS or slug), so the same input always
gives the same result. The shares therefore always sum exactly to the total, no share is negative,
and a member fixed at its cap or minimum never gets an extra cent.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

EQUAL = "equal"
POPULATION = "population"
USAGE = "usage"
HYBRID = "hybrid"
FIXED = "fixed"
BASE_FEE = "base_fee"
KINDS = (EQUAL, POPULATION, USAGE, HYBRID, FIXED, BASE_FEE)
MEASURES = (POPULATION, USAGE, EQUAL)


class AllocationError(ValueError):
    """The key cannot be applied to these members; `field` names the input at fault."""

    def __init__(self, message: str, field: str = "key") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Member:
    key: str
    name: str = ""
    population: int = 0
    usage: int | None = None
    percent: Decimal | None = None
    presence: Fraction = Fraction(1)


@dataclass(frozen=True)
class Key:
    kind: str
    weights: dict[str, Decimal] = field(default_factory=dict)  # hybrid: measure -> weight
    variable_measure: str = POPULATION  # base fee: how the rest is split
    base_fee_cents: int = 0
    cap_cents: int | None = None
    minimum_cents: int | None = None


@dataclass(frozen=True)
class Share:
    key: str
    name: str
    cents: int
    exact: Fraction
    capped: bool = False
    raised_to_minimum: bool = False


@dataclass(frozen=True)
class Allocation:
    total_cents: int
    shares: list[Share]

    def by_key(self) -> dict[str, Share]:
        return {share.key: share for share in self.shares}


def presence(start: dt.date, end: dt.date, joined: dt.date | None, left: dt.date | None) -> Fraction:
    """The part of the period [start, end] (both days included) a member took part in."""
    first = max(start, joined) if joined else start
    last = min(end, left) if left else end
    days = (end - start).days + 1
    present = (last - first).days + 1
    if days <= 0 or present <= 0:
        return Fraction(0)
    return Fraction(present, days)


def _measure(members: list[Member], measure: str) -> list[Fraction]:
    if measure == POPULATION:
        values = [m.population * m.presence for m in members]
        if any(m.population <= 0 for m in members):
            missing = next(m for m in members if m.population <= 0)
            raise AllocationError(
                f"Für {missing.name or missing.key} ist keine Einwohnerzahl bekannt.", "population"
            )
    elif measure == USAGE:
        missing_usage = [m for m in members if m.usage is None]
        if missing_usage:
            names = ", ".join(m.name or m.key for m in missing_usage)
            raise AllocationError(f"Nutzungszahlen fehlen für: {names}.", "usage")
        if any(m.usage is not None and m.usage < 0 for m in members):
            raise AllocationError("Nutzungszahlen dürfen nicht negativ sein.", "usage")
        values = [Fraction(m.usage or 0) for m in members]
        if sum(values) == 0:
            raise AllocationError(
                "Die Nutzungszahlen sind alle 0; nach Nutzung lässt sich nichts verteilen.", "usage"
            )
    elif measure == EQUAL:
        values = [m.presence for m in members]
    else:
        raise AllocationError(f"Unbekanntes Maß „{measure}“.", "variable_measure")
    return values


def weights(members: list[Member], key: Key) -> list[Fraction]:
    """The weight of each member under the key (see the module docstring)."""
    if key.kind in (EQUAL, POPULATION, USAGE):
        return _measure(members, key.kind)
    if key.kind == BASE_FEE:
        return _measure(members, key.variable_measure)
    if key.kind == FIXED:
        if any(m.percent is None for m in members):
            missing = ", ".join(m.name or m.key for m in members if m.percent is None)
            raise AllocationError(f"Feste Anteile fehlen für: {missing}.", "percent")
        percents = [Fraction(m.percent or 0) for m in members]
        if any(p < 0 for p in percents):
            raise AllocationError("Feste Anteile dürfen nicht negativ sein.", "percent")
        if sum(percents) != 100:
            raise AllocationError(
                f"Die festen Anteile ergeben {float(sum(percents)):.2f} % statt 100 %.".replace(".", ","),
                "percent",
            )
        return [p * m.presence for p, m in zip(percents, members, strict=True)]
    if key.kind == HYBRID:
        unknown = set(key.weights) - set(MEASURES)
        if unknown:
            raise AllocationError(f"Unbekannte Maße: {', '.join(sorted(unknown))}.", "weights")
        if any(w < 0 for w in key.weights.values()):
            raise AllocationError("Gewichte dürfen nicht negativ sein.", "weights")
        if sum(key.weights.values(), Decimal(0)) != 1:
            raise AllocationError("Die Gewichte müssen zusammen genau 1 ergeben.", "weights")
        result = [Fraction(0)] * len(members)
        for measure, weight in key.weights.items():
            if weight == 0:
                continue
            values = _measure(members, measure)
            total = sum(values)
            result = [r + Fraction(weight) * v / total for r, v in zip(result, values, strict=True)]
        return result
    raise AllocationError(f"Unbekannter Schlüssel „{key.kind}“.", "kind")


def _bounds(members: list[Member], key: Key) -> tuple[list[int | None], list[int]]:
    caps: list[int | None] = []
    minimums: list[int] = []
    for m in members:
        caps.append(None if key.cap_cents is None else int(key.cap_cents * m.presence))  # down
        minimum = Fraction(key.minimum_cents or 0) * m.presence
        minimums.append(-((-minimum.numerator) // minimum.denominator))  # up
    return caps, minimums


def _clamp(value: Fraction, low: int, high: int | None) -> Fraction:
    if value < low:
        return Fraction(low)
    if high is not None and value > high:
        return Fraction(high)
    return value


def _exact_shares(total: int, members: list[Member], key: Key) -> tuple[list[Fraction], set[int], set[int]]:
    """Exact shares clamp(b + λ·w, minimum, cap) with the one level λ at which they sum to the total."""
    w = weights(members, key)
    base = [
        Fraction(key.base_fee_cents) * m.presence if key.kind == BASE_FEE else Fraction(0) for m in members
    ]
    if sum(base) > total:
        raise AllocationError("Die Grundbeträge sind zusammen höher als die Kosten.", "base_fee")
    caps, minimums = _bounds(members, key)
    if any(c is not None and c < lo for c, lo in zip(caps, minimums, strict=True)):
        raise AllocationError("Der Höchstbetrag ist kleiner als der Mindestbetrag.", "cap")
    n = range(len(members))
    lowest = sum(minimums[i] if w[i] else _clamp(base[i], minimums[i], caps[i]) for i in n)
    if lowest > total:
        raise AllocationError("Die Mindestbeträge sind zusammen höher als die Kosten.", "minimum")
    if all(c is not None or not w[i] for i, c in enumerate(caps)):
        highest = sum(caps[i] or 0 if w[i] else _clamp(base[i], minimums[i], caps[i]) for i in n)
        if highest < total:
            raise AllocationError("Die Höchstbeträge reichen zusammen nicht, um die Kosten zu decken.", "cap")
    points = sorted(
        {(bound - base[i]) / w[i] for i in n if w[i] for bound in (minimums[i], caps[i]) if bound is not None}
    )
    probes = [points[0] - 1, *((a + b) / 2 for a, b in itertools.pairwise(points)), points[-1] + 1]

    def spread(lam: Fraction) -> Fraction:
        return sum((_clamp(base[i] + lam * w[i], minimums[i], caps[i]) for i in n), Fraction(0))

    def level(probe: Fraction) -> Fraction | None:
        """The λ on the linear piece around `probe`, if the total is reached there."""
        free = [
            i
            for i in n
            if w[i] and _clamp(base[i] + probe * w[i], minimums[i], caps[i]) == base[i] + probe * w[i]
        ]
        free_weight = sum(w[i] for i in free)
        candidate = probe
        if free_weight:
            clamped = sum(_clamp(base[i] + probe * w[i], minimums[i], caps[i]) for i in n if i not in free)
            candidate = (total - clamped - sum(base[i] for i in free)) / free_weight
        return candidate if spread(candidate) == total else None

    if not points:
        raise AllocationError("Die Gewichte sind alle 0; so lässt sich nichts verteilen.", "key")
    found = next(lam for lam in (level(p) for p in probes + points) if lam is not None)
    exact = [_clamp(base[i] + found * w[i], minimums[i], caps[i]) for i in n]
    capped = {i for i in n if caps[i] is not None and base[i] + found * w[i] > (caps[i] or 0)}
    raised = {i for i in n if base[i] + found * w[i] < minimums[i]}
    return exact, capped, raised


def largest_remainder(total: int, exact: list[Fraction], tie_keys: list[str]) -> list[int]:
    """Round exact shares (summing to `total`) to whole cents that sum to `total` exactly."""
    floors = [s.numerator // s.denominator for s in exact]
    left = total - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), tie_keys[i]))
    for i in order[:left]:
        floors[i] += 1
    return floors


def allocate(total_cents: int, members: list[Member], key: Key) -> Allocation:
    """Split `total_cents` between `members` by `key`; shares sum exactly to the total."""
    if total_cents < 0:
        raise AllocationError("Die Kosten dürfen nicht negativ sein.", "total")
    members = [m for m in members if m.presence > 0]
    if not members:
        raise AllocationError("Im Zeitraum nimmt niemand teil.", "participants")
    keys = [m.key for m in members]
    if len(set(keys)) != len(keys):
        raise AllocationError("Ein Mitglied ist doppelt aufgeführt.", "participants")
    exact, capped, raised = _exact_shares(total_cents, members, key)
    cents = largest_remainder(total_cents, exact, keys)
    return Allocation(
        total_cents=total_cents,
        shares=[
            Share(
                key=m.key,
                name=m.name,
                cents=c,
                exact=e,
                capped=i in capped,
                raised_to_minimum=i in raised,
            )
            for i, (m, c, e) in enumerate(zip(members, cents, exact, strict=True))
        ],
    )


def cents(amount: Decimal) -> int:
    """EUR with at most two decimals → integer cents (exactly; more decimals are an error)."""
    scaled = amount * 100
    if scaled != scaled.to_integral_value():
        raise AllocationError("Beträge haben höchstens zwei Nachkommastellen.", "amount")
    return int(scaled)


def euros(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(Decimal("0.01"))
