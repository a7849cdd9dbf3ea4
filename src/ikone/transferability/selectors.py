"""Reads: the assessment of a solution (general or for a target organisation) and stored scores."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ikone.accounts import policy
from ikone.catalog.models import Solution
from ikone.organizations.models import Organization
from ikone.transferability.facts import gather, gather_many, target_of
from ikone.transferability.models import TransferabilityFacts, TransferabilityScore
from ikone.transferability.scoring import Assessment, score


def transferability(solution: Solution, target_organization: Organization | None = None) -> Assessment:
    """Score 0–100 with every criterion's contribution and evidence and the to-do list; without a
    target the general score."""
    target = target_of(target_organization) if target_organization is not None else None
    return score(gather(solution), target)


def general_scores(solution_ids: Iterable[int]) -> dict[int, int]:
    """General scores by solution id: the stored ones, computed for solutions not scored yet."""
    ids = set(solution_ids)
    scores = dict(
        TransferabilityScore.objects.filter(solution_id__in=ids).values_list("solution_id", "score")
    )
    missing = ids - set(scores)
    if missing:
        for pk, facts in gather_many(Solution.objects.filter(pk__in=missing), validate=True).items():
            scores[pk] = score(facts).score
    return scores


def facts_get(solution: Solution) -> TransferabilityFacts:
    """The owner's platform-side facts (unsaved and empty when none were entered yet)."""
    return TransferabilityFacts.objects.filter(solution=solution).first() or TransferabilityFacts(
        solution=solution
    )


def target_resolve(query: str) -> tuple[Organization | None, list[Organization]]:
    """The organisation meant by `query` (AGS, Kurzname or name), else the candidates."""
    query = query.strip()[:120]
    if not query:
        return None, []
    found = Organization.objects.by_key(query).first()
    if found is not None:
        return found, []
    exact = list(Organization.objects.filter(short_name__iexact=query).exclude(level="land")[:2])
    if len(exact) == 1:
        return exact[0], []
    candidates = list(
        Organization.objects.filter(short_name__icontains=query)
        .exclude(level="land")
        .order_by("short_name")[:10]
    )
    if len(candidates) == 1:
        return candidates[0], []
    return None, candidates


def target_suggestions(*, user: Any, solution: Solution, limit: int = 50) -> list[Organization]:
    """Organisations offered in the target field: the user's own and the members of the solution's networks."""
    ids = set(policy.organization_ids(user))
    queryset = Organization.objects.filter(pk__in=ids) | Organization.objects.filter(
        memberships__network__in=solution.networks.all()
    )
    return list(queryset.exclude(level="land").distinct().order_by("short_name")[:limit])
