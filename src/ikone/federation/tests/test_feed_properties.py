"""A consumer that replays the solutions feed page by page from the greatest `changed_at` it saw
ends up with exactly the published solutions: nothing is missed at equal change times, and
deletions, withdrawals and renames arrive as tombstones. The same holds for the adoptions feed,
whose items come and go with their solution."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ikone.catalog.models import Solution
from ikone.core.testing.factories import MunicipalityFactory
from ikone.coverage.tests.factories import maturity_models
from ikone.federation.models import Tombstone
from ikone.federation.selectors import published_adoptions, published_solutions
from ikone.reuse.services import adoption_create

from .conftest import SYSTEM, delete, feed, make_solution, rename, set_visibility

NAMES = ["Alpha", "Beta", "Gamma"]
operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("create"),
            st.sampled_from(["public", "public", "network", "draft"]),
            st.sampled_from(NAMES),
        ),
        st.tuples(st.sampled_from(["touch", "hide", "show", "delete", "adopt"]), st.integers(0, 20)),
        st.tuples(st.just("rename"), st.integers(0, 20), st.sampled_from(NAMES)),
    ),
    max_size=12,
)


class Clock:
    """Advances by one microsecond only every `step`-th reading, so that many changes share a time."""

    def __init__(self, step: int) -> None:
        self.readings = itertools.count()
        self.step = step
        self.start = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.start + dt.timedelta(microseconds=next(self.readings) // self.step)


def _apply(op: tuple[Any, ...]) -> None:
    solutions = list(Solution.objects.order_by("pk"))
    if op[0] == "create":
        make_solution(name=op[2], visibility=op[1])
        return
    if not solutions:
        return
    solution = solutions[op[1] % len(solutions)]
    if op[0] == "touch":
        set_visibility(solution, solution.visibility)
    elif op[0] == "hide":
        set_visibility(solution, "draft")
    elif op[0] == "show":
        set_visibility(solution, "public")
    elif op[0] == "delete":
        delete(solution)
    elif op[0] == "adopt":
        adoption_create(actor=SYSTEM, organization=MunicipalityFactory(), solution=solution)
    else:
        rename(solution, f"{op[2]} {solution.pk}" if op[2] == "Gamma" else op[2])


class Consumer:
    def __init__(self, limit: int, path: str = "solutions") -> None:
        self.limit = limit
        self.path = path
        self.items: dict[str, str] = {}
        self.revision: str | None = None

    def sync(self) -> None:
        offset, seen = 0, []
        while True:
            params: dict[str, Any] = {"limit": self.limit, "offset": offset}
            if self.revision is not None:
                params["changed_since"] = self.revision
            page = feed(path=self.path, **params)
            for item in page["items"]:
                if item["deleted"]:
                    self.items.pop(item["id"], None)
                else:
                    self.items[item["id"]] = item["url"]
                seen.append(item["changed_at"])
            offset += len(page["items"])
            if offset >= page["count"] or not page["items"]:
                break
        if seen:
            self.revision = max(seen, key=dt.datetime.fromisoformat)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    before=operations,
    after=operations,
    step=st.sampled_from([1, 7, 40, 10**9]),
    limit=st.integers(1, 4),
)
@example(  # a change at the very time the consumer saw last (a frozen clock)
    before=[("create", "public", "Alpha")], after=[("create", "public", "Beta")], step=10**9, limit=2
)
@example(  # adoptions leave with their solution …
    before=[("create", "public", "Alpha"), ("adopt", 0), ("create", "public", "Beta"), ("adopt", 1)],
    after=[("hide", 0), ("delete", 1)],
    step=10**9,
    limit=1,
)
@example(  # … and come back with it
    before=[("create", "public", "Alpha"), ("adopt", 0), ("hide", 0)],
    after=[("show", 0)],
    step=10**9,
    limit=1,
)
@example(  # withdrawn, deleted and renamed at one time, on pages of one item
    before=[("create", "public", "Alpha"), ("create", "public", "Beta"), ("create", "public", "Gamma")],
    after=[("hide", 0), ("delete", 1), ("rename", 2, "Alpha")],
    step=10**9,
    limit=1,
)
def test_replaying_the_feed_from_the_last_revision_reconstructs_the_published_set(before, after, step, limit):
    maturity_models()
    Solution.objects.all().delete()
    Tombstone.objects.all().delete()
    with mock.patch("django.utils.timezone.now", Clock(step)):
        for op in before:
            _apply(op)
        consumer, adoptions = Consumer(limit), Consumer(limit, "adoptions")
        consumer.sync()
        adoptions.sync()
        assert consumer.items == dict(published_solutions().values_list("slug", "url"))
        for op in after:
            _apply(op)
        consumer.sync()
        adoptions.sync()
        fresh = Consumer(limit)
        fresh.sync()
    expected = dict(published_solutions().values_list("slug", "url"))
    assert consumer.items == expected
    assert fresh.items == expected
    assert set(adoptions.items) == {str(pk) for pk in published_adoptions().values_list("pk", flat=True)}
