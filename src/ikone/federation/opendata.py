"""The open data this instance publishes: which datasets, in which formats, under which licence,
and their tables (CSV/XLSX). The same description feeds the "Offene Daten" page and the
DCAT-AP.de catalogue (ikone.federation.dcat)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.urls import reverse

from ikone.coverage.choices import DASHBOARD_MODEL
from ikone.coverage.outputs import Table
from ikone.federation.licences import Licence
from ikone.federation.selectors import coverage_figures, feed_modified, published_solutions
from ikone.organizations.models import Network
from ikone.ozg.models import Themenfeld
from ikone.reuse.selectors import adoption_stats

Absolute = Callable[[str], str]


@dataclass(frozen=True)
class Format:
    """A file type: its code in the EU file-type vocabulary and its IANA media type."""

    code: str
    label: str
    media_type: str


CSV = Format("CSV", "CSV", "text/csv")
XLSX = Format("XLSX", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
JSON = Format("JSON", "JSON (API)", "application/json")
ATOM = Format("ATOM", "Atom", "application/atom+xml")


@dataclass(frozen=True)
class Distribution:
    """One way to get a dataset. A file is downloaded whole (`download`); a feed of the federation
    API is paged (only an access URL)."""

    title: str
    format: Format
    url: str
    download: bool = True


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    keywords: list[str]
    modified: dt.datetime | None
    distributions: list[Distribution] = field(default_factory=list)


def _network_label(network: Network) -> str:
    return network.short_name or network.name


def datasets(*, absolute: Absolute) -> list[Dataset]:
    """The published datasets: the solution catalog, the standards register, the coverage figures
    of all networks (federation feed) and of each network (CSV/XLSX)."""
    modified = published_solutions().aggregate(latest=Max("updated_at"))["latest"]
    feeds_modified = feed_modified()
    result = [
        Dataset(
            key="loesungskatalog",
            title="Lösungskatalog: nachnutzbare Software für Kommunen",
            description=(
                "Die öffentlichen Lösungen des Katalogs mit Beschreibung nach publiccode.yml, Lizenz, "
                "Entwicklungsstand, Eigentümerin, verknüpften OZG-Leistungen und Zahl der Nachnutzungen."
            ),
            keywords=["OZG", "Nachnutzung", "publiccode.yml", "Open Source", "Kommunen"],
            modified=modified,
            distributions=[
                Distribution("Lösungskatalog als CSV", CSV, absolute(reverse("federation:catalog-csv"))),
                Distribution("Lösungskatalog als XLSX", XLSX, absolute(reverse("federation:catalog-xlsx"))),
                Distribution(
                    "Änderungen als JSON-Schnittstelle (mit Löschvermerken)",
                    JSON,
                    absolute(reverse("api:federation_solution_feed")),
                    download=False,
                ),
                Distribution("Änderungen als Atom-Feed", ATOM, absolute(reverse("federation:catalog-atom"))),
            ],
        )
    ]
    result.append(
        Dataset(
            key="standards",
            title="Register der Standards und Schnittstellen",
            description=(
                "Die Standards des Registers (XÖV, FIM, Schnittstellen) mit ihren Versionen und den "
                "Netzwerken, die eine Version vereinbart haben."
            ),
            keywords=["Standards", "XÖV", "FIM", "Interoperabilität"],
            modified=feeds_modified["standards"],
            distributions=[
                Distribution(
                    "Standards als JSON-Schnittstelle (Änderungen seit einem Zeitpunkt)",
                    JSON,
                    absolute(reverse("api:federation_standard_feed")),
                    download=False,
                )
            ],
        )
    )
    result.append(
        Dataset(
            key="umsetzungsstand",
            title="OZG-Umsetzungsstand aller Netzwerke",
            description=(
                "Je Netzwerk die Zahl der OZG-Leistungen je Themenfeld und Reifegrad (Modell "
                f"{DASHBOARD_MODEL}), zusammengezählt über die Mitglieder ohne beobachtende; ohne "
                "Angaben zu einzelnen Mitgliedern."
            ),
            keywords=["OZG", "Umsetzungsstand", "Reifegrad", "Netzwerke"],
            modified=feeds_modified["coverage"],
            distributions=[
                Distribution(
                    "Umsetzungsstand aller Netzwerke als JSON-Schnittstelle (Änderungen seit einem Zeitpunkt)",
                    JSON,
                    absolute(reverse("api:federation_coverage_feed")),
                    download=False,
                )
            ],
        )
    )
    for network in Network.objects.order_by("name", "id"):
        label = _network_label(network)
        result.append(
            Dataset(
                key=f"umsetzungsstand-{network.slug}",
                title=f"OZG-Umsetzungsstand im Netzwerk {label}",
                description=(
                    f"Wie viele OZG-Leistungen die Mitglieder des Netzwerks {label} je Themenfeld und "
                    f"Reifegrad (Modell {DASHBOARD_MODEL}) erreicht haben, zusammengezählt über alle "
                    "Mitglieder; ohne Angaben zu einzelnen Mitgliedern."
                ),
                keywords=["OZG", "Umsetzungsstand", "Reifegrad", label],
                modified=None,
                distributions=[
                    Distribution(
                        f"Umsetzungsstand {label} als {fmt.label}",
                        fmt,
                        absolute(
                            reverse("federation:coverage-export", args=[network.slug, fmt.code.lower()])
                        ),
                    )
                    for fmt in (CSV, XLSX)
                ],
            )
        )
    return result


def metadata_table(*, title: str, licence: Licence, source: str) -> Table:
    """The sheet "Metadaten" of an XLSX export: what the data is and under which licence."""
    return (
        ["Angabe", "Wert"],
        [
            ["Datensatz", title],
            ["Herausgeber", settings.OPEN_DATA_PUBLISHER],
            ["Lizenz", licence.name],
            ["Lizenz (Kurzform)", licence.short_name],
            ["Lizenz (URI)", licence.uri],
            ["Lizenztext", licence.text_url],
            ["Quelle", source],
        ],
    )


def catalog_table(*, absolute: Absolute) -> Table:
    """One row per published solution."""
    solutions = list(
        published_solutions()
        .select_related("owner")
        .prefetch_related("services")
        .order_by("name", "id")
        .only(
            "slug",
            "name",
            "short_description",
            "url",
            "license",
            "development_status",
            "software_type",
            "software_version",
            "owner__short_name",
            "owner__name",
            "updated_at",
        )
    )
    stats = adoption_stats([s.pk for s in solutions])
    header = [
        "Kurzname",
        "Name",
        "Kurzbeschreibung",
        "Repository",
        "Softwarelizenz",
        "Entwicklungsstand",
        "Softwaretyp",
        "Version",
        "Eigentümerin",
        "OZG-IDs",
        "Nachnutzende",
        "davon in Produktion",
        "Seite",
        "geändert",
    ]
    rows: list[list[Any]] = [
        [
            s.slug,
            s.name,
            s.short_description,
            s.url,
            s.license,
            s.development_status_label,
            s.software_type_label,
            s.software_version,
            str(s.owner) if s.owner else "",
            " ".join(str(service.ozg_id) for service in sorted(s.services.all(), key=lambda x: x.ozg_id)),
            stats[s.pk].adopter_count,
            stats[s.pk].production_count,
            absolute(reverse("catalog:solution-detail", args=[s.slug])),
            s.updated_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        ]
        for s in solutions
    ]
    return header, rows


def coverage_table(*, network: Network) -> Table:
    """Counts per Themenfeld and maturity level, summed over the network's members (observers
    excluded, as on the network's coverage page): `selectors.coverage_figures`, like the feed."""
    figures = coverage_figures([network.pk])[network.pk]
    names = dict(Themenfeld.objects.values_list("pk", "name"))
    header = ["Themenfeld", "Reifegradmodell", "Stufe", "Leistungen (Summe über Mitglieder)", "Mitglieder"]
    rows: list[list[Any]] = [
        [names[themenfeld_id], DASHBOARD_MODEL, level, total, figures.members]
        for (themenfeld_id, level), total in sorted(
            figures.sums.items(), key=lambda entry: (names[entry[0][0]], entry[0][1])
        )
    ]
    return header, rows
