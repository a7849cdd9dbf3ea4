"""A consumer that replays the solutions feed page by page from the greatest `changed_at` it saw
ends up with exactly the published solutions: nothing is missed at equal change times, and
deletions, withdrawals and renames arrive as tombstones. The same holds for the adoptions feed,
whose items come and go with their solution, and for the feeds of standards (with the agreed
versions per network) and of coverage figures per network: a consumer that keeps whole items ends
up with exactly what a full read shows, so every change of content moved `changed_at`."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any
from unittest import mock

import pytest
from django.db.models import Max
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ikone.catalog.models import Solution
from ikone.core.testing.factories import MunicipalityFactory, NetworkFactory
from ikone.coverage.models import ServiceStatus
from ikone.coverage.services import StatusValues, statuses_set
from ikone.coverage.tests.factories import maturity_models, small_catalog
from ikone.federation.models import Tombstone
from ikone.federation.selectors import published_adoptions, published_solutions
from ikone.organizations.choices import MembershipRole
from ikone.organizations.models import Network, NetworkMembership, Organization
from ikone.organizations.services import membership_create
from ikone.reuse.services import adoption_create
from ikone.standards.models import NetworkStandard, Standard, StandardVersion
from ikone.standards.services import network_standard_adopt, network_standard_remove

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

    def __init__(self, step: int, start: dt.datetime | None = None) -> None:
        self.readings = itertools.count()
        self.step = step
        self.start = start or dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)

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
                self.apply(item)
                seen.append(item["changed_at"])
            offset += len(page["items"])
            if offset >= page["count"] or not page["items"]:
                break
        if seen:
            self.revision = max(seen, key=dt.datetime.fromisoformat)

    def apply(self, item: dict[str, Any]) -> None:
        if item["deleted"]:
            self.items.pop(item["id"], None)
        else:
            self.items[item["id"]] = item["url"]


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


register_operations = st.lists(
    st.one_of(
        st.tuples(st.just("standard"), st.integers(0, 3), st.sampled_from(["1.0", "2.0", "3.0"])),
        st.tuples(st.sampled_from(["adopt", "drop"]), st.integers(0, 3), st.integers(0, 2)),
        st.tuples(
            st.just("join"), st.integers(0, 3), st.integers(0, 2), st.sampled_from(list(MembershipRole))
        ),
        st.tuples(
            st.just("role"), st.integers(0, 20), st.integers(0, 2), st.sampled_from(list(MembershipRole))
        ),
        st.tuples(st.just("status"), st.integers(0, 3), st.integers(0, 2), st.integers(0, 4)),
    ),
    max_size=12,
)


def _apply_register(op: tuple[Any, ...], services: list[Any]) -> None:
    """Changes of the standards register, agreed sets, memberships and reported Reifegrade."""
    networks = list(Network.objects.order_by("slug"))
    organizations = list(Organization.objects.order_by("pk"))[:4]
    if op[0] == "standard":
        standard, _ = Standard.objects.get_or_create(
            slug=f"s{op[1]}", defaults={"name": f"S{op[1]}", "abbreviation": f"S{op[1]}", "kind": "xoev"}
        )
        StandardVersion.objects.get_or_create(standard=standard, version=op[2])
        return
    if op[0] in ("adopt", "drop"):
        standard = Standard.objects.filter(slug=f"s{op[1]}").first()
        if standard is None:
            return
        version = standard.versions.order_by("version").first()
        entry = NetworkStandard.objects.filter(network=networks[op[2]], standard_version=version).first()
        if op[0] == "adopt" and entry is None and version is not None:
            network_standard_adopt(
                actor=SYSTEM, network=networks[op[2]], standard=standard, version=version.version
            )
        elif op[0] == "drop" and entry is not None:
            network_standard_remove(actor=SYSTEM, entry=entry)
    elif op[0] == "join":
        if not NetworkMembership.objects.filter(
            network=networks[op[2]], organization=organizations[op[1]]
        ).exists():
            membership_create(
                actor=SYSTEM, network=networks[op[2]], organization=organizations[op[1]], role=op[3]
            )
    elif op[0] == "role":
        memberships = list(NetworkMembership.objects.order_by("pk"))
        if memberships:
            membership = memberships[op[1] % len(memberships)]
            membership.role = op[3]
            membership.save()
    else:
        statuses_set(
            actor=SYSTEM,
            organization=organizations[op[1]],
            items=[(services[op[2]], StatusValues(level=op[3]))],
        )


class ContentConsumer(Consumer):
    """Keeps the whole item (without its change time), to see that every change moved `changed_at`."""

    def __init__(self, limit: int, path: str) -> None:
        super().__init__(limit, path)
        self.content: dict[str, dict[str, Any]] = {}

    def apply(self, item: dict[str, Any]) -> None:
        if item["deleted"]:
            self.content.pop(item["id"], None)
        else:
            self.content[item["id"]] = {k: v for k, v in item.items() if k != "changed_at"}


def _everything(path: str) -> dict[str, dict[str, Any]]:
    data = feed(path=path, limit=500)
    assert data["count"] == len(data["items"])
    return {item["id"]: {k: v for k, v in item.items() if k != "changed_at"} for item in data["items"]}


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    before=register_operations,
    after=register_operations,
    step=st.sampled_from([1, 7, 40, 10**9]),
    limit=st.integers(1, 3),
)
@example(  # an agreement dropped and a member turned observer at the time the consumer saw last
    before=[
        ("standard", 0, "1.0"),
        ("adopt", 0, 0),
        ("join", 0, 0, MembershipRole.MEMBER),
        ("status", 0, 0, 3),
    ],
    after=[("drop", 0, 0), ("role", 0, 0, MembershipRole.OBSERVER)],
    step=10**9,
    limit=1,
)
def test_replaying_the_standards_and_coverage_feeds_reconstructs_what_is_published(
    before, after, step, limit
):
    maturity_models()
    NetworkStandard.objects.all().delete()
    Standard.objects.all().delete()
    Network.objects.all().delete()
    for index in range(3):
        NetworkFactory(slug=f"n{index}")
    for _ in range(4 - Organization.objects.count()):
        MunicipalityFactory()
    services = small_catalog(themenfelder=2, per_themenfeld=2)[:3]
    # statuses of earlier examples stay: time must not run back behind them
    latest = ServiceStatus.objects.aggregate(latest=Max("updated_at"))["latest"]
    start = latest + dt.timedelta(seconds=1) if latest else None
    with mock.patch("django.utils.timezone.now", Clock(step, start)):
        for op in before:
            _apply_register(op, services)
        consumers = [ContentConsumer(limit, "standards"), ContentConsumer(limit, "coverage")]
        for consumer in consumers:
            consumer.sync()
        for op in after:
            _apply_register(op, services)
        for consumer in consumers:
            consumer.sync()
    assert consumers[0].content == _everything("standards")
    assert set(consumers[0].content) == set(Standard.objects.values_list("slug", flat=True))
    assert consumers[1].content == _everything("coverage")
    assert set(consumers[1].content) == set(
        NetworkMembership.objects.values_list("network__slug", flat=True).distinct()
    )
