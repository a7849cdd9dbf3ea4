"""Demo costs in IKONE-DS (evidence "Demodaten: …", all amounts invented but plausible), written
through the services: costs of two shared solutions, the Land's funding programme of 425.000 EUR, a
signed-off agreement by population (without Trier, for the "what if Trier joins" scenario) and a
hybrid one with a member joining mid-year. Idempotent: a network with agreements is left alone;
members or solutions missing from the reference or demo data are skipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from ikone.catalog.demo import BASE_URL
from ikone.catalog.models import Solution
from ikone.claims.choices import ClaimState
from ikone.claims.models import Claim
from ikone.core.audit import Actor
from ikone.costs import services
from ikone.costs.models import CostAgreement, FundingProgramme
from ikone.organizations.choices import Level
from ikone.organizations.models import Network, Organization

EVIDENCE = "Demodaten: zur Vorführung ausgedacht"
MEMBERS = [
    "07312000",  # Kaiserslautern
    "07137003",  # Andernach
    "07318000",  # Speyer
    "07334501",  # Wörth am Rhein
    "07320000",  # Zweibrücken
    "07133006",  # Bad Kreuznach
    "07141068",  # Katzenelnbogen
    "07317000",  # Pirmasens
    "07313000",  # Landau in der Pfalz
]
TRIER = "07211000"
# Usage (published council documents per year) and the fixed percentages of an earlier arrangement,
# so that every key can be compared for the OParl agreement.
USAGE = {
    "07312000": 4200,
    "07137003": 1300,
    "07318000": 2100,
    "07334501": 600,
    "07320000": 1500,
    "07133006": 1900,
    "07141068": 400,
    "07317000": 1700,
    "07313000": 1800,
}
PERCENT = {
    "07312000": "20",
    "07137003": "9",
    "07318000": "12",
    "07334501": "6",
    "07320000": "10",
    "07133006": "12",
    "07141068": "5",
    "07317000": "13",
    "07313000": "13",
}


@dataclass(frozen=True)
class DemoCost:
    solution: str
    title: str
    kind: str
    amount: str
    year: int
    incurred_by: str
    funded: bool = False


DEMO_COSTS = [
    DemoCost(
        "oparl-bruecke",
        "Entwicklung der OParl-Schnittstelle",
        "development",
        "96000.00",
        2020,
        "07312000",
        True,
    ),
    DemoCost(
        "oparl-bruecke",
        "Einführung in den Mitgliedsstädten",
        "introduction",
        "18500.00",
        2021,
        "07312000",
        True,
    ),
    DemoCost("oparl-bruecke", "Betrieb und Überwachung", "operation", "14400.00", 2025, "07312000"),
    DemoCost("oparl-bruecke", "Hosting im kommunalen Rechenzentrum", "hosting", "4800.00", 2025, "07312000"),
    DemoCost(
        "oparl-bruecke", "Weiterentwicklung OParl 1.1", "further_development", "9000.00", 2025, "07312000"
    ),
    DemoCost(
        "termine-buergerbuero",
        "Entwicklung der Terminbuchung",
        "development",
        "72000.00",
        2021,
        "07313000",
        True,
    ),
    DemoCost("termine-buergerbuero", "Lizenzen Kalenderkomponente", "licence", "6000.00", 2025, "07313000"),
    DemoCost("termine-buergerbuero", "Support für die Bürgerbüros", "support", "3600.00", 2025, "07313000"),
    DemoCost("termine-buergerbuero", "Hosting", "hosting", "2400.00", 2025, "07313000"),
]
YEAR_2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def _towns(keys: list[str]) -> dict[str, Organization]:
    return {o.ags: o for o in Organization.objects.filter(level=Level.GEMEINDE, ags__in=keys)}


@transaction.atomic
def load_demo_costs(*, actor: Actor, network: Network) -> list[str]:
    """Create the demo costs, programme and agreements once; returns what was created."""
    if CostAgreement.objects.filter(network=network).exists():
        return []
    towns = _towns([*MEMBERS, TRIER])
    urls = {
        BASE_URL + key: key for key in {c.solution for c in DEMO_COSTS}
    }  # the catalog demo's repositories
    solutions = {urls[s.url]: s for s in Solution.objects.filter(url__in=urls)}
    programme = FundingProgramme.objects.filter(network=network).first() or services.programme_create(
        actor=actor,
        network=network,
        name="Förderung des Interkommunalen Netzwerks Digitale Stadt",
        funder="Ministerium des Innern und für Sport Rheinland-Pfalz",
        amount_eur=Decimal("425000.00"),
        starts_on=dt.date(2019, 1, 1),
        ends_on=dt.date(2021, 12, 31),
        funding_rate=Decimal("90"),
        eligible_kinds=["development", "introduction", "migration"],
        reporting_duties="Jährlicher Sachbericht und Verwendungsnachweis (Demodaten).",
        note=EVIDENCE,
        claims=list(Claim.objects.filter(network=network, state=ClaimState.DELIVERED)),
    )
    items = 0
    for cost in DEMO_COSTS:
        solution = solutions.get(cost.solution)
        owner = towns.get(cost.incurred_by)
        if solution is None or owner is None:
            continue
        services.cost_item_create(
            actor=actor,
            network=network,
            solution=solution,
            title=cost.title,
            kind=cost.kind,
            amount_eur=Decimal(cost.amount),
            year=cost.year,
            incurred_by=owner,
            programme=programme if cost.funded else None,
            evidence=EVIDENCE,
            chargeable_for_reuse=cost.kind not in {"development", "introduction", "migration"},
        )
        items += 1
    members = [towns[ags] for ags in MEMBERS if ags in towns]
    created = [f"{items} Kostenpositionen", "1 Förderprogramm"]
    if "oparl-bruecke" in solutions and members:
        agreement = services.agreement_create(
            actor=actor,
            network=network,
            solution=solutions["oparl-bruecke"],
            title="Betrieb OParl-Brücke 2025",
            participants=[
                services.ParticipantInput(
                    organization=o,
                    usage=USAGE[o.ags],
                    fixed_percent=Decimal(PERCENT[o.ags]) if len(members) == len(MEMBERS) else None,
                )
                for o in members
            ],
            key=services.KeyInput(kind="population", agreed_on=dt.date(2024, 11, 20)),
            note=EVIDENCE,
            starts_on=YEAR_2025[0],
            ends_on=YEAR_2025[1],
        )
        services.agreement_sign_off(actor=actor, agreement=agreement)
        created.append("Kostenteilung OParl-Brücke (nach Einwohnerzahl, freigegeben)")
    if "termine-buergerbuero" in solutions and members:
        joining = {"07320000": dt.date(2025, 7, 1)}  # Zweibrücken joins mid-year
        services.agreement_create(
            actor=actor,
            network=network,
            solution=solutions["termine-buergerbuero"],
            title="Betrieb Terminbuchung 2025",
            participants=[
                services.ParticipantInput(organization=o, joined_on=joining.get(o.ags)) for o in members
            ],
            key=services.KeyInput(
                kind="hybrid",
                agreed_on=dt.date(2025, 1, 15),
                weights={"population": Decimal("0.6667"), "equal": Decimal("0.3333")},
                minimum_eur=Decimal("300.00"),
            ),
            note=EVIDENCE,
            starts_on=YEAR_2025[0],
            ends_on=YEAR_2025[1],
        )
        created.append("Kostenteilung Terminbuchung (gewichtete Mischung, Entwurf)")
    return created
