"""Tombstones for the federation feeds, written by the catalog services in their own transaction.

The catalog calls `published_before(solution)` before it saves or deletes a solution and
`solution_saved` / `solution_deleted` afterwards: a solution that leaves the published set (made
private, deleted, or renamed so that its slug changes) leaves a tombstone under its old slug, and
its adoptions and public experience reports (published with it) leave theirs; a solution that is
(again) published removes the tombstones of its slug, adoptions and reports, so that they reappear.
The reuse services do the same for an experience report whose visibility changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from ikone.catalog.models import Solution
from ikone.federation.choices import FeedKind
from ikone.federation.models import Tombstone
from ikone.federation.selectors import published_reports, published_solutions
from ikone.reuse.models import Adoption, ExperienceReport


@dataclass(frozen=True)
class Published:
    slug: str
    url: str
    adoptions: tuple[int, ...] = ()
    reports: tuple[int, ...] = ()


def published_before(solution: Solution) -> Published | None:
    """How the solution is published now (before a change), or None when it is not."""
    if solution.pk is None:
        return None
    row = published_solutions().filter(pk=solution.pk).values_list("slug", "url").first()
    if row is None:
        return None
    adoptions = tuple(Adoption.objects.filter(solution_id=solution.pk).values_list("pk", flat=True))
    reports = tuple(published_reports().filter(solution_id=solution.pk).values_list("pk", flat=True))
    return Published(slug=row[0], url=row[1], adoptions=adoptions, reports=reports)


def _bury(kind: str, key: str, url: str) -> None:
    Tombstone.objects.update_or_create(
        kind=kind, key=key, defaults={"url": url, "removed_at": timezone.now()}
    )


def _bury_adoptions(before: Published) -> None:
    for pk in before.adoptions:
        _bury(FeedKind.ADOPTION, str(pk), before.url)
    for pk in before.reports:
        _bury(FeedKind.REPORT, str(pk), before.url)


def solution_saved(solution: Solution, before: Published | None, *, created: bool = False) -> None:
    """`created`: the solution was inserted just now, so no adoption or report refers to it yet."""
    now = published_solutions().filter(pk=solution.pk).exists()
    if before is not None and (not now or before.slug != solution.slug):
        _bury(FeedKind.SOLUTION, before.slug, before.url)
    if before is not None and not now:
        _bury_adoptions(before)
    if now:
        Tombstone.objects.filter(kind=FeedKind.SOLUTION, key=solution.slug).delete()
        if before is None and not created:
            adoptions = Adoption.objects.filter(solution_id=solution.pk).values_list("pk", flat=True)
            Tombstone.objects.filter(kind=FeedKind.ADOPTION, key__in=[str(pk) for pk in adoptions]).delete()
            reports = published_reports().filter(solution_id=solution.pk).values_list("pk", flat=True)
            Tombstone.objects.filter(kind=FeedKind.REPORT, key__in=[str(pk) for pk in reports]).delete()


def solution_deleted(before: Published | None) -> None:
    if before is not None:
        _bury(FeedKind.SOLUTION, before.slug, before.url)
        _bury_adoptions(before)


def report_published_before(report: ExperienceReport) -> bool:
    return published_reports().filter(pk=report.pk).exists()


def report_saved(report: ExperienceReport, before: bool) -> None:
    """After an experience report changed: bury it when it is no longer public, lift its tombstone
    when it is (again)."""
    if published_reports().filter(pk=report.pk).exists():
        Tombstone.objects.filter(kind=FeedKind.REPORT, key=str(report.pk)).delete()
    elif before:
        _bury(FeedKind.REPORT, str(report.pk), report.solution.url)
