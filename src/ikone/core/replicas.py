"""Read replicas (optional, `DATABASE_REPLICA_URLS`): which database serves a read.

The consistency rule:

- Only reads of a request that has not written go to a replica: `ReplicaMiddleware` opens a
  *replica scope* for GET, HEAD and OPTIONS requests and picks one replica for the whole request
  (all its reads see one state). Everything else reads the primary: other methods, management
  commands, background jobs, tests, and code outside a request.
- Read-your-writes: the first statement on the primary that may change data (INSERT, UPDATE,
  DELETE, a temporary table …) pins the rest of the request to the primary, and so
  does every open transaction (`transaction.atomic`). A request that wrote, and every request with
  another method than GET/HEAD/OPTIONS, answers with the cookie `ikone_primary`: for
  `DATABASE_REPLICA_PIN_SECONDS` (longer than the replication lag) the same client reads the
  primary, so the page a form redirects to shows what was just saved. API clients keep this
  guarantee when they send cookies back; the cookie can only make a client read the primary.
- Some tables are always read on the primary (`PRIMARY_TABLES`): sessions, accounts and API
  tokens (a new login or token works at once), the rate-limit and lockout counters, the job queue,
  and the data stamps of the per-process caches. Raw SQL (`django.db.connection`) always runs on
  the primary.
- A request that reads the stamp of a per-process cache (catalog snapshot, coverage responses,
  recommendations) reads the primary from then on (`follow_primary()`): a cache built from a
  lagging replica would keep old data under the new stamp, and the rows such a page looks up for
  the ids in its snapshot must exist. These pages are served from the caches and cost the
  primary little; the replicas take the other reading pages and API lists. The PostgreSQL
  catalog search reads the primary as well (raw SQL); its temporary tables for facet counts
  (`scratch()`) do not count as writes.
- Migrations run on the primary only; replicas follow by replication.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

COOKIE = "ikone_primary"
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PRIMARY_APPS = frozenset({"sessions", "axes", "django_q"})
PRIMARY_TABLES = frozenset(
    {
        "accounts.user",
        "accounts.apitoken",
        "core.ratelimitwindow",
        "catalog.catalogversion",
        "coverage.revision",
        "reuse.rankingrevision",
    }
)
# Statements that change no data; transaction control counts too (what a transaction writes is an
# INSERT, UPDATE … of its own). Anything else pins the request to the primary.
_READ_STATEMENTS = (
    "SELECT",
    "EXECUTE",
    "SHOW",
    "PREPARE",
    "DEALLOCATE",
    "SET",
    "BEGIN",
    "SAVEPOINT",
    "RELEASE",
    "ROLLBACK",
    "COMMIT",
)


@dataclass
class Scope:
    """Reads of the current request may use `replica` until something pins it to the primary."""

    replica: str
    pinned: bool = False
    wrote: bool = False
    scratch: int = 0  # depth of `scratch()` blocks


_scope: ContextVar[Scope | None] = ContextVar("ikone_replica_scope", default=None)


def aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", []))


@contextmanager
def replica_scope(replica: str) -> Iterator[Scope]:
    scope = Scope(replica)
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)


def follow_primary() -> None:
    """The rest of the current request reads the primary: it read a cache stamp there, and what
    it reads for that stamp must not be older (a lagging replica)."""
    scope = _scope.get()
    if scope is not None:
        scope.pinned = True


@contextmanager
def scratch() -> Iterator[None]:
    """Work on temporary tables only (e.g. facet counts of the PostgreSQL search): it runs on the
    primary and its statements do not count as writes (the client is not pinned)."""
    scope = _scope.get()
    if scope is None:
        yield
        return
    scope.pinned = True
    scope.scratch += 1
    try:
        yield
    finally:
        scope.scratch -= 1


def pin() -> None:
    """The rest of the current request reads the primary (it wrote)."""
    scope = _scope.get()
    if scope is not None:
        scope.pinned = True
        scope.wrote = True


def is_read(sql: str) -> bool:
    return sql.lstrip().lstrip("(").upper().startswith(_READ_STATEMENTS)


class ReplicaRouter:
    """Reads to the request's replica while its scope allows; writes and migrations to the primary."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        scope = _scope.get()
        if (
            scope is None
            or scope.pinned
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
            or model._meta.app_label in PRIMARY_APPS  # type: ignore[attr-defined]
            or model._meta.label_lower in PRIMARY_TABLES  # type: ignore[attr-defined]
        ):
            return DEFAULT_DB_ALIAS
        return scope.replica

    def db_for_write(self, model: type, **hints: Any) -> str:
        pin()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first: Any, second: Any, **hints: Any) -> bool:
        return True  # replicas hold the same data as the primary

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def _note_writes(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    scope = _scope.get()
    if not is_read(sql) and not (scope is not None and scope.scratch):
        pin()
    return execute(sql, params, many, context)


class ReplicaMiddleware:
    """Opens the replica scope of a reading request (see the module's consistency rule) and sets
    the pin cookie after a write. Installed only when replicas are configured."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.seconds = int(getattr(settings, "DATABASE_REPLICA_PIN_SECONDS", 10))

    def pinned_by_cookie(self, request: HttpRequest) -> bool:
        try:
            return float(request.COOKIES.get(COOKIE, "0")) > time.time()
        except ValueError:
            return False

    def __call__(self, request: HttpRequest) -> HttpResponse:
        replicas = aliases()
        reading = request.method in READ_METHODS and bool(replicas)
        with replica_scope(random.choice(replicas) if replicas else DEFAULT_DB_ALIAS) as scope:
            scope.pinned = not reading or self.pinned_by_cookie(request)
            with connections[DEFAULT_DB_ALIAS].execute_wrapper(_note_writes):
                response = self.get_response(request)
        if scope.wrote or not reading:
            response.set_cookie(
                COOKIE,
                f"{time.time() + self.seconds:.0f}",
                max_age=self.seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
