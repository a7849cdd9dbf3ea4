"""German full-text search over the solution catalog, on PostgreSQL and on SQLite.

PostgreSQL: a weighted `tsvector` column `catalog_solution.search_vector` (configuration
`german`; A: name, B: short description and OZG-Leistungen, C: long description, features,
owner, D: components of compound words, see `ikone.catalog.compounds`) with a GIN index.

SQLite: the FTS5 table `catalog_solution_fts(rowid = solution id, name, short, body, parts)`
with `unicode61 remove_diacritics 2` (case and umlauts folded), and `fts5vocab` tables over it.

Both are written by `index_solution` (the catalog services call it in their transaction) and
`rebuild_index`, which also renew the catalog version (`touch`); the migrations
`0002_search_index`, `0005_compound_parts` and `0006_index_in_memory` create them.

The user's query is never passed through as query syntax: it is parsed here into words,
"quoted phrases", `OR` and `-excluded` terms (as in `websearch_to_tsquery`) and rebuilt from
letters and digits only. Every word matches as a prefix ("Wohngeld" finds "Wohngeldantrag");
on SQLite a light German suffix stemmer stands in for the Snowball stemmer of PostgreSQL
("Hunde" finds "Hund" and "Hundesteuer", "Anträge" finds "Antrag"). Components of compounds
make a word findable from inside ("Steuer" finds "Hundesteuer"), ranked below the word itself.

Matching and ranking run in memory (`matches`): each worker reads the database's index into a
`textindex.TextIndex` with its catalog snapshot (`read_index`), so a search costs no statement
unless it has a phrase (or, on SQLite, a word outside a-z, 0-9 and ß; on PostgreSQL, a word the
`german` parser splits), whose matches the database decides. Every match is ranked with BM25
over the weighted columns (SQLite's `bm25()` with the weights 10 / 4 / 1 / 0.3, on both
databases). Query words are stemmed as the database stems them (PostgreSQL: asked once per
term and process). `headline` marks the matches in a window of the text, in Python on both
databases (safe HTML: the text is escaped, then the marks are added). `catalog/tests/reference.py`
states the same search with the database's own matching, the reference the tests hold the
list against.
"""

from __future__ import annotations

import functools
import re
import sys
import threading
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import Q, QuerySet

from ikone.catalog.compounds import compound_parts, compound_text
from ikone.catalog.models import CatalogVersion, Solution
from ikone.catalog.textindex import Option, TextIndex
from ikone.core.lru import LRU

FTS_TABLE = "catalog_solution_fts"
VECTOR_COLUMN = "search_vector"
PG_CONFIG = "german"
# bm25 weights of the FTS5 columns name, short, body, parts (PostgreSQL: weights A, B, C, D).
BM25_WEIGHTS = (10.0, 4.0, 1.0, 0.3)
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_WORD_CHARS = 60
_START, _STOP = "\x01", "\x02"
_BATCH = 1000

# --- query parsing -------------------------------------------------------------------------

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[^\W_]+")
_PARTS = re.compile(r"([^\W_]+)")  # split: separators and words, alternating
# Suffixes stripped by the light stemmer, longest first (applied to folded words).
_SUFFIXES = ("ern", "em", "en", "er", "es", "e", "s", "n")
_MIN_STEM = 4


@dataclass(frozen=True)
class Term:
    """One word, or a phrase of several words that must follow each other."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class ParsedQuery:
    """All groups must match (AND); within a group any term (OR); no excluded term may match."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]

    def __bool__(self) -> bool:
        return bool(self.groups or self.excluded)


def parse_query(q: str) -> ParsedQuery:
    """Parse search input like a web search box: words, "phrases", OR, -excluded. Never fails."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = False
    count = 0
    for match in _TOKEN.finditer(q[:MAX_QUERY_CHARS]):
        negated, phrase, bare = match.group(1) == "-", match.group(2), match.group(3)
        if bare is not None:
            if bare == "OR":
                pending_or = bool(groups)
                continue
            negated = bare.startswith("-") and len(bare) > 1
            phrase = bare[1:] if negated else bare
        words = tuple(w[:MAX_WORD_CHARS] for w in _WORD.findall(phrase or ""))
        if not words:
            continue
        count += 1
        if count > MAX_TERMS:
            break
        term = Term(words)
        if negated:
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    return ParsedQuery(tuple(tuple(g) for g in groups), tuple(excluded))


@functools.lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case without diacritics, as the FTS5 tokenizer `unicode61 remove_diacritics 2` does."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word: str) -> str:
    """A light German stemmer for folded words: strip one inflection suffix, keep ≥ 4 letters."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


