"""Lists and facet counts of the solution catalog from an in-memory snapshot per worker.

Building a list page with the ORM and the API schemas cost ~20 ms at 20,000 solutions (SQL for
the count and page, per-row model and pydantic objects), and counting facets with SQL 0.1–0.6 s.
Instead each worker keeps a snapshot of the catalog, rebuilt when the catalog version changes
(`CatalogVersion.token`, renewed whenever the search index changes, plus the latest update and
id of a solution, and the latest transferability score); a request then costs one small
version query (on PostgreSQL a prepared statement) and no other:

- solutions are numbered by their position in (name, id) order; every filter, the visibility
  and the search result are boolean arrays over these positions (numpy);
- facet values are (position, value code) pairs sorted by code: a selected value's positions are
  one slice, and the counts of all facets one pass (`ikone.catalog.facetcount`);
- each solution's list entry is kept as ready JSON, so a page is a join of 20 strings;
- the full-text index is read with the snapshot (`ikone.catalog.search.read_index`), and the
  descriptions are kept for the highlights (~10 MB at 20,000 solutions).

Facets are disjunctive: each facet counts the solutions that pass every *other* active filter.

At national scale (100,000 solutions) the snapshot costs ~570 MiB per worker and seconds of
rebuild in every worker after each write; `CATALOG_SEARCH_BACKEND` ("memory", "postgres",
"auto") then switches the entry points below (`page_json`, `solution_page`, `facet_counts`) to
`ikone.catalog.pgsearch`, which asks PostgreSQL for every page and keeps nothing per worker.
"""

from __future__ import annotations

import json
import threading
import time
from array import array
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from django.conf import settings
from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator as DjangoPaginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Q

from ikone.accounts import policy
from ikone.catalog import pgsearch
from ikone.catalog.choices import TagKind
from ikone.catalog.facetcache import STAMP as _VERSION
from ikone.catalog.facetcache import STAMP_SQL as _VERSION_SQL
from ikone.catalog.facetcount import FacetCounter
from ikone.catalog.facets import FACET_NAMES, STATIC_LABELS, FacetValue, used_by_bucket
from ikone.catalog.models import Solution, SolutionTag
from ikone.catalog.search import headline, matches, parse_query, plan, read_index, split_text
from ikone.catalog.selectors import LIST_DEFERRED
from ikone.catalog.textindex import TextIndex
from ikone.core import replicas
from ikone.core.lru import LRU
from ikone.core.memory import settle
from ikone.organizations.models import Network, Organization
from ikone.transferability.bands import BAND_LABELS, band

FACET_LIMIT = 20
# Per worker: matches of a broad query take ~100 KB; headlines are kept for the first pages seen
# (at most ~60 × 0.5 KB a query), so the cache stays below ~25 MB.
SEARCH_CACHE_BYTES = 8 * 1024 * 1024
SEARCH_CACHE_ENTRIES = 512
HEADLINES_PER_QUERY = 60
SPLIT_CACHE_BYTES = 4 * 1024 * 1024
MAX_PAGE = 100_000  # a page number beyond every catalog; larger ones show the last page
_LEVEL_GEMEINDE = "gemeinde"
_NO_PAIRS = np.zeros(0, dtype=np.int64)


@dataclass
class Found:
    """A query's matches in snapshot positions with their scores, and the headlines made so far
    (a query is asked again for its next page, another facet, another sort order, and by other
    people: only what depends on them is computed per request)."""

    positions: np.ndarray
    scores: np.ndarray  # aligned with `positions`
    headlines: dict[int, str] = field(default_factory=dict)  # solution id -> safe HTML

    @property
    def size(self) -> int:
        return self.positions.nbytes + self.scores.nbytes

    def by_relevance(self, selected: np.ndarray, needed: int) -> np.ndarray:
        """The selected matches by score, then name (position): at least the first `needed`.
        Only the best `needed` are sorted (a page rarely needs more than a few dozen)."""
        chosen = selected[self.positions]
        positions, scores = self.positions[chosen], self.scores[chosen]
        if needed <= 0:
            return positions[:0]
        if needed < len(scores):
            cut = np.partition(scores, len(scores) - needed)[len(scores) - needed]
            best = scores >= cut  # the `needed` best and all tied with the last of them
            positions, scores = positions[best], scores[best]
        return positions[np.lexsort((positions, -scores))]


