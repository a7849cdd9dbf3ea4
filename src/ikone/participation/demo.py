"""Demo proposals of citizens in Speyer and Kaiserslautern (IKONE-DS) and an open ranking process in
Speyer, written through the services.

The proposals are marked as demo data (`is_demo`, shown as "Demodaten"); their authors and
supporters are demo accounts without a password (`demo-buerger-N@ikone.invalid`). Idempotent: when
demo proposals exist, nothing is created; towns or OZG-Leistungen missing from the reference data
are skipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ikone.accounts.models import User
from ikone.accounts.services import user_create
from ikone.core.audit import Actor
from ikone.organizations.models import Network, Organization
from ikone.ozg.models import Service
from ikone.participation import services
from ikone.participation.choices import ProcessKind
from ikone.participation.models import Participant, Proposal

DEMO_PROCESS_AGS = "07318000"
DEMO_CITIZENS = ["Demo: Anna S.", "Demo: Ben K.", "Demo: Carla M.", "Demo: Deniz Ö.", "Demo: Emil W."]


@dataclass(frozen=True)
class DemoProposal:
    ags: str
    ozg_id: int | None
    title: str
    text: str
    author: int  # index into DEMO_CITIZENS
    supporters: tuple[int, ...] = ()
    state: str = ""
    reason: str = ""


DEMO_PROPOSALS = [
    DemoProposal(
        "07318000",
        10173,
        "Anwohnerparkausweis online beantragen und verlängern",
        "Jedes Jahr muss ich für die Verlängerung ins Bürgerbüro. Bitte online mit Bezahlung.",
        0,
        (1, 2, 3),
        "planned",
        "Speyer entwickelt den digitalen Parkausweis im Netzwerk IKONE-DS; geplant für das nächste Jahr.",
    ),
    DemoProposal(
        "07318000",
        10148,
        "Fischereischein online verlängern",
        "Für die Verlängerung meines Fischereischeins musste ich extra ins Rathaus. Das sollte online gehen.",
        1,
        (0, 4),
    ),
    DemoProposal(
        "07318000",
        10160,
        "Hund online anmelden",
        "Die Anmeldung meines Hundes ging nur mit Papierformular.",
        2,
        (3,),
    ),
    DemoProposal(
        "07312000",
        10348,
        "Halteverbotszone für den Umzug online beantragen",
        "Für meinen Umzug brauchte ich ein Halteverbot vor dem Haus: Formular, Fax, Abholung im Amt. "
        "Das sollte online gehen.",
        3,
        (1, 2),
    ),
    DemoProposal(
        "07312000",
        10110,
        "Sperrmüll online anmelden",
        "Einen Termin für die Sperrmüllabholung online buchen statt anzurufen.",
        4,
        (0,),
    ),
    DemoProposal(
        "07312000",
        None,
        "Schlaglöcher online melden",
        "Eine Meldeseite für Schäden an Straßen und Radwegen mit Foto und Ort.",
        0,
        (4,),
    ),
]


def _citizen(actor: Actor, index: int) -> User:
    email = f"demo-buerger-{index + 1}@ikone.invalid"
    user = User.objects.filter(email=email).first() or user_create(actor=actor, email=email)
    if not Participant.objects.filter(user=user).exists():
        _participant, raw = services.participant_register(
            actor=Actor.of(user), display_name=DEMO_CITIZENS[index]
        )
        services.participant_confirm(raw=raw)
    return user


@transaction.atomic
def load_demo_proposals(*, actor: Actor, network: Network) -> int:
    """Create the demo proposals for the network's towns; returns how many were created."""
    if Proposal.objects.filter(is_demo=True).exists():
        return 0
    members = set(network.memberships.values_list("organization_id", flat=True))
    towns = {o.ags: o for o in Organization.objects.filter(ags__in={d.ags for d in DEMO_PROPOSALS})}
    by_id = Service.objects.in_bulk([d.ozg_id for d in DEMO_PROPOSALS if d.ozg_id], field_name="ozg_id")
    citizens = [_citizen(actor, i) for i in range(len(DEMO_CITIZENS))]
    created = 0
    for demo in DEMO_PROPOSALS:
        town = towns.get(demo.ags)
        if town is None or town.pk not in members or (demo.ozg_id and demo.ozg_id not in by_id):
            continue
        proposal = services.proposal_create(
            actor=Actor.of(citizens[demo.author]),
            organization=town,
            title=demo.title,
            text=demo.text,
            service=by_id.get(demo.ozg_id) if demo.ozg_id else None,
            is_demo=True,
        )
        for index in demo.supporters:
            services.support_add(actor=Actor.of(citizens[index]), proposal=proposal)
        if demo.state:
            services.proposal_set_state(actor=actor, proposal=proposal, state=demo.state, reason=demo.reason)
        created += 1
    speyer = towns.get(DEMO_PROCESS_AGS)
    if speyer is not None and speyer.pk in members:
        _demo_process(actor, speyer, citizens, by_id)
    return created


def _demo_process(actor: Actor, town: Organization, citizens: list[User], by_id: dict[int, Service]) -> None:
    """An open ranking process ("Was brauchen Sie zuerst?") with a few votes."""
    now = timezone.now()
    process = services.process_create(
        actor=actor,
        organization=town,
        title="Digitale Verwaltung 2027: Was brauchen Sie zuerst?",
        description="Demodaten: Bringen Sie bis zu drei Vorhaben in Ihre Reihenfolge.",
        kind=ProcessKind.RANKING,
        starts_at=now - dt.timedelta(days=7),
        ends_at=now + dt.timedelta(days=60),
        items=[
            services.ItemDraft(title="Anwohnerparkausweis online", service=by_id.get(10173)),
            services.ItemDraft(title="Fischereischein online", service=by_id.get(10148)),
            services.ItemDraft(title="Hundeanmeldung online", service=by_id.get(10160)),
            services.ItemDraft(title="Mängelmelder für Straßen und Radwege"),
        ],
        is_demo=True,
    )
    items = [item.pk for item in process.items.order_by("id")]
    for citizen, order in zip(citizens, ([0, 1], [1, 0, 3], [0, 3], [2]), strict=False):
        services.ballot_cast(actor=Actor.of(citizen), process=process, item_ids=[items[i] for i in order])
