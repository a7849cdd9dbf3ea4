"""`FacetCounter` counts like a plain loop over the pairs, whichever way it takes."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ikone.catalog.facetcount import FacetCounter


@st.composite
def catalogs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, int, int, np.ndarray]:
    size = draw(st.integers(0, 300))
    values = draw(st.integers(1, 12))
    # value 0 is held by most solutions (a bitmap), the others by few (pairs)
    pairs = {(p, 0) for p in range(size) if draw(st.booleans()) or p % 3}
    pairs |= set(draw(st.lists(st.tuples(st.integers(0, max(size - 1, 0)), st.integers(1, values - 1 or 1)))))
    pairs = {(p, c) for p, c in pairs if p < size and c < values}
    used = sorted({c for _p, c in pairs})
    renumber = {c: i for i, c in enumerate(used)}  # every code has at least one pair
    ordered = sorted((renumber[c], p) for p, c in pairs)
    codes = np.array([c for c, _p in ordered], dtype=np.int64)
    positions = np.array([p for _c, p in ordered], dtype=np.int64)
    selected = np.array(draw(st.lists(st.booleans(), min_size=size, max_size=size)), dtype=bool)
    return positions, codes, size, len(used), selected


@settings(max_examples=300, deadline=None)
@given(catalogs(), st.sampled_from([1, 4, 16, 1000]))
def test_counts_equal_a_plain_loop(catalog, few: int) -> None:
    positions, codes, size, values, selected = catalog
    expected = np.zeros(values, dtype=np.int64)
    for position, code in zip(positions.tolist(), codes.tolist(), strict=True):
        expected[code] += bool(selected[position])
    counter = FacetCounter(positions, codes, size, values, few=few)  # every way, for any share selected
    assert counter.count(selected).tolist() == expected.tolist()


def test_values_held_by_many_get_a_bitmap_no_larger_than_their_pairs() -> None:
    size = 6400
    positions = np.concatenate([np.arange(0, size, 2), np.arange(50)])
    codes = np.concatenate([np.zeros(size // 2, dtype=np.int64), np.ones(50, dtype=np.int64)])
    counter = FacetCounter(positions, codes, size, 2)
    assert counter.dense_codes.tolist() == [0]  # 3,200 holders ≥ 6,400 / 64; 50 < 100
    assert counter.bitmaps.nbytes <= 8 * (size // 2)
    selected = np.zeros(size, dtype=bool)
    selected[::4] = True
    assert counter.count(selected).tolist() == [1600, 13]
