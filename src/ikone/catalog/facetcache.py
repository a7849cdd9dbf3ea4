"""Match counts and facet counts of catalog searches, shared by every worker (PostgreSQL search
backend, `ikone.catalog.pgsearch`).

Counting the facets of a search is most of the work of a search page (at 100,000 solutions
≈ 0.1–0.5 s for a search, seconds for the page without a search word), and the result depends
only on the matching solutions, the filters and the catalog's data. An entry is stored in the
database (`FacetCacheEntry`), so one worker's work serves every other worker and host:

- the key is the search (its tsquery, so "Hundesteuer" and " Hundesteuer  " share an entry), the
  active filters except the order, the language of the labels and the visibility scope;
- an entry is valid for one *stamp*: the catalog's version as the in-memory backend checks it
  (`CatalogVersion.token`, renewed by every write to the search index, plus the latest update and
  id of a solution and the latest transferability score). A write makes every entry stale at
  once, in every worker; stale entries are deleted by the next miss;
- only the two scopes that depend on the catalog alone are cached: public solutions (visitors and
  people without an organisation) and everything (platform admins). What members of an
  organisation see also depends on network memberships, which the stamp does not follow; their
  facets are counted for each request;
- a miss takes a transaction-level advisory lock on the key, so after a write concurrent requests
  for the same search wait for one count instead of each counting again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.utils.translation import get_language

from ikone.accounts import policy
from ikone.catalog.facets import FacetValue
from ikone.catalog.models import FacetCacheEntry
from ikone.core import replicas
from ikone.core.prepared import PreparedStatement

STAMP_SQL = (
    "SELECT (SELECT token FROM catalog_catalogversion WHERE id = 1), "
    "(SELECT max(updated_at) FROM catalog_solution), (SELECT max(id) FROM catalog_solution), "
    "(SELECT max(computed_at) FROM transferability_transferabilityscore)"
)
MAX_ENTRIES = 10_000  # per stamp; the oldest go first

Counted = tuple[int, dict[str, list[FacetValue]]]

STAMP = PreparedStatement("ikone_catalog_version", STAMP_SQL)  # also the in-memory snapshot's version


def scope(user: Any) -> str | None:
    """ "all" (platform admins), "public" (no organisation) or None (not cached)."""
    if policy.is_platform_admin(user):
        return "all"
    if not policy.organization_ids(user):
        return "public"
    return None


def stamp() -> str:
    """The catalog's current stamp."""
    with connection.cursor() as cursor:
        STAMP.execute(cursor)
        return json.dumps(cursor.fetchone(), default=str)


def key(*, visible: str, query: str | None, filters: dict[str, str]) -> str:
    """The entry's key: a digest of the scope, the search (tsquery text, None without one), the
    filters (name → value) and the language of the labels."""
    text = json.dumps([visible, query, sorted(filters.items()), get_language()], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _read(found: str, current: str) -> Counted | None:
    row = FacetCacheEntry.objects.filter(key=found, stamp=current).values_list("count", "facets").first()
    if row is None:
        return None
    count, facets = row
    return count, {name: [FacetValue(*value) for value in values] for name, values in facets.items()}


def _store(found: str, current: str, counted: Counted) -> None:
    """Store one entry; delete stale ones and the oldest beyond `MAX_ENTRIES`, skipping rows that
    another request is deleting (so two misses never wait for each other)."""
    count, facets = counted
    payload = {
        name: [[v.value, v.label, v.count, v.selected] for v in values] for name, values in facets.items()
    }
    table = FacetCacheEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} WHERE stamp <> %s "  # noqa: S608 - table name from the model
            f"OR id <= (SELECT max(id) FROM {table}) - %s FOR UPDATE SKIP LOCKED)",  # room for the new one
            [current, MAX_ENTRIES - 1],
        )
        cursor.execute(
            f"INSERT INTO {table} (key, stamp, count, facets, stored_at) VALUES (%s, %s, %s, %s, now()) "  # noqa: S608
            "ON CONFLICT (key) DO UPDATE SET stamp = EXCLUDED.stamp, count = EXCLUDED.count, "
            "facets = EXCLUDED.facets, stored_at = EXCLUDED.stored_at",
            [found, current, count, json.dumps(payload, ensure_ascii=False)],
        )


def counted(found: str, compute: Callable[[], Counted]) -> Counted:
    """The counts stored under `found` for the current stamp, else `compute()`d once (other
    requests for the same key wait for it) and stored."""
    current = stamp()
    hit = _read(found, current)
    if hit is not None:
        return hit
    own = not connection.in_atomic_block
    # a shared cache, not data: storing it on the primary does not pin the client there
    with replicas.scratch(), transaction.atomic(), connection.cursor() as cursor:
        if own:  # a lost entry is only counted again: the commit need not wait for the disk
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(found[:15], 16)])
        hit = _read(found, current)  # counted by the request this one waited for
        if hit is not None:
            return hit
        result = compute()
        _store(found, current, result)
    return result
