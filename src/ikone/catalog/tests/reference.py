"""The catalog list as one SQL query (ORM): the reference the list snapshot is checked against.

Production pages (API and web) come from `ikone.catalog.listing`: a per-worker snapshot, the
full-text index in memory (`search.matches`, `textindex`), headlines in Python. This module
states the same rules as plain QuerySets — every filter a subquery, the matches decided by the
database's full-text search (FTS5 MATCH, `@@ to_tsquery`), headlines by the database on
PostgreSQL (`ts_headline`), and the BM25 rank computed document by document from the tokens the
database indexed (`bm25_ranks`; `test_textindex` holds it against SQLite's own `bm25()`) — so
that `test_listing` can compare order, counts and facets, and `test_search` can state the
search semantics independently of the snapshot.
"""

# ruff: noqa: S608 - SQL assembled from constants; the user's input is always a bound parameter
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, Func, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import Col, RawSQL
from django.db.models.functions import Coalesce

from ikone.catalog.choices import TagKind
from ikone.catalog.models import Solution
from ikone.catalog.search import (
    BM25_WEIGHTS,
    FTS_MATCHES,
    FTS_TABLE,
    PG_CONFIG,
    TSQUERY,
    VECTOR_COLUMN,
    ParsedQuery,
    fallback_condition,
    fold,
    fts5_query,
    fts5_word_options,
    headline,
    parse_query,
    tsquery_text,
)
from ikone.catalog.selectors import LIST_DEFERRED, USED_BY_BUCKETS, SolutionFilter, solution_base

_SEPARATOR = "\x03"

PG_HEADLINE_OPTIONS = (
    'StartSel="\x01", StopSel="\x02", MaxWords=30, MinWords=12, ShortWord=2, '
    'MaxFragments=2, FragmentDelimiter=" … "'
)


def _escape_sql(value: str, chr_function: str) -> str:
    """SQL that HTML-escapes `value` and then turns the control-character markers into <mark>."""
    for old, new in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")):
        value = f"replace({value}, '{old.replace(chr(39), chr(39) * 2)}', '{new}')"
    value = f"replace({value}, {chr_function}(1), '<mark>')"
    return f"replace({value}, {chr_function}(2), '</mark>')"


class _Sql(Func):
    """A Func whose template has `%%s` placeholders for fixed parameters before/after its expressions."""

    def __init__(
        self,
        *expressions: Any,
        template: str,
        output_field: Any,
        before: Iterable[Any] = (),
        after: Iterable[Any] = (),
    ) -> None:
        super().__init__(*expressions, template=template, output_field=output_field)
        self.params_before, self.params_after = list(before), list(after)

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> Any:
        sql, params = super().as_sql(compiler, connection, function, template, arg_joiner, **extra_context)
        return sql, [*self.params_before, *params, *self.params_after]


class _HeadlineField(TextField):
    """Turns the selected text into a headline in Python, only for the rows actually fetched.

    (FTS5's `snippet()` would run for every match before ORDER BY/LIMIT: ~30 µs a row, 250 ms
    for a query that matches 9,000 solutions.)"""

    def __init__(self, parsed: ParsedQuery) -> None:
        super().__init__()
        self.parsed = parsed

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        short, _sep, long = (value or "").partition(_SEPARATOR)
        return headline(self.parsed, short, long)


def _python_headline(parsed: ParsedQuery) -> Func:
    return Func(
        F("short_description"),
        Value(_SEPARATOR),
        F("long_description"),
        arg_joiner=" || ",
        template="(%(expressions)s)",
        output_field=_HeadlineField(parsed),
    )


def _sqlite_search(queryset: QuerySet[Solution], parsed: ParsedQuery) -> QuerySet[Solution]:
    match = fts5_query(parsed)
    matching_ids = RawSQL(FTS_MATCHES, [match])  # noqa: S611 - the user's input is a bound parameter
    if not parsed.groups:
        return queryset.exclude(pk__in=matching_ids).annotate(
            rank=Value(0.0, output_field=FloatField()), headline=_python_headline(parsed)
        )
    return queryset.filter(pk__in=matching_ids).annotate(
        rank=_rank(parsed), headline=_python_headline(parsed)
    )


class _SearchVector(Func):
    """The `search_vector` column of the solution table, under whatever alias the query uses."""

    output_field = TextField()

    def __init__(self) -> None:
        super().__init__(F("pk"))

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra_context: Any) -> Any:
        column = self.get_source_expressions()[0]
        if not isinstance(column, Col):  # pragma: no cover - pk always resolves to a column
            raise TypeError("search vector needs the solution table")
        return (
            f"{compiler.quote_name_unless_alias(column.alias)}.{connection.ops.quote_name(VECTOR_COLUMN)}",
            [],
        )


_PG_HEADLINE_SOURCE = (
    "replace(replace(coalesce(%(expressions)s, ''), chr(1), ''), chr(2), '')"  # short || ' ' || long
)


