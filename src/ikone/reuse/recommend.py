"""Recommendations for an organisation and their leave-one-out evaluation (reads only).

Loads what `ranking` needs from the database: the organisation's gaps (OZG-Leistungen it does
not offer at level 3 in Reifegradmodell 1.1, as in `coverage.selectors.organization_gaps`), the
candidate solutions (their OZG-Leistungen plus those their adopters use them for), the adoptions
in pilot or production with the adopters' profiles, ratings, activity and, where the
transferability app provides it, the general transferability score. A page also reads the
citizens' demand for the organisation's gaps (`participation.selectors.demand_by_service`; reuse
sits above participation, which never imports reuse); the leave-one-out evaluation does not.

A page splits this by what changes when. The *universe* (adoptions, candidates, adopter
profiles, ratings, releases) is loaded once for every solution and kept per process under the
ranking stamp: the `RankingRevision` token, renewed by every write of the models it is built
from (`reuse.apps.RANKED_MODELS`), and the catalog version (bulk imports rebuild the search
index). Coverage statuses and demand are not among its inputs: after a coverage write only the
organisation's part is computed again (its gaps and the ranking, from the kept universe minus the
solutions the person may not see, `without`; the shortlist's transferability scores are kept with
the universe).
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db import connection
from django.db.models import Max
from django.utils import timezone

from ikone.accounts import policy
from ikone.catalog.models import CatalogVersion, Release, Solution
from ikone.core import replicas, revision
from ikone.core.lru import LRU
from ikone.coverage import cache as coverage_cache
from ikone.coverage.choices import COMPLIANT_LEVEL, DASHBOARD_MODEL
from ikone.coverage.models import ServiceStatus
from ikone.organizations.choices import Level
from ikone.organizations.models import Network, NetworkMembership, Organization
from ikone.ozg.models import Service
from ikone.participation.selectors import demand_by_service
from ikone.reuse import ranking
from ikone.reuse.choices import AdoptionState
from ikone.reuse.models import Adoption, RankingRevision
from ikone.reuse.selectors import adoption_stats
from ikone.transferability.models import TransferabilityScore

TOP_K = 5
SHORTLIST = 50  # a page ranks all candidates, then re-ranks the best 50 with their transferability


def transferability_scores(solution_ids: list[int]) -> dict[int, int]:
    """General transferability scores (0–100) from the transferability app (none for unknown ids)."""
    from ikone.transferability.selectors import general_scores

    return dict(general_scores(solution_ids)) if solution_ids else {}


def _normalise(provider: str) -> str:
    return " ".join(provider.lower().split())


@dataclass
class Universe:
    """Everything the ranking needs, loaded once (for a page, or for a whole evaluation)."""

    profiles: dict[int, ranking.Profile]
    candidates: dict[int, ranking.Candidate]
    adoptions: list[
        tuple[int, int, int, str, dt.date | None, str]
    ]  # pk, org, solution, state, since, provider
    all_services: set[int]
    catalog_services: dict[int, set[int]]  # per solution, from the catalog
    adoption_services: dict[int, set[int]]  # per adoption


def _profiles(ids: Any, providers: dict[int, set[str]]) -> dict[int, ranking.Profile]:
    """Profiles of the organisations `ids` (ids, or a subquery of them: cheaper for thousands)."""
    networks: dict[int, set[int]] = defaultdict(set)
    for org_id, network_id in NetworkMembership.objects.filter(organization_id__in=ids).values_list(
        "organization_id", "network_id"
    ):
        networks[org_id].add(network_id)
    profiles = {}
    for org_id, population, land_key, kreis_key in Organization.objects.filter(pk__in=ids).values_list(
        "pk", "population", "land_key", "kreis_key"
    ):
        profiles[org_id] = ranking.Profile(
            organization_id=org_id,
            size=ranking.size_class(population),
            land_key=land_key,
            kreis_key=kreis_key,
            networks=frozenset(networks[org_id]),
            it_providers=frozenset(providers.get(org_id, set())),
        )
    return profiles


def load_universe(
    *, visible: Any, extra_orgs: Iterable[int] = (), with_transferability: bool = True
) -> Universe:
    """Candidates among `visible` solutions; adopter profiles for everybody with an adoption.
    Transferability scores can be expensive to compute for many solutions: a page asks only for
    the shortlist (see `organization_recommendations`)."""
    rows = list(
        Adoption.objects.filter(solution__in=visible)
        .exclude(state=AdoptionState.ENDED)
        .values_list("pk", "organization_id", "solution_id", "state", "production_since", "it_provider")
    )
    providers: dict[int, set[str]] = defaultdict(set)
    for _pk, org_id, _solution, _state, _since, provider in rows:
        if provider.strip():
            providers[org_id].add(_normalise(provider))
    adopters = Adoption.objects.filter(solution__in=visible).exclude(state=AdoptionState.ENDED)
    profiles = _profiles(adopters.values("organization_id"), providers)
    extra = [pk for pk in extra_orgs if pk not in profiles]
    if extra:
        profiles |= _profiles(extra, providers)
    services: dict[int, set[int]] = defaultdict(set)
    catalog_services: dict[int, set[int]] = defaultdict(set)
    for solution_id, service_id in Solution.services.through.objects.filter(solution__in=visible).values_list(
        "solution_id", "service_id"
    ):
        services[solution_id].add(service_id)
        catalog_services[solution_id].add(service_id)
    active = {row[0] for row in rows}
    per_adoption: dict[int, set[int]] = defaultdict(set)
    for adoption_id, solution_id, service_id in Adoption.services.through.objects.filter(
        adoption__solution__in=visible
    ).values_list("adoption_id", "adoption__solution_id", "service_id"):
        if adoption_id in active:
            services[solution_id].add(service_id)
            per_adoption[adoption_id].add(service_id)
    ids = list(services)
    stats = adoption_stats(ids, within=visible.values("pk"))
    released = dict(
        Release.objects.filter(solution__in=visible)
        .values("solution_id")
        .annotate(latest=Max("release_date"))
        .values_list("solution_id", "latest")
    )
    transfer = transferability_scores(ids) if with_transferability else {}
    uses: dict[int, list[ranking.Use]] = defaultdict(list)
    for _pk, org_id, solution_id, state, since, _provider in rows:
        if state in {AdoptionState.PRODUCTION, AdoptionState.PILOT}:
            uses[solution_id].append(
                ranking.Use(
                    adopter=profiles[org_id], production=state == AdoptionState.PRODUCTION, since=since
                )
            )
    candidates = {}
    for solution_id, name, updated_at in visible.values_list("pk", "name", "updated_at"):
        if solution_id not in services:
            continue
        activity = [updated_at.date()] + ([released[solution_id]] if released.get(solution_id) else [])
        candidates[solution_id] = ranking.Candidate(
            solution_id=solution_id,
            name=name,
            services=frozenset(services[solution_id]),
            uses=tuple(uses[solution_id]),
            average_rating=stats[solution_id].average_rating,
            report_count=stats[solution_id].report_count,
            last_activity=max(activity),
            transferability=transfer.get(solution_id),
        )
    return Universe(
        profiles=profiles,
        candidates=candidates,
        adoptions=rows,
        all_services=set(Service.objects.values_list("pk", flat=True)),
        catalog_services=catalog_services,
        adoption_services=per_adoption,
    )


def gap_services(organization_id: int, all_services: set[int]) -> set[int]:
    """OZG-Leistungen the organisation does not offer at level 3 in model 1.1 (the gap analysis rule)."""
    covered = set(
        ServiceStatus.objects.filter(
            organization_id=organization_id, model__version=DASHBOARD_MODEL, level__gte=COMPLIANT_LEVEL
        ).values_list("service_id", flat=True)
    )
    return all_services - covered


@dataclass(frozen=True)
class Recommendation:
    solution: Solution
    score: float
    explanation: str
    production_adopters: int
    average_rating: float | None
    gap_services: list[Service]


def _names(organization: Organization) -> tuple[str, str]:
    land = Organization.objects.filter(level=Level.LAND, land_key=organization.land_key).first()
    kreis = Organization.objects.filter(level=Level.KREIS, kreis_key=organization.kreis_key).first()
    return (
        land.short_name if land and organization.land_key else "",
        kreis.short_name if kreis and organization.kreis_key else "",
    )


def without(universe: Universe, hidden: Collection[int]) -> Universe:
    """The universe as `load_universe` loads it for every solution but the `hidden` ones (those a
    person may not see): their adoptions leave out, and no longer tell the adopters' IT service
    providers. The universe itself when none of them is in it."""
    gone = set(hidden) & (set(universe.candidates) | {row[2] for row in universe.adoptions})
    if not gone:
        return universe
    rows = [row for row in universe.adoptions if row[2] not in gone]
    providers: dict[int, set[str]] = defaultdict(set)
    for _pk, org_id, _solution, _state, _since, provider in rows:
        if provider.strip():
            providers[org_id].add(_normalise(provider))
    profiles: dict[int, ranking.Profile] = {}
    changed = set()
    for org_id in {row[1] for row in rows}:
        profile = universe.profiles[org_id]
        known = frozenset(providers[org_id])
        if profile.it_providers != known:
            profile = replace(profile, it_providers=known)
            changed.add(org_id)
        profiles[org_id] = profile
    candidates = {}
    for solution_id, candidate in universe.candidates.items():
        if solution_id in gone:
            continue
        if changed and any(use.adopter.organization_id in changed for use in candidate.uses):
            uses = tuple(
                replace(use, adopter=profiles[use.adopter.organization_id]) for use in candidate.uses
            )
            candidate = replace(candidate, uses=uses)
        candidates[solution_id] = candidate
    kept = {row[0] for row in rows}
    return Universe(
        profiles=profiles,
        candidates=candidates,
        adoptions=rows,
        all_services=universe.all_services,
        catalog_services={k: v for k, v in universe.catalog_services.items() if k not in gone},
        adoption_services={k: v for k, v in universe.adoption_services.items() if k in kept},
    )


def bump() -> None:
    """Give the ranking inputs a new revision (call inside the writing transaction; saving or
    deleting the models in `reuse.apps.RANKED_MODELS` does it through signals)."""
    revision.renew(RankingRevision)


def bump_on_change(sender: type, **kwargs: Any) -> None:
    """Signal receiver: a model the universe is built from was saved or deleted."""
    if not kwargs.get("raw"):
        bump()


def bump_on_link_change(sender: type, **kwargs: Any) -> None:
    """Signal receiver: OZG-Leistungen were linked to or unlinked from a solution or adoption."""
    if kwargs.get("action") in {"post_add", "post_remove", "post_clear"}:
        bump()


_SCORED_SQL = f"(SELECT MAX(computed_at) FROM {TransferabilityScore._meta.db_table})"  # noqa: S608 - a table name
_STAMP_SQL = (
    f"SELECT {revision.token_sql(RankingRevision)}, {revision.token_sql(CatalogVersion)}, {_SCORED_SQL}"
)


def ranking_stamp() -> tuple[Any, ...]:
    """The revision of the universe's inputs, in one query: the ranking token, the catalog version
    and the newest stored transferability score (the transferability app stores a solution's
    score again after every change of what it is computed from). The universe kept for it is read
    on the primary too (a replica may lag behind the stamp)."""
    replicas.follow_primary()
    with connection.cursor() as cursor:
        cursor.execute(_STAMP_SQL)
        row = cursor.fetchone()
    return (connection.alias, connection.settings_dict["NAME"], *(row or ()))


class _Kept:
    """The universe of every solution for the current ranking stamp, its views without the
    solutions some people may not see (one per set of hidden solutions, the few most recent), and
    the transferability scores of the shortlists ranked so far (computed on the fly for solutions
    without a stored score: ~20 ms each)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stamp: tuple[Any, ...] | None = None
        self.universe: Universe | None = None
        self.views: LRU[Universe] = LRU(max_entries=16)
        self.solutions: frozenset[int] = frozenset()  # those the universe tells anything about
        self.scores: dict[int, int | None] = {}

    def get(self, stamp: tuple[Any, ...], hidden: Collection[int]) -> Universe:
        """The universe for `stamp` (read before the data: a write in between only costs another
        load) without the `hidden` solutions."""
        with self.lock:
            if self.universe is None or self.stamp != stamp:
                self.universe = None  # let the old one go before loading the new one
                self.views.clear()
                self.scores = {}
                self.universe = load_universe(visible=Solution.objects.all(), with_transferability=False)
                self.solutions = frozenset(self.universe.candidates) | {r[2] for r in self.universe.adoptions}
                self.stamp = stamp
            universe, key = self.universe, (stamp, self.solutions.intersection(hidden))
        view = self.views.get(key)
        if view is None:
            view = without(universe, key[1])
            self.views.put(key, view)
        return view

    def transferability(self, solution_ids: list[int]) -> dict[int, int | None]:
        """The general transferability scores of these solutions (None: no score)."""
        scores = self.scores
        missing = [pk for pk in solution_ids if pk not in scores]
        if missing:
            found = transferability_scores(missing)
            scores.update({pk: found.get(pk) for pk in missing})
        return {pk: scores[pk] for pk in solution_ids}

    def clear(self) -> None:
        with self.lock:
            self.stamp = self.universe = None
            self.views.clear()
            self.solutions = frozenset()
            self.scores = {}


