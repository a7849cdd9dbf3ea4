"""Demo capacities and Themenfeld preferences of the IKONE-DS members, so that the planner has
work to divide (`ikone plan --network ikone-ds`). Written through the planning services (audited);
the capacity notes say "Demodaten".

Capacities are set for the current half-year and the three after it, relative to the day of
loading, so the planner's default period (the next half-year) has capacities for at least a year
after loading. Idempotent: existing capacities and preferences are left alone.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ikone.claims.selectors import claim_members
from ikone.core.audit import Actor
from ikone.organizations.models import Network
from ikone.ozg.models import Themenfeld
from ikone.planning import services
from ikone.planning.choices import PreferenceChoice
from ikone.planning.models import MemberCapacity, ThemenfeldPreference

DEMO_NOTE = "Demodaten: Kapazität für die gemeinsame OZG-Umsetzung."
EXP, INT, EXCL = PreferenceChoice.EXPERIENCE, PreferenceChoice.INTEREST, PreferenceChoice.EXCLUDED

# member (AGS, or the slug of a member that is no municipality): person-days per half-year and
# what it says about Themenfelder
DEMO_CAPACITIES: dict[str, tuple[int, dict[str, int]]] = {
    "kl-digital-gmbh": (40, {"Querschnitt": EXP, "Mobilität & Reisen": INT}),
    # Kaiserslautern
    "07312000": (60, {"Familie & Kind": EXP, "Bauen & Wohnen": EXP, "Mobilität & Reisen": INT}),
    "07211000": (60, {"Bildung": INT, "Arbeit & Ruhestand": EXP, "Bauen & Wohnen": INT}),  # Trier
    "07318000": (40, {"Engagement & Hobby": EXP, "Unternehmensführung & -entwicklung": EXP}),  # Speyer
    "07313000": (35, {"Bildung": EXP, "Recht & Ordnung": INT}),  # Landau
    "07133006": (35, {"Steuern & Zoll": EXP, "Umwelt": INT, "Gesundheit": INT}),  # Bad Kreuznach
    "07317000": (30, {"Engagement & Hobby": INT, "Familie & Kind": INT}),  # Pirmasens
    "07137003": (25, {"Bauen & Wohnen": INT, "Querschnitt": INT}),  # Andernach
    "07320000": (25, {"Gesundheit": EXP, "Ein- & Auswanderung": INT}),  # Zweibrücken
    "07334501": (15, {"Unternehmensführung & -entwicklung": INT, "Forschung & Förderung": EXCL}),  # Wörth
    "07141068": (5, {"Forschung & Förderung": EXCL, "Ein- & Auswanderung": EXCL}),  # Katzenelnbogen
}


def demo_periods(today: dt.date) -> list[str]:
    """The current half-year and the three after it, e.g. 2026-H2, 2027-H1, 2027-H2, 2028-H1."""
    half = 1 if today.month <= 6 else 2
    periods = []
    year = today.year
    for _ in range(4):
        periods.append(f"{year}-H{half}")
        year, half = (year, 2) if half == 1 else (year + 1, 1)
    return periods


@transaction.atomic
def load_demo_capacities(*, actor: Actor, network: Network) -> int:
    """Capacities and preferences of the network's members; returns how many capacities were set."""
    members = {(o.ags or o.slug): o for o in claim_members(network)}
    themenfelder = {t.name: t for t in Themenfeld.objects.all()}
    present = set(MemberCapacity.objects.filter(network=network).values_list("organization_id", "period"))
    preferred = set(
        ThemenfeldPreference.objects.filter(organization__in=members.values()).values_list(
            "organization_id", flat=True
        )
    )
    created = 0
    for key, (person_days, preferences) in DEMO_CAPACITIES.items():
        member = members.get(key)
        if member is None:
            continue
        for period in demo_periods(timezone.localdate()):
            if (member.pk, period) not in present:
                services.capacity_set(
                    actor=actor,
                    network=network,
                    organization=member,
                    period=period,
                    person_days=person_days,
                    note=DEMO_NOTE,
                )
                created += 1
        if member.pk in preferred:
            continue
        for name, preference in preferences.items():
            if name in themenfelder:
                services.preference_set(
                    actor=actor, organization=member, themenfeld=themenfelder[name], preference=preference
                )
    return created
