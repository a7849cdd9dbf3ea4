"""The worked examples in docs/costs.md, computed by the engine (change both together)."""

import datetime as dt
from decimal import Decimal

import pytest

from ikone.costs.computations.allocation import (
    BASE_FEE,
    EQUAL,
    FIXED,
    HYBRID,
    POPULATION,
    USAGE,
    Key,
    Member,
    allocate,
    presence,
)

TOWNS = [
    Member("A", population=100_000, usage=300, percent=Decimal(50)),
    Member("B", population=30_000, usage=500, percent=Decimal(20)),
    Member("C", population=50_000, usage=200, percent=Decimal(30)),
]
TOTAL = 1_000_000  # 10.000,00 EUR


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (Key(EQUAL), [333_334, 333_333, 333_333]),
        (Key(POPULATION), [555_555, 166_667, 277_778]),
        (Key(USAGE), [300_000, 500_000, 200_000]),
        (
            Key(HYBRID, weights={POPULATION: Decimal("0.6667"), EQUAL: Decimal("0.3333")}),
            [481_489, 222_217, 296_294],
        ),
        (Key(FIXED), [500_000, 200_000, 300_000]),
        (Key(BASE_FEE, base_fee_cents=100_000), [488_889, 216_667, 294_444]),
        (Key(POPULATION, cap_cents=500_000, minimum_cents=200_000), [500_000, 200_000, 300_000]),
    ],
)
def test_worked_examples(key, expected):
    assert [s.cents for s in allocate(TOTAL, TOWNS, key).shares] == expected


def test_worked_example_pro_rata():
    joined = presence(dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2025, 7, 1), None)
    towns = [TOWNS[0], TOWNS[1], Member("C", population=50_000, presence=joined)]
    assert [s.cents for s in allocate(TOTAL, towns, Key(EQUAL)).shares] == [399_344, 399_343, 201_313]