def _pg_search(queryset: QuerySet[Solution], parsed: ParsedQuery) -> QuerySet[Solution]:
    text = tsquery_text(parsed)
    matches = _Sql(
        _SearchVector(), template=f"%(expressions)s @@ {TSQUERY}", output_field=BooleanField(), after=[text]
    )
    source = Func(
        F("short_description"),
        Value(" "),
        F("long_description"),
        arg_joiner=" || ",
        template=_PG_HEADLINE_SOURCE,
        output_field=TextField(),
    )
    headline = _Sql(
        source,
        template=_escape_sql(
            f"ts_headline('{PG_CONFIG}'::regconfig, %(expressions)s, {TSQUERY}, %%s)", "chr"
        ),
        output_field=TextField(),
        after=[text, PG_HEADLINE_OPTIONS],
    )
    return queryset.filter(matches).annotate(rank=_rank(parsed), headline=headline)


# --- BM25, one document at a time ---------------------------------------------------------------

K1, B = 1.2, 0.75
_FTS_WEIGHTS = dict(zip(("name", "short", "body", "parts"), BM25_WEIGHTS, strict=True))
_PG_WEIGHTS = dict(zip("ABCD", BM25_WEIGHTS, strict=True))


def indexed_tokens() -> tuple[dict[int, list[tuple[str, float]]], int]:
    """Each solution's tokens as the database indexed them, with the weight of their column, and
    the number of documents in the index."""
    tokens: dict[int, list[tuple[str, float]]] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT doc, term, col FROM {FTS_TABLE}_instances")
            for doc, term, column in cursor.fetchall():
                tokens.setdefault(doc, []).append((term, _FTS_WEIGHTS[column]))
            cursor.execute(f"SELECT count(*) FROM {FTS_TABLE}")
        else:
            cursor.execute(
                f"SELECT s.id, l.lexeme, l.weights FROM catalog_solution s, unnest(s.{VECTOR_COLUMN}) l"
            )
            for doc, lexeme, weights in cursor.fetchall():
                tokens.setdefault(doc, []).extend((lexeme, _PG_WEIGHTS[w]) for w in weights)
            cursor.execute("SELECT count(*) FROM catalog_solution")
        return tokens, int(cursor.fetchone()[0])


def _options(parsed: ParsedQuery) -> list[tuple[str, bool]]:
    """(text, is prefix) of every word of every term the query asks for, in query order."""
    terms = [term for group in parsed.groups for term in group]
    if connection.vendor == "sqlite":
        return [
            (option.text, option.prefix)
            for term in terms
            for word in term.words
            if fold(word)
            for option in fts5_word_options(fold(word))
        ]
    options: list[tuple[str, bool]] = []
    with connection.cursor() as cursor:
        for term in terms:
            cursor.execute(
                f"SELECT {TSQUERY.replace('%%', '%')}::text", [tsquery_text(ParsedQuery(((term,),), ()))]
            )
            found = re.findall(r"'((?:[^']|'')*)'(:\*)?", cursor.fetchone()[0])
            options += [(lexeme.replace("''", "'"), bool(star)) for lexeme, star in found]
    return options


def bm25_ranks(parsed: ParsedQuery) -> dict[int, float]:
    """BM25 of every indexed solution for the words of `parsed` (FTS5's formula: k1 1.2, b 0.75,
    frequency = sum of the column weights of the occurrences, length = all tokens)."""
    tokens, documents = indexed_tokens()
    average = sum(len(t) for t in tokens.values()) / documents if documents else 0.0
    ranks = dict.fromkeys(tokens, 0.0)
    for text, prefix in _options(parsed):
        frequency = {
            doc: sum(weight for token, weight in found if token.startswith(text) if prefix or token == text)
            for doc, found in tokens.items()
        }
        hits = sum(1 for f in frequency.values() if f)
        idf = max(math.log((documents - hits + 0.5) / (hits + 0.5)), 1e-6)
        for doc, f in frequency.items():
            ranks[doc] += (
                idf * f * (K1 + 1) / (f + K1 * (1 - B + B * len(tokens[doc]) / average)) if f else 0.0
            )
    return ranks


def _rank(parsed: ParsedQuery) -> Case:
    ranks = bm25_ranks(parsed)
    return Case(
        *(When(pk=doc, then=Value(rank)) for doc, rank in ranks.items()),
        default=Value(0.0),
        output_field=FloatField(),
    )


# --- public interface ------------------------------------------------------------------------


def search_rank(queryset: QuerySet[Solution], q: str) -> QuerySet[Solution]:
    """Solutions of `queryset` matching `q`, annotated with `rank` (higher is better) and
    `headline` (safe HTML with <mark>). Still a QuerySet: filters, facets and slicing compose."""
    parsed = parse_query(q)
    if not parsed:
        return queryset.none().annotate(
            rank=Value(0.0, output_field=FloatField()), headline=Value("", output_field=TextField())
        )
    vendor = connection.vendor
    if vendor == "postgresql":
        return _pg_search(queryset, parsed)
    if vendor == "sqlite":
        return _sqlite_search(queryset, parsed)
    return _fallback_search(queryset, parsed)  # pragma: no cover - other databases