# --- SQLite FTS5 -----------------------------------------------------------------------------


def _fts_string(words: Iterable[str]) -> str:
    return '"' + " ".join(words).replace('"', '""') + '"'


def fts5_query(parsed: ParsedQuery) -> str:
    """The FTS5 MATCH expression for a parsed query (only quoted strings, AND, OR, NOT)."""
    positive = " AND ".join("(" + " OR ".join(_fts_term(t) for t in group) + ")" for group in parsed.groups)
    if parsed.excluded:
        negative = " OR ".join(_fts_term(t) for t in parsed.excluded)
        return f"({positive}) NOT ({negative})" if positive else negative
    return positive


FTS_MATCHES = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
# --- headline in Python (SQLite) -------------------------------------------------------------

HEADLINE_WORDS = 30
HEADLINE_CONTEXT = 8


# Words remembered per query before starting afresh, and queries remembered: at most ~256,000
# judged words per worker (a page of 20 headlines has ~1,500 words, ~400 distinct).
_MARKER_WORDS = 4_000
_MARKERS = 64


class _Marker:
    """Which words a query's headlines mark: folded words starting with one of the query's stems
    (or with a compound part that does), and its one-letter words exactly. Every word is judged
    once per query; a text is then checked with set operations."""

    def __init__(self, parsed: ParsedQuery) -> None:
        prefixes: set[str] = set()
        exact: set[str] = set()
        for term in (t for group in parsed.groups for t in group):
            for word in (fold(w) for w in term.words):
                for variant in {word, word.replace("ß", "ss"), word.replace("ss", "ß")}:
                    (prefixes if len(variant) > 1 else exact).add(
                        stem(variant) if len(variant) > 1 else variant
                    )
        self.prefixes, self.exact = tuple(sorted(prefixes)), frozenset(exact)
        self.seen: set[str] = set()
        self.marked: set[str] = set()
        self.frozen: frozenset[str] = frozenset()  # `marked` as handed out
        self.lock = threading.Lock()

    def _marks(self, word: str) -> bool:
        folded = fold(word)
        return (
            folded in self.exact
            or folded.startswith(self.prefixes)
            or any(part.startswith(self.prefixes) for part in compound_parts(folded))
        )

    def marked_in(self, words: list[str]) -> frozenset[str]:
        """The marked words among `words` (as a set of the words to mark)."""
        with self.lock:
            if not self.seen.issuperset(words):
                new = set(words) - self.seen
                if len(self.seen) > _MARKER_WORDS:
                    self.seen.clear()
                    self.marked.clear()
                    self.frozen = frozenset()
                    new = set(words)
                self.seen |= new
                added = {word for word in new if self._marks(word)}
                if added:
                    self.marked |= added
                    self.frozen = frozenset(self.marked)
            return self.frozen


@functools.lru_cache(maxsize=_MARKERS)
def _marker(parsed: ParsedQuery) -> _Marker:
    return _Marker(parsed)


def split_text(text: str) -> list[str]:
    """A text as separators and words, alternating (`_PARTS.split`: separator, word, …, separator),
    the parts interned: kept for many texts, repeated words share their memory."""
    return list(map(sys.intern, _PARTS.split(text)))


def headline(
    parsed: ParsedQuery, short: str, long: str = "", split: Callable[[str], list[str]] = split_text
) -> str:
    """Safe HTML: a window of the text around the first match, matches in <mark>, the rest escaped.
    Splitting the texts into words costs most (~60 ns a character): `split` may remember them."""
    marker = _marker(parsed)
    short_parts = split(short) if short.strip() else None
    if short_parts is not None and (window := _window(short_parts, marker)) is not None:
        return window
    if long.strip() and (window := _window(split(long), marker)) is not None:
        return window
    if short_parts is not None:
        return _window(short_parts, None) or escape(short[:300])
    return _window(split(long), None) or escape(long[:300])


