"""The sources each criterion rests on (shown on the page, in the PDF and in docs/transferability.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    url: str


SOURCES: tuple[Source, ...] = (
    Source(
        "kts",
        "KTS / Modellprojekte Smart Cities: Roadmap „Smart-City-Lösungen skalieren“, Kriterien für Verstetigung und Transfer",
        "https://skalierung.smart-city-dialog.de/vt-kriterien",
    ),
    Source(
        "kts-p5",
        "KTS-Roadmap, Phase P5 Transfer (horizontale Skalierung)",
        "https://skalierung.smart-city-dialog.de/p5-transfer-horizontale-skalierung",
    ),
    Source("spdx", "SPDX License List (Feld „OSI Approved“)", "https://spdx.org/licenses/"),
    Source("osi", "Open Source Initiative: OSI Approved Licenses", "https://opensource.org/licenses"),
    Source(
        "publiccode",
        "publiccode.yml-Standard (Schema, Kernschlüssel)",
        "https://github.com/italia/publiccode.yml",
    ),
    Source(
        "efa",
        "OZG-Leitfaden: Nachnutzung nach dem Prinzip „Einer für Alle“ und EfA-Mindestanforderungen",
        "https://leitfaden.ozg-umsetzung.de/12587267.html",
    ),
    Source(
        "efa-sh",
        "Servicehandbuch: „Einer für Alle“ (zentraler Betrieb für alle Nachnutzenden, neutrales Design, "
        "offene Schnittstellen)",
        "https://servicehandbuch.de/nachnutzung/einer-fuer-alle-efa",
    ),
    Source(
        "dsgvo35",
        "DSGVO Art. 35 Datenschutz-Folgenabschätzung, Art. 30 Verzeichnis von Verarbeitungstätigkeiten",
        "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
    ),
    Source(
        "bitv",
        "BITV 2.0 § 7 und BGG § 12b: Erklärung zur Barrierefreiheit",
        "https://www.gesetze-im-internet.de/bitv_2_0/",
    ),
    Source(
        "bbsr",
        "BBSR: Stadt- und Gemeindetypen (Groß-, Mittel-, Kleinstadt, Landgemeinde)",
        "https://www.bbsr.bund.de/BBSR/DE/Stadtentwicklung/StadtentwicklungDeutschland/staedte-gemeinden/staedte-gemeinden-node.html",
    ),
    Source(
        "vwvfg23",
        "VwVfG § 23 Abs. 1: „Die Amtssprache ist deutsch.“",
        "https://www.gesetze-im-internet.de/vwvfg/__23.html",
    ),
)
BY_KEY = {s.key: s for s in SOURCES}
CRITERION_SOURCES: dict[str, tuple[str, ...]] = {
    "licence": ("spdx", "osi", "kts"),
    "publiccode": ("publiccode",),
    "maintenance": ("publiccode", "kts"),
    "documentation": ("publiccode", "kts-p5"),
    "standards": ("efa", "efa-sh", "kts-p5"),
    "deployment": ("kts", "efa-sh"),
    "multi_tenancy": ("efa", "efa-sh"),
    "data_protection": ("dsgvo35",),
    "accessibility": ("bitv",),
    "adoptions": ("kts-p5",),
    "ratings": ("kts-p5",),
    "dependencies": ("publiccode",),
    "land_law": ("kts-p5", "publiccode"),
    "size_class": ("bbsr",),
    "it_provider": ("kts",),
    "languages": ("publiccode", "vwvfg23"),
}


def sources_for(criterion: str) -> list[Source]:
    return [BY_KEY[k] for k in CRITERION_SOURCES.get(criterion, ())]