def _fallback_search(queryset: QuerySet[Solution], parsed: ParsedQuery) -> QuerySet[Solution]:
    return queryset.filter(fallback_condition(parsed)).annotate(
        rank=Value(1.0, output_field=FloatField()), headline=_python_headline(parsed)
    )


def _filtered(
    queryset: QuerySet[Solution], filters: SolutionFilter, skip: str | None = None
) -> QuerySet[Solution]:
    """Apply every filter except `skip` (so a facet counts against the other filters)."""
    conditions: dict[str, Q] = {
        "themenfeld": Q(services__themenfeld__slug=filters.themenfeld),
        "service": Q(services__ozg_id=filters.service),
        "license": Q(license=filters.license),
        "development_status": Q(development_status=filters.development_status),
        "software_type": Q(software_type=filters.software_type),
        "platform": Q(tags__kind=TagKind.PLATFORM, tags__value=filters.platform),
        "category": Q(tags__kind=TagKind.CATEGORY, tags__value=filters.category),
        "maintenance_type": Q(maintenance_type=filters.maintenance_type),
        "land": Q(owner__land_key=filters.land),
        "network": Q(networks__slug=filters.network),
        "owner": Q(owner__slug=filters.owner) | Q(owner__ags=filters.owner),
        "used_by": USED_BY_BUCKETS.get(filters.used_by or "", Q(pk__in=[])),
        "transferability": Q(transferability_score__band=filters.transferability),
    }
    for name in filters.active():
        if name in {"q", skip}:
            continue
        queryset = queryset.filter(pk__in=Solution.objects.filter(conditions[name]).values("pk"))
    return queryset


def solution_search(*, user: Any, filters: SolutionFilter) -> QuerySet[Solution]:
    """Visible solutions matching the filters; with `q` ranked by full-text relevance."""
    queryset = _filtered(solution_base(user=user), filters)
    if filters.q:
        queryset = search_rank(queryset, filters.q)
        order = ["-rank", "name", "id"] if filters.sort == "relevance" else None
    else:
        order = None
    if order is None and filters.sort == "transferability":  # unscored solutions last
        queryset = queryset.annotate(transferability=Coalesce("transferability_score__score", -1))
        order = ["-transferability", "name", "id"]
    if order is None:
        order = ["-updated_at", "id"] if filters.sort == "updated" else ["name", "id"]
    return queryset.select_related("owner").defer(*LIST_DEFERRED).order_by(*order)


# --- headline, stated plainly --------------------------------------------------------------

_HEADLINE_WORD = re.compile(r"[^\W_]+")


def headline_marks(parsed: ParsedQuery, word: str) -> bool:
    """The marking rule: the folded word (or one of its compound parts) starts with the stem of
    a query word (in either ß / ss spelling); one-letter query words mark only themselves."""
    from ikone.catalog.compounds import compound_parts
    from ikone.catalog.search import stem

    folded = fold(word)
    for term in (t for group in parsed.groups for t in group):
        for query_word in (fold(w) for w in term.words):
            for variant in {query_word, query_word.replace("ß", "ss"), query_word.replace("ss", "ß")}:
                if len(variant) <= 1:
                    if folded == variant:
                        return True
                elif any(p.startswith(stem(variant)) for p in (folded, *compound_parts(folded))):
                    return True
    return False


def plain_headline(parsed: ParsedQuery, short: str, long: str = "") -> str:
    """`search.headline` without its memos: the first text with a marked word shows the window
    around it (8 words before, 30 in all, "…" where text is cut), else the short description's
    beginning; the text is HTML-escaped, marked words wrapped in <mark>."""
    from html import escape

    def window(text: str, marking: bool) -> str | None:
        tokens = list(_HEADLINE_WORD.finditer(text))
        marked = [marking and headline_marks(parsed, t.group()) for t in tokens]
        if not tokens or (marking and not any(marked)):
            return None
        first = marked.index(True) if marking else 0
        start = max(0, first - 8)
        shown = range(start, min(len(tokens), start + 30))
        more = shown[-1] < len(tokens) - 1
        end = tokens[shown[-1]].end() if more else len(text)
        html, position = [], tokens[start].start() if start > 0 else 0
        for i in shown:
            if marked[i]:
                html += [
                    escape(text[position : tokens[i].start()]),
                    "<mark>",
                    escape(tokens[i].group()),
                    "</mark>",
                ]
                position = tokens[i].end()
        html.append(escape(text[position:end]))
        return (("…" if start > 0 else "") + "".join(html) + ("…" if more else "")).strip()

    for text in (short, long):
        if text.strip() and (found := window(text, True)) is not None:
            return found
    text = short if short.strip() else long
    return window(text, False) or escape(text[:300])
