"""Ranking of recommended solutions (pure: no ORM, testable without a database).

A candidate is a solution that covers at least one OZG-Leistung the organisation lacks. Its score
adds up weighted signals, each in [0, 1] before weighting:

- similar adopters (weight 3.0): production adoptions (pilot counts half) by other organisations,
  each weighted by how similar the adopter is: 0.25 + 1 same size class + 1 same Land + 1.5 same
  Kreis + 2 same network + 1 same IT service provider; the sum s becomes log(1 + s) / log(201),
  at most 1 (logarithmic, so that ten similar adopters still count more than five);
- ratings (1.0): (average rating − 1) / 4, damped towards neutral 0.5 with fewer than 3 reports;
- maintenance activity (0.5): 1 if the solution changed or released within 180 days, 0.5 within
  365 days, else 0;
- transferability (TRANSFERABILITY_WEIGHT = 0.75): the general transferability score / 100 if the
  transferability app provides one, otherwise the signal is left out (never guessed);
- recency (0.25): 1 if the latest adoption went into production within 365 days;
- fit (0.5): share of the organisation's gaps among the solution's OZG-Leistungen, at most 1;
- citizens' demand (WEIGHT_DEMAND = 1.0): people asking for the OZG-Leistungen among the gaps the
  solution covers (participation), summed over those gaps; the sum d becomes
  log(1 + d) / log(1 + DEMAND_SATURATION), at most 1; without demand the signal is 0.

Ties break by more production adopters, then by name and id, so the order is deterministic.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

SIZE_CLASSES: tuple[tuple[int, str], ...] = (
    (5_000, "unter 5.000 Einwohner"),
    (20_000, "5.000–20.000 Einwohner"),
    (100_000, "20.000–100.000 Einwohner"),
    (500_000, "100.000–500.000 Einwohner"),
)
LARGEST_CLASS = "ab 500.000 Einwohner"

WEIGHT_SIMILAR = 3.0
WEIGHT_RATING = 1.0
WEIGHT_MAINTENANCE = 0.5
TRANSFERABILITY_WEIGHT = 0.75
WEIGHT_RECENCY = 0.25
WEIGHT_FIT = 0.5
WEIGHT_DEMAND = 1.0
DEMAND_SATURATION = 50.0  # people asking for the covered gaps at which the demand signal reaches 1

SIMILARITY = {"size": 1.0, "land": 1.0, "kreis": 1.5, "network": 2.0, "it_provider": 1.0}
BASE_WEIGHT = 0.25
SIMILAR_SATURATION = 200.0
PILOT_FACTOR = 0.5
MIN_REPORTS_FOR_FULL_RATING = 3


def size_class(population: int | None) -> int | None:
    """0 (< 5.000) … 4 (≥ 500.000); None without a population figure."""
    if population is None:
        return None
    for index, (limit, _label) in enumerate(SIZE_CLASSES):
        if population < limit:
            return index
    return len(SIZE_CLASSES)


def size_label(size: int) -> str:
    return SIZE_CLASSES[size][1] if size < len(SIZE_CLASSES) else LARGEST_CLASS


def _similar_size(count: int, size: int) -> str:
    return f"{count} {'Kommune' if count == 1 else 'Kommunen'} ähnlicher Größe ({size_label(size)})"


@dataclass(frozen=True)
class Profile:
    """What makes two organisations similar."""

    organization_id: int
    size: int | None = None
    land_key: str = ""
    kreis_key: str = ""
    networks: frozenset[int] = frozenset()
    it_providers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Use:
    adopter: Profile
    production: bool  # else pilot
    since: dt.date | None = None


@dataclass(frozen=True)
class Candidate:
    solution_id: int
    name: str
    services: frozenset[int]
    uses: tuple[Use, ...] = ()
    average_rating: float | None = None
    report_count: int = 0
    last_activity: dt.date | None = None
    transferability: int | None = None


@dataclass
class Scored:
    candidate: Candidate
    score: float
    signals: dict[str, float] = field(default_factory=dict)
    matches: dict[str, int] = field(default_factory=dict)  # production adopters per similarity kind
    production_adopters: int = 0
    gap_services: int = 0
    demand: int = 0  # people asking for the gaps the solution covers


def similarity(target: Profile, other: Profile) -> tuple[float, set[str]]:
    """Weight of one adopter for the target (≥ BASE_WEIGHT) and the kinds of similarity that hold."""
    kinds: set[str] = set()
    if target.size is not None and target.size == other.size:
        kinds.add("size")
    if target.land_key and target.land_key == other.land_key:
        kinds.add("land")
    if target.kreis_key and target.kreis_key == other.kreis_key:
        kinds.add("kreis")
    if target.networks & other.networks:
        kinds.add("network")
    if target.it_providers & other.it_providers:
        kinds.add("it_provider")
    return BASE_WEIGHT + sum(SIMILARITY[kind] for kind in kinds), kinds


def _maintenance(last_activity: dt.date | None, today: dt.date) -> float:
    if last_activity is None:
        return 0.0
    age = (today - last_activity).days
    return 1.0 if age <= 180 else 0.5 if age <= 365 else 0.0


def score(
    target: Profile,
    gaps: frozenset[int],
    candidate: Candidate,
    today: dt.date,
    demand: Mapping[int, int] | None = None,
) -> Scored:
    """`demand`: people asking for an OZG-Leistung (service id → count), read only for gaps."""
    total_similarity = 0.0
    matches: dict[str, int] = {}
    production = 0
    latest: dt.date | None = None
    for use in candidate.uses:
        if use.adopter.organization_id == target.organization_id:
            continue
        weight, kinds = similarity(target, use.adopter)
        total_similarity += weight * (1.0 if use.production else PILOT_FACTOR)
        if use.production:
            production += 1
            if {"size", "land"} <= kinds:
                kinds = kinds | {"size_land"}
            for kind in kinds:
                matches[kind] = matches.get(kind, 0) + 1
            if use.since is not None and (latest is None or use.since > latest):
                latest = use.since
    signals = {"similar": min(1.0, math.log1p(total_similarity) / math.log1p(SIMILAR_SATURATION))}
    if candidate.average_rating is not None and candidate.report_count:
        confidence = min(1.0, candidate.report_count / MIN_REPORTS_FOR_FULL_RATING)
        signals["rating"] = 0.5 + ((candidate.average_rating - 1.0) / 4.0 - 0.5) * confidence
    else:
        signals["rating"] = 0.5
    signals["maintenance"] = _maintenance(candidate.last_activity, today)
    if candidate.transferability is not None:
        signals["transferability"] = max(0, min(100, candidate.transferability)) / 100
    signals["recency"] = 1.0 if latest is not None and (today - latest).days <= 365 else 0.0
    covered = len(candidate.services & gaps)
    signals["fit"] = min(1.0, covered / max(1, len(candidate.services)))
    asking = sum(max(0, (demand or {}).get(service, 0)) for service in candidate.services & gaps)
    signals["demand"] = min(1.0, math.log1p(asking) / math.log1p(DEMAND_SATURATION))
    weights = {
        "similar": WEIGHT_SIMILAR,
        "rating": WEIGHT_RATING,
        "maintenance": WEIGHT_MAINTENANCE,
        "transferability": TRANSFERABILITY_WEIGHT,
        "recency": WEIGHT_RECENCY,
        "fit": WEIGHT_FIT,
        "demand": WEIGHT_DEMAND,
    }
    value = sum(weights[name] * signal for name, signal in signals.items())
    return Scored(
        candidate=candidate,
        score=round(value, 6),
        signals=signals,
        matches=matches,
        production_adopters=production,
        gap_services=covered,
        demand=asking,
    )


def rank(
    target: Profile,
    gaps: Iterable[int],
    candidates: Sequence[Candidate],
    today: dt.date,
    *,
    exclude: Iterable[int] = (),
    limit: int | None = None,
    demand: Mapping[int, int] | None = None,
) -> list[Scored]:
    """Candidates covering at least one gap, best first (excluding solutions in `exclude`);
    `demand` counts the people asking for each OZG-Leistung (see `score`)."""
    gap_set = frozenset(gaps)
    excluded = set(exclude)
    scored = [
        score(target, gap_set, c, today, demand)
        for c in candidates
        if c.solution_id not in excluded and c.services & gap_set
    ]
    scored.sort(key=lambda s: (-s.score, -s.production_adopters, s.candidate.name, s.candidate.solution_id))
    return scored[:limit] if limit is not None else scored


def rank_by_popularity(
    gaps: Iterable[int],
    candidates: Sequence[Candidate],
    *,
    target_id: int,
    exclude: Iterable[int] = (),
    limit: int | None = None,
) -> list[Candidate]:
    """The baseline: candidates covering a gap, by number of production adopters (other than the target)."""
    gap_set = frozenset(gaps)
    excluded = set(exclude)

    def popularity(c: Candidate) -> int:
        return sum(1 for u in c.uses if u.production and u.adopter.organization_id != target_id)

    chosen = [c for c in candidates if c.solution_id not in excluded and c.services & gap_set]
    chosen.sort(key=lambda c: (-popularity(c), c.name, c.solution_id))
    return chosen[:limit] if limit is not None else chosen


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def explain(
    scored: Scored, target: Profile, *, land_name: str = "", kreis_name: str = "", network_name: str = ""
) -> str:
    """One German sentence, e.g. "In Produktion bei 4 Städten ähnlicher Größe (…) in Rheinland-Pfalz;
    Bewertung 4,5." Mentions the strongest kind of similarity that holds for production adopters."""
    m = scored.matches
    parts: list[str] = []
    if m.get("network"):
        parts.append(
            f"In Produktion bei {m['network']} {_org_word(m['network'])} Ihres Netzwerks{f' {network_name}' if network_name else ''}"
        )
    elif m.get("kreis"):
        where = f" im Kreis {kreis_name}" if kreis_name else " in Ihrem Kreis"
        parts.append(f"In Produktion bei {m['kreis']} {_org_word(m['kreis'])}{where}")
    elif m.get("size_land") and target.size is not None:
        where = f" in {land_name}" if land_name else " in Ihrem Land"
        parts.append(f"In Produktion bei {_similar_size(m['size_land'], target.size)}{where}")
    elif m.get("land"):
        where = f" in {land_name}" if land_name else " in Ihrem Land"
        parts.append(f"In Produktion bei {m['land']} {_org_word(m['land'])}{where}")
    elif m.get("size") and target.size is not None:
        parts.append(f"In Produktion bei {_similar_size(m['size'], target.size)}")
    elif scored.production_adopters:
        parts.append(
            f"In Produktion bei {scored.production_adopters} {_org_word(scored.production_adopters)}"
        )
    else:
        parts.append("Noch nirgends in Produktion")
    if m.get("it_provider"):
        parts.append(f"{m['it_provider']} davon mit Ihrem IT-Dienstleister")
    if scored.candidate.average_rating is not None and scored.candidate.report_count:
        parts.append(f"Bewertung {_number(scored.candidate.average_rating)}")
    if scored.gap_services:
        parts.append(
            "deckt eine Ihrer offenen OZG-Leistungen ab"
            if scored.gap_services == 1
            else f"deckt {scored.gap_services} Ihrer offenen OZG-Leistungen ab"
        )
        if scored.demand:
            people = "1 Person" if scored.demand == 1 else f"{scored.demand} Personen"
            verb = "wünscht" if scored.demand == 1 else "wünschen"
            parts[-1] += f", {people} aus der Bürgerschaft {verb} sie"
    return "; ".join(parts) + "."


def _org_word(count: int) -> str:
    return "Organisation" if count == 1 else "Organisationen"