def _search_cache() -> LRU[Found]:
    """The `Found` of recent queries of one snapshot (so never older than the catalog), least
    recently used first out, at most `SEARCH_CACHE_BYTES` of matches in `SEARCH_CACHE_ENTRIES`."""
    return LRU(
        max_entries=SEARCH_CACHE_ENTRIES,
        max_bytes=SEARCH_CACHE_BYTES,
        size=lambda found: found.size,
        name="catalog-search",
    )


def _split_cache() -> LRU[list[str]]:
    """Descriptions split into words for headlines (`search.split_text`), by text: the best
    matches of many queries are the same few thousand solutions. A kept split costs a pointer a
    part (the parts are interned), at most `SPLIT_CACHE_BYTES`."""
    return LRU(max_bytes=SPLIT_CACHE_BYTES, size=lambda parts: 8 * len(parts) + 64)


@dataclass
class Snapshot:
    version: Any
    ids: np.ndarray  # solution id at each position, positions in (name, id) order
    position: np.ndarray  # solution id -> position, -1 for unknown ids
    by_updated: np.ndarray  # positions in (-updated_at, id) order
    public: np.ndarray
    network_only: np.ndarray
    owner: np.ndarray  # owner id, 0 for none
    shared_pos: np.ndarray  # (position, network id) pairs: where a solution is shared
    shared_network: np.ndarray
    entry_pos: np.ndarray  # (position, value code) pairs of all facets, sorted by code
    entry_code: np.ndarray
    counter: FacetCounter = field(default_factory=lambda: FacetCounter(_NO_PAIRS, _NO_PAIRS, 0, 0))
    facet_codes: dict[str, range] = field(default_factory=dict)  # facet -> its code range
    code_facet: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # code -> facet index
    code_of: dict[tuple[str, str], int] = field(default_factory=dict)
    values: list[str] = field(default_factory=list)  # code -> value
    labels: list[str] = field(default_factory=list)  # code -> label
    facet_json: list[str] = field(default_factory=list)  # code -> '{"value":…,"label":…,"count":'
    rows: list[str] = field(default_factory=list)  # position -> list entry as JSON without "}"
    texts: list[tuple[str, str]] = field(default_factory=list)  # position -> short, long description
    label_rank: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # code -> label order
    by_transferability: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # score desc
    searches: LRU[Found] = field(default_factory=_search_cache)
    split_texts: LRU[list[str]] = field(default_factory=_split_cache)
    _index: TextIndex | None = None
    _index_lock: threading.Lock = field(default_factory=threading.Lock)

    def text_index(self) -> TextIndex:
        """The full-text index over the snapshot's positions, read when first searched."""
        with self._index_lock:
            if self._index is None:
                self._index = read_index(self.position_of, len(self.ids))
                settle()  # frees the build's temporaries (~100 MB at 20,000 solutions), freezes the index
            return self._index

    def split(self, text: str) -> list[str]:
        parts = self.split_texts.get(text)
        if parts is None:
            parts = split_text(text)
            self.split_texts.put(text, parts)
        return parts

    def positions(self, ids: np.ndarray) -> np.ndarray:
        found = self.position_of(ids)
        return found[found >= 0]

    def position_of(self, ids: np.ndarray) -> np.ndarray:
        """Position of each id, -1 where the snapshot doesn't know it."""
        result = np.full(len(ids), -1, dtype=np.int64)
        known = (ids >= 0) & (ids < len(self.position))
        result[known] = self.position[ids[known]]
        return result

    def mask(self, positions: np.ndarray) -> np.ndarray:
        result = np.zeros(len(self.ids), dtype=bool)
        result[positions] = True
        return result

    def value_mask(self, facet: str, value: str) -> np.ndarray:
        code = self.code_of.get((facet, value))
        if code is None:
            return np.zeros(len(self.ids), dtype=bool)
        low, high = np.searchsorted(self.entry_code, [code, code + 1])
        return self.mask(self.entry_pos[low:high])


