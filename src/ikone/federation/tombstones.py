"""Tombstones for the federation feeds, written by the catalog services in their own transaction.

The catalog calls `published_before(solution)` before it saves or deletes a solution and
`solution_saved` / `solution_deleted` afterwards: a solution that leaves the published set (made
private, deleted, or renamed so that its slug changes) leaves a tombstone under its old slug, and
its adoptions (published with it) leave theirs; a solution that is (again) published removes the
tombstones of its slug and of its adoptions, so that they reappear.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from ikone.catalog.models import Solution
from ikone.federation.choices import FeedKind
from ikone.federation.models import Tombstone
from ikone.federation.selectors import published_solutions
from ikone.reuse.models import Adoption


@dataclass(frozen=True)
class Published:
    slug: str
    url: str
    adoptions: tuple[int, ...] = ()


def published_before(solution: Solution) -> Published | None:
    """How the solution is published now (before a change), or None when it is not."""
    if solution.pk is None:
        return None
    row = published_solutions().filter(pk=solution.pk).values_list("slug", "url").first()
    if row is None:
        return None
    adoptions = tuple(Adoption.objects.filter(solution_id=solution.pk).values_list("pk", flat=True))
    return Published(slug=row[0], url=row[1], adoptions=adoptions)


def _bury(kind: str, key: str, url: str) -> None:
    Tombstone.objects.update_or_create(
        kind=kind, key=key, defaults={"url": url, "removed_at": timezone.now()}
    )


def _bury_adoptions(before: Published) -> None:
    for pk in before.adoptions:
        _bury(FeedKind.ADOPTION, str(pk), before.url)


def solution_saved(solution: Solution, before: Published | None) -> None:
    now = published_solutions().filter(pk=solution.pk).exists()
    if before is not None and (not now or before.slug != solution.slug):
        _bury(FeedKind.SOLUTION, before.slug, before.url)
    if before is not None and not now:
        _bury_adoptions(before)
    if now:
        Tombstone.objects.filter(kind=FeedKind.SOLUTION, key=solution.slug).delete()
        if before is None:
            adoptions = Adoption.objects.filter(solution_id=solution.pk).values_list("pk", flat=True)
            Tombstone.objects.filter(kind=FeedKind.ADOPTION, key__in=[str(pk) for pk in adoptions]).delete()


def solution_deleted(before: Published | None) -> None:
    if before is not None:
        _bury(FeedKind.SOLUTION, before.slug, before.url)
        _bury_adoptions(before)
