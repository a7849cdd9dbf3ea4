"""Per-process cache of rendered coverage API responses (dashboards and gap analysis).

An entry is the JSON body of one response, stored with the *stamp* it was computed under: the
token of the `Revision` row plus the highest `ChangeRecord` id. Every request reads the stamp (one
query) and serves the stored body only when the stamp is unchanged, so a write anywhere in the
data a dashboard shows makes every entry stale at once, in every worker:

- coverage writes (statuses, aggregates, synthetic load, rebuild) call `bump()` in their transaction;
- saving or deleting the models the responses show (organisations, networks, memberships,
  solutions, the OZG catalog, statuses) bumps through the signals connected in `apps.py`;
- bulk writes that bypass signals (reference import) write `ChangeRecord`s, which move the stamp.

The token is random, so a rolled-back write never brings an old stamp back with new data. The
cache is bounded in bytes (least recently used entries go first). Each entry also keeps its body
gzip-compressed, sent to clients that accept it (dashboards are 30–200 KB of JSON, a tenth of that
compressed), so a warm request neither renders nor compresses.
"""

# ruff: noqa: S608 - SQL built only from model table names
from __future__ import annotations

import gzip
from collections.abc import Callable, Hashable
from typing import Any, NamedTuple

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from ninja import Schema
from ninja.renderers import JSONRenderer

from ikone.core import metrics, replicas, revision
from ikone.core.http import accepts_gzip
from ikone.core.lru import LRU
from ikone.core.models import ChangeRecord
from ikone.coverage.models import Revision

MAX_BYTES = 32 * 1024 * 1024
Stamp = tuple[Any, ...]

_renderer = JSONRenderer()


class Body(NamedTuple):
    plain: bytes
    compressed: bytes  # gzip

    @classmethod
    def of(cls, rendered: str | bytes) -> Body:
        plain = rendered.encode() if isinstance(rendered, str) else rendered
        return cls(plain, gzip.compress(plain, compresslevel=6, mtime=0))

    def __len__(self) -> int:
        return len(self.plain) + len(self.compressed)


class ResponseCache:
    """Rendered bodies by key, each valid for one stamp; at most `max_bytes` in all."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self._entries: LRU[tuple[Stamp, Body]] = LRU(max_bytes=max_bytes, size=lambda entry: len(entry[1]))

    @property
    def size(self) -> int:
        return self._entries.size

    def get(self, key: Hashable, stamp: Stamp) -> Body | None:
        entry = self._entries.get(key)
        found = entry[1] if entry is not None and entry[0] == stamp else None
        metrics.cache_lookup("coverage-responses", hit=found is not None)
        return found

    def put(self, key: Hashable, stamp: Stamp, body: Body) -> None:
        self._entries.put(key, (stamp, body))

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


responses = ResponseCache()


def bump() -> None:
    """Give the coverage data a new revision (call inside the writing transaction)."""
    revision.renew(Revision)


def stamp() -> Stamp:
    """The current revision token and the newest audit record id, in one query, on the primary; the
    rest of the request reads the primary too, so what is built for this stamp is its data."""
    replicas.follow_primary()
    quote = connection.ops.quote_name
    revision = quote(Revision._meta.db_table)
    changes = quote(ChangeRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT token FROM {revision} WHERE id = 1), (SELECT MAX(id) FROM {changes})")
        row = cursor.fetchone()
    return tuple(row) if row else ()


def cached_json(
    request: HttpRequest, key: Hashable, schema: type[Schema] | None, build: Callable[[], Any]
) -> HttpResponse:
    """The JSON response for `key`: from the cache when the stamp is unchanged, otherwise `build()`
    rendered exactly as django-ninja renders it, then stored. With a `schema`, the result is first
    validated by it (objects with resolvers); without, `build()` returns plain JSON data already in
    the shape of the endpoint's schema (the tests compare both)."""
    current = stamp()
    body = responses.get(key, current)
    if body is None:
        data = build()
        if schema is not None:
            data = schema.model_validate(data, context={"request": request}).model_dump(by_alias=False)
        body = Body.of(_renderer.render(request, data, response_status=200))
        responses.put(key, current, body)
    content_type = f"{_renderer.media_type}; charset={_renderer.charset}"
    if accepts_gzip(request):
        response = HttpResponse(body.compressed, content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(body.plain, content_type=content_type)
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def bump_on_change(sender: type, **kwargs: Any) -> None:
    """Signal receiver: a model the coverage responses show was saved or deleted."""
    if kwargs.get("raw"):
        return
    bump()
