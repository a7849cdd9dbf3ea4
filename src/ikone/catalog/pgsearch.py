"""The catalog list and search in PostgreSQL itself: no snapshot or index per worker.

The search backend for large catalogs (`CATALOG_SEARCH_BACKEND = "postgres"`, or `"auto"` above
`CATALOG_MEMORY_INDEX_LIMIT` solutions; see `ikone.catalog.listing.search_backend`). Every
request asks the database, so a write is seen by the next search in every worker, without a
rebuild, and a worker keeps no copy of the catalog.

The same rules as the in-memory path (`ikone.catalog.listing`):

- visible solutions only (`SolutionQuerySet.visible_to`), withdrawn ones left out;
- the query is parsed by `search.parse_query` (words, "phrases", OR, -excluded) and matched as
  `search_vector @@ to_tsquery('german', …)` with every word a prefix (`search.tsquery_text`),
  the query the in-memory index is held against on PostgreSQL: the same solutions match
  (`websearch_to_tsquery` would lose the prefixes: "Wohngeld" would no longer find
  "Wohngeldantrag");
- the rank is `ts_rank_cd` over the weighted vector with the weights of the in-memory BM25
  (name 10, short description and OZG-Leistungen 4, body 1, compound parts 0.3, scaled to 1) plus
  a name boost of 1 when the name or short name matches the query word for word (the generated
  `name_vector`, configuration `simple`, migration 0008);
- filters and orderings as in `listing.page`; facets are disjunctive (each facet counts the
  solutions passing every *other* active filter), counted with SQL aggregates, at most
  `listing.FACET_LIMIT` values each by count then label, plus the selected one;
- headlines are made in Python with `search.headline` for the solutions of the page only.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, FloatField, Func, Q, QuerySet
from django.db.models.expressions import Col, RawSQL
from django.db.models.functions import Coalesce

from ikone.catalog import facetcache
from ikone.catalog.choices import TagKind
from ikone.catalog.facets import FACET_NAMES, STATIC_LABELS, FacetValue, used_by_bucket
from ikone.catalog.models import Solution, SolutionTag
from ikone.catalog.search import PG_CONFIG, VECTOR_COLUMN, ParsedQuery, headline, parse_query, tsquery_text
from ikone.catalog.selectors import LIST_DEFERRED, USED_BY_BUCKETS
from ikone.core import replicas
from ikone.organizations.models import Organization
from ikone.transferability.bands import BAND_LABELS, BANDS, band

FACET_LIMIT = 20
# Up to this many matches, tags are counted per matching solution through the index, beyond it
# with one scan of all tags of the kind (the page without a search word: 0.25 s instead of 0.32 s).
TAGS_PER_SOLUTION_UP_TO = 20_000
NAME_VECTOR = "name_vector"
NAME_BOOST = 1.0
# ts_rank_cd's weights {D, C, B, A}: the in-memory BM25 weights 0.3 / 1 / 4 / 10, divided by 10.
RANK_WEIGHTS = "{0.03,0.1,0.4,1.0}"
_MATCH = f"<t>.\"{VECTOR_COLUMN}\" @@ to_tsquery('{PG_CONFIG}'::regconfig, %s)"
_RANK = (
    f"ts_rank_cd('{RANK_WEIGHTS}'::float4[], <t>.\"{VECTOR_COLUMN}\", to_tsquery('{PG_CONFIG}'::regconfig, %s))"
    f" + CASE WHEN <t>.\"{NAME_VECTOR}\" @@ to_tsquery('simple'::regconfig, %s) THEN {NAME_BOOST} ELSE 0 END"
)


class _OnSolution(Func):
    """SQL over the columns of the solution table (`<t>`: the table under whatever alias the
    query gives it, also inside subqueries), with bound parameters."""

    def __init__(self, sql: str, params: list[Any], output_field: Any) -> None:
        super().__init__(F("pk"), output_field=output_field)
        self.sql, self.params = sql, params

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra_context: Any) -> Any:
        column = self.get_source_expressions()[0]
        if not isinstance(column, Col):  # pragma: no cover - pk always resolves to a column
            raise TypeError("needs the solution table")
        return self.sql.replace("<t>", compiler.quote_name_unless_alias(column.alias)), list(self.params)


@dataclass
class Result:
    """One page: the solutions' ids in order, their ranks (when searching), the number of all
    matching solutions, the facets and the parsed query (for headlines)."""

    count: int
    ids: list[int]
    ranks: list[float] | None
    facets: dict[str, list[FacetValue]]
    parsed: ParsedQuery | None


def _conditions(filters: Any) -> dict[str, Q]:
    """The condition of each active filter (except `q`), as `listing.page` applies it."""
    low, high = BANDS.get(filters.transferability or "", (1, 0))
    conditions = {
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
        "transferability": Q(transferability_score__score__gte=low, transferability_score__score__lte=high),
    }
    return {name: conditions[name] for name in filters.active() if name != "q"}


def _restrict(
    queryset: QuerySet[Solution], conditions: dict[str, Q], skip: str | None = None
) -> QuerySet[Solution]:
    for name, condition in conditions.items():
        if name == skip:
            continue
        if name in {"themenfeld", "service", "platform", "category", "network"}:  # many-valued: no duplicates
            queryset = queryset.filter(pk__in=Solution.objects.filter(condition).values("pk"))
        else:
            queryset = queryset.filter(condition)
    return queryset


def base(*, user: Any, parsed: ParsedQuery | None) -> QuerySet[Solution]:
    """Visible, not withdrawn, and matching the query when there is one."""
    queryset = Solution.objects.visible_to(user).filter(withdrawn_at__isnull=True)
    if parsed is None:
        return queryset
    if not parsed:  # nothing searchable in the input: nothing matches, as in memory
        return queryset.none()
    text = tsquery_text(parsed)
    return queryset.alias(matched=_OnSolution(_MATCH, [text], BooleanField())).filter(matched=True)


def page(*, user: Any, filters: Any, offset: int = 0, limit: int = 20, facets: bool = True) -> Result:
    replicas.follow_primary()  # ids and facets come from raw SQL on the primary; so do their rows
    parsed = parse_query(filters.q) if filters.q else None
    found = base(user=user, parsed=parsed)
    conditions = _conditions(filters)
    selected = _restrict(found, conditions)
    ordered: QuerySet[Solution]
    if parsed and filters.sort == "relevance":
        text = tsquery_text(parsed)
        ordered = selected.annotate(rank=_OnSolution(_RANK, [text, text], FloatField())).order_by(
            "-rank", "name", "id"
        )
    elif filters.sort == "updated":
        ordered = selected.order_by("-updated_at", "id")
    elif filters.sort == "transferability":
        ordered = selected.annotate(transferability=Coalesce("transferability_score__score", -1)).order_by(
            "-transferability", "name", "id"
        )
    else:
        ordered = selected.order_by("name", "id")
    counted_facets: dict[str, list[FacetValue]] = {}
    if facets:
        count, counted_facets = _cached_facet_counts(user, parsed, found, conditions, filters)
    else:
        count = selected.count()
    rows: list[tuple[int, float]] = []
    if limit > 0 and offset < count:
        window = ordered[offset : offset + limit]
        if parsed:
            ranked: Any = window
            if filters.sort != "relevance":
                text = tsquery_text(parsed)
                ranked = window.annotate(rank=_OnSolution(_RANK, [text, text], FloatField()))
            rows = [(pk, float(rank)) for pk, rank in ranked.values_list("pk", "rank")]
        else:
            rows = [(pk, 0.0) for pk in window.values_list("pk", flat=True)]
    return Result(
        count=count,
        ids=[pk for pk, _rank in rows],
        ranks=[rank for _pk, rank in rows] if parsed is not None else None,
        facets=counted_facets,
        parsed=parsed,
    )


def _cached_facet_counts(
    user: Any, parsed: ParsedQuery | None, found: QuerySet[Solution], conditions: dict[str, Q], filters: Any
) -> facetcache.Counted:
    """`facet_counts`, from the shared cache where the user's visibility allows it."""
    visible = facetcache.scope(user)
    if visible is None:
        return facet_counts(found, conditions, filters)
    query = None if parsed is None else (tsquery_text(parsed) if parsed else "")
    chosen = {name: str(value) for name, value in filters.active().items() if name != "q"}
    return facetcache.counted(
        facetcache.key(visible=visible, query=query, filters=chosen),
        lambda: facet_counts(found, conditions, filters),
    )


