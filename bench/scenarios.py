"""API load scenarios: what data a scenario needs and which URLs it measures.

A later benchmark adds a `Scenario` to `SCENARIOS`, e.g. catalog search at 20,000 solutions:

    Scenario(
        name="catalog-20k",
        description="Lösungskatalog mit 20.000 Lösungen",
        setup=(("generate-solutions", "--count", "20000"),),
        urls=("/api/v1/solutions?q=antrag",),
        target_p99_ratio=10.0,
    )

A URL may list alternatives separated by `|` (several organisations or Länder): the load generator
cycles through them within one measurement, so the figure reflects mixed traffic, not one cached URL.

Setup commands are `ikone` subcommands, run in order against the benchmark database after the
reference data is imported and before gunicorn starts; they must be idempotent (a command run by an
earlier scenario on the same database is not run again).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

HEALTH_URL = "/api/v1/health"


@dataclass(frozen=True)
class Scenario:
    """A named set of URLs measured against the health baseline, with its data setup."""

    name: str
    description: str
    urls: tuple[str, ...]
    setup: tuple[tuple[str, ...], ...] = ()
    target_p99_ratio: float | None = None
    warm_each: bool = True  # warm up every alternative URL (False: only the usual warm-up requests)


# Two-word searches over the vocabulary of `ikone catalog-synthetic` (topic and word, or two words;
# 1,869 in all), each client starting at its own quarter: a worker sees far more distinct queries
# between two askings of one than its search cache holds (512), so every request pays the
# full-text match, ranking and headlines (the catalog's uncached path).
_TOPICS = [
    "Hundesteuer",
    "Wohngeld",
    "Baugenehmigung",
    "Parkausweis",
    "Ratsinformationssystem",
    "Terminvereinbarung",
    "Gewerbeanmeldung",
    "Meldebescheinigung",
    "Kitaplatz",
    "Sperrmüll",
    "Fundbüro",
    "Bürgerbeteiligung",
    "Mängelmelder",
    "Eheschließung",
    "Personalausweis",
    "Elterngeld",
    "Sondernutzung",
    "Baumfällgenehmigung",
    "Friedhofsverwaltung",
    "Geoportal",
    "Schulanmeldung",
    "Veranstaltungskalender",
    "Wahlhelfer",
    "Fischereischein",
]
_SECOND = [
    "online",
    "digital",
    "Portal",
    "Antrag",
    "Assistent",
    "App",
    "Service",
    "Kommunal",
    "Cloud",
    "einfach",
    "offen",
    "barrierefrei",
    "sicher",
    "modern",
    "mobil",
    "nachnutzbar",
    "Kommunen",
    "Landkreise",
    "Bürger",
    "Verwaltung",
    "Ämter",
    "Stadtwerke",
    "Sachbearbeitung",
    "Medienbruch",
    "Schnittstelle",
    "Fachverfahren",
    "Nutzerkonto",
    "Postfach",
    "Rechenzentrum",
    "Dienstleister",
    "Formulare",
    "Bescheide",
    "Gebühren",
    "Statistik",
    "Auswertung",
    "Bezahlung",
    "Statusabfrage",
    "Mehrsprachigkeit",
    "Terminbuchung",
    "Export",
    "Rollen",
    "XÖV",
]
COLD_QUERIES = tuple(f"{topic} {word}" for word in _SECOND for topic in _TOPICS) + tuple(
    f"{first} {second}" for i, first in enumerate(_SECOND) for second in _SECOND[i + 1 :]
)


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        name="reference",
        description="Referenzdaten (Gemeindeverzeichnis, OZG-Katalog) und Demonetzwerke",
        setup=(("load-demo", "--no-user"),),
        urls=(
            "/api/v1/organizations?land=07&level=gemeinde",
            "/api/v1/organizations/07312000",
            "/api/v1/networks/ikone-ds",
            "/api/v1/services?q=steuer",
            "/api/v1/services/10110",
        ),
        target_p99_ratio=None,
    ),
    Scenario(
        name="catalog-20k",
        description="Lösungskatalog mit 20.000 synthetischen Lösungen: Suche mit Facetten (Ziel p99 ≤ 3 × health)",
        setup=(("catalog-synthetic", "--count", "20000", "--quiet"),),
        urls=(
            "/api/v1/solutions",
            "/api/v1/solutions?q=Hundesteuer",
            "/api/v1/solutions?q=Baugenehmigung%20online",
            "/api/v1/solutions?q=antrag",
            "/api/v1/solutions?q=Wohngeld&license=EUPL-1.2",
        ),
        target_p99_ratio=3.0,
    ),
    Scenario(
        name="catalog-20k-cold",
        description="Lösungskatalog mit 20.000 Lösungen, jede Anfrage ein anderer Suchbegriff "
        f"({len(COLD_QUERIES)} im Wechsel): ungecachter Weg (Ziel p99 ≤ 3 × health)",
        setup=(("catalog-synthetic", "--count", "20000", "--quiet"),),
        urls=("|".join("/api/v1/solutions?q=" + quote(q) for q in COLD_QUERIES),),
        target_p99_ratio=3.0,
        warm_each=False,
    ),
    Scenario(
        name="coverage-national",
        description="Umsetzungsstand bundesweit synthetisch (≈ 6,1 Mio. Zeilen): Dashboards und Lückenanalyse, "
        "je Zeile abwechselnd mehrere Länder/Netzwerke/Organisationen (Ziel p99 ≤ 3 × health)",
        setup=(("load-demo", "--no-user"), ("coverage-synthetic", "--seed", "1")),
        urls=(
            "/api/v1/coverage/national|/api/v1/coverage/national?min_level=2|/api/v1/coverage/national?min_level=4",
            "|".join(
                f"/api/v1/coverage/lands/{land}" for land in ("07", "09", "05", "03", "14", "01", "08", "12")
            ),
            "/api/v1/networks/ikone-ds/coverage|/api/v1/networks/smart-city-fichtelgebirge/coverage",
            "|".join(
                f"/api/v1/organizations/{ags}/coverage"
                for ags in ("07312000", "09162000", "05315000", "03241001", "14612000", "09479152")
            ),
            "|".join(
                f"/api/v1/organizations/{ags}/gaps"
                for ags in ("07141068", "07312000", "07211000", "09479152", "09479169", "09162000")
            ),
        ),
        target_p99_ratio=3.0,
    ),
)


def select(names: list[str] | None) -> list[Scenario]:
    """The scenarios named (all when `names` is empty); unknown names raise ValueError."""
    if not names:
        return list(SCENARIOS)
    known = {s.name: s for s in SCENARIOS}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"unknown scenario(s): {', '.join(unknown)}; known: {', '.join(known)}")
    return [known[n] for n in names]