_kept = _Kept()
_computed: LRU[list[Recommendation]] = LRU(max_entries=256, name="recommendations")


def organization_recommendations(
    *, user: Any, organization: Organization, limit: int = 10
) -> list[Recommendation]:
    """Solutions for the organisation's gaps, best first, each with a one-sentence explanation.

    The result is kept per process until any audited write changes the data stamp (the coverage
    cache's: revision token and newest change record), the ranking stamp changes or the day
    changes, per organisation, limit and what the user may see. Computing it again reads the
    organisation's gaps and demand and ranks the kept universe; only a write of the universe's
    inputs loads that again."""
    if policy.is_platform_admin(user):
        sees: Hashable = "all"
    else:
        sees = frozenset(policy.organization_ids(user))
    ranked = ranking_stamp()
    key = (coverage_cache.stamp(), ranked, timezone.localdate(), organization.pk, limit, sees)
    result = _computed.get(key)
    if result is None:
        result = _recommendations(user=user, organization=organization, limit=limit, ranked=ranked)
        _computed.put(key, result)
    return result


def forget() -> None:
    """Drop every kept result and universe (tests; the stamps make them stale in normal operation)."""
    _computed.clear()
    _kept.clear()


def _hidden(user: Any) -> set[int]:
    """The solutions `user` may not see (`SolutionQuerySet.visible_to`)."""
    if policy.is_platform_admin(user):
        return set()
    visible = Solution.objects.visible_to(user).values("pk")
    return set(Solution.objects.exclude(pk__in=visible).values_list("pk", flat=True))