class _Coder:
    """Collects (value code, position) pairs; a value gets its code and label when first seen."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.codes = array("q")  # compact: ~250,000 pairs at 20,000 solutions
        self.positions = array("q")

    def add(self, facet: str, pos: int, value: str, label: Any = None) -> None:
        key = (facet, value)
        code = self.snapshot.code_of.get(key)
        if code is None:
            code = self.snapshot.code_of[key] = len(self.snapshot.values)
            self.snapshot.values.append(value)
            self.snapshot.labels.append(str(label if label is not None else value))
        self.codes.append(code)
        self.positions.append(pos)

    def finish(self) -> None:
        codes = np.frombuffer(self.codes, dtype=np.int64)
        positions = np.frombuffer(self.positions, dtype=np.int64)
        pairs = np.sort(codes * (len(self.snapshot.ids) + 1) + positions)
        pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs
        self.snapshot.entry_code, self.snapshot.entry_pos = np.divmod(pairs, len(self.snapshot.ids) + 1)
        self.snapshot.counter = FacetCounter(
            self.snapshot.entry_pos,
            self.snapshot.entry_code,
            len(self.snapshot.ids),
            len(self.snapshot.values),
        )
        labels = self.snapshot.labels
        self.snapshot.facet_json = [
            f'{{"value":{_ENCODE(value)},"label":{_ENCODE(label)},"count":'
            for value, label in zip(self.snapshot.values, labels, strict=True)
        ]
        self.snapshot.label_rank = np.argsort(np.argsort(np.array(labels, dtype=object), kind="stable"))
        # codes are handed out facet after facet (see build), so each facet is a contiguous range
        facets = [facet for facet, _value in self.snapshot.code_of]
        for name in FACET_NAMES:
            found = [code for code, facet in enumerate(facets) if facet == name]
            self.snapshot.facet_codes[name] = range(found[0], found[-1] + 1) if found else range(0)
        self.snapshot.code_facet = np.array([FACET_NAMES.index(facet) for facet in facets], dtype=np.int64)


_COLUMNS = (
    "pk",
    "slug",
    "name",
    "url",
    "short_description",
    "license",
    "development_status",
    "software_type",
    "maintenance_type",
    "visibility",
    "is_demo",
    "updated_at",
    "used_by_count",
    "owner_id",
    "owner__level",
    "owner__ags",
    "owner__slug",
    "owner__short_name",
    "owner__land_key",
    "transferability_score__score",
    "long_description",
)


def build() -> Snapshot:
    """Read the whole catalog into a snapshot (~1–2 s at 20,000 solutions); withdrawn solutions
    (gone at the source they were harvested from) are left out of lists, facets and search."""
    records = list(
        Solution.objects.filter(withdrawn_at__isnull=True).order_by("name", "id").values_list(*_COLUMNS)
    )
    count = len(records)
    ids = np.array([r[0] for r in records], dtype=np.int64)
    position = np.full(int(ids.max()) + 1 if count else 0, -1, dtype=np.int64)
    position[ids] = np.arange(count)
    updated = np.array([r[11].timestamp() for r in records], dtype=float)
    snapshot = Snapshot(
        version=None,
        ids=ids,
        position=position,
        by_updated=np.lexsort((ids, -updated)),
        public=np.array([r[9] == "public" for r in records], dtype=bool),
        network_only=np.array([r[9] == "network" for r in records], dtype=bool),
        owner=np.array([r[13] or 0 for r in records], dtype=np.int64),
        shared_pos=np.zeros(0, dtype=np.int64),
        shared_network=np.zeros(0, dtype=np.int64),
        entry_pos=np.zeros(0, dtype=np.int64),
        entry_code=np.zeros(0, dtype=np.int64),
    )
    snapshot.rows = [_row(r) for r in records]
    snapshot.texts = [(r[4], r[20]) for r in records]
    transferability = np.array([-1 if r[19] is None else r[19] for r in records], dtype=np.int64)
    snapshot.by_transferability = np.lexsort((np.arange(count), -transferability))
    pos_of = {int(pk): p for p, pk in enumerate(ids)}
    coder = _Coder(snapshot)
    _add_facts(coder, records, pos_of)
    coder.finish()
    shared = [
        (pos_of[solution_id], network_id)
        for solution_id, network_id in Solution.networks.through.objects.values_list(
            "solution_id", "network_id"
        )
        if solution_id in pos_of
    ]
    snapshot.shared_pos = np.array([p for p, _n in shared], dtype=np.int64)
    snapshot.shared_network = np.array([n for _p, n in shared], dtype=np.int64)
    return snapshot


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_DATETIME = DjangoJSONEncoder().default


def _row(record: tuple[Any, ...]) -> str:
    """A solution's list entry (`SolutionOut` without rank and headline) as JSON without the "}"."""
    _pk, slug, name, url, short, license_, status, software, maintenance, visibility, is_demo, updated = (
        record[:12]
    )
    owner_id, level, ags, owner_slug, owner_name = record[13:18]
    owner = {"key": ags if level == _LEVEL_GEMEINDE else owner_slug, "name": owner_name} if owner_id else None
    entry = {
        "slug": slug,
        "name": name,
        "url": url,
        "short_description": short,
        "license": license_,
        "development_status": status,
        "software_type": software,
        "maintenance_type": maintenance,
        "owner": owner,
        "visibility": visibility,
        "is_demo": is_demo,
        "updated_at": _DATETIME(updated),
    }
    return _ENCODE(entry)[:-1]


