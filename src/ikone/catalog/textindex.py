"""The catalog's full-text index in memory: postings per term, matched and ranked with numpy.

The terms and their occurrences come from the database's own index (SQLite FTS5 tokens,
PostgreSQL `german` lexemes; see `ikone.catalog.search.read_index`), so what a word matches is
what the database would match. Here only the arithmetic: a term's postings are one slice of
the arrays, all terms with a prefix are one contiguous range of slices (terms are sorted), and
a query costs a few `bincount`s over the solutions instead of a round trip per statement.

Ranking is BM25 as SQLite's FTS5 `bm25()` computes it (k1 = 1.2, b = 0.75; a phrase's
frequency in a document is the sum of its column weights over its occurrences; the document
length counts every token; IDF `log((N - n + 0.5) / (n + 0.5))`, at least 1e-6), on both
databases. No ORM here.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

K1 = 1.2
B = 0.75
_MIN_IDF = 1e-6
_LAST = "\U0010ffff"  # sorts after every character: [p, p + _LAST) holds the terms starting with p


@dataclass(frozen=True)
class Option:
    """A way for a query word to occur: a term exactly, or every term starting with `text`."""

    text: str
    prefix: bool


Term = Sequence[Option]  # occurs where any of its options occurs


@dataclass(frozen=True)
class TextIndex:
    terms: list[str]  # sorted by code point (= UTF-8 byte order, as both databases sort)
    start: np.ndarray  # term -> its first posting; len(terms) + 1 entries
    rows: np.ndarray  # posting -> document (row number of the caller's numbering)
    tenths: np.ndarray  # posting -> the weighted frequency, in tenths (weights are multiples of 0.1)
    norm: np.ndarray  # row -> k1 · (1 - b + b · length / average length): BM25's length part
    documents: int  # documents in the database's index (for IDF and the average length)

    @classmethod
    def build(
        cls,
        terms: list[str],
        counts: np.ndarray,
        ids: np.ndarray,
        tenths: np.ndarray,
        tokens: np.ndarray,
        *,
        position_of: Callable[[np.ndarray], np.ndarray],
        size: int,
        documents: int,
    ) -> TextIndex:
        """From postings grouped by term: `counts[i]` postings of `terms[i]` (sorted), one per
        document, each with the document's id, the weighted frequency in tenths and the number of
        tokens. `position_of` numbers the documents 0 … size - 1 (-1 for documents the caller
        doesn't know: they count for the average length only)."""
        average = float(tokens.sum()) / documents if documents else 0.0
        row = position_of(ids)
        known = row >= 0
        term = np.repeat(np.arange(len(terms), dtype=np.int32), counts)[known]
        row, tenths = row[known], tenths[known]
        length = np.bincount(row, weights=tokens[known], minlength=size)
        # within a term by row: a query then reads and writes the per-row arrays in order
        order = np.argsort(term.astype(np.int64) * (size + 1) + row)
        term, row, tenths = term[order], row[order], tenths[order]
        return cls(
            terms=terms,
            start=np.searchsorted(term, np.arange(len(terms) + 1)),
            rows=row.astype(np.int32),
            tenths=tenths.astype(np.int32),
            norm=K1 * (1 - B + B * length / average) if average else np.full(size, K1),
            documents=documents,
        )

    @classmethod
    def from_occurrences(
        cls,
        terms: list[str],
        counts: np.ndarray,
        ids: np.ndarray,
        tenths: np.ndarray,
        *,
        position_of: Callable[[np.ndarray], np.ndarray],
        size: int,
        documents: int,
    ) -> TextIndex:
        """From single occurrences (tokens) grouped by term and, within a term, by document id:
        `counts[i]` occurrences of `terms[i]`, each with its document id and column weight."""
        term = np.repeat(np.arange(len(terms), dtype=np.int32), counts)
        first = np.ones(len(ids), dtype=bool)
        first[1:] = (ids[1:] != ids[:-1]) | (term[1:] != term[:-1])
        starts = np.flatnonzero(first)
        return cls.build(
            terms,
            np.bincount(term[starts], minlength=len(terms)),
            ids[starts],
            np.add.reduceat(tenths, starts) if len(starts) else tenths,
            np.diff(np.append(starts, len(ids))),
            position_of=position_of,
            size=size,
            documents=documents,
        )

    @property
    def size(self) -> int:
        return len(self.norm)

    @property
    def nbytes(self) -> int:
        return self.start.nbytes + self.rows.nbytes + self.tenths.nbytes + self.norm.nbytes

    def span(self, option: Option) -> tuple[int, int]:
        """The postings of the terms `option` stands for."""
        low = bisect.bisect_left(self.terms, option.text)
        if option.prefix:
            high = bisect.bisect_left(self.terms, option.text + _LAST, low)
        else:
            high = low + 1 if low < len(self.terms) and self.terms[low] == option.text else low
        return int(self.start[low]), int(self.start[high])

    def frequency(self, option: Option) -> np.ndarray:
        """The weighted frequency of `option` in each document in tenths (0 where it doesn't occur)."""
        low, high = self.span(option)
        if low == high:
            return np.zeros(self.size)
        return np.bincount(self.rows[low:high], weights=self.tenths[low:high], minlength=self.size)

    def occurs(self, term: Term) -> np.ndarray:
        """Documents in which any option of `term` occurs."""
        found = np.zeros(self.size, dtype=bool)
        for option in term:
            low, high = self.span(option)
            found[self.rows[low:high]] = True
        return found

    def bm25(self, tenths: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """One phrase's BM25 contribution in `rows`, from its frequencies (`frequency`) in every document."""
        hits = int(np.count_nonzero(tenths))
        idf = math.log((self.documents - hits + 0.5) / (hits + 0.5)) if self.documents else 0.0
        idf = idf if idf > 0 else _MIN_IDF
        found = tenths[rows] / 10
        return idf * found * (K1 + 1) / (found + self.norm[rows])

    def search(
        self, groups: Sequence[Sequence[Term]], excluded: Sequence[Term], *, within: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The rows matching the query, ascending, and their scores (higher is better).

        A row matches when in every group one of the terms occurs and no excluded term occurs;
        without groups, every row without an excluded term matches. With `within` (a row mask)
        the caller has decided which rows match (e.g. the database, for phrases) and only the
        ranking is computed here. Every option of every term of the groups adds its BM25 score.
        Each option's frequencies are computed once: where they are positive, it occurs (every
        posting has a positive weight)."""
        frequencies = [[[self.frequency(o) for o in term] for term in group] for group in groups]
        if within is None:
            within = np.ones(self.size, dtype=bool)
            for in_group in frequencies:
                any_term = np.zeros(self.size, dtype=bool)
                for of_term in in_group:
                    for tenths in of_term:
                        any_term |= tenths > 0
                within &= any_term
            for term in excluded:
                within &= ~self.occurs(term)
        rows = np.flatnonzero(within)
        score = np.zeros(len(rows))
        for in_group in frequencies:
            for of_term in in_group:
                for tenths in of_term:
                    score += self.bm25(tenths, rows)
        return rows, score
