"""`ikone catalog-synthetic --count 20000 [--seed 1] [--quiet]`: synthetic solutions for load tests.

The solutions are variations of the valid publiccode.yml conformance cases with German texts
from a small vocabulary. They are marked clearly (`is_demo`, slug `synthetic-…`, URL under
`https://synthetic.ikone.invalid/`) and replace those of an earlier run. Rows are written in
bulk (no audit entries), with the same projection as the catalog services
(`ikone.catalog.documents.project`), and then the search index is rebuilt.
"""

from __future__ import annotations

import copy
import random
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils.text import slugify

from ikone.catalog.choices import SOFTWARE_TYPE_LABELS, TagKind, Visibility
from ikone.catalog.documents import project
from ikone.catalog.models import Release, Solution, SolutionTag
from ikone.catalog.publiccode import parse
from ikone.catalog.search import rebuild_index
from ikone.catalog.services import PROJECTED_FIELDS
from ikone.core.progress import progress_bar
from ikone.organizations.models import Network, Organization
from ikone.ozg.models import Service

CASES = Path(__file__).resolve().parents[2] / "tests" / "conformance" / "publiccode" / "v0" / "valid"
SLUG_PREFIX = "synthetic-"
URL_PREFIX = "https://synthetic.ikone.invalid/"
BATCH = 500

# (word used in names and texts, what it is about, keyword to find matching OZG-Leistungen)
TOPICS = [
    ("Hundesteuer", "die An- und Abmeldung von Hunden und die Hundesteuer", "Hund"),
    ("Wohngeld", "Anträge auf Wohngeld und den Wohngeldantrag", "Wohngeld"),
    ("Baugenehmigung", "das Baugenehmigungsverfahren und den digitalen Bauantrag", "Bau"),
    ("Parkausweis", "Bewohnerparkausweise und Parkerleichterungen", "Park"),
    ("Ratsinformationssystem", "Sitzungen, Vorlagen und Beschlüsse im Ratsinformationssystem", "Rat"),
    ("Terminvereinbarung", "die Online-Terminvereinbarung im Bürgerbüro", "Termin"),
    ("Gewerbeanmeldung", "Gewerbeanmeldung, Gewerbeummeldung und Gewerbeabmeldung", "Gewerbe"),
    ("Meldebescheinigung", "Meldebescheinigungen und Ummeldungen", "Melde"),
    ("Kitaplatz", "die Vergabe von Kitaplätzen und Betreuungsverträgen", "Kinder"),
    ("Sperrmüll", "Sperrmüllanmeldungen und den Abfallkalender", "Abfall"),
    ("Fundbüro", "Fundsachen und das digitale Fundbüro", "Fund"),
    ("Bürgerbeteiligung", "Umfragen, Bürgerbeteiligung und Beteiligungsverfahren", "Beteiligung"),
    ("Mängelmelder", "Meldungen über Schlaglöcher, defekte Laternen und wilden Müll", "Straße"),
    ("Eheschließung", "die Anmeldung der Eheschließung beim Standesamt", "Ehe"),
    ("Personalausweis", "Personalausweis, Reisepass und Führerschein", "Ausweis"),
    ("Elterngeld", "Elterngeld und Familienleistungen", "Eltern"),
    ("Sondernutzung", "Sondernutzungserlaubnisse für Straßen und Plätze", "Sondernutzung"),
    ("Baumfällgenehmigung", "Baumfällgenehmigungen und den Baumkataster", "Baum"),
    ("Friedhofsverwaltung", "Grabstätten, Bestattungen und die Friedhofsverwaltung", "Bestattung"),
    ("Geoportal", "Geodaten, Stadtpläne und das kommunale Geoportal", "Geo"),
    ("Schulanmeldung", "die Anmeldung an Grundschulen und weiterführenden Schulen", "Schul"),
    ("Veranstaltungskalender", "Veranstaltungen, Märkte und den Veranstaltungskalender", "Veranstaltung"),
    ("Wahlhelfer", "die Gewinnung von Wahlhelfenden und die Briefwahl", "Wahl"),
    ("Fischereischein", "Fischereischeine und Jagdscheine", "Fischerei"),
]
NAME_SUFFIXES = [
    "-Portal",
    " Online",
    "-Assistent",
    "-Manager",
    " Digital",
    "-App",
    "-Service",
    " Kommunal",
    "-Cloud",
]
ADJECTIVES = [
    "einfache",
    "offene",
    "barrierefreie",
    "sichere",
    "moderne",
    "schlanke",
    "nachnutzbare",
    "mobile",
]
AUDIENCES = ["Kommunen", "Landkreise", "Bürgerinnen und Bürger", "Verwaltungen", "Ämter", "Stadtwerke"]
SENTENCES = [
    "Die Lösung unterstützt {about} vollständig digital.",
    "Bürgerinnen und Bürger erledigen {about} rund um die Uhr online.",
    "Die Sachbearbeitung erhält alle Angaben strukturiert und ohne Medienbruch.",
    "Schnittstellen zu Fachverfahren, E-Payment und dem Postfach im Nutzerkonto sind vorhanden.",
    "Die Software ist als Open Source veröffentlicht und kann von jeder Kommune nachgenutzt werden.",
    "Ein Betrieb im eigenen Rechenzentrum oder beim kommunalen IT-Dienstleister ist möglich.",
    "Der {word}-Prozess wurde gemeinsam mit mehreren Kommunen im Netzwerk entwickelt.",
    "Formulare, Bescheide und Gebühren werden automatisch erzeugt.",
    "Die Oberfläche ist barrierefrei nach BITV 2.0 und für Mobilgeräte optimiert.",
    "Statistiken und Auswertungen helfen der Verwaltung bei der Steuerung.",
]
FEATURES = [
    "Online-Antrag mit Nutzerkonto",
    "Elektronische Bezahlung (ePayBL)",
    "Statusabfrage für Antragstellende",
    "Anbindung an das Fachverfahren",
    "Barrierefreie Oberfläche",
    "Mehrsprachigkeit",
    "Terminbuchung",
    "Export als CSV und PDF",
    "Rollen und Rechte",
    "Schnittstelle nach XÖV-Standard",
]
LICENSES = ["EUPL-1.2", "AGPL-3.0-or-later", "GPL-3.0-or-later", "MIT", "Apache-2.0", "MPL-2.0"]
STATUSES = ["concept", "development", "beta", "stable", "stable", "stable", "obsolete"]
PLATFORMS = ["web", "linux", "windows", "mac", "android", "ios"]
MAINTENANCE = ["internal", "contract", "community", "none"]


