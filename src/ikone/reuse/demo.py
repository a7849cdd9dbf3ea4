"""Demo adoptions and experience reports in IKONE-DS (origin "demo", labelled as demo data).

Written through the services (audited; adoptions in production set the members' coverage).
Idempotent: pairs that already have an adoption are left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from ikone.catalog.models import Solution
from ikone.core.audit import Actor
from ikone.organizations.models import Network, Organization
from ikone.ozg.models import Service
from ikone.reuse import services
from ikone.reuse.choices import AdoptionState, OperatorModel, Origin
from ikone.reuse.models import Adoption


@dataclass(frozen=True)
class DemoAdoption:
    solution: str
    ags: str
    state: str
    since: dt.date | None = None
    ozg_ids: tuple[int, ...] = ()
    operator: str = OperatorModel.IT_PROVIDER
    provider: str = "KL digital GmbH"
    # experience report: usability, effort, documentation, support, would recommend
    ratings: tuple[int, int, int, int, bool] | None = None


P = AdoptionState.PRODUCTION
DEMO_ADOPTIONS = [
    DemoAdoption("hundesteuer-online", "07312000", P, dt.date(2024, 3, 1), ratings=(5, 4, 4, 5, True)),
    DemoAdoption("hundesteuer-online", "07317000", P, dt.date(2024, 9, 15), ratings=(4, 4, 5, 4, True)),
    DemoAdoption("hundesteuer-online", "07320000", P, dt.date(2025, 2, 1), ratings=(5, 5, 4, 4, True)),
    DemoAdoption("hundesteuer-online", "07133006", AdoptionState.PILOT),
    DemoAdoption("hundesteuer-online", "07137003", AdoptionState.EVALUATING),
    DemoAdoption(
        "wohngeld-assistent", "07312000", P, dt.date(2024, 6, 1), (10092,), ratings=(4, 3, 3, 4, True)
    ),
    DemoAdoption(
        "wohngeld-assistent", "07318000", P, dt.date(2025, 1, 10), (10092,), OperatorModel.OWNER_SAAS, ""
    ),
    DemoAdoption("wohngeld-assistent", "07334501", AdoptionState.PILOT, None, (10092,)),
    DemoAdoption(
        "termine-im-buergerbuero", "07318000", P, dt.date(2023, 11, 1), (10559,), ratings=(5, 4, 3, 3, True)
    ),
    DemoAdoption("termine-im-buergerbuero", "07312000", P, dt.date(2024, 4, 1), (10559,)),
    DemoAdoption(
        "termine-im-buergerbuero", "07334501", P, dt.date(2025, 5, 1), (10559,), OperatorModel.SELF_HOSTED, ""
    ),
    DemoAdoption("termine-im-buergerbuero", "07141068", AdoptionState.INTERESTED, None, (10559,)),
    DemoAdoption("maengelmelder", "07312000", P, dt.date(2023, 5, 1), (10136,), ratings=(4, 3, 2, 3, False)),
    DemoAdoption("maengelmelder", "07318000", P, dt.date(2024, 2, 1), (10136,)),
    DemoAdoption("maengelmelder", "07133006", AdoptionState.EVALUATING, None, (10136,)),
    DemoAdoption("maengelmelder-zweibruecken", "07334501", AdoptionState.PILOT, None, (10136,)),
    DemoAdoption("oparl-bruecke-ratsinformation", "07318000", P, dt.date(2024, 10, 1)),
    DemoAdoption("oparl-bruecke-ratsinformation", "07137003", AdoptionState.PILOT),
]


@transaction.atomic
def load_demo_adoptions(*, actor: Actor, network: Network) -> int:
    """Demo adoptions (and some experience reports) of the IKONE-DS members; returns how many were created."""
    solutions = {s.slug: s for s in Solution.objects.filter(slug__in={d.solution for d in DEMO_ADOPTIONS})}
    towns = {
        o.ags: o
        for o in Organization.objects.filter(
            level="gemeinde", ags__in={d.ags for d in DEMO_ADOPTIONS}, memberships__network=network
        )
    }
    created = 0
    for demo in DEMO_ADOPTIONS:
        solution, town = solutions.get(demo.solution), towns.get(demo.ags)
        if solution is None or town is None or solution.owner_id == town.pk:
            continue
        if Adoption.objects.filter(organization=town, solution=solution).exists():
            continue
        chosen = list(Service.objects.filter(ozg_id__in=demo.ozg_ids)) if demo.ozg_ids else None
        adoption = services.adoption_create(
            actor=actor,
            organization=town,
            solution=solution,
            state=demo.state,
            details=services.AdoptionDetails(
                services=chosen,
                started_on=(demo.since - dt.timedelta(days=120)) if demo.since else None,
                production_since=demo.since,
                effort_days=Decimal("12.5") if demo.state == P else None,
                operator_model=demo.operator,
                it_provider=demo.provider,
                contact_name="Digitalbüro (Demo)",
                contact_email="digital@example.org",
            ),
            origin=Origin.DEMO,
        )
        created += 1
        if demo.ratings is not None:
            usability, effort, documentation, support, recommend = demo.ratings
            services.report_create(
                actor=actor,
                adoption=adoption,
                values=services.ReportValues(
                    would_recommend=recommend,
                    rating_usability=usability,
                    rating_effort=effort,
                    rating_documentation=documentation,
                    rating_support=support,
                    effort_days=Decimal("12.5"),
                    time_to_live_days=90,
                    cost_once_eur=Decimal("8000"),
                    cost_yearly_eur=Decimal("1200"),
                    it_provider=demo.provider,
                    worked="Demodaten: Einführung mit Vorlage der Eigentümerin, kurze Schulung.",
                    did_not_work="Demodaten: Anbindung an das Fachverfahren brauchte Nacharbeit.",
                    pitfalls="Demodaten: Zuständigkeiten für den Betrieb früh klären.",
                ),
                origin=Origin.DEMO,
            )
    return created
