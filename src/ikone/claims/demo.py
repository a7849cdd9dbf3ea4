"""Demo claims in IKONE-DS (note "Demodaten: …", contact "Demodaten"), written through the services.

Dates are relative to the day of loading, so one accepted claim is always overdue. Idempotent: a
network that already has demo claims is left alone; entries whose member or OZG-Leistung is missing
from the reference data are skipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ikone.claims import services
from ikone.claims.models import Claim
from ikone.claims.selectors import claim_conflicts
from ikone.core.audit import Actor
from ikone.organizations.models import Network, Organization
from ikone.ozg.models import Service

DEMO_NOTE = "Demodaten: zur Vorführung angelegte Übernahme."


@dataclass(frozen=True)
class DemoClaim:
    ags: str
    ozg_id: int
    days: int  # target date relative to today
    effort: str
    actions: tuple[str, ...] = ()
    new_solution_name: str = ""
    partners: tuple[str, ...] = ()


DEMO_CLAIMS = [
    DemoClaim("07318000", 10173, 120, "25", ("accept", "start"), "Parkausweis digital", ("07313000",)),
    DemoClaim("07312000", 10019, 200, "40", (), "Kita-Platz-Börse"),
    DemoClaim("07211000", 10019, 240, "35", ()),
    DemoClaim("07317000", 10124, -20, "18", ("accept",), "Meldeportal"),
    DemoClaim("07313000", 10014, 90, "8", ("accept",), "Bibliotheksausweis online"),
]


@transaction.atomic
def load_demo_claims(*, actor: Actor, network: Network) -> int:
    """Create the demo claims; returns how many were created."""
    if Claim.objects.filter(network=network, note=DEMO_NOTE).exists():
        return 0
    today = timezone.localdate()
    towns = {
        o.ags: o
        for o in Organization.objects.filter(
            ags__in={d.ags for d in DEMO_CLAIMS} | {p for d in DEMO_CLAIMS for p in d.partners}
        )
    }
    services_by_id = {s.ozg_id: s for s in Service.objects.filter(ozg_id__in={d.ozg_id for d in DEMO_CLAIMS})}
    members = set(network.memberships.values_list("organization_id", flat=True))
    created = 0
    for demo in DEMO_CLAIMS:
        town, service = towns.get(demo.ags), services_by_id.get(demo.ozg_id)
        if town is None or service is None or town.pk not in members:
            continue
        claim = services.claim_create(
            actor=actor,
            network=network,
            organization=town,
            service=service,
            new_solution_name=demo.new_solution_name,
            target_date=today + dt.timedelta(days=demo.days),
            effort_days=Decimal(demo.effort),
            partners=[towns[p] for p in demo.partners if p in towns],
            contact="Demodaten",
            note=DEMO_NOTE,
        ).claim
        if demo.actions and claim_conflicts(claim=claim):
            services.claim_conflicts_accept(actor=actor, claim=claim, reason="Demodaten: bewusst akzeptiert.")
        for action in demo.actions:
            services.claim_transition(actor=actor, claim=claim, action=action, reason="Demodaten")
        created += 1
    return created
