"""The full-text index in memory: its arithmetic against a brute-force evaluation, and the
catalog's search through it against the database's own matching and ranking."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from ikone.catalog import listing, search
from ikone.catalog.models import Solution
from ikone.catalog.tests import reference
from ikone.catalog.tests.test_search import make
from ikone.catalog.textindex import K1, Option, TextIndex

# --- the arithmetic, without a database ---------------------------------------------------------

Corpus = list[list[tuple[str, int]]]  # per document: (term, weight in tenths) for every token


def _same(ids: np.ndarray) -> np.ndarray:
    return ids


def _index(corpus: Corpus) -> TextIndex:
    """Documents numbered by their place in `corpus`."""
    occurrences = sorted((term, row, tenths) for row, tokens in enumerate(corpus) for term, tenths in tokens)
    terms = sorted({term for term, _row, _tenths in occurrences})
    return TextIndex.from_occurrences(
        terms,
        np.array([sum(1 for o in occurrences if o[0] == term) for term in terms]),
        np.array([row for _term, row, _tenths in occurrences]),
        np.array([tenths for _term, _row, tenths in occurrences]),
        position_of=_same,
        size=len(corpus),
        documents=len(corpus),
    )


def _occurs(option: Option, tokens: list[tuple[str, int]]) -> float:
    return (
        sum(w for t, w in tokens if (t.startswith(option.text) if option.prefix else t == option.text)) / 10
    )


def _brute_force(corpus: Corpus, groups, excluded) -> dict[int, float]:
    """Which documents match and their BM25, one document and one option at a time."""
    average = sum(len(tokens) for tokens in corpus) / len(corpus)
    matched = [
        row
        for row, tokens in enumerate(corpus)
        if all(any(_occurs(o, tokens) for term in group for o in term) for group in groups)
        and not any(_occurs(o, tokens) for term in excluded for o in term)
    ]
    scores = dict.fromkeys(matched, 0.0)
    for option in (o for group in groups for term in group for o in term):
        hits = sum(1 for tokens in corpus if _occurs(option, tokens))
        idf = max(math.log((len(corpus) - hits + 0.5) / (hits + 0.5)), 1e-6)
        for row in matched:
            f = _occurs(option, corpus[row])
            norm = K1 * (1 - 0.75 + 0.75 * len(corpus[row]) / average)
            scores[row] += idf * f * (K1 + 1) / (f + norm)
    return scores


_TERMS = st.sampled_from(["hund", "hunde", "hundesteuer", "steuer", "wohngeld", "wohnung", "antrag", "a"])
_TOKENS = st.lists(st.tuples(_TERMS, st.sampled_from([100, 40, 10, 3])), min_size=1, max_size=12)
_OPTION = st.builds(
    Option, st.sampled_from(["hund", "hundesteuer", "wohn", "steuer", "x", "a"]), st.booleans()
)
_TERM = st.lists(_OPTION, min_size=1, max_size=3)


@given(
    corpus=st.lists(_TOKENS, min_size=1, max_size=12),
    groups=st.lists(st.lists(_TERM, min_size=1, max_size=2), max_size=3),
    excluded=st.lists(_TERM, max_size=2),
)
def test_matches_and_scores_are_those_of_the_brute_force_evaluation(corpus, groups, excluded) -> None:
    rows, scores = _index(corpus).search(groups, excluded)
    expected = _brute_force(corpus, groups, excluded)
    assert rows.tolist() == sorted(expected)
    assert scores == pytest.approx([expected[row] for row in rows.tolist()], rel=1e-12, abs=1e-12)


def test_occurrences_of_a_term_in_a_document_are_summed_and_unknown_documents_only_count_for_the_average():
    index = TextIndex.from_occurrences(
        ["hund", "hundesteuer", "wohngeld"],
        np.array([2, 1, 2]),
        np.array([7, 7, 8, 6, 8]),  # solution ids; 6 is not known to the caller
        np.array([100, 10, 40, 10, 10]),
        position_of=lambda ids: ids - 7,
        size=2,
        documents=3,
    )
    assert index.frequency(Option("hund", prefix=False)).tolist() == [110.0, 0.0]  # tenths
    assert index.frequency(Option("hund", prefix=True)).tolist() == [110.0, 40.0]
    assert index.frequency(Option("hun", prefix=False)).tolist() == [0.0, 0.0]
    assert index.frequency(Option("zebra", prefix=True)).tolist() == [0.0, 0.0]
    assert index.frequency(Option("wohngeld", prefix=False)).tolist() == [0.0, 10.0]
    # five tokens in three documents; the second has two of them
    assert index.norm[1] == pytest.approx(K1 * (1 - 0.75 + 0.75 * 2 / (5 / 3)))


def test_without_groups_every_document_without_an_excluded_term_matches_with_score_zero():
    index = _index([[("hund", 10)], [("katze", 10)], [("hundesteuer", 10)]])
    rows, scores = index.search([], [[Option("hund", prefix=True)]])
    assert rows.tolist() == [1]
    assert scores.tolist() == [0.0]


def test_within_leaves_the_matching_to_the_caller_and_only_ranks():
    index = _index([[("hund", 10)], [("katze", 10)], [("hundesteuer", 100)]])
    within = np.array([True, True, False])
    rows, scores = index.search([[[Option("hund", prefix=True)]]], [], within=within)
    assert rows.tolist() == [0, 1]
    assert scores[0] > 0
    assert scores[1] == 0


# --- the catalog's search against the database -------------------------------------------------

_WORDS = [
    "Hundesteuer",
    "Hund",
    "Hunde",
    "Steuer",
    "Wohngeld",
    "Wohngeldantrag",
    "Antrag",
    "Anträge",
    "Bürgerbüro",
    "Burger",
    "Straße",
    "Strasse",
    "Termin",
    "Terminvereinbarung",
    "online",
    "Portal",
    "Kommune",
    "und",
    "der",
    "die",
    "2024",
    "Parken",
    "Parkausweis",
    "Ausweis",
    "Meldebescheinigung",
    "Müllabfuhr",
    "Baugenehmigung",
    "digital",
    "Formular",
]
_QUERIES = [
    "Hundesteuer",
    "hund",
    "Hunde",
    "Steuer",
    "Anträge",
    "Antrag online",
    "Burgerburo",
    "Straße",
    "strasse",
    "Wohngeld OR Parken",
    "Portal -Hundesteuer",
    "-Wohngeld",
    "und",
    "und Hundesteuer",
    "2024",
    "on",
    "a",
    '"Hundesteuer online"',
    '"Wohngeld Antrag" Portal',
    "Parkausw",
    "Zebra",
    "Ausweis -Zebra",
]


@pytest.fixture
def corpus(db) -> None:
    chooser = random.Random(20261127)
    for number in range(30):

        def text(n: int) -> str:
            return " ".join(chooser.choice(_WORDS) for _ in range(n))

        make(f"{text(2)} {number}", short=text(6), long=text(20), features=(text(3),))


@pytest.mark.parametrize("q", _QUERIES)
def test_the_index_matches_as_the_database_and_ranks_as_the_reference(corpus, q: str) -> None:
    parsed = search.parse_query(q)
    snapshot = listing.current.get()
    found = search.matches(search.plan(parsed), snapshot.text_index(), snapshot.position_of)
    mine = {int(snapshot.ids[row]): score for row, score in zip(found.rows, found.scores, strict=True)}
    database = reference.search_rank(Solution.objects.all(), q)
    assert sorted(mine) == sorted(database.values_list("pk", flat=True))
    ranks = reference.bm25_ranks(parsed)
    assert mine == pytest.approx({pk: ranks.get(pk, 0.0) for pk in mine}, rel=1e-9, abs=1e-12)
    if connection.vendor == "sqlite" and parsed.groups and '"' not in q:
        # the formula is FTS5's own: without phrases the scores are those of bm25()
        assert mine == pytest.approx(_fts5_bm25(parsed), rel=1e-9)


def _fts5_bm25(parsed: search.ParsedQuery) -> dict[int, float]:
    weights = ", ".join(str(w) for w in search.BM25_WEIGHTS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, -bm25({search.FTS_TABLE}, {weights}) FROM {search.FTS_TABLE} "  # noqa: S608
            f"WHERE {search.FTS_TABLE} MATCH %s",
            [search.fts5_query(parsed)],
        )
        return dict(cursor.fetchall())


def test_phrases_are_matched_by_the_database_words_by_the_index(corpus) -> None:
    assert search.plan(search.parse_query("Hundesteuer online")).database is None
    assert search.plan(search.parse_query('"Hundesteuer online"')).database is not None


def test_a_query_of_stop_words_only_matches_what_the_database_matches(corpus) -> None:
    """PostgreSQL drops stop words from a query ("und" finds nothing there); FTS5 has none."""
    snapshot = listing.current.get()
    found = search.matches(
        search.plan(search.parse_query("und")), snapshot.text_index(), snapshot.position_of
    )
    assert (len(found.rows) == 0) is (connection.vendor == "postgresql")