def _window(parts: list[str], marker: _Marker | None) -> str | None:
    """The text around its first marked word (its beginning without a marker) with the marked
    words in <mark>, or None if no word is marked: up to `HEADLINE_CONTEXT` words before it, up to
    `HEADLINE_WORDS` words in all. `parts` is the text split into separators and words
    (`_PARTS.split`: separator, word, separator, …, separator)."""
    words = parts[1::2]
    if not words:
        return None
    marked = marker.marked_in(words) if marker is not None else frozenset()
    if marker is None:
        first = 0
    elif marked.isdisjoint(words):
        return None
    else:
        first = next(i for i, word in enumerate(words) if word in marked)
    start = max(0, first - HEADLINE_CONTEXT)
    end = min(len(words), start + HEADLINE_WORDS)
    cut, more = start > 0, len(words) > end
    out = ["…"] if cut else []
    done = 2 * start + 1 if cut else 0  # parts up to here are in `out`
    for index in range(2 * start + 1, 2 * end, 2):
        if parts[index] in marked:
            out += [escape("".join(parts[done:index])), "<mark>", parts[index], "</mark>"]  # letters, digits
            done = index + 1
    out.append(escape("".join(parts[done : 2 * end if more else 2 * end + 1])))
    if more:
        out.append("…")
    return "".join(out).strip()


# --- PostgreSQL ------------------------------------------------------------------------------


def _ts_term(term: Term) -> str:
    # Words are letters and digits only (see _WORD), so quoting them is safe.
    lexemes = [f"'{w}'" for w in term.words]
    lexemes[-1] = f"'{term.words[-1]}':*"
    return "(" + " <-> ".join(lexemes) + ")" if len(lexemes) > 1 else lexemes[0]


def tsquery_text(parsed: ParsedQuery) -> str:
    """Input for `to_tsquery('german', …)`: every word a prefix, phrases with `<->`."""
    parts = ["(" + " | ".join(_ts_term(t) for t in group) + ")" for group in parsed.groups]
    parts += ["!" + _ts_term(t) for t in parsed.excluded]
    return " & ".join(parts)


TSQUERY = f"to_tsquery('{PG_CONFIG}'::regconfig, %%s)"


# --- matches: the index in memory -------------------------------------------------------------

# Folded words made only of these characters are tokens exactly as FTS5 `unicode61` makes them;
# other words (rare scripts, symbols) are matched by FTS5 itself.
_PLAIN = re.compile(r"[a-z0-9ß]+")
_LEXEME = re.compile(r"'((?:[^']|'')*)'(:\*)?")
_LEXEME_CACHE = 65536


@dataclass(frozen=True)
class Matches:
    """The rows (of the index's numbering) matching a query, ascending, with their scores."""

    rows: np.ndarray
    scores: np.ndarray


def fts5_word_options(word: str) -> list[Option]:
    """A single word in FTS5: each spelling (ß / ss) exactly, and its stem as a prefix."""
    options: list[Option] = []
    for variant in dict.fromkeys([word, word.replace("ß", "ss"), word.replace("ss", "ß")]):
        options.append(Option(variant, prefix=False))  # an exact match counts twice in bm25
        if len(variant) > 1:
            options.append(Option(stem(variant), prefix=True))
    return options


def _fts_term(term: Term) -> str:
    words = [w for w in (fold(w) for w in term.words) if w]
    if not words:
        return '""'
    if len(words) > 1:  # a phrase; its last word may be a prefix
        return _fts_string(words) + ("*" if len(words[-1]) > 1 else "")
    options = [_fts_string([o.text]) + ("*" if o.prefix else "") for o in fts5_word_options(words[0])]
    return "(" + " OR ".join(options) + ")"


@dataclass(frozen=True)
class _Planned:
    """A query term as options of the index; `exact` when the index decides where it matches
    (otherwise the database does: phrases, and words the index can't tokenize as the database)."""

    options: tuple[Option, ...]
    exact: bool


def _sqlite_plan(term: Term) -> _Planned:
    words = [w for w in (fold(w) for w in term.words) if w]
    options = tuple(o for w in words for o in fts5_word_options(w))
    return _Planned(
        options, exact=len(words) == 1 and len(term.words) == 1 and bool(_PLAIN.fullmatch(words[0]))
    )


lexemes: LRU[tuple[Option, ...]] = LRU(max_entries=_LEXEME_CACHE)