def headlines(result: Result) -> dict[int, str]:
    """Highlighted text (safe HTML) of the page's solutions, by id."""
    if result.parsed is None or not result.ids:
        return {}
    texts = Solution.objects.filter(pk__in=result.ids).values_list(
        "pk", "short_description", "long_description"
    )
    return {pk: headline(result.parsed, short, long) for pk, short, long in texts}


# --- facets -------------------------------------------------------------------------------------

Counted = dict[str, tuple[str, int]]  # value -> (label, count)


def _through_counts(model: Any, ids: Any, value: str, label: str, **where: Any) -> Counted:
    rows = (
        model.objects.filter(solution_id__in=ids, **where)
        .values_list(value, label)
        .annotate(n=Count("solution_id", distinct=True))
        .order_by()
    )
    return {str(found): (str(named), count) for found, named, count in rows}


@dataclass(frozen=True)
class _Selection:
    """The rows of the temporary table of `facet_counts` that pass `where`."""

    table: str
    where: str
    rows: int  # in the table

    def ids(self) -> RawSQL:
        return RawSQL(f"SELECT id FROM {self.table} WHERE {self.where}", [])  # noqa: S608, S611 - names made here

    def by(self, column: str) -> list[tuple[Any, int]]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {column}, count(*) FROM {self.table} WHERE {self.where} GROUP BY {column}"  # noqa: S608
            )
            return cursor.fetchall()

    def tags(self, kind: str) -> Counted:
        """Tag values of `kind` counted over the selection, each solution's tags read through the
        (solution, kind, value) index (`OFFSET 0` keeps the planner from hashing every tag of
        the kind instead: 200,000 rows at 100,000 solutions, 2–3 × slower for a few thousand
        matches). `count(*)` counts solutions: a solution has each value of a kind once."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT t.value, count(*) FROM {self.table} m, LATERAL (SELECT value FROM "  # noqa: S608
                f"{SolutionTag._meta.db_table} WHERE solution_id = m.id AND kind = %s OFFSET 0) t "
                f"WHERE {self.where} GROUP BY t.value",
                [kind],
            )
            return {str(value): (str(value), count) for value, count in cursor.fetchall()}


# Columns copied into the temporary table: (name there, lookup from the solution).
_COLUMNS = (
    ("license", "license"),
    ("development_status", "development_status"),
    ("software_type", "software_type"),
    ("maintenance_type", "maintenance_type"),
    ("used_by_count", "used_by_count"),
    ("land", "owner__land_key"),
    ("score", "transferability_score__score"),
)


def _column_counts(selection: _Selection, column: str, label: Callable[[Any], str]) -> Counted:
    counts: Counter[str] = Counter()
    for found, count in selection.by(column):
        if found is not None and found != "":
            counts[label(found)] += count
    return {found: (found, count) for found, count in counts.items()}


def _labelled(counts: Counted, labels: dict[str, Any]) -> Counted:
    return {value: (str(labels.get(value, value)), count) for value, (_label, count) in counts.items()}


def _count_facet(name: str, selection: _Selection) -> Counted:
    ids = selection.ids()
    through_services = Solution.services.through
    if name == "themenfeld":
        return _through_counts(
            through_services, ids, "service__themenfeld__slug", "service__themenfeld__name"
        )
    if name == "service":
        return _through_counts(through_services, ids, "service__ozg_id", "service__name")
    if name in {"platform", "category"}:
        if selection.rows <= TAGS_PER_SOLUTION_UP_TO:
            return selection.tags(name)
        return _through_counts(SolutionTag, ids, "value", "value", kind=name)
    if name == "network":
        counted = _through_counts(Solution.networks.through, ids, "network__slug", "network__short_name")
        if any(not label for label, _count in counted.values()):  # no short name: the name
            names = dict(
                Solution.networks.through.objects.filter(network__slug__in=list(counted))
                .values_list("network__slug", "network__name")
                .distinct()
            )
            counted = {
                slug: (label or names.get(slug, slug), count) for slug, (label, count) in counted.items()
            }
        return counted
    if name == "land":
        lands = dict(Organization.objects.filter(level="land").values_list("land_key", "short_name"))
        return _labelled(_column_counts(selection, "land", str), lands)
    if name == "used_by":
        return _column_counts(selection, "used_by_count", used_by_bucket)
    if name == "transferability":
        return _labelled(_column_counts(selection, "score", band), BAND_LABELS)
    return _labelled(_column_counts(selection, name, str), STATIC_LABELS.get(name, {}))


def facet_counts(
    found: QuerySet[Solution], conditions: dict[str, Q], filters: Any
) -> tuple[int, dict[str, list[FacetValue]]]:
    """The number of solutions passing every filter, and each facet's values with their counts
    over `found` under every *other* active filter.

    The visible matches are selected once, into a temporary table with one flag per active facet
    filter; each facet then counts over that table (a full-text match over 100,000 solutions
    costs about a second, a scan of the table milliseconds)."""
    active = {name: str(value) for name, value in filters.active().items() if name in FACET_NAMES}
    found = _restrict(found, {name: c for name, c in conditions.items() if name not in active})
    flags = {
        f"f_{name}": ExpressionWrapper(
            Q(pk__in=Solution.objects.filter(conditions[name]).values("pk")), output_field=BooleanField()
        )
        for name in active
    }
    copied = {f"c_{name}": F(lookup) for name, lookup in _COLUMNS}
    try:
        sql, params = found.annotate(**copied, **flags).values("pk", *copied, *flags).query.sql_with_params()
    except EmptyResultSet:  # nothing can match (e.g. a query without searchable words)
        return 0, {name: [] for name in FACET_NAMES}
    table = f"ikone_facets_{uuid.uuid4().hex}"

    def where(skip: str | None) -> str:
        return " AND ".join(f"f_{name}" for name in active if name != skip) or "TRUE"

    result: dict[str, list[FacetValue]] = {}
    with replicas.scratch(), transaction.atomic(), connection.cursor() as cursor:
        types = ("text", "text", "text", "text", "integer", "text", "integer")
        columns = "".join(f", {name} {kind}" for (name, _lookup), kind in zip(_COLUMNS, types, strict=True))
        columns += "".join(f", {flag} boolean" for flag in flags)
        names = ", ".join(["id", *(name for name, _lookup in _COLUMNS), *flags])
        cursor.execute(f"CREATE TEMPORARY TABLE {table} (id bigint{columns}) ON COMMIT DROP")
        cursor.execute(f"INSERT INTO {table} ({names}) {sql}", params)
        rows = cursor.rowcount
        cursor.execute(f"ANALYZE {table}")
        cursor.execute(f"SELECT count(*) FROM {table} WHERE {where(None)}")  # noqa: S608 - names made here
        count = int(cursor.fetchone()[0])
        for name in FACET_NAMES:
            counted = _count_facet(name, _Selection(table, where(name), rows))
            ranked = sorted(counted.items(), key=lambda item: (-item[1][1], item[1][0]))
            chosen = active.get(name)
            values = [
                FacetValue(value, label, number, value == chosen)
                for value, (label, number) in ranked[:FACET_LIMIT]
            ]
            if chosen is not None and chosen in counted and all(v.value != chosen for v in values):
                label, number = counted[chosen]
                values.append(FacetValue(chosen, label, number, True))
            result[name] = values
        cursor.execute(f"DROP TABLE {table}")
    return count, result


def ordered_solutions(result: Result) -> list[Solution]:
    """The page's solutions (list columns) in the page's order."""
    found = Solution.objects.select_related("owner").defer(*LIST_DEFERRED).in_bulk(result.ids)
    return [found[pk] for pk in result.ids if pk in found]
