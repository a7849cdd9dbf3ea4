"""Demo statuses for the IKONE-DS members (source "demo", so they are recognisable everywhere).

Deterministic: the level of a (municipality, OZG-Leistung) pair follows from a hash of both keys.
"""

from __future__ import annotations

import hashlib

from django.db import transaction

from ikone.catalog.models import Solution
from ikone.core.audit import Actor
from ikone.coverage.choices import StatusSource
from ikone.coverage.models import ServiceStatus
from ikone.coverage.services import StatusValues, statuses_set
from ikone.organizations.models import Network
from ikone.ozg.models import Service

DEMO_THEMENFELDER = ("Familie & Kind", "Steuern & Zoll", "Bauen & Wohnen", "Mobilität & Reisen")
SOLUTION_FOR_SERVICE = {10200: "hundesteuer-online"}
# Pairs the demo story fixes instead of the hash: Speyer is building the digital parking permit for
# the network (claims demo) and its citizens ask for it (participation demo), so it is not online yet.
STORY_LEVELS = {("07318000", 10173): 1}


def _level(ags: str, ozg_id: int) -> int:
    if (ags, ozg_id) in STORY_LEVELS:
        return STORY_LEVELS[(ags, ozg_id)]
    digest = hashlib.sha256(f"{ags}:{ozg_id}".encode()).digest()
    return [0, 1, 1, 2, 2, 3, 3, 4][digest[0] % 8]


@transaction.atomic
def load_demo_statuses(*, actor: Actor, network: Network) -> int:
    """Statuses for the network's municipalities in four Themenfelder; returns how many were created."""
    services = list(Service.objects.filter(themenfeld__name__in=DEMO_THEMENFELDER).order_by("ozg_id"))
    solutions = {s.slug: s for s in Solution.objects.filter(slug__in=SOLUTION_FOR_SERVICE.values())}
    created = 0
    for membership in network.memberships.select_related("organization").filter(
        organization__level="gemeinde"
    ):
        town = membership.organization
        present = set(ServiceStatus.objects.filter(organization=town).values_list("service_id", flat=True))
        items = []
        for service in services:
            if service.pk in present:
                continue
            level = _level(town.ags, service.ozg_id)
            solution = solutions.get(SOLUTION_FOR_SERVICE.get(service.ozg_id, ""))
            items.append(
                (
                    service,
                    StatusValues(level=level, note="Demodaten", solution=solution if level >= 3 else None),
                )
            )
        if items:
            statuses_set(actor=actor, organization=town, items=items, source=StatusSource.DEMO)
        created += len(items)
    return created