def _pg_plans(terms: Iterable[Term]) -> dict[Term, _Planned]:
    """Each term's lexemes as PostgreSQL's `german` configuration makes them (stemmed, stop
    words removed), asked once per process for each term (ASCII case folded, as PostgreSQL does)."""
    keys = {t: Term(tuple(w.lower() if w.isascii() else w for w in t.words)) for t in terms}
    known = {key: lexemes.get(key) for key in set(keys.values())}
    missing = [key for key, found in known.items() if found is None]
    if missing:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {TSQUERY.replace('%%s', 'w')}::text FROM unnest(%s::text[]) WITH ORDINALITY AS u(w, i) "  # noqa: S608
                "ORDER BY i",
                [[_ts_term(key) for key in missing]],
            )
            for key, (text,) in zip(missing, cursor.fetchall(), strict=True):
                found = tuple(
                    Option(lexeme.replace("''", "'"), prefix=bool(star))
                    for lexeme, star in _LEXEME.findall(text)
                )
                lexemes.put(key, found)
                known[key] = found
    return {t: _Planned(known[key] or (), exact=len(known[key] or ()) == 1) for t, key in keys.items()}


@dataclass(frozen=True)
class Plan:
    """A query as the index sees it: for each group the options of its terms (terms without
    options, PostgreSQL's stop words, left out, as PostgreSQL leaves them out), and the query the
    database must match when the index can't decide alone. Equal plans match the same (the key
    of the search cache: "HUNDESTEUER" and "hundesteuer" are one plan)."""

    groups: tuple[tuple[tuple[Option, ...], ...], ...]
    excluded: tuple[tuple[Option, ...], ...]
    database: ParsedQuery | None

    def __bool__(self) -> bool:
        return bool(self.groups or self.excluded)


def plan(parsed: ParsedQuery) -> Plan:
    terms = [t for group in parsed.groups for t in group] + list(parsed.excluded)
    if connection.vendor == "postgresql":
        plans = _pg_plans(terms)
        database = parsed  # the tsquery is built from the words as typed
    else:
        plans = {t: _sqlite_plan(t) for t in terms}
        database = ParsedQuery(  # the FTS5 query only sees folded words
            tuple(tuple(Term(tuple(fold(w) for w in t.words)) for t in group) for group in parsed.groups),
            tuple(Term(tuple(fold(w) for w in t.words)) for t in parsed.excluded),
        )
    groups = tuple(
        group
        for group in (tuple(plans[t].options for t in group if plans[t].options) for group in parsed.groups)
        if group
    )
    excluded = tuple(plans[t].options for t in parsed.excluded if plans[t].options)
    exact = connection.vendor in {"sqlite", "postgresql"} and all(
        p.exact for p in plans.values() if p.options
    )
    return Plan(groups, excluded, None if exact or not (groups or excluded) else database)


def matches(query: Plan, index: TextIndex, position_of: Any) -> Matches:
    """The solutions matching `query`, as rows of `index` (`position_of` maps solution ids to
    them, -1 if unknown), ranked by BM25. A query without options matches nothing."""
    if not query:
        return Matches(_NONE, np.zeros(0))
    within = None
    if query.database is not None:
        rows = position_of(_database_matches(query.database))
        within = np.zeros(index.size, dtype=bool)
        within[rows[rows >= 0]] = True
    rows, scores = index.search(query.groups, query.excluded, within=within)
    return Matches(rows, scores)


_NONE = np.zeros(0, dtype=np.int64)


def _id_array(joined: str | None) -> np.ndarray:
    return np.fromstring(joined or "", dtype=np.int64, sep=",")


