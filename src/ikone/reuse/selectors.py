"""Reads for reuse: adoptions, experience reports, questions, statistics; visibility is applied here.

Adoptions and questions are visible wherever their solution is visible. Experience reports are
public, or network-only: then visible to people of organisations that share a network with the
reporting organisation (and to the reporting organisation and platform admins).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from ikone.accounts import policy
from ikone.catalog.models import Solution
from ikone.core.errors import NotFound
from ikone.organizations.models import NetworkMembership, Organization
from ikone.reuse.choices import AdoptionState, ReportVisibility
from ikone.reuse.duplicates import Item, Match, near_duplicates
from ikone.reuse.models import Adoption, Answer, ExperienceReport, Question, SolutionLink


@dataclass(frozen=True)
class AdoptionStats:
    production_count: int
    adopter_count: int  # organisations with an adoption that has not ended
    average_rating: float | None  # mean of the four ratings over all reports, None without reports
    report_count: int


def adoption_stats(solution_ids: list[int] | set[int], *, within: Any = None) -> dict[int, AdoptionStats]:
    """Counts per solution (every id asked for gets an entry). Counts include all origins and all
    report visibilities: they are aggregate figures that reveal no network-only content. For
    thousands of ids, `within` (a subquery of solution ids, at least these) filters in the database
    instead of sending every id."""
    ids = list(solution_ids)
    among = ids if within is None else within
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"production": 0, "active": 0})
    for row in (
        Adoption.objects.filter(solution_id__in=among)
        .exclude(state=AdoptionState.ENDED)
        .values("solution_id")
        .annotate(
            active=Count("organization_id", distinct=True),
            production=Count("organization_id", filter=Q(state=AdoptionState.PRODUCTION), distinct=True),
        )
    ):
        counts[row["solution_id"]] = {"production": row["production"], "active": row["active"]}
    ratings: dict[int, tuple[int, float]] = {}
    for solution_id, usability, effort, documentation, support in ExperienceReport.objects.filter(
        solution_id__in=among
    ).values_list(
        "solution_id", "rating_usability", "rating_effort", "rating_documentation", "rating_support"
    ):
        n, total = ratings.get(solution_id, (0, 0.0))
        ratings[solution_id] = (n + 1, total + (usability + effort + documentation + support) / 4)
    result = {}
    for solution_id in ids:
        n, total = ratings.get(solution_id, (0, 0.0))
        result[solution_id] = AdoptionStats(
            production_count=counts[solution_id]["production"],
            adopter_count=counts[solution_id]["active"],
            average_rating=round(total / n, 2) if n else None,
            report_count=n,
        )
    return result


def _network_partner_ids(user: Any) -> set[int]:
    """Organisations that share a network with one of the user's organisations (and those)."""
    orgs = policy.organization_ids(user)
    if not orgs:
        return set()
    networks = NetworkMembership.objects.filter(organization_id__in=orgs).values("network_id")
    return orgs | set(
        NetworkMembership.objects.filter(network_id__in=networks).values_list("organization_id", flat=True)
    )


def adoption_base(*, user: Any) -> QuerySet[Adoption]:
    return Adoption.objects.filter(solution__in=Solution.objects.visible_to(user))


def report_base(*, user: Any) -> QuerySet[ExperienceReport]:
    queryset = ExperienceReport.objects.filter(solution__in=Solution.objects.visible_to(user))
    if policy.is_platform_admin(user):
        return queryset
    return queryset.filter(
        Q(visibility=ReportVisibility.PUBLIC) | Q(organization_id__in=_network_partner_ids(user))
    )


def question_base(*, user: Any) -> QuerySet[Question]:
    return Question.objects.filter(solution__in=Solution.objects.visible_to(user))


def adoption_get(*, user: Any, pk: int) -> Adoption:
    adoption = (
        adoption_base(user=user)
        .select_related("organization", "solution__owner", "release")
        .prefetch_related("services")
        .filter(pk=pk)
        .first()
    )
    if adoption is None:
        raise NotFound(f"Keine Nachnutzung mit der Nummer {pk}.")
    return adoption


def report_get(*, user: Any, pk: int) -> ExperienceReport:
    report = (
        report_base(user=user).select_related("organization", "solution", "adoption").filter(pk=pk).first()
    )
    if report is None:
        raise NotFound(f"Kein Erfahrungsbericht mit der Nummer {pk}.")
    return report


def question_get(*, user: Any, pk: int) -> Question:
    question = (
        question_base(user=user).select_related("solution__owner", "organization").filter(pk=pk).first()
    )
    if question is None:
        raise NotFound(f"Keine Frage mit der Nummer {pk}.")
    return question


def answer_get(*, user: Any, pk: int) -> Answer:
    answer = (
        Answer.objects.filter(question__in=question_base(user=user))
        .select_related("question__solution__owner")
        .filter(pk=pk)
        .first()
    )
    if answer is None:
        raise NotFound(f"Keine Antwort mit der Nummer {pk}.")
    return answer


@dataclass(frozen=True)
class AdoptionFilter:
    solution: str | None = None
    organization: str | None = None
    state: str | None = None
    service: int | None = None


def adoption_list(*, user: Any, filters: AdoptionFilter) -> QuerySet[Adoption]:
    queryset = adoption_base(user=user)
    if filters.solution:
        queryset = queryset.filter(solution__slug=filters.solution)
    if filters.organization:
        queryset = queryset.filter(organization__in=Organization.objects.by_key(filters.organization))
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.service:
        queryset = queryset.filter(services__ozg_id=filters.service)
    return (
        queryset.select_related("organization", "solution", "release")
        .prefetch_related("services")
        .order_by("solution__name", "organization__short_name", "id")
        .distinct()
    )


