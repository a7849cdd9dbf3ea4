"""Counting facet values over a selection of solutions (pure numpy, no ORM).

Each solution has a few facet values (licence, status, Themenfeld, OZG-Leistungen, …), kept as
(position, value code) pairs. Counting a selection's values is the hot part of every catalog
page; three ways, by what is cheapest:

- few solutions selected: gather their pairs (pairs sorted by position) and `bincount` them;
- many selected, for a value held by many solutions (at least 1/64 of them): a bitmap of its
  solutions, AND-ed with the packed selection and its bits counted, 64 at a time (about n/8 bytes
  a value, no more than its pairs at 8 bytes each; measured at 20,000 solutions with 40 %
  selected: 0.1 ms instead of 0.3–0.4 ms for summing over all pairs);
- many selected, for the other values: sum the selection over their pairs (sorted by code).
"""

from __future__ import annotations

import numpy as np

BITMAP_SHARE = 64  # a value held by at least size / BITMAP_SHARE solutions gets a bitmap
FEW = 16  # below size / FEW selected solutions, their pairs are gathered


class FacetCounter:
    def __init__(
        self, positions: np.ndarray, codes: np.ndarray, size: int, values: int, *, few: int = FEW
    ) -> None:
        """`positions`, `codes`: the (position, code) pairs, unique, sorted by code then position;
        `size` positions, `values` codes."""
        self.size, self.values, self.few = size, values, few
        by_position = np.lexsort((codes, positions))
        self.row_codes = codes[by_position]
        self.row_start = np.searchsorted(positions[by_position], np.arange(size + 1))
        starts = np.searchsorted(codes, np.arange(values + 1))
        held = np.diff(starts)
        dense = held * BITMAP_SHARE >= max(size, 1)
        self.dense_codes = np.flatnonzero(dense)
        self.words = (size + 63) // 64  # bitmaps as 64-bit words: 8 × fewer bit counts than bytes
        bitmaps = np.zeros((len(self.dense_codes), 8 * self.words), dtype=np.uint8)
        member = np.zeros(size, dtype=bool)
        for row, code in enumerate(self.dense_codes.tolist()):
            held_by = positions[starts[code] : starts[code + 1]]
            member[held_by] = True
            bitmaps[row, : (size + 7) // 8] = np.packbits(member)
            member[held_by] = False
        self.bitmaps = bitmaps.view(np.uint64)
        sparse = ~dense[codes]
        self.sparse_codes = np.flatnonzero(~dense & (held > 0))
        self.sparse_pos = positions[sparse]
        self.sparse_start = np.searchsorted(codes[sparse], self.sparse_codes)

    def count(self, selected: np.ndarray) -> np.ndarray:
        """How many of the `selected` positions (a boolean mask) hold each value code."""
        counts = np.zeros(self.values, dtype=np.int64)
        if np.count_nonzero(selected) * self.few < self.size:
            chosen = np.flatnonzero(selected)
            starts = self.row_start[chosen]
            lengths = self.row_start[chosen + 1] - starts
            offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(
                int(lengths.sum())
            )
            counts += np.bincount(self.row_codes[offsets], minlength=self.values)
            return counts
        if len(self.dense_codes):
            packed = np.zeros(8 * self.words, dtype=np.uint8)
            packed[: (self.size + 7) // 8] = np.packbits(selected)
            both = self.bitmaps & packed.view(np.uint64)
            counts[self.dense_codes] = np.bitwise_count(both).sum(axis=1, dtype=np.int64)
        if len(self.sparse_codes):
            counts[self.sparse_codes] = np.add.reduceat(
                selected[self.sparse_pos].view(np.uint8), self.sparse_start, dtype=np.int64
            )
        return counts