def _add_facts(coder: _Coder, records: list[tuple[Any, ...]], pos_of: dict[int, int]) -> None:
    """Every facet value of every solution, facet after facet (in FACET_NAMES order)."""
    land_names = dict(Organization.objects.filter(level="land").values_list("land_key", "short_name"))
    services: list[tuple[int, int, str, str, str]] = [
        (pos_of[solution_id], ozg_id, service_name, slug, themenfeld)
        for solution_id, ozg_id, service_name, slug, themenfeld in Solution.services.through.objects.values_list(
            "solution_id",
            "service__ozg_id",
            "service__name",
            "service__themenfeld__slug",
            "service__themenfeld__name",
        )
        if solution_id in pos_of
    ]
    tags: dict[str, list[tuple[int, str]]] = {TagKind.PLATFORM.value: [], TagKind.CATEGORY.value: []}
    for solution_id, kind, value in SolutionTag.objects.values_list("solution_id", "kind", "value"):
        if solution_id in pos_of and kind in tags:
            tags[kind].append((pos_of[solution_id], value))
    columns = {"license": 5, "development_status": 6, "software_type": 7, "maintenance_type": 8}
    for name in FACET_NAMES:
        if name == "themenfeld":
            for pos, _ozg_id, _service, slug, themenfeld in services:
                coder.add(name, pos, slug, themenfeld)
        elif name == "service":
            for pos, ozg_id, service, _slug, _themenfeld in services:
                coder.add(name, pos, str(ozg_id), service)
        elif name in columns:
            labels = STATIC_LABELS.get(name, {})
            for pos, record in enumerate(records):
                if value := record[columns[name]]:
                    coder.add(name, pos, value, labels.get(value))
        elif name in {"platform", "category"}:
            for pos, value in tags[name]:
                coder.add(name, pos, value)
        elif name == "land":
            for pos, record in enumerate(records):
                if land := record[18]:
                    coder.add(name, pos, land, land_names.get(land, land))
        elif name == "network":
            networks = Solution.networks.through.objects.values_list(
                "solution_id", "network__slug", "network__short_name", "network__name"
            )
            for solution_id, slug, short_name, network_name in networks:
                if solution_id in pos_of:
                    coder.add(name, pos_of[solution_id], slug, short_name or network_name)
        elif name == "used_by":
            for pos, record in enumerate(records):
                bucket = used_by_bucket(record[12])
                coder.add(name, pos, bucket)
        elif name == "transferability":
            for pos, record in enumerate(records):
                if record[19] is not None:
                    coder.add(name, pos, band(record[19]), BAND_LABELS[band(record[19])])