def _recommendations(
    *, user: Any, organization: Organization, limit: int, ranked: tuple[Any, ...]
) -> list[Recommendation]:
    universe = _kept.get(ranked, _hidden(user))
    target = universe.profiles.get(organization.pk) or _profiles([organization.pk], {})[organization.pk]
    gaps = gap_services(organization.pk, universe.all_services)
    own = {solution for _pk, org, solution, _s, _d, _p in universe.adoptions if org == organization.pk}
    today = timezone.localdate()
    demand = demand_by_service(organizations=[organization])
    shortlist = ranking.rank(
        target,
        gaps,
        list(universe.candidates.values()),
        today,
        exclude=own,
        limit=max(limit, SHORTLIST),
        demand=demand,
    )
    transfer = _kept.transferability([s.candidate.solution_id for s in shortlist])
    pool = [replace(s.candidate, transferability=transfer.get(s.candidate.solution_id)) for s in shortlist]
    scored = ranking.rank(target, gaps, pool, today, limit=limit, demand=demand)
    land_name, kreis_name = _names(organization)
    networks = list(Network.objects.filter(pk__in=target.networks))
    network_name = str(networks[0]) if len(networks) == 1 else ""
    solutions = Solution.objects.select_related("owner").in_bulk([s.candidate.solution_id for s in scored])
    services = Service.objects.in_bulk(
        set().union(*(s.candidate.services & gaps for s in scored)) if scored else []
    )
    return [
        Recommendation(
            solution=solutions[s.candidate.solution_id],
            score=s.score,
            explanation=ranking.explain(
                s, target, land_name=land_name, kreis_name=kreis_name, network_name=network_name
            ),
            production_adopters=s.production_adopters,
            average_rating=s.candidate.average_rating,
            gap_services=sorted(
                (services[pk] for pk in s.candidate.services & gaps if pk in services), key=lambda x: x.ozg_id
            ),
        )
        for s in scored
    ]


