"""Deterministic synthetic Reifegrade for load tests (every municipality × every OZG-Leistung).

Each municipality gets a digital "drive" and each OZG-Leistung a "popularity"; the level of a pair
is drawn from both with a seeded generator, so a seed always yields the same 6.1 million rows and
the dashboards show plausible spread (popular services online almost everywhere, rare ones nowhere).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

LEVELS_1_1 = 5  # 0–4


def synthetic_levels(
    organization_ids: Sequence[int], service_ids: Sequence[int], *, seed: int = 1
) -> Iterator[tuple[int, int, int]]:
    """(organization_id, service_id, level) for every pair, in order, deterministic for `seed`."""
    rng = random.Random(seed)
    popularity = [rng.betavariate(1.2, 2.0) for _ in service_ids]
    for org_id in organization_ids:
        drive = rng.betavariate(2.0, 2.0)
        draws = [rng.random() for _ in service_ids]
        for service_id, pop, draw in zip(service_ids, popularity, draws, strict=True):
            score = 0.55 * pop + 0.45 * drive + 0.35 * (draw - 0.5)
            level = int(score * LEVELS_1_1)
            yield org_id, service_id, 0 if level < 0 else (LEVELS_1_1 - 1 if level >= LEVELS_1_1 else level)