class Command(BaseCommand):
    help = "Synthetische Lösungen für Lasttests erzeugen (ersetzt die eines früheren Laufs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args: Any, count: int, seed: int, quiet: bool, **options: Any) -> None:
        if count < 0:
            raise CommandError("--count muss ≥ 0 sein.", returncode=2)
        started = time.monotonic()
        rng = random.Random(seed)
        cases = _cases()
        categories = sorted({c for case in cases for c in case.get("categories") or [] if isinstance(c, str)})
        owners = list(
            Organization.objects.filter(level="gemeinde").order_by("pk").values_list("pk", "short_name")
        )
        owners = rng.sample(owners, min(len(owners), 300))
        networks = list(Network.objects.order_by("pk").values_list("pk", flat=True))
        services = list(Service.objects.order_by("ozg_id").values_list("pk", "name"))
        by_topic = {
            word: [pk for pk, name in services if keyword.lower() in name.lower()]
            for word, _about, keyword in TOPICS
        }
        with transaction.atomic():
            previous = Solution.objects.filter(is_demo=True, slug__startswith=SLUG_PREFIX)
            replaced = previous.count()
            previous.delete()
            with progress_bar("Synthetische Lösungen", count, quiet=quiet) as advance:
                for start in range(0, count, BATCH):
                    numbers = range(start, min(start + BATCH, count))
                    plans = [_plan(rng, seed, n, cases, categories, owners) for n in numbers]
                    _write(rng, plans, networks, by_topic, [pk for pk, _name in services])
                    advance(len(plans))
        with progress_bar("Suchindex", Solution.objects.count(), quiet=quiet) as advance:
            rebuild_index(advance=advance)
        with connection.cursor() as cursor:  # fresh statistics (and no dead rows) for the planner
            cursor.execute(
                "VACUUM ANALYZE catalog_solution" if connection.vendor == "postgresql" else "ANALYZE"
            )
        if not quiet:
            self.stdout.write(
                f"{count} synthetische Lösungen erzeugt (Seed {seed}, {replaced} frühere ersetzt) "
                f"in {time.monotonic() - started:.1f} s."
            )


def _cases() -> list[dict[str, Any]]:
    cases = []
    for path in sorted(CASES.glob("*.yml")):
        outcome = parse(path.read_bytes())
        if not outcome.errors and isinstance(outcome.data, dict):
            cases.append({k: v for k, v in outcome.data.items() if k != "de"})
    if not cases:
        raise CommandError(f"Keine gültigen publiccode.yml-Fälle unter {CASES}.")
    return cases


