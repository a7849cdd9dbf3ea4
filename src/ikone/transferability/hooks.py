"""Keeping stored scores current: apps whose data feeds a score call `refresh_after_commit`.

The refresh runs after the change has committed, as a system action; when it fails the change
stays and `ikone transferability refresh` (daily) catches up. Bulk jobs (the demo loaders) wrap
their work in `refreshes_deferred`, so that one refresh covers all solutions they touched instead
of one refresh per change.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from ikone.core.audit import Actor

logger = logging.getLogger(__name__)
_deferred: ContextVar[set[int] | None] = ContextVar("transferability_deferred", default=None)


def _refresh(ids: list[int]) -> None:
    from ikone.transferability.services import score_refresh

    try:
        score_refresh(actor=Actor.system("Übertragbarkeit"), solution_ids=ids)
    except Exception:
        logger.exception("Übertragbarkeit für Lösungen %s nicht aktualisiert", ids)


def refresh_after_commit(solution_ids: Iterable[int]) -> None:
    ids = sorted(set(solution_ids))
    if not ids:
        return
    deferred = _deferred.get()
    if deferred is not None:
        deferred.update(ids)
        return
    transaction.on_commit(lambda: _refresh(ids))


@contextmanager
def refreshes_deferred() -> Iterator[None]:
    """Collect the refreshes requested inside the block and request one for all of them when it
    ends (after the surrounding transaction commits; at once outside a transaction). Nested
    blocks leave the refresh to the outermost one."""
    if _deferred.get() is not None:
        yield
        return
    collected: set[int] = set()
    token = _deferred.set(collected)
    try:
        yield
    finally:
        _deferred.reset(token)
        refresh_after_commit(collected)


@contextmanager
def refreshes_collected() -> Iterator[set[int]]:
    """Collect the refreshes requested inside the block without running them: the caller hands
    the yielded ids on (e.g. to a background job, as a harvest run does)."""
    collected: set[int] = set()
    token = _deferred.set(collected)
    try:
        yield collected
    finally:
        _deferred.reset(token)