class _Current:
    """The snapshot of this process, rebuilt when the catalog version changes."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.snapshot: Snapshot | None = None

    def get(self) -> Snapshot:
        replicas.follow_primary()  # the version and everything read for it: the primary's
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                _VERSION.execute(cursor)
            else:
                cursor.execute(_VERSION_SQL)
            version = (connection.alias, connection.settings_dict["NAME"], *cursor.fetchone())
        with self.lock:
            if self.snapshot is None or self.snapshot.version != version:
                self.snapshot = None  # let the old one go before building the new one
                self.snapshot = build()
                settle()
                self.snapshot.version = version
            return self.snapshot


current = _Current()


# --- a page of results -------------------------------------------------------------------------


def visible(snapshot: Snapshot, user: Any) -> np.ndarray:
    """The visibility rule of `SolutionQuerySet.visible_to` over the snapshot."""
    if policy.is_platform_admin(user):
        return np.ones(len(snapshot.ids), dtype=bool)
    result = snapshot.public.copy()
    orgs = policy.organization_ids(user)
    if orgs:
        result |= np.isin(snapshot.owner, list(orgs))
        networks = list(
            Network.objects.filter(memberships__organization_id__in=orgs).values_list("pk", flat=True)
        )
        shared = snapshot.mask(snapshot.shared_pos[np.isin(snapshot.shared_network, networks)])
        result |= snapshot.network_only & shared
    return result


def _owner_mask(snapshot: Snapshot, owner: str) -> np.ndarray:
    owners = list(Organization.objects.filter(Q(slug=owner) | Q(ags=owner)).values_list("pk", flat=True))
    return np.isin(snapshot.owner, owners)


@dataclass
class Page:
    count: int
    positions: list[int]
    ranks: list[float] | None  # relevance of each listed solution, when searching
    facets: dict[str, list[FacetCount]]
    q: str | None
    headlines: dict[int, str] = field(default_factory=dict)  # by solution id, shared with the query's Found


FacetCount = tuple[int, int, bool]  # value code, count, selected


def _facets(
    snapshot: Snapshot, base: np.ndarray, filters: dict[str, np.ndarray], active: dict[str, str]
) -> dict[str, list[FacetCount]]:
    every = base.copy()
    for mask in filters.values():
        every &= mask
    totals = snapshot.counter.count(every)
    for name in filters:
        others = base.copy()
        for other, mask in filters.items():
            if other != name:
                others &= mask
        codes = snapshot.facet_codes[name]
        totals[codes.start : codes.stop] = snapshot.counter.count(others)[codes.start : codes.stop]
    # each facet's values by count, then label (all facets in one sort, facet by facet); the most
    # frequent values and the selected one wherever it ranks
    found = np.flatnonzero(totals)
    order = found[np.lexsort((snapshot.label_rank[found], -totals[found], snapshot.code_facet[found]))]
    bounds = np.searchsorted(snapshot.code_facet[order], np.arange(len(FACET_NAMES) + 1)).tolist()
    codes, counts = order.tolist(), totals[order].tolist()
    result = {}
    for index, name in enumerate(FACET_NAMES):
        low, high = bounds[index], min(bounds[index + 1], bounds[index] + FACET_LIMIT)
        selected = snapshot.code_of.get((name, active[name])) if name in active else None
        result[name] = [
            (code, count, code == selected)
            for code, count in zip(codes[low:high], counts[low:high], strict=True)
        ]
        if selected is not None and totals[selected] and selected not in codes[low:high]:
            result[name].append((selected, int(totals[selected]), True))
    return result


def facet_values(snapshot: Snapshot, result: Page) -> dict[str, list[FacetValue]]:
    return {
        name: [
            FacetValue(snapshot.values[code], snapshot.labels[code], count, chosen)
            for code, count, chosen in counts
        ]
        for name, counts in result.facets.items()
    }


def page(
    *, user: Any, filters: Any, offset: int = 0, limit: int = 20, facets: bool = True
) -> tuple[Snapshot, Page]:
    """One page of visible solutions matching `filters` (a `selectors.SolutionFilter`), ordered
    as `catalog/tests/reference.py` states it in SQL, with the facet counts."""
    snapshot = current.get()
    base = visible(snapshot, user)
    score = np.zeros(len(snapshot.ids))  # by position, when searching
    found: Found | None = None
    if filters.q:
        found = _found(snapshot, filters.q)
        base &= snapshot.mask(found.positions)
        score[found.positions] = found.scores
    if filters.owner:
        base &= _owner_mask(snapshot, filters.owner)
    active = {name: str(value) for name, value in filters.active().items() if name in FACET_NAMES}
    masks = {name: snapshot.value_mask(name, value) for name, value in active.items()}
    selected = base.copy()
    for mask in masks.values():
        selected &= mask
    chosen = np.flatnonzero(selected)
    if filters.sort == "updated":
        ordered = snapshot.by_updated[selected[snapshot.by_updated]]
    elif filters.sort == "transferability":
        ordered = snapshot.by_transferability[selected[snapshot.by_transferability]]
    elif found is not None and filters.sort == "relevance":
        ordered = found.by_relevance(selected, offset + limit)
    else:
        ordered = chosen
    positions = ordered[offset : offset + limit]
    result = Page(
        count=len(chosen),
        positions=positions.tolist(),
        ranks=score[positions].tolist() if filters.q else None,
        facets=_facets(snapshot, base, masks, active) if facets else {},
        q=filters.q,
        headlines=found.headlines if found is not None else {},
    )
    return snapshot, result


def _found(snapshot: Snapshot, q: str) -> Found:
    query = plan(parse_query(q))
    found = snapshot.searches.get(query)
    if found is None:
        matched = matches(query, snapshot.text_index(), snapshot.position_of)
        found = Found(matched.rows, matched.scores)
        snapshot.searches.put(query, found)
    return found


def headlines(snapshot: Snapshot, result: Page) -> dict[int, str]:
    """Highlighted text (safe HTML) of the page's solutions, by id; made once per query and kept
    with its matches (see `Found`)."""
    if not result.q:
        return {}
    highlights = result.headlines
    missing = [(int(snapshot.ids[p]), p) for p in result.positions if int(snapshot.ids[p]) not in highlights]
    if missing:
        parsed = parse_query(result.q)
        made = {pk: headline(parsed, *snapshot.texts[p], split=snapshot.split) for pk, p in missing}
        if len(highlights) + len(made) <= HEADLINES_PER_QUERY:
            highlights.update(made)
        else:
            highlights = {**highlights, **made}
    return highlights


def page_json(snapshot: Snapshot, result: Page) -> str:
    """The API's `SolutionPageOut` as JSON, from the snapshot's ready list entries."""
    encode = _ENCODE
    highlights = headlines(snapshot, result)
    items = []
    for index, pos in enumerate(result.positions):
        if result.ranks is not None:
            marked = highlights.get(int(snapshot.ids[pos]), "")
            extra = f',"rank":{encode(result.ranks[index])},"headline":{encode(marked)}}}'
        else:
            extra = ',"rank":null,"headline":null}'
        items.append(snapshot.rows[pos] + extra)
    head = snapshot.facet_json
    facets = ",".join(
        encode(name)
        + ":["
        + ",".join(
            f'{head[code]}{count},"selected":{"true" if chosen else "false"}}}'
            for code, count, chosen in counts
        )
        + "]"
        for name, counts in result.facets.items()
    )
    return f'{{"count":{result.count},"items":[{",".join(items)}],"facets":{{{facets}}}}}'


# --- which backend ------------------------------------------------------------------------------

BACKENDS = ("memory", "postgres", "auto")
AUTO_RECHECK_SECONDS = 60.0


class _Auto:
    """`auto`: the catalog's size, asked at most once a minute per worker."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.checked: tuple[Any, float, bool] | None = None  # database, when, large

    def large(self) -> bool:
        key = (connection.alias, connection.settings_dict["NAME"])
        now = time.monotonic()
        with self.lock:
            if (
                self.checked is not None
                and self.checked[0] == key
                and now - self.checked[1] < AUTO_RECHECK_SECONDS
            ):
                return self.checked[2]
        limit = settings.CATALOG_MEMORY_INDEX_LIMIT
        large = Solution.objects.filter(withdrawn_at__isnull=True)[: limit + 1].count() > limit
        with self.lock:
            self.checked = (key, now, large)
        return large


