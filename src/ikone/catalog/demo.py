"""Demo solutions owned by IKONE-DS members (clearly marked as demo data; URLs under example.org)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from ikone.catalog.documents import dump_yaml
from ikone.catalog.services import solution_import
from ikone.core.audit import Actor
from ikone.organizations.models import Network, Organization


@dataclass(frozen=True)
class DemoSolution:
    owner_ags: str
    name: str
    slug: str
    short: str
    long: str
    features: tuple[str, ...]
    categories: tuple[str, ...]
    ozg_ids: tuple[int, ...]
    status: str = "stable"
    based_on: str | None = None


BASE_URL = "https://git.example.org/ikone-demo/"
DEMO_SOLUTIONS = [
    DemoSolution(
        "07318000",
        "Hundesteuer online",
        "hundesteuer-online",
        "Hunde online an-, ab- und ummelden, mit Bescheid als PDF.",
        "Bürgerinnen und Bürger melden ihren Hund online an, ab oder um. Die Steuerabteilung erhält die Angaben "
        "strukturiert, prüft sie und erstellt den Steuerbescheid ohne Medienbruch. Demodaten für ikone.",
        ("Anmeldung, Abmeldung und Ummeldung", "Bescheid als PDF", "Anbindung an das Finanzverfahren"),
        ("taxes-management", "digital-citizenship"),
        (10200,),
    ),
    DemoSolution(
        "07211000",
        "Wohngeld-Assistent",
        "wohngeld-assistent",
        "Schritt für Schritt zum Wohngeldantrag, mit Vorabprüfung.",
        "Der Assistent führt durch den Wohngeldantrag, prüft die Angaben vorab und übergibt sie an die "
        "Wohngeldstelle. Nachweise lassen sich hochladen. Demodaten für ikone, keine echte Lösung.",
        ("Vorabprüfung des Anspruchs", "Upload von Nachweisen", "Statusanzeige"),
        ("digital-citizenship", "data-collection"),
        (),
    ),
    DemoSolution(
        "07312000",
        "OParl-Brücke Ratsinformation",
        "oparl-bruecke",
        "Stellt Sitzungen und Vorlagen des Ratsinformationssystems über OParl bereit.",
        "Die Brücke liest Sitzungen, Tagesordnungen und Vorlagen aus dem Ratsinformationssystem und stellt sie "
        "über die standardisierte OParl-Schnittstelle bereit. Demodaten für ikone, keine echte Lösung.",
        ("OParl 1.1", "Volltextsuche in Vorlagen", "Offene Daten"),
        ("document-management", "regulations-and-directives"),
        (),
    ),
    DemoSolution(
        "07313000",
        "Termine im Bürgerbüro",
        "termine-buergerbuero",
        "Online-Terminvereinbarung für Bürgerbüro und Standesamt.",
        "Bürgerinnen und Bürger buchen Termine für Bürgerbüro, Standesamt und Kfz-Zulassung online. "
        "Erinnerungen per E-Mail, Aufrufanlage inklusive. Demodaten für ikone, keine echte Lösung.",
        ("Terminbuchung", "Erinnerung per E-Mail", "Aufrufsystem"),
        ("appointment-scheduling", "online-booking"),
        (),
    ),
    DemoSolution(
        "07317000",
        "Mängelmelder",
        "maengelmelder",
        "Schäden im Stadtgebiet melden: Schlagloch, Laterne, wilder Müll.",
        "Bürgerinnen und Bürger melden Schäden mit Foto und Ort. Der Bauhof bearbeitet die Meldungen und gibt "
        "Rückmeldung zum Stand. Demodaten für ikone, keine echte Lösung.",
        ("Meldung mit Foto und Karte", "Statusrückmeldung", "Auswertung"),
        ("feedback-and-reviews-management", "geographic-information-systems"),
        (),
    ),
    DemoSolution(
        "07320000",
        "Mängelmelder Zweibrücken",
        "maengelmelder-zweibruecken",
        "Angepasste Variante des Pirmasenser Mängelmelders.",
        "Variante des Mängelmelders aus Pirmasens, erweitert um die Anbindung an das Zweibrücker "
        "Grünflächenkataster und einer eigenen Kategorie für Spielplätze. Demodaten für ikone, keine echte Lösung.",
        ("Meldung mit Foto und Karte", "Grünflächenkataster"),
        ("feedback-and-reviews-management",),
        (),
        "beta",
        "maengelmelder",
    ),
]


def demo_document(demo: DemoSolution) -> dict[str, Any]:
    document: dict[str, Any] = {
        "publiccodeYmlVersion": "0",
        "name": demo.name,
        "url": BASE_URL + demo.slug,
        "platforms": ["web"],
        "categories": list(demo.categories),
        "developmentStatus": demo.status,
        "softwareType": "standalone/web",
        "description": {
            "de": {
                "shortDescription": demo.short,
                "longDescription": demo.long,
                "features": list(demo.features),
            }
        },
        "legal": {"license": "EUPL-1.2"},
        "maintenance": {
            "type": "internal",
            "contacts": [{"name": "Digitalbüro (Demo)", "email": "digital@example.org"}],
        },
        "localisation": {"localisationReady": True, "availableLanguages": ["de"]},
    }
    if demo.based_on:
        document["isBasedOn"] = BASE_URL + demo.based_on
    if demo.ozg_ids:
        document["de"] = {"leika": [{"ozg-id": str(ozg_id)} for ozg_id in demo.ozg_ids]}
    return document


@transaction.atomic
def load_demo_solutions(*, actor: Actor, network: Network) -> list[str]:
    """Import the demo solutions (idempotent); returns the names of those created."""
    created = []
    for demo in DEMO_SOLUTIONS:
        owner = Organization.objects.filter(level="gemeinde", ags=demo.owner_ags).first()
        report = solution_import(
            actor=actor, content=dump_yaml(demo_document(demo)), owner=owner, network=network, is_demo=True
        )
        if report.status == "created":
            created.append(report.solution.name)
    return created
