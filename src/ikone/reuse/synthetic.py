"""Synthetic adoptions for load tests and the evaluation at national scale (pure, deterministic).

The generator plants the structure real reuse is believed to have, so that the evaluation can
check whether the ranking recovers it — it says nothing about real-world quality:

- every solution has a popularity (Zipf-like: the i-th of a random order gets weight 1/(i+1)^0.8);
- every Land has a pool of 12 solutions drawn by popularity, every Kreis 3 favourites from its
  Land's pool; every Land has 3 IT service providers, every Kreis uses one of them;
- a share `adopter_share` of the municipalities adopts 1–4 solutions each: with probability 0.5
  a favourite of its Kreis, 0.3 one of its Land's pool, 0.2 any solution by popularity;
- states: 70 % production, 15 % pilot, 10 % evaluating, 5 % ended; production dates in the three
  years before `today`; the IT service provider is the Kreis's (80 %) or another of the Land;
- a third of the production adoptions get an experience report whose ratings scatter around a
  per-solution quality.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

STATES = (("production", 0.70), ("pilot", 0.15), ("evaluating", 0.10), ("ended", 0.05))
LAND_POOL = 12
KREIS_FAVOURITES = 3
PROVIDERS_PER_LAND = 3


@dataclass(frozen=True)
class Town:
    organization_id: int
    land_key: str
    kreis_key: str


@dataclass(frozen=True)
class PlannedReport:
    ratings: tuple[int, int, int, int]
    would_recommend: bool


@dataclass(frozen=True)
class PlannedAdoption:
    organization_id: int
    solution_id: int
    state: str
    started_on: dt.date
    production_since: dt.date | None
    ended_on: dt.date | None
    it_provider: str
    report: PlannedReport | None


def _weighted(rng: random.Random, items: Sequence[int], weights: Sequence[float]) -> int:
    return rng.choices(items, weights=weights, k=1)[0]


def plan(
    towns: Sequence[Town],
    solution_ids: Sequence[int],
    *,
    seed: int = 1,
    adopter_share: float = 0.3,
    today: dt.date,
) -> list[PlannedAdoption]:
    """The synthetic adoptions for these municipalities and solutions (same input, same output)."""
    if not solution_ids or not towns:
        return []
    rng = random.Random(seed)
    order = list(solution_ids)
    rng.shuffle(order)
    popularity = {sid: 1.0 / (index + 1) ** 0.8 for index, sid in enumerate(order)}
    quality = {sid: rng.uniform(2.0, 4.8) for sid in order}
    all_weights = [popularity[sid] for sid in order]
    lands = sorted({t.land_key for t in towns})
    pools: dict[str, list[int]] = {}
    providers: dict[str, list[str]] = {}
    for land in lands:
        pool: list[int] = []
        while len(pool) < min(LAND_POOL, len(order)):
            pick = _weighted(rng, order, all_weights)
            if pick not in pool:
                pool.append(pick)
        pools[land] = pool
        providers[land] = [
            f"Synthetischer IT-Dienstleister {land}-{n}" for n in range(1, PROVIDERS_PER_LAND + 1)
        ]
    favourites: dict[str, list[int]] = {}
    kreis_provider: dict[str, str] = {}
    for kreis, land in sorted({(t.kreis_key, t.land_key) for t in towns}):
        favourites[kreis] = rng.sample(pools[land], min(KREIS_FAVOURITES, len(pools[land])))
        kreis_provider[kreis] = rng.choice(providers[land])
    planned: list[PlannedAdoption] = []
    for town in sorted(towns, key=lambda t: t.organization_id):
        if rng.random() >= adopter_share:
            continue
        chosen: list[int] = []
        for _ in range(rng.randint(1, 4)):
            draw = rng.random()
            if draw < 0.5:
                pick = rng.choice(favourites[town.kreis_key])
            elif draw < 0.8:
                pick = rng.choice(pools[town.land_key])
            else:
                pick = _weighted(rng, order, all_weights)
            if pick not in chosen:
                chosen.append(pick)
        for solution_id in chosen:
            state = rng.choices([s for s, _w in STATES], weights=[w for _s, w in STATES], k=1)[0]
            started = today - dt.timedelta(days=rng.randint(60, 3 * 365 + 120))
            since = (
                started + dt.timedelta(days=rng.randint(30, 120))
                if state in {"production", "ended"}
                else None
            )
            if since is not None and since > today:
                since = today
            ended = today - dt.timedelta(days=rng.randint(0, 30)) if state == "ended" else None
            if ended is not None and since is not None and ended < since:
                ended = since
            provider = (
                kreis_provider[town.kreis_key] if rng.random() < 0.8 else rng.choice(providers[town.land_key])
            )
            report = None
            if state == "production" and rng.random() < 1 / 3:
                base = quality[solution_id]
                ratings = tuple(max(1, min(5, round(rng.gauss(base, 0.7)))) for _ in range(4))
                report = PlannedReport(ratings=ratings, would_recommend=sum(ratings) / 4 >= 3)  # type: ignore[arg-type]
            planned.append(
                PlannedAdoption(
                    organization_id=town.organization_id,
                    solution_id=solution_id,
                    state=state,
                    started_on=started,
                    production_since=since,
                    ended_on=ended,
                    it_provider=provider,
                    report=report,
                )
            )
    return planned
