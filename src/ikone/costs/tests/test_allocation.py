"""The allocation engine: exact sums, no negative shares, monotonic, pro rata, caps and minimums."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ikone.costs.computations.allocation import (
    BASE_FEE,
    EQUAL,
    FIXED,
    HYBRID,
    POPULATION,
    USAGE,
    AllocationError,
    Key,
    Member,
    allocate,
    cents,
    largest_remainder,
    presence,
)

totals = st.integers(min_value=0, max_value=10**9)
presences = st.fractions(min_value=Fraction(1, 365), max_value=1).map(lambda f: f.limit_denominator(366))


@st.composite
def members(draw, *, min_size=1, max_size=8, full=False):
    size = draw(st.integers(min_size, max_size))
    result = []
    for index in range(size):
        result.append(
            Member(
                key=f"{index:08d}",
                population=draw(st.integers(1, 4_000_000)),
                usage=draw(st.integers(0, 10_000)),
                presence=Fraction(1) if full else draw(presences),
            )
        )
    if all(m.usage == 0 for m in result):
        result[0] = Member(
            key=result[0].key, population=result[0].population, usage=1, presence=result[0].presence
        )
    return result


def with_percents(group: list[Member], draw_parts: list[int]) -> list[Member]:
    total = sum(draw_parts)
    percents = [Decimal(p * 10000 // total) / 100 for p in draw_parts]
    percents[0] += Decimal(100) - sum(percents)
    return [
        Member(key=m.key, population=m.population, usage=m.usage, percent=p, presence=m.presence)
        for m, p in zip(group, percents, strict=True)
    ]


@st.composite
def keys(draw):
    kind = draw(st.sampled_from([EQUAL, POPULATION, USAGE, HYBRID, BASE_FEE]))
    if kind == HYBRID:
        thirds = draw(st.integers(0, 100))
        rest = draw(st.integers(0, 100 - thirds))
        return Key(
            kind=HYBRID,
            weights={
                POPULATION: Decimal(thirds) / 100,
                USAGE: Decimal(rest) / 100,
                EQUAL: Decimal(100 - thirds - rest) / 100,
            },
        )
    if kind == BASE_FEE:
        return Key(kind=BASE_FEE, base_fee_cents=draw(st.integers(0, 10_000)), variable_measure=POPULATION)
    return Key(kind=kind)


def _sum(allocation):
    return sum(share.cents for share in allocation.shares)


@settings(max_examples=150, deadline=None)
@given(total=totals, group=members(), key=keys())
def test_shares_sum_exactly_to_the_total_and_are_never_negative(total, group, key):
    try:
        allocation = allocate(total, group, key)
    except AllocationError as exc:
        failed = exc.field
    else:
        failed = ""
    if failed:
        assert failed == "base_fee"  # only a base fee higher than the costs can fail here
        return
    assert _sum(allocation) == total
    assert all(share.cents >= 0 for share in allocation.shares)
    assert all(abs(share.cents - share.exact) < 1 for share in allocation.shares)


@settings(max_examples=100, deadline=None)
@given(total=totals, group=members(), parts=st.lists(st.integers(1, 100), min_size=8, max_size=8))
def test_fixed_percentages_sum_exactly(total, group, parts):
    allocation = allocate(total, with_percents(group, parts[: len(group)]), Key(kind=FIXED))
    assert _sum(allocation) == total
    assert all(share.cents >= 0 for share in allocation.shares)


@settings(max_examples=150, deadline=None)
@given(
    total=totals,
    group=members(min_size=2),
    measure=st.sampled_from([POPULATION, USAGE]),
    more=st.integers(1, 1_000_000),
)
def test_a_member_with_more_population_or_usage_never_pays_less(total, group, measure, more):
    first = group[0]
    grown = (
        Member(first.key, population=first.population + more, usage=first.usage, presence=first.presence)
        if measure == POPULATION
        else Member(
            first.key, population=first.population, usage=(first.usage or 0) + more, presence=first.presence
        )
    )
    before = allocate(total, group, Key(kind=measure)).by_key()[first.key].cents
    after = allocate(total, [grown, *group[1:]], Key(kind=measure)).by_key()[first.key].cents
    assert after >= before


@settings(max_examples=150, deadline=None)
@given(
    total=st.integers(0, 10**9),
    group=members(min_size=2, full=True),
    joined=presences,
    kind=st.sampled_from([EQUAL, POPULATION]),
)
def test_a_member_joining_mid_period_pays_pro_rata(total, group, joined, kind):
    """Against a twin that takes part all period long, the joiner pays the part it was present."""
    twin = group[0]
    joiner = Member("99999999", population=twin.population, usage=twin.usage, presence=joined)
    shares = allocate(total, [*group, joiner], Key(kind=kind)).by_key()
    assert shares[joiner.key].exact == shares[twin.key].exact * joined
    assert abs(shares[joiner.key].cents - shares[twin.key].cents * joined) < 2
    full = allocate(
        total, [*group, Member("99999999", population=twin.population, usage=twin.usage)], Key(kind=kind)
    )
    assert shares[joiner.key].cents <= full.by_key()["99999999"].cents


@settings(max_examples=150, deadline=None)
@given(
    total=st.integers(0, 10**8),
    group=members(min_size=2),
    key=keys(),
    cap=st.integers(0, 5 * 10**7),
    minimum=st.integers(0, 10**7),
)
def test_caps_and_minimum_shares_are_respected(total, group, key, cap, minimum):
    bounded = Key(
        kind=key.kind,
        weights=key.weights,
        variable_measure=key.variable_measure,
        base_fee_cents=key.base_fee_cents,
        cap_cents=cap,
        minimum_cents=minimum,
    )
    try:
        allocation = allocate(total, group, bounded)
    except AllocationError as exc:
        failed = exc.field
    else:
        failed = ""
    if failed:
        assert failed in {"cap", "minimum", "base_fee"}
        return
    assert _sum(allocation) == total
    for member, share in zip(group, allocation.shares, strict=True):
        assert share.cents <= cap * member.presence
        assert share.cents >= minimum * member.presence
        assert share.cents >= 0


def test_largest_remainder_breaks_ties_by_key():
    thirds = [Fraction(100, 3)] * 3
    assert largest_remainder(100, thirds, ["b", "a", "c"]) == [33, 34, 33]
    assert largest_remainder(100, thirds, ["a", "b", "c"]) == [34, 33, 33]


def test_a_worked_example_by_population():
    """1.000,01 EUR by 50.000 / 30.000 / 20.000 inhabitants: exactly 500,005 / 300,003 / 200,002 EUR;
    rounded down 500,00 / 300,00 / 200,00, and the one cent left goes to the largest remainder."""
    group = [Member("a", population=50_000), Member("b", population=30_000), Member("c", population=20_000)]
    shares = allocate(100_001, group, Key(kind=POPULATION)).by_key()
    assert [shares[k].cents for k in "abc"] == [50_001, 30_000, 20_000]


def test_hybrid_weights_must_sum_to_one():
    key = Key(kind=HYBRID, weights={POPULATION: Decimal("0.6"), EQUAL: Decimal("0.3")})
    with pytest.raises(AllocationError) as error:
        allocate(100, [Member("a", population=1)], key)
    assert error.value.field == "weights"


def test_missing_usage_is_named():
    with pytest.raises(AllocationError, match="Andernach") as error:
        allocate(100, [Member("a", usage=3), Member("b", name="Andernach")], Key(kind=USAGE))
    assert error.value.field == "usage"


def test_fixed_percentages_must_sum_to_100():
    group = [Member("a", percent=Decimal(40)), Member("b", percent=Decimal(50))]
    with pytest.raises(AllocationError, match="90,00 %"):
        allocate(100, group, Key(kind=FIXED))


def test_presence_counts_days_inclusively():
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    assert presence(start, end, None, None) == 1
    assert presence(start, end, dt.date(2025, 7, 1), None) == Fraction(184, 365)
    assert presence(start, end, None, dt.date(2024, 12, 31)) == 0


def test_cents_refuses_fractions_of_a_cent():
    assert cents(Decimal("12.34")) == 1234
    with pytest.raises(AllocationError):
        cents(Decimal("0.001"))
