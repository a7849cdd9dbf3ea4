"""Demo solutions of the IKONE-DS and Fichtelgebirge members (clearly marked as demo data: flag
`is_demo`, URLs under example.org, "Demodaten" in the description and the contact).

Each solution has a short release history: on the first load its publiccode.yml is imported once
per release (oldest first), so the catalog records every version through the import service.
Later loads re-import a solution only when its demo document has changed. Running it twice
changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from ikone.catalog.documents import dump_yaml
from ikone.catalog.models import Solution
from ikone.catalog.services import solution_import
from ikone.core.audit import Actor
from ikone.organizations.models import Network, Organization
from ikone.transferability.hooks import refreshes_deferred

FICHTELGEBIRGE = "smart-city-fichtelgebirge"
DEMO_NOTE = "Demodaten für ikone, keine echte Lösung."


@dataclass(frozen=True)
class DemoSolution:
    owner_ags: str  # a municipality's AGS, or the Kreisschlüssel of a Landkreis
    name: str
    slug: str
    short: str
    long: str
    features: tuple[str, ...]
    categories: tuple[str, ...]
    ozg_ids: tuple[int, ...]
    status: str = "stable"
    based_on: str | None = None
    releases: tuple[tuple[str, str], ...] = ()  # (softwareVersion, releaseDate), oldest first
    network: str = "ikone-ds"
    documentation: bool = False  # description.de.documentation and apiDocumentation
    container: bool = False  # dependsOn names a container runtime
    contractor: str = ""  # maintenance by contract with this company (else internal)


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
        (10160,),
        releases=(("1.0.0", "2023-09-01"), ("1.1.0", "2024-05-14"), ("1.2.0", "2025-10-02")),
        documentation=True,
        container=True,
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
        (10092,),
        releases=(("0.9.0", "2023-11-20"), ("1.0.0", "2024-04-08")),
        contractor="Pfalzdigital Software GmbH (Demo)",
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
        releases=(("2.0.0", "2024-01-15"), ("2.1.0", "2025-03-03")),
        documentation=True,
        container=True,
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
        (10559, 10119),
        releases=(("3.2.0", "2023-06-30"), ("3.3.0", "2024-09-12"), ("4.0.0", "2026-02-20")),
        documentation=True,
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
        (10136,),
        releases=(("1.0.0", "2022-10-04"), ("1.4.0", "2024-07-01")),
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
        (10136,),
        "beta",
        "maengelmelder",
        releases=(("0.3.0", "2025-04-10"),),
    ),
    DemoSolution(
        "07312000",
        "Kita-Platzvergabe",
        "kita-platzvergabe",
        "Kita- und Hortplätze online vormerken, zentral vergeben.",
        "Eltern merken ihr Kind online für bis zu fünf Wunsch-Kitas oder einen Hortplatz vor. Die Stadt "
        "vergibt die Plätze zentral nach den Kriterien der Satzung; Träger sehen ihre Vormerkungen tagesaktuell. "
        + DEMO_NOTE,
        ("Vormerkung für mehrere Einrichtungen", "Vergabe nach Satzungskriterien", "Trägerzugang"),
        ("digital-citizenship", "resource-management"),
        (10019, 10040),
        releases=(("1.0.0", "2023-02-01"), ("1.5.0", "2024-03-18"), ("2.0.0", "2025-08-25")),
        documentation=True,
        container=True,
    ),
    DemoSolution(
        "07211000",
        "Digitale Bauantrag-Plattform",
        "digitale-bauantrag-plattform",
        "Bauanträge und Bauvoranfragen digital einreichen und verfolgen.",
        "Bauherrinnen, Bauherren und Entwurfsverfassende reichen Bauantrag und Bauvoranfrage mit allen Plänen "
        "digital ein. Die Bauaufsicht beteiligt Fachstellen online; der Bearbeitungsstand ist jederzeit "
        "sichtbar. Schnittstelle nach XBau. " + DEMO_NOTE,
        ("Einreichung mit Planunterlagen", "Online-Beteiligung der Fachstellen", "XBau-Schnittstelle"),
        ("document-management", "workflow-management"),
        (10519,),
        releases=(("2.3.0", "2024-06-03"), ("2.4.0", "2025-11-11")),
        documentation=True,
        contractor="Moselbit Verwaltungssoftware GmbH (Demo)",
    ),
    DemoSolution(
        "07133006",
        "Sperrmüll-Anmeldung",
        "sperrmuell-anmeldung",
        "Sperrmüll online anmelden und Abholtermin wählen.",
        "Bürgerinnen und Bürger melden Sperrmüll, Elektrogeräte oder Grünschnitt online an, wählen einen freien "
        "Abholtermin und erhalten eine Bestätigung mit Packliste. Die Tourenplanung des Entsorgers übernimmt "
        "die Aufträge. " + DEMO_NOTE,
        ("Terminwahl nach Tourenplan", "Bestätigung per E-Mail", "Schnittstelle zur Tourenplanung"),
        ("online-booking", "digital-citizenship"),
        (10110,),
        releases=(("1.0.0", "2024-02-12"), ("1.1.0", "2025-01-20")),
        container=True,
    ),
    DemoSolution(
        "07312000",
        "Parkraum-Sensorik",
        "parkraum-sensorik",
        "Freie Parkplätze per Sensor erfassen und live anzeigen.",
        "Bodensensoren melden über LoRaWAN, ob ein Stellplatz frei ist. Die Plattform zeigt die Belegung live "
        "auf der Stadtkarte und im Parkleitsystem und stellt sie als offene Daten bereit. Kein OZG-Bezug. "
        + DEMO_NOTE,
        ("LoRaWAN-Sensoren", "Live-Karte", "Offene Daten zur Belegung"),
        ("geographic-information-systems", "data-analytics"),
        (),
        releases=(("0.8.0", "2024-05-06"), ("1.0.0", "2025-05-19")),
        documentation=True,
        container=True,
    ),
    DemoSolution(
        "07312000",
        "Open-Data-Portal",
        "open-data-portal",
        "Offene Daten der Stadt veröffentlichen, nach DCAT-AP.de beschrieben.",
        "Fachämter veröffentlichen Datensätze mit Metadaten nach DCAT-AP.de; das Portal liefert sie an "
        "GovData weiter und bietet eine Schnittstelle für Entwicklerinnen und Entwickler. Kein OZG-Bezug. "
        + DEMO_NOTE,
        ("Metadaten nach DCAT-AP.de", "Harvesting durch GovData", "Schnittstelle"),
        ("data-visualization", "content-management"),
        (),
        releases=(("1.0.0", "2022-11-15"), ("1.2.0", "2024-10-07")),
        documentation=True,
        container=True,
    ),
    DemoSolution(
        "07137003",
        "Bürgerservice-Chatbot",
        "buergerservice-chatbot",
        "Beantwortet Fragen zu Leistungen der Stadt rund um die Uhr.",
        "Der Chatbot beantwortet häufige Fragen zu Meldewesen, Ausweisen und Terminen auf Grundlage der "
        "Leistungsbeschreibungen der Stadt und leitet bei Bedarf an das Bürgerbüro weiter. Ohne Speicherung "
        "personenbezogener Daten. " + DEMO_NOTE,
        ("Antworten aus den Leistungsbeschreibungen", "Weiterleitung an das Bürgerbüro", "Barrierearm"),
        ("customer-service-and-support", "communications"),
        (10124,),
        "beta",
        releases=(("0.5.0", "2025-06-16"),),
    ),
    DemoSolution(
        "07313000",
        "Online-Fundbüro",
        "online-fundbuero",
        "Fundsachen online suchen und Verlust melden.",
        "Das Fundbüro erfasst Fundsachen mit Foto; Bürgerinnen und Bürger suchen online danach oder melden einen "
        "Verlust, über den sie bei einem passenden Fund benachrichtigt werden. Die Herausgabe wird online "
        "vereinbart. " + DEMO_NOTE,
        ("Suche nach Fundsachen", "Verlustmeldung mit Benachrichtigung", "Terminvereinbarung zur Herausgabe"),
        ("digital-citizenship",),
        (10244,),
        releases=(("1.0.0", "2024-08-01"),),
    ),
    DemoSolution(
        "07318000",
        "Gewerbe-Service digital",
        "gewerbe-service-digital",
        "Gewerbe online an-, um- und abmelden.",
        "Gewerbetreibende melden ihr Gewerbe online an, um oder ab, zahlen die Gebühr online und erhalten die "
        "Bescheinigung elektronisch. Die Daten gehen strukturiert an das Gewerbeverfahren und die beteiligten "
        "Stellen. " + DEMO_NOTE,
        ("Anmeldung, Ummeldung, Abmeldung", "Online-Bezahlung", "Übermittlung an beteiligte Stellen"),
        ("digital-citizenship", "business-process-management"),
        (10294,),
        releases=(("1.0.0", "2023-05-22"), ("1.3.0", "2025-02-27")),
        documentation=True,
    ),
    DemoSolution(
        "07334501",
        "Veranstaltung anmelden",
        "veranstaltung-anmelden",
        "Veranstaltungen und Straßensondernutzung in einem Antrag.",
        "Vereine und Veranstalter beantragen Veranstaltungserlaubnis und Sondernutzung öffentlicher Flächen in "
        "einem Vorgang. Ordnungsamt, Straßenverkehrsbehörde und Feuerwehr werden online beteiligt. "
        + DEMO_NOTE,
        ("Ein Antrag für Erlaubnis und Sondernutzung", "Beteiligung der Fachstellen", "Lageplan-Upload"),
        ("event-management", "workflow-management"),
        (10349, 10348),
        releases=(("1.0.0", "2025-03-14"),),
    ),
    DemoSolution(
        "07320000",
        "Standesamt online",
        "standesamt-online",
        "Geburts-, Ehe- und Sterbeurkunden online bestellen.",
        "Bürgerinnen und Bürger bestellen Personenstandsurkunden online, bezahlen per ePayBL und erhalten die "
        "Urkunde per Post. Das Standesamt bearbeitet die Bestellungen im Fachverfahren. " + DEMO_NOTE,
        ("Urkundenbestellung", "Online-Bezahlung", "Anbindung an das Fachverfahren"),
        ("digital-citizenship", "document-management"),
        (10557, 10237, 10026),
        releases=(("2.0.0", "2023-12-04"), ("2.1.0", "2025-04-28")),
        contractor="Pfalzdigital Software GmbH (Demo)",
    ),
    DemoSolution(
        "07211000",
        "Briefwahl online",
        "briefwahl-online",
        "Wahlschein beantragen und Wahlhelfende gewinnen.",
        "Wahlberechtigte beantragen ihren Wahlschein online mit den Angaben der Wahlbenachrichtigung. "
        "Freiwillige melden sich als Wahlhelferin oder Wahlhelfer an; das Wahlamt plant die Einsätze. "
        + DEMO_NOTE,
        ("Wahlscheinantrag", "Wahlhelferanmeldung", "Einsatzplanung"),
        ("digital-citizenship", "data-collection"),
        (10145, 10144),
        releases=(("1.0.0", "2024-03-01"), ("1.1.0", "2025-01-13")),
        documentation=True,
    ),
    DemoSolution(
        "07317000",
        "Bibliothek digital",
        "bibliothek-digital",
        "Bibliotheksausweis online beantragen und Medien verlängern.",
        "Leserinnen und Leser beantragen ihren Bibliotheksausweis online, verlängern Medien, merken vor und "
        "nutzen die digitalen Angebote der Stadtbibliothek mit einem Konto. " + DEMO_NOTE,
        ("Ausweis online", "Verlängerung und Vormerkung", "Zugang zu digitalen Medien"),
        ("integrated-library-system",),
        (10014, 10058),
        releases=(("1.0.0", "2024-09-09"),),
    ),
    DemoSolution(
        "07133006",
        "Gästebeitrag online",
        "gaestebeitrag-online",
        "Kur- und Gästebeitrag elektronisch melden und abrechnen.",
        "Beherbergungsbetriebe melden ihre Gäste elektronisch; der Gästebeitrag wird monatlich abgerechnet und "
        "die Gästekarte digital ausgegeben. Entwickelt für Kur- und Tourismusorte. " + DEMO_NOTE,
        ("Meldeschein digital", "Monatliche Abrechnung", "Digitale Gästekarte"),
        ("taxes-management", "billing-and-invoicing"),
        (10368,),
        releases=(("1.0.0", "2024-04-15"), ("1.2.0", "2025-07-07")),
    ),
    DemoSolution(
        "07137003",
        "Abgaben-Portal",
        "abgaben-portal",
        "Grundsteuer- und Abwasserbescheide digital empfangen.",
        "Eigentümerinnen und Eigentümer empfangen Grundsteuer-, Wasser- und Abwasserbescheide elektronisch, "
        "erteilen SEPA-Mandate und melden Zählerstände online. Anbindung an das Finanzverfahren. "
        + DEMO_NOTE,
        ("Elektronische Bescheide", "SEPA-Mandat online", "Zählerstandsmeldung"),
        ("taxes-management", "billing-and-invoicing"),
        (10117, 10123),
        releases=(("1.0.0", "2024-01-29"), ("1.1.0", "2025-09-15")),
        contractor="Moselbit Verwaltungssoftware GmbH (Demo)",
    ),
    DemoSolution(
        "07313000",
        "Schulanmeldung online",
        "schulanmeldung-online",
        "Anmeldung an Grundschulen und Antrag auf Schülerbeförderung.",
        "Eltern melden ihr Kind online an der zuständigen Grundschule an und beantragen die Schülerbeförderung "
        "im selben Vorgang. Die Schulen sehen die Anmeldungen ihres Bezirks. " + DEMO_NOTE,
        ("Anmeldung nach Schulbezirk", "Antrag auf Schülerbeförderung", "Sicht der Schulen"),
        ("digital-citizenship", "learning-management-system"),
        (10041, 10042),
        releases=(("1.0.0", "2025-01-07"),),
    ),
    DemoSolution(
        "07312000",
        "Friedhofsverwaltung digital",
        "friedhofsverwaltung-digital",
        "Grabstellen, Bestattungen und Gebühren in einem System.",
        "Die Friedhofsverwaltung führt Grabstellen mit Lageplan, vergibt Bestattungstermine an Bestatter "
        "online und erstellt die Gebührenbescheide. Angehörige beantragen Verlängerungen online. "
        + DEMO_NOTE,
        ("Grabstellen mit Lageplan", "Terminvergabe für Bestatter", "Gebührenbescheide"),
        ("facility-management", "online-booking"),
        (10227,),
        releases=(("1.0.0", "2023-08-21"), ("1.1.0", "2024-11-04")),
    ),
    DemoSolution(
        "09479",
        "Parkraum-Sensorik Fichtelgebirge",
        "parkraum-sensorik-fichtelgebirge",
        "LoRaWAN-Parksensoren für kleine Städte im Landkreis.",
        "Der Landkreis betreibt ein gemeinsames LoRaWAN-Netz; Parksensoren der Städte melden freie Stellplätze "
        "an eine Plattform, die die Belegung für alle Gemeinden des Landkreises anzeigt. Kein OZG-Bezug. "
        + DEMO_NOTE,
        ("Gemeinsames LoRaWAN-Netz", "Mandanten je Gemeinde", "Offene Daten"),
        ("geographic-information-systems",),
        (),
        based_on="parkraum-sensorik",
        releases=(("1.0.0", "2025-02-03"),),
        network=FICHTELGEBIRGE,
        container=True,
    ),
    DemoSolution(
        "09479136",
        "Musikschule online",
        "musikschule-online",
        "Anmeldung zur Musikschule und Unterrichtsverwaltung.",
        "Eltern und Erwachsene melden sich online für Instrumental- und Gesangsunterricht an. Die Musikschule "
        "verwaltet Unterrichtszeiten und Räume und rechnet die Entgelte ab. Aus dem Smart-City-Modellprojekt "
        "Fichtelgebirge. " + DEMO_NOTE,
        ("Online-Anmeldung", "Stundenplan und Räume", "Entgeltabrechnung"),
        ("online-booking", "resource-management"),
        (10023,),
        releases=(("1.0.0", "2024-10-14"), ("1.1.0", "2025-06-02")),
        network=FICHTELGEBIRGE,
    ),
]


def demo_document(demo: DemoSolution, release: tuple[str, str] | None = None) -> dict[str, Any]:
    """The publiccode.yml of a demo solution, as of `release` (default: the latest)."""
    release = release or (demo.releases[-1] if demo.releases else None)
    description: dict[str, Any] = {
        "shortDescription": demo.short,
        "longDescription": demo.long,
        "features": list(demo.features),
    }
    if demo.documentation:
        description["documentation"] = f"{BASE_URL}{demo.slug}/-/wikis/home"
        description["apiDocumentation"] = f"{BASE_URL}{demo.slug}/-/blob/main/openapi.yaml"
    document: dict[str, Any] = {
        "publiccodeYmlVersion": "0",
        "name": demo.name,
        "url": BASE_URL + demo.slug,
        "platforms": ["web"],
        "categories": list(demo.categories),
        "developmentStatus": demo.status,
        "softwareType": "standalone/web",
        "description": {"de": description},
        "legal": {"license": "EUPL-1.2"},
        "maintenance": {
            "type": "internal",
            "contacts": [{"name": "Digitalbüro (Demo)", "email": "digital@example.org"}],
        },
        "localisation": {"localisationReady": True, "availableLanguages": ["de"]},
    }
    if release is not None:
        document["softwareVersion"], document["releaseDate"] = release
    if demo.contractor:
        document["maintenance"] = {
            "type": "contract",
            "contractors": [{"name": demo.contractor, "until": "2028-12-31"}],
        }
    if demo.container:
        document["dependsOn"] = {"open": [{"name": "Docker", "versionMin": "24.0"}]}
    if demo.documentation or demo.contractor:
        document["legal"]["mainCopyrightOwner"] = "Stadtverwaltung (Demodaten)"
        document["intendedAudience"] = {"scope": ["local-authorities"], "countries": ["de"]}
    if demo.based_on:
        document["isBasedOn"] = BASE_URL + demo.based_on
    if demo.ozg_ids:
        document["de"] = {"leika": [{"ozg-id": str(ozg_id)} for ozg_id in demo.ozg_ids]}
    return document


def _owner(key: str) -> Organization | None:
    if len(key) == 5:
        return Organization.objects.filter(level="kreis", kreis_key=key).first()
    return Organization.objects.filter(level="gemeinde", ags=key).first()


@transaction.atomic
@refreshes_deferred()
def load_demo_solutions(*, actor: Actor, network: Network) -> list[str]:
    """Import the demo solutions (idempotent); returns the names of those created. Solutions of
    the Fichtelgebirge network are left out while that network does not exist."""
    networks = {n.slug: n for n in Network.objects.filter(slug=FICHTELGEBIRGE)}
    networks[network.slug] = network
    stored = dict(
        Solution.objects.filter(url__in=[BASE_URL + d.slug for d in DEMO_SOLUTIONS]).values_list(
            "url", "source_yaml"
        )
    )
    created = []
    for demo in DEMO_SOLUTIONS:
        home = networks.get(demo.network)
        if home is None:
            continue
        current = dump_yaml(demo_document(demo))
        url = BASE_URL + demo.slug
        if stored.get(url) == current:
            continue
        history = [] if url in stored else [dump_yaml(demo_document(demo, r)) for r in demo.releases[:-1]]
        owner = _owner(demo.owner_ags)
        for content in [*history, current]:
            report = solution_import(actor=actor, content=content, owner=owner, network=home, is_demo=True)
            if report.status == "created":
                created.append(report.solution.name)
    return created