def _database_matches(parsed: ParsedQuery) -> np.ndarray:
    """The ids of all solutions matching `parsed`, as the database's full-text search finds them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The planner prefers a sequential scan for broad queries, which reads every tsvector
            # (~200 ms at 20,000 solutions); the GIN index answers them without touching the vectors.
            cursor.execute("SET enable_seqscan = off")
            try:
                cursor.execute(
                    f"SELECT string_agg(id::text, ',') FROM catalog_solution WHERE {VECTOR_COLUMN} @@ "  # noqa: S608
                    f"{TSQUERY.replace('%%', '%')}",
                    [tsquery_text(parsed)],
                )
                return _id_array(cursor.fetchone()[0])
            finally:
                cursor.execute("RESET enable_seqscan")
        if connection.vendor == "sqlite":
            expression = fts5_query(parsed)
            if parsed.groups:
                cursor.execute(
                    FTS_MATCHES.replace("SELECT rowid", "SELECT group_concat(rowid)"), [expression]
                )
            else:  # only exclusions
                cursor.execute(
                    f"SELECT group_concat(id) FROM catalog_solution WHERE id NOT IN ({FTS_MATCHES})",  # noqa: S608
                    [expression],
                )
            return _id_array(cursor.fetchone()[0])
    found = Solution.objects.filter(fallback_condition(parsed)).values_list(
        "pk", flat=True
    )  # pragma: no cover
    return np.array(list(found), dtype=np.int64)  # pragma: no cover


def fallback_condition(parsed: ParsedQuery) -> Q:
    """Substring search without ranking, for databases without a full-text index here."""
    condition = Q()
    for group in parsed.groups:
        alternatives = Q()
        for term in group:
            text = " ".join(term.words)
            alternatives |= (
                Q(name__icontains=text)
                | Q(short_description__icontains=text)
                | Q(long_description__icontains=text)
                | Q(services__name__icontains=text)
                | Q(owner__short_name__icontains=text)
            )
        condition &= alternatives
    return Q(pk__in=Solution.objects.filter(condition).values("pk"))


def _clean(text: str) -> str:
    return text.replace(_START, " ").replace(_STOP, " ")


@dataclass(frozen=True)
class IndexDocument:
    """The indexed text of one solution: name (A), short (B), body (C), compound parts (D)."""

    solution_id: int
    name: str
    short: str
    body: str
    parts: str


def index_document(solution: Solution, service_names: Iterable[str] | None = None) -> IndexDocument:
    if service_names is None:
        service_names = solution.services.order_by("ozg_id").values_list("name", flat=True)
    features = solution.features if isinstance(solution.features, list) else []
    owner = solution.owner
    owner_names = [owner.short_name, owner.name] if owner is not None else []
    short = "\n".join([solution.short_description, *service_names])
    body = "\n".join(
        [solution.long_description, *(str(f) for f in features), *dict.fromkeys(n for n in owner_names if n)]
    )
    name, short, body = _clean(solution.name), _clean(short), _clean(body)
    parts = compound_text(_WORD.findall(f"{name}\n{short}\n{body}"))
    return IndexDocument(solution.pk, name, short, body, parts)


_PG_VECTOR = (
    f"setweight(to_tsvector('{PG_CONFIG}'::regconfig, %s), 'A') || "
    f"setweight(to_tsvector('{PG_CONFIG}'::regconfig, %s), 'B') || "
    f"setweight(to_tsvector('{PG_CONFIG}'::regconfig, %s), 'C') || "
    f"setweight(to_tsvector('{PG_CONFIG}'::regconfig, %s), 'D')"
)


def touch() -> None:
    """Give the catalog a new version token (the index changed; snapshots must be rebuilt)."""
    CatalogVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def _write(documents: list[IndexDocument], *, replace: bool = True) -> None:
    if not documents:
        return
    touch()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                f"UPDATE catalog_solution SET {VECTOR_COLUMN} = {_PG_VECTOR} WHERE id = %s",  # noqa: S608
                [(d.name, d.short, d.body, d.parts, d.solution_id) for d in documents],
            )
        elif connection.vendor == "sqlite":
            if replace:
                cursor.executemany(
                    f"DELETE FROM {FTS_TABLE} WHERE rowid = %s",  # noqa: S608
                    [(d.solution_id,) for d in documents],
                )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, name, short, body, parts) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
                [(d.solution_id, d.name, d.short, d.body, d.parts) for d in documents],
            )


def index_solution(solution: Solution) -> None:
    """Bring the search index up to date for one solution (called by the catalog services)."""
    _write([index_document(solution)])


def remove_solution(solution_id: int) -> None:
    """Drop one solution from the search index (PostgreSQL: the vector goes with the row)."""
    touch()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [solution_id])  # noqa: S608


def _documents(queryset: QuerySet[Solution]) -> Iterator[IndexDocument]:
    from ikone.ozg.models import Service

    through = Solution.services.through
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    names = dict(Service.objects.values_list("pk", "name"))
    fields = [
        "pk",
        "name",
        "short_description",
        "long_description",
        "features",
        "owner__short_name",
        "owner__name",
    ]
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        services: dict[int, list[str]] = {}
        links = through.objects.filter(solution_id__in=chunk).order_by("solution_id", "service__ozg_id")
        for solution_id, service_id in links.values_list("solution_id", "service_id"):
            services.setdefault(solution_id, []).append(names[service_id])
        for solution in Solution.objects.filter(pk__in=chunk).select_related("owner").only(*fields):
            yield index_document(solution, services.get(solution.pk, []))


def rebuild_index(*, advance: Any = None) -> int:
    """Re-index every solution; returns the number indexed. `advance(n)` reports progress."""
    with transaction.atomic():
        count = _rebuild(advance)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")  # noqa: S608
    return count


def _rebuild(advance: Any) -> int:
    touch()
    count = 0
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608
    batch: list[IndexDocument] = []
    for document in _documents(Solution.objects.all()):
        batch.append(document)
        if len(batch) >= _BATCH:
            _write(batch, replace=False)
            count += len(batch)
            if advance:
                advance(len(batch))
            batch = []
    _write(batch, replace=False)
    count += len(batch)
    if advance and batch:
        advance(len(batch))
    return count


# --- the index in memory ------------------------------------------------------------------------

_TENTHS = tuple(round(weight * 10) for weight in BM25_WEIGHTS)  # the weights are multiples of 0.1
_FTS_COLUMNS = ("name", "short", "body", "parts")


def read_index(position_of: Any, size: int) -> TextIndex:
    """The database's full-text index as a `TextIndex` whose rows are `position_of(solution ids)`
    (`size` rows; -1 for ids the caller doesn't know): FTS5 tokens on SQLite, the lexemes of the
    `search_vector` column on PostgreSQL, with their column weights (~1 s at 20,000 solutions)."""
    if connection.vendor == "sqlite":
        return _read_fts5(position_of, size)
    if connection.vendor == "postgresql":
        return _read_tsvectors(position_of, size)
    empty = np.zeros(0, dtype=np.int64)  # pragma: no cover - other databases search with SQL only
    return TextIndex.build(
        [], empty, empty, empty, empty, position_of=position_of, size=size, documents=0
    )  # pragma: no cover


_FTS_INSTANCES = (
    "SELECT group_concat(doc * 4 + CASE col "  # noqa: S608 - constants
    + " ".join(f"WHEN '{column}' THEN {i}" for i, column in enumerate(_FTS_COLUMNS))
    + f" END) FROM {FTS_TABLE}_instances"
)


def _read_fts5(position_of: Any, size: int) -> TextIndex:
    # fts5vocab: the terms in order with their number of occurrences, then every occurrence
    # (document, column) in the same order; one transaction, so both see the same index.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT term, cnt FROM {FTS_TABLE}_terms")  # noqa: S608
        vocabulary = cursor.fetchall()
        cursor.execute(_FTS_INSTANCES)
        coded = _id_array(cursor.fetchone()[0])
        cursor.execute(f"SELECT count(*) FROM {FTS_TABLE}")  # noqa: S608
        documents = int(cursor.fetchone()[0])
    counts = np.array([count for _term, count in vocabulary], dtype=np.int64)
    if int(counts.sum()) != len(coded):  # pragma: no cover - fts5vocab is consistent in a transaction
        raise RuntimeError("FTS5 terms and occurrences disagree")
    return TextIndex.from_occurrences(
        [term for term, _count in vocabulary],
        counts,
        coded >> 2,
        np.array(_TENTHS, dtype=np.int32)[coded & 3],
        position_of=position_of,
        size=size,
        documents=documents,
    )


_PG_POSTINGS = (
    "SELECT l.lexeme, count(*), string_agg(s.id::text, ','), string_agg(array_to_string(l.weights, ''), ',') "  # noqa: S608
    f"FROM catalog_solution s, unnest(s.{VECTOR_COLUMN}) l GROUP BY l.lexeme"
)


def _read_tsvectors(position_of: Any, size: int) -> TextIndex:
    # Per lexeme its solutions and, for each, the weights of its positions ("AAC": two in the
    # name, one in the body; D for the compound parts).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_PG_POSTINGS)
        postings = sorted(cursor.fetchall())
        cursor.execute("SELECT count(*) FROM catalog_solution")
        documents = int(cursor.fetchone()[0])
    ids = _id_array(",".join(row[2] for row in postings))
    letters = np.frombuffer(",".join(row[3] for row in postings).encode("ascii"), dtype=np.uint8)
    posting = np.cumsum(letters == ord(","))  # the posting of each letter
    tenths = np.zeros(len(ids), dtype=np.int64)
    tokens = np.zeros(len(ids), dtype=np.int64)
    for letter, weight in zip("ABCD", _TENTHS, strict=True):
        count = np.bincount(posting[letters == ord(letter)], minlength=len(ids))
        tenths += weight * count
        tokens += count
    return TextIndex.build(
        [row[0] for row in postings],
        np.array([row[1] for row in postings], dtype=np.int64),
        ids,
        tenths,
        tokens,
        position_of=position_of,
        size=size,
        documents=documents,
    )