def report_list(
    *, user: Any, solution: str | None = None, organization: str | None = None
) -> QuerySet[ExperienceReport]:
    queryset = report_base(user=user)
    if solution:
        queryset = queryset.filter(solution__slug=solution)
    if organization:
        queryset = queryset.filter(organization__in=Organization.objects.by_key(organization))
    return queryset.select_related("organization", "solution", "adoption").order_by("-created_at", "-id")


def question_list(*, user: Any, solution: str | None = None) -> QuerySet[Question]:
    queryset = question_base(user=user)
    if solution:
        queryset = queryset.filter(solution__slug=solution)
    return (
        queryset.select_related("solution", "organization")
        .prefetch_related(
            Prefetch(
                "answers", queryset=Answer.objects.select_related("organization").order_by("created_at", "id")
            )
        )
        .order_by("-created_at", "-id")
    )


@dataclass
class ThreadNode:
    answer: Answer
    depth: int


def answer_thread(question: Question) -> list[ThreadNode]:
    """The answers of a question in reading order (replies under their parent), with depth."""
    answers = list(question.answers.all())
    children: dict[int | None, list[Answer]] = defaultdict(list)
    for answer in answers:
        children[answer.parent_id].append(answer)
    nodes: list[ThreadNode] = []

    def walk(parent: int | None, depth: int) -> None:
        for answer in children.get(parent, []):
            nodes.append(ThreadNode(answer=answer, depth=min(depth, 5)))
            walk(answer.pk, depth + 1)

    walk(None, 0)
    return nodes


@dataclass
class SolutionReuse:
    """Everything the solution page shows about reuse."""

    adoptions: list[Adoption]
    stats: AdoptionStats
    reports: list[ExperienceReport]
    questions: list[tuple[Question, list[ThreadNode]]]
    rating_means: dict[str, float | None] = field(default_factory=dict)
    today: dt.date = field(default_factory=timezone.localdate)


DISPLAY_ORDER = ("production", "pilot", "evaluating", "interested", "ended")
RATING_FIELDS = ("rating_usability", "rating_effort", "rating_documentation", "rating_support")


def solution_reuse(*, user: Any, solution: Solution) -> SolutionReuse:
    adoptions = list(
        adoption_base(user=user)
        .filter(solution=solution)
        .select_related("organization", "release")
        .prefetch_related("services")
    )
    order: dict[str, int] = {state: index for index, state in enumerate(DISPLAY_ORDER)}
    adoptions.sort(key=lambda a: (order[a.state], a.organization.short_name, a.pk))
    reports = list(report_list(user=user).filter(solution=solution))
    means: dict[str, float | None] = {}
    for name in RATING_FIELDS:
        values = [getattr(r, name) for r in reports]
        means[name] = round(sum(values) / len(values), 1) if values else None
    questions = [(q, answer_thread(q)) for q in question_list(user=user).filter(solution=solution)]
    return SolutionReuse(
        adoptions=adoptions,
        stats=adoption_stats([solution.pk])[solution.pk],
        reports=reports,
        questions=questions,
        rating_means=means,
    )


@dataclass
class OrganizationReuse:
    """ "Gibt / nimmt": what an organisation reuses, and who reuses its solutions."""

    takes: list[Adoption]
    gives: list[Adoption]


def organization_reuse(*, user: Any, organization: Organization) -> OrganizationReuse:
    base = (
        adoption_base(user=user).select_related("organization", "solution").order_by("solution__name", "id")
    )
    return OrganizationReuse(
        takes=list(base.filter(organization=organization)),
        gives=list(base.filter(solution__owner=organization).exclude(organization=organization)),
    )


def solution_links(*, user: Any, solution: Solution) -> list[SolutionLink]:
    visible = Solution.objects.visible_to(user)
    return list(
        SolutionLink.objects.filter(Q(source=solution) | Q(target=solution))
        .filter(source__in=visible, target__in=visible)
        .select_related("source", "target")
    )


MAX_DUPLICATE_CANDIDATES = 2000


def solution_near_duplicates(
    *, user: Any, solution: Solution, limit: int = 5
) -> list[tuple[Solution, Match]]:
    """Visible solutions that may be the same as `solution` (see `reuse.duplicates`)."""
    through = Solution.services.through.objects
    own = frozenset(through.filter(solution=solution).values_list("service_id", flat=True))
    if not own:
        return []
    visible = Solution.objects.visible_to(user).exclude(pk=solution.pk)
    candidate_ids = list(
        through.filter(service_id__in=own, solution__in=visible)
        .values_list("solution_id", flat=True)
        .distinct()[:MAX_DUPLICATE_CANDIDATES]
    )
    services: dict[int, set[int]] = defaultdict(set)
    for solution_id, service_id in through.filter(solution_id__in=candidate_ids).values_list(
        "solution_id", "service_id"
    ):
        services[solution_id].add(service_id)
    linked = {
        other
        for pair in SolutionLink.objects.filter(Q(source=solution) | Q(target=solution)).values_list(
            "source_id", "target_id"
        )
        for other in pair
    }
    others = [
        Item(pk, f"{name} {short}", frozenset(services[pk]))
        for pk, name, short in Solution.objects.filter(pk__in=candidate_ids).values_list(
            "pk", "name", "short_description"
        )
    ]
    item = Item(solution.pk, f"{solution.name} {solution.short_description}", own)
    matches = near_duplicates(item, others, linked=linked)[:limit]
    by_id = Solution.objects.select_related("owner").in_bulk([m.solution_id for m in matches])
    return [(by_id[m.solution_id], m) for m in matches]
