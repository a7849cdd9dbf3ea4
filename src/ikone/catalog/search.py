"""German full-text search over the solution catalog, on PostgreSQL and on SQLite.

PostgreSQL: a weighted `tsvector` column `catalog_solution.search_vector` (configuration
`german`; A: name, B: short description and OZG-Leistungen, C: long description, features,
owner, D: components of compound words, see `ikone.catalog.compounds`) with a GIN index, and
`search_head` (A and B only) for ranking broad queries; ranked with `ts_rank_cd`.

SQLite: the FTS5 table `catalog_solution_fts(rowid = solution id, name, short, body, parts)`
with `unicode61 remove_diacritics 2` (case and umlauts folded); ranked with `bm25` (column
weights, negated so that higher is better).

Both are written by `index_solution` (the catalog services call it in their transaction) and
`rebuild_index`, which also renew the catalog version (`touch`); the migrations
`0002_search_index` and `0005_compound_parts` create them.

The user's query is never passed through as query syntax: it is parsed here into words,
"quoted phrases", `OR` and `-excluded` terms (as in `websearch_to_tsquery`) and rebuilt from
letters and digits only. Every word matches as a prefix ("Wohngeld" finds "Wohngeldantrag");
on SQLite a light German suffix stemmer stands in for the Snowball stemmer of PostgreSQL
("Hunde" finds "Hund" and "Hundesteuer", "Anträge" finds "Antrag"). Components of compounds
make a word findable from inside ("Steuer" finds "Hundesteuer"), ranked below the word itself.

`matches` serves lists and facets (`ikone.catalog.listing`): all matching ids, with the
ranking work bounded for broad queries (see `Matches`). `headline` marks the matches in a
window of the text, in Python on both databases (safe HTML: the text is escaped, then the
marks are added). `catalog/tests/reference.py` states the same search as one SQL query per
database, the reference the tests hold the list against.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import uuid
from collections import deque
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import Q, QuerySet

from ikone.catalog.compounds import compound_parts, compound_text
from ikone.catalog.models import CatalogVersion, Solution

FTS_TABLE = "catalog_solution_fts"
VECTOR_COLUMN = "search_vector"
HEAD_COLUMN = "search_head"  # PostgreSQL: name and short description only (A, B), for ranking broad queries
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


def query_key(parsed: ParsedQuery) -> Hashable:
    """The same key for queries that match the same (words folded as the index folds them)."""

    def terms(group: Iterable[Term]) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(fold(w) for w in term.words) for term in group)

    return tuple(terms(group) for group in parsed.groups), terms(parsed.excluded)


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


def _fts_term(term: Term) -> str:
    words = [w for w in (fold(w) for w in term.words) if w]
    if not words:
        return '""'
    if len(words) > 1:  # a phrase; its last word may be a prefix
        return _fts_string(words) + ("*" if len(words[-1]) > 1 else "")
    word = words[0]
    variants = dict.fromkeys([word, word.replace("ß", "ss"), word.replace("ss", "ß")])
    options: list[str] = []
    for variant in variants:
        options.append(_fts_string([variant]))  # an exact match counts twice in bm25
        if len(variant) > 1:
            options.append(_fts_string([stem(variant)]) + "*")
    return "(" + " OR ".join(options) + ")"


def fts5_query(parsed: ParsedQuery) -> str:
    """The FTS5 MATCH expression for a parsed query (only quoted strings, AND, OR, NOT)."""
    positive = " AND ".join("(" + " OR ".join(_fts_term(t) for t in group) + ")" for group in parsed.groups)
    if parsed.excluded:
        negative = " OR ".join(_fts_term(t) for t in parsed.excluded)
        return f"({positive}) NOT ({negative})" if positive else negative
    return positive


FTS_MATCHES = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
WEIGHTS_SQL = ", ".join(str(w) for w in BM25_WEIGHTS)
# --- headline in Python (SQLite) -------------------------------------------------------------

HEADLINE_WORDS = 30
HEADLINE_CONTEXT = 8


@functools.lru_cache(maxsize=256)
def _prefixes(parsed: ParsedQuery) -> tuple[tuple[str, ...], frozenset[str]]:
    """Folded word stems to mark as prefixes, and one-letter words to mark only exactly."""
    prefixes: set[str] = set()
    exact: set[str] = set()
    for term in (t for group in parsed.groups for t in group):
        for word in (fold(w) for w in term.words):
            for variant in {word, word.replace("ß", "ss"), word.replace("ss", "ß")}:
                (prefixes if len(variant) > 1 else exact).add(stem(variant) if len(variant) > 1 else variant)
    return tuple(sorted(prefixes)), frozenset(exact)


@functools.lru_cache(maxsize=65536)
def _marks(token: str, prefixes: tuple[str, ...], exact: frozenset[str]) -> bool:
    """Whether the headline marks `token` (texts repeat their words, so this is memoised)."""
    folded = fold(token)
    return (
        folded in exact
        or folded.startswith(prefixes)
        or any(part.startswith(prefixes) for part in compound_parts(folded))
    )


def headline(parsed: ParsedQuery, short: str, long: str = "") -> str:
    """Safe HTML: a window of the text around the first match, matches in <mark>, the rest escaped."""
    prefixes, exact = _prefixes(parsed)

    def is_match(token: str) -> bool:
        return _marks(token, prefixes, exact)

    for text in [t for t in (short, long) if t.strip()]:
        window = _window(text, is_match)
        if window is not None:
            return window
    text = short if short.strip() else long
    return _window(text, None) or escape(text[:300])


def _window(text: str, is_match: Any) -> str | None:
    """The text around its first match (its beginning if `is_match` is None) with the matches
    marked, or None if nothing matches. Tokenizes only up to the end of the window."""
    before: deque[re.Match[str]] = deque(maxlen=HEADLINE_CONTEXT)
    window: list[re.Match[str]] = []
    skipped = 0
    cut = more = False
    for token in _WORD.finditer(text):
        if window:
            if len(window) >= HEADLINE_WORDS:
                more = True
                break
            window.append(token)
        elif is_match is None or is_match(token.group()):
            cut = skipped > 0
            window = [*before, token]
        else:
            if len(before) == HEADLINE_CONTEXT:
                skipped += 1
            before.append(token)
    if not window:
        return None
    parts = ["…"] if cut else []
    position = window[0].start() if cut else 0
    for token in window:
        if is_match is not None and is_match(token.group()):
            parts += [escape(text[position : token.start()]), "<mark>", escape(token.group()), "</mark>"]
            position = token.end()
    parts.append(escape(text[position : window[-1].end() if more else len(text)]))
    if more:
        parts.append("…")
    return "".join(parts).strip()


# --- PostgreSQL ------------------------------------------------------------------------------


def _ts_term(term: Term, weights: str = "") -> str:
    # Words are letters and digits only (see _WORD), so quoting them is safe.
    lexemes = [f"'{w}'" + (f":{weights}" if weights else "") for w in term.words]
    lexemes[-1] = f"'{term.words[-1]}':*{weights}"
    return "(" + " <-> ".join(lexemes) + ")" if len(lexemes) > 1 else lexemes[0]


def tsquery_text(parsed: ParsedQuery, weights: str = "") -> str:
    """Input for `to_tsquery('german', …)`: every word a prefix, phrases with `<->`; with
    `weights` (e.g. "AB") the words only match lexemes of those weights."""
    parts = ["(" + " | ".join(_ts_term(t, weights) for t in group) + ")" for group in parsed.groups]
    parts += ["!" + _ts_term(t, weights) for t in parsed.excluded]
    return " & ".join(parts)


TSQUERY = f"to_tsquery('{PG_CONFIG}'::regconfig, %%s)"


# --- match sets for lists and facets ----------------------------------------------------------

RANK_LIMIT = 1000


@dataclass(frozen=True)
class Matches:
    """The ids of all solutions matching a query, and relevance scores (higher is better) of the
    ranked ones. Ranking costs per row (bm25 / ts_rank_cd), so it is bounded: all matches are
    ranked when there are at most `RANK_LIMIT`; otherwise only those matching in the name or
    short description (if those are at most `RANK_LIMIT`); otherwise none."""

    ids: np.ndarray
    ranked: np.ndarray  # ids of the ranked matches
    scores: np.ndarray  # their scores, aligned with `ranked`

    @classmethod
    def unranked(cls, ids: np.ndarray) -> Matches:
        return cls(ids, _NONE, np.zeros(0))


_NONE = np.zeros(0, dtype=np.int64)


def _id_array(joined: str | None) -> np.ndarray:
    return np.fromstring(joined or "", dtype=np.int64, sep=",")


def _scored(ids: np.ndarray, sql: str, params: list[Any]) -> Matches:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return Matches.unranked(ids)
    ranked, scores = zip(*rows, strict=True)
    return Matches(ids, np.array(ranked, dtype=np.int64), np.array(scores, dtype=float))


def _joined_ids(sql: str, params: list[Any]) -> np.ndarray:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _id_array(cursor.fetchone()[0])


def _count(sql: str, params: list[Any]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])


_FTS_SCORED = f"SELECT rowid, -bm25({FTS_TABLE}, {WEIGHTS_SQL}) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
_FTS_COUNT = f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608


def _sqlite_matches(parsed: ParsedQuery, limit: int) -> Matches:
    expression = fts5_query(parsed)
    if not parsed.groups:  # only exclusions
        ids = _joined_ids(
            f"SELECT group_concat(id) FROM catalog_solution WHERE id NOT IN ({FTS_MATCHES})",  # noqa: S608
            [expression],
        )
        return Matches.unranked(ids)
    ids = _joined_ids(FTS_MATCHES.replace("SELECT rowid", "SELECT group_concat(rowid)"), [expression])
    if len(ids) <= limit:
        return _scored(ids, _FTS_SCORED, [expression])
    head = f"{{name short}} : ({expression})"
    if _count(_FTS_COUNT, [head]) <= limit:
        return _scored(ids, _FTS_SCORED, [head])
    return Matches.unranked(ids)


def _pg_matches(parsed: ParsedQuery, limit: int) -> Matches:
    text = tsquery_text(parsed)
    tsquery = TSQUERY.replace("%%", "%")
    with connection.cursor() as cursor:
        # The planner prefers a sequential scan for broad queries, which reads every tsvector
        # (~200 ms at 20,000 solutions); the GIN index answers them without touching the vectors.
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute(
                f"SELECT string_agg(id::text, ',') FROM catalog_solution WHERE {VECTOR_COLUMN} @@ {tsquery}",  # noqa: S608
                [text],
            )
            ids = _id_array(cursor.fetchone()[0])
            if len(ids) > limit:
                cursor.execute(
                    f"SELECT count(*) FROM catalog_solution WHERE {HEAD_COLUMN} @@ {tsquery}",  # noqa: S608
                    [text],
                )
                if int(cursor.fetchone()[0]) > limit:
                    return Matches.unranked(ids)
        finally:
            cursor.execute("RESET enable_seqscan")
    column = VECTOR_COLUMN if len(ids) <= limit else HEAD_COLUMN
    scored = (
        f"SELECT id, ts_rank_cd({column}, {tsquery}) FROM catalog_solution "  # noqa: S608
        f"WHERE {column} @@ {tsquery}"
    )
    return _scored(ids, scored, [text, text])


def matches(q: str, *, limit: int = RANK_LIMIT) -> Matches:
    """All solutions (of any visibility) matching `q`, with bounded ranking work (see Matches)."""
    parsed = parse_query(q)
    if not parsed:
        return Matches.unranked(_NONE)
    if connection.vendor == "postgresql":
        return _pg_matches(parsed, limit)
    if connection.vendor == "sqlite":
        return _sqlite_matches(parsed, limit)
    found = Solution.objects.filter(fallback_condition(parsed)).values_list(
        "pk", flat=True
    )  # pragma: no cover
    return Matches.unranked(np.array(list(found), dtype=np.int64))  # pragma: no cover


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


_PG_HEAD = (
    f"setweight(to_tsvector('{PG_CONFIG}'::regconfig, %s), 'A') || "
    f"setweight(to_tsvector('{PG_CONFIG}'::regconfig, %s), 'B')"
)
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
                f"UPDATE catalog_solution SET {VECTOR_COLUMN} = {_PG_VECTOR}, "  # noqa: S608
                f"{HEAD_COLUMN} = {_PG_HEAD} WHERE id = %s",
                [(d.name, d.short, d.body, d.parts, d.name, d.short, d.solution_id) for d in documents],
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