_auto = _Auto()


def search_backend() -> str:
    """ "memory" or "postgres", from `CATALOG_SEARCH_BACKEND`: "postgres" needs PostgreSQL (on other
    databases the memory path serves); "auto" chooses "postgres" on PostgreSQL when the catalog
    has more than `CATALOG_MEMORY_INDEX_LIMIT` solutions (not withdrawn)."""
    chosen = getattr(settings, "CATALOG_SEARCH_BACKEND", "memory")
    if chosen not in {"postgres", "auto"} or connection.vendor != "postgresql":
        return "memory"
    if chosen == "postgres" or _auto.large():
        return "postgres"
    return "memory"


def list_json(*, user: Any, filters: Any, offset: int = 0, limit: int = 20) -> str:
    """The API's `SolutionPageOut` as JSON, from the configured backend."""
    if search_backend() == "postgres":
        return _pg_json(pgsearch.page(user=user, filters=filters, offset=offset, limit=limit))
    snapshot, result = page(user=user, filters=filters, offset=offset, limit=limit)
    return page_json(snapshot, result)


def _pg_json(result: pgsearch.Result) -> str:
    encode = _ENCODE
    rows = {r[0]: r for r in Solution.objects.filter(pk__in=result.ids).values_list(*_COLUMNS)}
    highlights = pgsearch.headlines(result)
    items = []
    for index, pk in enumerate(result.ids):
        if pk not in rows:
            continue
        if result.ranks is not None:
            extra = f',"rank":{encode(result.ranks[index])},"headline":{encode(highlights.get(pk, ""))}}}'
        else:
            extra = ',"rank":null,"headline":null}'
        items.append(_row(rows[pk]) + extra)
    facets = ",".join(
        encode(name)
        + ":["
        + ",".join(
            encode({"value": v.value, "label": v.label, "count": v.count, "selected": v.selected})
            for v in values
        )
        + "]"
        for name, values in result.facets.items()
    )
    return f'{{"count":{result.count},"items":[{",".join(items)}],"facets":{{{facets}}}}}'