def _plan(
    rng: random.Random,
    seed: int,
    number: int,
    cases: list[dict[str, Any]],
    categories: list[str],
    owners: list[tuple[int, str]],
) -> dict[str, Any]:
    topics = rng.sample(TOPICS, rng.choice([1, 1, 2, 3]))
    word, about, _keyword = topics[0]
    owner = rng.choice(owners) if owners and rng.random() < 0.8 else None
    name = f"{word}{rng.choice(NAME_SUFFIXES)}"
    if owner and rng.random() < 0.5:
        name = f"{name} {owner[1]}"
    slug = f"{SLUG_PREFIX}{number:05d}-{slugify(name)[:80]}"
    sentences = [s.format(about=about, word=word) for s in rng.sample(SENTENCES, rng.randint(3, 6))]
    sentences += [f"Außerdem geht es um {other_about}." for _w, other_about, _k in topics[1:]]
    document = copy.deepcopy(rng.choice(cases))
    document.pop("isBasedOn", None)
    document.update(
        name=name,
        url=f"{URL_PREFIX}{seed}/{number:05d}/{slugify(name)[:60]}.git",
        landingURL=f"{URL_PREFIX}{seed}/{number:05d}/",
        softwareVersion=f"{rng.randint(0, 5)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}",
        releaseDate=f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        platforms=rng.sample(PLATFORMS, rng.randint(1, 3)),
        categories=rng.sample(categories, min(len(categories), rng.randint(1, 4))),
        developmentStatus=rng.choice(STATUSES),
        softwareType=rng.choice(list(SOFTWARE_TYPE_LABELS)),
        usedBy=[f"Kommune {rng.randint(1, 999)}" for _ in range(rng.choice([0, 0, 1, 2, 3, 5, 8]))],
        description={
            "de": {
                "localisedName": name,
                "shortDescription": (
                    f"{word}: {rng.choice(ADJECTIVES)} Lösung für {rng.choice(AUDIENCES)} rund um {about}."
                )[:250],
                "longDescription": " ".join(sentences),
                "features": rng.sample(FEATURES, rng.randint(2, 5)),
            }
        },
    )
    document["legal"] = {**(document.get("legal") or {}), "license": rng.choice(LICENSES)}
    document["maintenance"] = {**(document.get("maintenance") or {}), "type": rng.choice(MAINTENANCE)}
    if not document["usedBy"]:
        del document["usedBy"]
    visibility = (
        Visibility.PUBLIC if rng.random() < 0.95 else rng.choice([Visibility.NETWORK, Visibility.DRAFT])
    )
    return {
        "slug": slug,
        "document": document,
        "owner": owner[0] if owner else None,
        "visibility": visibility,
        "topics": [t[0] for t in topics],
        "version": str(document.get("publiccodeYmlVersion") or ""),
    }


def _write(
    rng: random.Random,
    plans: list[dict[str, Any]],
    networks: list[int],
    by_topic: dict[str, list[int]],
    all_services: list[int],
) -> None:
    rows = []
    for plan in plans:
        projection = project(plan["document"])
        solution = Solution(
            slug=plan["slug"],
            document=plan["document"],
            publiccode_version=plan["version"],
            owner_id=plan["owner"],
            visibility=plan["visibility"],
            is_demo=True,
        )
        for field in PROJECTED_FIELDS:  # as the catalog services do
            setattr(solution, field, getattr(projection, field))
        rows.append((solution, projection, plan))
    created = Solution.objects.bulk_create([solution for solution, _p, _plan in rows])
    tags, releases, service_links, network_links = [], [], [], []
    service_through = Solution.services.through
    network_through = Solution.networks.through
    for solution, (_s, projection, plan) in zip(created, rows, strict=True):
        tags += [
            SolutionTag(solution=solution, kind=TagKind.PLATFORM, value=v[:100]) for v in projection.platforms
        ]
        tags += [
            SolutionTag(solution=solution, kind=TagKind.CATEGORY, value=v[:100])
            for v in projection.categories
        ]
        if solution.software_version:
            releases.append(
                Release(
                    solution=solution, version=solution.software_version, release_date=solution.release_date
                )
            )
        candidates = [pk for word in plan["topics"] for pk in by_topic.get(word, [])] or all_services
        if candidates and rng.random() < 0.7:
            for service_id in set(rng.sample(candidates, min(len(candidates), rng.randint(1, 3)))):
                service_links.append(service_through(solution_id=solution.pk, service_id=service_id))
        if networks and rng.random() < 0.1:
            network_links.append(network_through(solution_id=solution.pk, network_id=rng.choice(networks)))
    SolutionTag.objects.bulk_create(tags)
    Release.objects.bulk_create(releases)
    service_through.objects.bulk_create(service_links)
    network_through.objects.bulk_create(network_links)
