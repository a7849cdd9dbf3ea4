"""The demo networks: IKONE-DS (Rhineland-Palatinate) and Smart-City Fichtelgebirge (Bavaria).

Members are real municipalities from the directory (by AGS); organisations that are not in the
directory are created with source "demo". Running it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.organizations import services
from ikone.organizations.choices import Level, MembershipRole, Source
from ikone.organizations.models import Network, Organization

IKONE_DS_MEMBERS = [
    "07312000",  # Kaiserslautern
    "07137003",  # Andernach
    "07318000",  # Speyer
    "07334501",  # Wörth am Rhein
    "07320000",  # Zweibrücken
    "07133006",  # Bad Kreuznach
    "07141068",  # Katzenelnbogen (Verbandsgemeinde Aar-Einrich)
    "07317000",  # Pirmasens
    "07211000",  # Trier
    "07313000",  # Landau in der Pfalz
]
WUNSIEDEL_KREIS = "09479"
UNINCORPORATED_KINDS = {"gemeindefreies Gebiet, bewohnt", "gemeindefreies Gebiet, unbewohnt"}


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)


def _other_org(*, actor: Actor, report: DemoReport, slug: str, **values: object) -> Organization:
    existing = Organization.objects.filter(slug=slug).first()
    if existing:
        return existing
    report.created.append(str(values["name"]))
    return services.organization_create(
        actor=actor, slug=slug, level=Level.OTHER, source=Source.DEMO, **values
    )


def _municipality(ags: str) -> Organization:
    organization = Organization.objects.filter(level=Level.GEMEINDE, ags=ags).first()
    if organization is None:
        raise DomainError(
            detail=f"Gemeinde mit AGS {ags} fehlt. Bitte zuerst „ikone import-reference“ ausführen.",
            status=409,
        )
    return organization


def _network(
    *,
    actor: Actor,
    report: DemoReport,
    slug: str,
    members: Sequence[tuple[Organization, str]],
    **values: object,
) -> Network:
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        network = services.network_create(actor=actor, slug=slug, is_demo=True, **values)  # type: ignore[arg-type]
        report.created.append(network.name)
    present = set(network.memberships.values_list("organization_id", flat=True))
    for organization, role in members:
        if organization.pk not in present:
            services.network_membership_add(
                actor=actor, network=network, organization=organization, role=role
            )
    return network


@transaction.atomic
def load_demo_networks(*, actor: Actor) -> DemoReport:
    report = DemoReport()
    kl_digital = _other_org(
        actor=actor,
        report=report,
        slug="kl-digital-gmbh",
        name="KL digital GmbH",
        kind="kommunales Unternehmen",
        land_key="07",
        description="Digitalisierungsgesellschaft der Stadt Kaiserslautern; koordiniert IKONE-DS.",
    )
    ministry = _other_org(
        actor=actor,
        report=report,
        slug="mdi-rlp",
        name="Ministerium des Innern und für Sport Rheinland-Pfalz",
        kind="Ministerium",
        land_key="07",
    )
    ikone_ds = _network(
        actor=actor,
        report=report,
        slug="ikone-ds",
        name="Interkommunales Netzwerk Digitale Stadt",
        short_name="IKONE-DS",
        coordinator=kl_digital,
        description=(
            "Zehn Städte in Rheinland-Pfalz stimmen Digitalisierungsfragen ab, setzen das OZG arbeitsteilig "
            "um, tauschen Lösungen aus, definieren gemeinsame Standards und teilen ihre Erfahrungen."
        ),
        members=[(kl_digital, MembershipRole.COORDINATOR)]
        + [(_municipality(ags), MembershipRole.MEMBER) for ags in IKONE_DS_MEMBERS],
    )
    if not ikone_ds.fundings.exists():
        services.funding_add(
            actor=actor,
            network=ikone_ds,
            programme="Förderung des Interkommunalen Netzwerks Digitale Stadt",
            amount_eur=Decimal("425000.00"),
            funder=ministry,
            ends_on=dt.date(2021, 12, 31),
        )
    kreis = Organization.objects.filter(level=Level.KREIS, kreis_key=WUNSIEDEL_KREIS).first()
    if kreis is None:
        raise DomainError(
            detail="Landkreis Wunsiedel fehlt. Bitte zuerst „ikone import-reference“ ausführen.", status=409
        )
    towns = Organization.objects.filter(level=Level.GEMEINDE, kreis=kreis).exclude(
        kind__in=UNINCORPORATED_KINDS
    )
    _network(
        actor=actor,
        report=report,
        slug="smart-city-fichtelgebirge",
        name="Smart-City Fichtelgebirge",
        coordinator=kreis,
        description=(
            "Modellprojekt Smart Cities des Landkreises Wunsiedel i. Fichtelgebirge mit seinen Städten und "
            "Gemeinden; intensive Bürgerbeteiligung, Kooperation im Landkreis und darüber hinaus."
        ),
        members=[(kreis, MembershipRole.COORDINATOR)] + [(town, MembershipRole.MEMBER) for town in towns],
    )
    return report