def _pg_solution_page(
    *, user: Any, filters: Any, wanted: int, per_page: int
) -> tuple[DjangoPage[Solution], dict[str, list[FacetValue]]]:
    result = pgsearch.page(user=user, filters=filters, offset=(wanted - 1) * per_page, limit=per_page)
    paginator: DjangoPaginator[Any] = DjangoPaginator(range(result.count), per_page)  # numbers only
    shown = paginator.get_page(wanted)
    if shown.number != wanted:  # past the last page: show the last one, facets as computed
        again = pgsearch.page(
            user=user, filters=filters, offset=(shown.number - 1) * per_page, limit=per_page, facets=False
        )
        result = replace(again, facets=result.facets)
    marked = pgsearch.headlines(result)
    solutions: list[Any] = pgsearch.ordered_solutions(result)
    for solution in solutions:
        solution.headline = marked.get(solution.pk, "")
    shown.object_list = solutions
    return shown, result.facets


def solution_page(
    *, user: Any, filters: Any, number: Any, per_page: int = 20
) -> tuple[DjangoPage[Solution], dict[str, list[FacetValue]]]:
    """One page of the catalog list for the web UI (same order, counts and facets as the API):
    a Django page of `Solution` objects with `headline` set when searching, and the facets."""
    try:
        wanted = min(max(1, int(number)), MAX_PAGE)
    except (TypeError, ValueError):
        wanted = 1
    if search_backend() == "postgres":
        return _pg_solution_page(user=user, filters=filters, wanted=wanted, per_page=per_page)
    snapshot, result = page(user=user, filters=filters, offset=(wanted - 1) * per_page, limit=per_page)
    paginator: DjangoPaginator[Any] = DjangoPaginator(range(result.count), per_page)  # numbers only
    shown = paginator.get_page(wanted)
    if shown.number != wanted:  # past the last page: show the last one, facets as computed
        snapshot, again = page(
            user=user, filters=filters, offset=(shown.number - 1) * per_page, limit=per_page, facets=False
        )
        result = replace(again, facets=result.facets)
    ids = [int(snapshot.ids[p]) for p in result.positions]
    marked = headlines(snapshot, result)
    solutions = Solution.objects.select_related("owner").defer(*LIST_DEFERRED).in_bulk(ids)
    shown.object_list = [solutions[pk] for pk in ids if pk in solutions]
    for solution in shown.object_list:
        solution.headline = marked.get(solution.pk, "")
    return shown, facet_values(snapshot, result)


def facet_counts(*, user: Any, filters: Any) -> dict[str, list[FacetValue]]:
    if search_backend() == "postgres":
        return pgsearch.page(user=user, filters=filters, limit=0).facets
    snapshot, result = page(user=user, filters=filters, limit=0)
    return facet_values(snapshot, result)