@dataclass(frozen=True)
class Evaluation:
    cases: int
    hit_rate_at_5: float
    baseline_hit_rate_at_5: float

    def as_dict(self) -> dict[str, float | int]:
        return {
            "cases": self.cases,
            "hit_rate_at_5": round(self.hit_rate_at_5, 4),
            "baseline_hit_rate_at_5": round(self.baseline_hit_rate_at_5, 4),
        }


def evaluate(*, max_cases: int | None = None, seed: int = 1, today: dt.date | None = None) -> Evaluation:
    """Leave-one-out: for each production adoption (or a deterministic sample of `max_cases`),
    hide it, rank for its organisation (the hidden adoption's OZG-Leistungen count as gaps again,
    its IT service provider is forgotten unless another adoption names it) and check whether the
    solution is in the top 5; the baseline ranks the same candidates by number of production adopters."""
    return evaluate_universe(
        load_universe(visible=Solution.objects.all()),
        max_cases=max_cases,
        seed=seed,
        today=today or timezone.localdate(),
    )


def evaluate_universe(universe: Universe, *, max_cases: int | None, seed: int, today: dt.date) -> Evaluation:
    """`evaluate` on data already loaded (to compare weightings without reloading)."""
    # cases: production adoptions of solutions with OZG-Leistungen (others are never recommended)
    cases = [
        row
        for row in universe.adoptions
        if row[3] == AdoptionState.PRODUCTION and row[2] in universe.candidates
    ]
    if max_cases is not None and len(cases) > max_cases:
        cases = random.Random(seed).sample(cases, max_cases)
    by_org: dict[int, list[tuple[int, int, int, str, dt.date | None, str]]] = defaultdict(list)
    by_solution: dict[int, list[int]] = defaultdict(list)
    for row in universe.adoptions:
        by_org[row[1]].append(row)
        by_solution[row[2]].append(row[0])
    adoption_services = universe.adoption_services
    gap_cache: dict[int, set[int]] = {}
    hits = baseline_hits = 0
    candidates = universe.candidates
    for pk, org_id, solution_id, _state, _since, _provider in cases:
        others = [row for row in by_org[org_id] if row[0] != pk]
        providers = frozenset(_normalise(row[5]) for row in others if row[5].strip())
        target = replace(universe.profiles[org_id], it_providers=providers)
        if org_id not in gap_cache:
            gap_cache[org_id] = gap_services(org_id, universe.all_services)
        gaps = gap_cache[org_id] | adoption_services[pk]
        hidden = candidates[solution_id]
        # the hidden adoption tells nothing: neither its use nor the OZG-Leistungen it was for
        known = set(universe.catalog_services.get(solution_id, set()))
        for other in by_solution[solution_id]:
            if other != pk:
                known |= adoption_services.get(other, set())
        reduced = replace(hidden, uses=_without_one(hidden.uses, org_id), services=frozenset(known))
        pool = [reduced if c.solution_id == solution_id else c for c in candidates.values()]
        exclude = {row[2] for row in others}
        top = ranking.rank(target, gaps, pool, today, exclude=exclude, limit=TOP_K)
        hits += any(s.candidate.solution_id == solution_id for s in top)
        baseline = ranking.rank_by_popularity(gaps, pool, target_id=org_id, exclude=exclude, limit=TOP_K)
        baseline_hits += any(c.solution_id == solution_id for c in baseline)
    n = len(cases)
    return Evaluation(
        cases=n, hit_rate_at_5=hits / n if n else 0.0, baseline_hit_rate_at_5=baseline_hits / n if n else 0.0
    )


def _without_one(uses: tuple[ranking.Use, ...], org_id: int) -> tuple[ranking.Use, ...]:
    """The uses without the hidden organisation's production use (one organisation, one active adoption)."""
    return tuple(u for u in uses if not (u.adopter.organization_id == org_id and u.production))
