"""Reproducible synthetic instances for benchmarks and tests (no database).

Members have 20–120 PT and an opinion on some of the 14 Themenfelder; services 5–60 PT and a
priority like the real one: 10 per member lacking it (1…all), +10 for SDG relevance (one in four),
+5 for municipal execution (half). The same arguments always give the same instance.
"""

from __future__ import annotations

import random
from fractions import Fraction

from ikone.planning.solver.model import Instance, Member, Preference, ServiceItem

THEMENFELDER = [
    "Arbeit & Ruhestand",
    "Bauen & Wohnen",
    "Bildung",
    "Ein- & Auswanderung",
    "Engagement & Hobby",
    "Familie & Kind",
    "Forschung & Förderung",
    "Gesundheit",
    "Mobilität & Reisen",
    "Querschnitt",
    "Recht & Ordnung",
    "Steuern & Zoll",
    "Umwelt",
    "Unternehmensführung & -entwicklung",
]


def synthetic_instance(
    members: int, services: int, seed: int = 1, fairness_slack: Fraction | None = Fraction(5, 4)
) -> Instance:
    rng = random.Random(seed)
    member_list = []
    for i in range(members):
        preferences = {}
        for themenfeld in rng.sample(THEMENFELDER, rng.randint(0, 4)):
            preferences[themenfeld] = rng.choice(
                [Preference.EXPERIENCE, Preference.INTEREST, Preference.INTEREST, Preference.EXCLUDED]
            )
        member_list.append(
            Member(name=f"Kommune {i + 1:03d}", capacity=10 * rng.randint(2, 12), preferences=preferences)
        )
    service_list = []
    for j in range(services):
        lacking = rng.randint(1, members)
        reasons: list[str] = []
        priority = 10 * lacking
        if rng.random() < 0.25:
            priority += 10
            reasons.append("sie SDG-relevant ist")
        if rng.random() < 0.5:
            priority += 5
            reasons.append("die Kommunen sie vollziehen")
        service_list.append(
            ServiceItem(
                key=f"S{j + 1:04d}",
                name=f"Leistung {j + 1:04d}",
                themenfeld=rng.choice(THEMENFELDER),
                effort=5 * rng.randint(1, 12),
                priority=priority,
                lacking=lacking,
                reasons=tuple(reasons),
            )
        )
    return Instance(members=tuple(member_list), services=tuple(service_list), fairness_slack=fairness_slack)
