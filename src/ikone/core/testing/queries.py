"""Query-count guard: a list must cost the same number of queries for 3 rows as for 30."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


def assert_constant_queries(action: Callable[[], object], grow: Callable[[], object]) -> None:
    """Run `action`, add rows with `grow`, run it again: the query count must not change."""
    before = count_queries(action)
    grow()
    after = count_queries(action)
    assert after == before, f"query count grew from {before} to {after}: N+1 in a list"
