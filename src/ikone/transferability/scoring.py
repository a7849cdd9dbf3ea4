"""Transferability (Übertragbarkeit) of a solution as a score 0–100: pure functions, no ORM.

`score(facts, target=None)` rates every criterion with a fulfilment between 0 and 1, weights it,
and lists what is missing as a German to-do list. An unknown fact (None) never counts as met:
it is reported as "keine Angabe" / "nicht nachgewiesen". The criteria, weights and sources are
documented in docs/transferability.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from ikone.transferability.licences import licence_check

# publiccode.yml keys that are optional in the standard but needed to judge a transfer.
RECOMMENDED_KEYS: tuple[tuple[str, str], ...] = (
    ("landingURL", "Website (landingURL)"),
    ("softwareVersion", "aktuelle Version (softwareVersion)"),
    ("releaseDate", "Veröffentlichungsdatum (releaseDate)"),
    ("legal.mainCopyrightOwner", "Rechteinhaberin (legal.mainCopyrightOwner)"),
    ("description.documentation", "Dokumentation (description.*.documentation)"),
    ("localisation.availableLanguages", "Sprachen (localisation.availableLanguages)"),
    ("intendedAudience", "Zielgruppe (intendedAudience)"),
    ("dependsOn", "Abhängigkeiten (dependsOn)"),
)
DEPLOYMENT_LABELS = {"container": "Container", "saas": "SaaS", "on_premise": "On-Premise"}
# Size classes of the BBSR (Stadt- und Gemeindetyp) by population.
SIZE_CLASSES: tuple[tuple[str, str, int, int | None], ...] = (
    ("landgemeinde", "Landgemeinde (unter 5.000 EW)", 0, 4_999),
    ("kleinstadt", "Kleinstadt (5.000 bis unter 20.000 EW)", 5_000, 19_999),
    ("mittelstadt", "Mittelstadt (20.000 bis unter 100.000 EW)", 20_000, 99_999),
    ("grossstadt", "Großstadt (ab 100.000 EW)", 100_000, None),
)
SIZE_CLASS_LABELS = {key: label for key, label, _low, _high in SIZE_CLASSES}
ACTIVE_DAYS = 365  # a release within a year: active
SLOW_DAYS = 730  # within two years: half


def size_class(population: int | None) -> str | None:
    if population is None:
        return None
    for key, _label, low, high in SIZE_CLASSES:
        if population >= low and (high is None or population <= high):
            return key
    return None


@dataclass(frozen=True)
class Adopter:
    """An organisation that runs the solution in production (from the reuse registry)."""

    name: str
    land_key: str = ""
    population: int | None = None
    it_provider: str = ""


@dataclass(frozen=True)
class Facts:
    """Everything known about a solution. None = not known (never counted as met)."""

    name: str
    as_of: dt.date
    licence: str | None = None
    publiccode_errors: int | None = None  # None: not validated
    publiccode_warnings: int = 0
    present_keys: frozenset[str] | None = None  # RECOMMENDED_KEYS found in the document
    maintenance_type: str | None = None
    maintenance_until: dt.date | None = None  # latest contract end (maintenance.contractors[].until)
    last_release: dt.date | None = None
    release_count: int = 0
    documentation_url: str | None = None
    api_documentation_url: str | None = None
    agreed_standards: tuple[str, ...] | None = None  # the networks' agreed sets; None: none known
    declared_standards: tuple[str, ...] = ()  # of the agreed ones (or any, without an agreed set)
    verified_standards: tuple[str, ...] = ()
    deployment: dict[str, bool | None] = field(default_factory=dict)  # container / saas / on_premise
    deployment_source: str = ""
    multi_tenant: bool | None = None
    personal_data: bool | None = None
    data_protection_url: str | None = None
    accessibility_url: str | None = None
    has_user_interface: bool | None = None
    production_adoptions: int | None = None
    adopters: tuple[Adopter, ...] = ()
    average_rating: float | None = None
    report_count: int | None = None
    proprietary_dependencies: tuple[str, ...] | None = None  # None: dependsOn not given
    owner_land_key: str = ""
    legal_scope: str = ""  # "" unknown | "federal" (no Land law) | "land"
    law_land_keys: tuple[str, ...] = ()
    size_classes: tuple[str, ...] = ()
    it_providers: tuple[str, ...] = ()
    languages: tuple[str, ...] | None = None  # localisation.availableLanguages


@dataclass(frozen=True)
class Target:
    """The organisation that wants to take the solution over."""

    key: str
    name: str
    land_key: str = ""
    land_name: str = ""
    population: int | None = None
    it_providers: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("de",)


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    weight: int
    group: str  # "allgemein" | "Kontext"
    source: str  # what the criterion rests on (docs/transferability.md lists the addresses)


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    fulfilment: float  # 0..1
    evidence: tuple[str, ...]
    todo: str  # empty when fully met

    @property
    def key(self) -> str:
        return self.criterion.key

    @property
    def points(self) -> float:
        return self.criterion.weight * self.fulfilment

    @property
    def met(self) -> bool:
        return self.fulfilment >= 1.0


@dataclass(frozen=True)
class Assessment:
    name: str
    score: int
    results: tuple[CriterionResult, ...]
    target: Target | None = None

    @property
    def todo(self) -> list[str]:
        return [r.todo for r in self.results if not r.met]

    @property
    def max_points(self) -> int:
        return sum(r.criterion.weight for r in self.results)


GENERAL: tuple[Criterion, ...] = (
    Criterion("licence", "Offene Lizenz (OSI, SPDX)", 12, "allgemein", "OSI / SPDX License List"),
    Criterion(
        "publiccode", "Vollständige, gültige publiccode.yml", 8, "allgemein", "publiccode.yml-Standard"
    ),
    Criterion("maintenance", "Wartung und Aktivität", 10, "allgemein", "publiccode.yml maintenance; KTS"),
    Criterion("documentation", "Dokumentation und API-Dokumentation", 8, "allgemein", "publiccode.yml; KTS"),
    Criterion("standards", "Konformität zu Standards", 10, "allgemein", "Netzwerk-Standardsatz; EfA"),
    Criterion("deployment", "Betriebsmodelle", 8, "allgemein", "KTS Betreibermodelle"),
    Criterion("multi_tenancy", "Mandantenfähigkeit", 6, "allgemein", "EfA-Mindestanforderungen"),
    Criterion("data_protection", "Datenschutz-Dokumentation", 8, "allgemein", "DSGVO Art. 30, Art. 35"),
    Criterion("accessibility", "Erklärung zur Barrierefreiheit", 6, "allgemein", "BITV 2.0, BGG § 12b"),
    Criterion("adoptions", "Nachnutzungen im Produktivbetrieb", 12, "allgemein", "Nachnutzungsregister"),
    Criterion("ratings", "Bewertungen aus Erfahrungsberichten", 6, "allgemein", "Erfahrungsberichte"),
    Criterion(
        "dependencies", "Keine proprietären Abhängigkeiten", 6, "allgemein", "publiccode.yml dependsOn"
    ),
)
CONTEXT: tuple[Criterion, ...] = (
    Criterion("land_law", "Landesrecht der Zielorganisation", 6, "Kontext", "Angaben der Eigentümerin"),
    Criterion("size_class", "Größenklasse", 4, "Kontext", "BBSR Stadt- und Gemeindetypen"),
    Criterion("it_provider", "IT-Dienstleister", 5, "Kontext", "Nachnutzungsregister"),
    Criterion("languages", "Sprachen", 5, "Kontext", "publiccode.yml localisation; VwVfG § 23"),
)
CRITERIA = {c.key: c for c in GENERAL + CONTEXT}


def _result(key: str, fulfilment: float, evidence: Sequence[str], todo: str) -> CriterionResult:
    fulfilment = min(1.0, max(0.0, fulfilment))
    return CriterionResult(CRITERIA[key], fulfilment, tuple(evidence), "" if fulfilment >= 1.0 else todo)


def _date(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


def _licence(f: Facts) -> CriterionResult:
    if not f.licence:
        return _result("licence", 0, ["keine Angabe"], "Lizenz als SPDX-Ausdruck angeben (legal.license).")
    valid, open_ = licence_check(f.licence)
    if not valid:
        return _result(
            "licence",
            0,
            [f"„{f.licence}“ ist kein gültiger SPDX-Ausdruck"],
            "Lizenz als gültigen SPDX-Ausdruck angeben.",
        )
    if not open_:
        return _result(
            "licence",
            0,
            [f"{f.licence}: nicht von der OSI anerkannt"],
            f"Eine von der OSI anerkannte Lizenz wählen (bisher {f.licence}).",
        )
    return _result("licence", 1, [f"{f.licence}: von der OSI anerkannt"], "")


def _publiccode(f: Facts) -> CriterionResult:
    if f.publiccode_errors is None:
        return _result("publiccode", 0, ["nicht geprüft"], "publiccode.yml prüfen lassen.")
    if f.publiccode_errors:
        return _result(
            "publiccode",
            0,
            [f"{f.publiccode_errors} Fehler laut Prüfung"],
            "Fehler in der publiccode.yml beheben.",
        )
    present = f.present_keys or frozenset()
    missing = [label for key, label in RECOMMENDED_KEYS if key not in present]
    share = 1 - len(missing) / len(RECOMMENDED_KEYS)
    evidence = [
        f"gültig ({f.publiccode_warnings} Hinweise)",
        f"{len(RECOMMENDED_KEYS) - len(missing)} von {len(RECOMMENDED_KEYS)} empfohlenen Angaben",
    ]
    return _result(
        "publiccode",
        0.5 + 0.5 * share,
        evidence,
        "publiccode.yml ergänzen: " + ", ".join(missing) + ".",
    )


def _maintenance(f: Facts) -> CriterionResult:
    evidence: list[str] = []
    todo: list[str] = []
    kind = 0.0
    if f.maintenance_type is None:
        evidence.append("Wartung: keine Angabe")
        todo.append("Art der Wartung angeben (maintenance.type).")
    elif f.maintenance_type == "none":
        evidence.append("Wartung: keine")
        todo.append("Wartung sicherstellen (maintenance.type ist „none“).")
    elif f.maintenance_type == "contract" and f.maintenance_until and f.maintenance_until < f.as_of:
        kind = 0.5
        evidence.append(f"Wartungsvertrag bis {_date(f.maintenance_until)} (abgelaufen)")
        todo.append("Wartungsvertrag verlängern (maintenance.contractors.until).")
    else:
        kind = 1.0
        evidence.append(f"Wartung: {f.maintenance_type}")
    activity = 0.0
    if f.last_release is None:
        evidence.append("letzte Version: keine Angabe")
        todo.append("Versionen mit Datum veröffentlichen (releaseDate).")
    else:
        age = (f.as_of - f.last_release).days
        activity = 1.0 if age <= ACTIVE_DAYS else 0.5 if age <= SLOW_DAYS else 0.0
        evidence.append(f"letzte Version vom {_date(f.last_release)} ({f.release_count} erfasst)")
        if activity < 1:
            todo.append("Eine aktuelle Version veröffentlichen (letzte vor mehr als einem Jahr).")
    return _result("maintenance", (kind + activity) / 2, evidence, " ".join(todo))


def _documentation(f: Facts) -> CriterionResult:
    evidence, todo = [], []
    if f.documentation_url:
        evidence.append(f"Dokumentation: {f.documentation_url}")
    else:
        evidence.append("Dokumentation: keine Angabe")
        todo.append("Dokumentation verlinken (description.*.documentation).")
    if f.api_documentation_url:
        evidence.append(f"API-Dokumentation: {f.api_documentation_url}")
    else:
        evidence.append("API-Dokumentation: keine Angabe")
        todo.append("API-Dokumentation verlinken (description.*.apiDocumentation).")
    fulfilment = 0.6 * bool(f.documentation_url) + 0.4 * bool(f.api_documentation_url)
    return _result("documentation", fulfilment, evidence, " ".join(todo))


def _standards(f: Facts) -> CriterionResult:
    verified, declared = set(f.verified_standards), set(f.declared_standards) - set(f.verified_standards)
    if f.agreed_standards:
        agreed = set(f.agreed_standards)
        verified &= agreed
        declared &= agreed
        missing = sorted(agreed - verified - declared)
        fulfilment = (len(verified) + 0.5 * len(declared)) / len(agreed)
        evidence = [f"vereinbarter Standardsatz: {len(agreed)} Standards"]
        if verified:
            evidence.append("nachgewiesen: " + ", ".join(sorted(verified)))
        if declared:
            evidence.append("erklärt, nicht nachgewiesen: " + ", ".join(sorted(declared)))
        todo = []
        if missing:
            todo.append("Konformität erklären und nachweisen: " + ", ".join(missing) + ".")
        if declared:
            todo.append(
                "Nachweis (Prüfbericht, Zertifikat) ergänzen für: " + ", ".join(sorted(declared)) + "."
            )
        return _result("standards", fulfilment, evidence, " ".join(todo))
    if verified:
        return _result("standards", 1, ["nachgewiesen: " + ", ".join(sorted(verified))], "")
    if declared:
        return _result(
            "standards",
            0.5,
            ["erklärt, nicht nachgewiesen: " + ", ".join(sorted(declared)), "kein vereinbarter Standardsatz"],
            "Konformität zu den erklärten Standards nachweisen.",
        )
    return _result(
        "standards",
        0,
        ["keine Angabe: keine Konformität erklärt"],
        "Konformität zu Standards (z. B. XÖV, FIT-Connect, OpenAPI) erklären und nachweisen.",
    )


def _deployment(f: Facts) -> CriterionResult:
    offered = [DEPLOYMENT_LABELS[k] for k in DEPLOYMENT_LABELS if f.deployment.get(k)]
    unknown = [DEPLOYMENT_LABELS[k] for k in DEPLOYMENT_LABELS if f.deployment.get(k) is None]
    evidence = [("angeboten: " + ", ".join(offered)) if offered else "angeboten: keine Angabe"]
    if f.deployment_source and offered:
        evidence.append(f"Quelle: {f.deployment_source}")
    fulfilment = 1.0 if len(offered) >= 2 else 0.5 * len(offered)
    todo = "Mindestens zwei Betriebsmodelle anbieten oder angeben"
    todo += f" (keine Angabe: {', '.join(unknown)})." if unknown else "."
    return _result("deployment", fulfilment, evidence, todo)


def _multi_tenancy(f: Facts) -> CriterionResult:
    if f.multi_tenant is None:
        return _result("multi_tenancy", 0, ["keine Angabe"], "Angeben, ob die Lösung mandantenfähig ist.")
    if not f.multi_tenant:
        return _result("multi_tenancy", 0, ["nicht mandantenfähig"], "Mandantenfähigkeit herstellen.")
    return _result("multi_tenancy", 1, ["mandantenfähig (Angabe der Eigentümerin)"], "")


def _data_protection(f: Facts) -> CriterionResult:
    if f.data_protection_url:
        return _result("data_protection", 1, [f"Dokumentation: {f.data_protection_url}"], "")
    if f.personal_data is False:
        return _result(
            "data_protection", 1, ["verarbeitet keine personenbezogenen Daten (Angabe der Eigentümerin)"], ""
        )
    return _result(
        "data_protection",
        0,
        ["nicht nachgewiesen"],
        "Datenschutz-Dokumentation verlinken (DSFA nach Art. 35 DSGVO oder Muster für das Verzeichnis "
        "von Verarbeitungstätigkeiten).",
    )


def _accessibility(f: Facts) -> CriterionResult:
    if f.accessibility_url:
        return _result("accessibility", 1, [f"Erklärung: {f.accessibility_url}"], "")
    if f.has_user_interface is False:
        return _result("accessibility", 1, ["ohne Benutzeroberfläche (Softwaretyp laut publiccode.yml)"], "")
    return _result(
        "accessibility", 0, ["nicht nachgewiesen"], "Erklärung zur Barrierefreiheit (BITV 2.0) verlinken."
    )


def _adoptions(f: Facts) -> CriterionResult:
    if f.production_adoptions is None:
        return _result("adoptions", 0, ["keine Angabe"], "Nachnutzungen im Produktivbetrieb erfassen lassen.")
    n = f.production_adoptions
    fulfilment = {0: 0.0, 1: 0.4, 2: 0.7}.get(n, 1.0)
    return _result(
        "adoptions",
        fulfilment,
        [f"{n} bestätigte Nachnutzung(en) im Produktivbetrieb"],
        "Weitere Nachnutzungen im Produktivbetrieb gewinnen und bestätigen lassen (ab 3 voll erfüllt).",
    )


def _ratings(f: Facts) -> CriterionResult:
    if f.average_rating is None or not f.report_count:
        return _result(
            "ratings", 0, ["keine Erfahrungsberichte"], "Nachnutzende um Erfahrungsberichte bitten."
        )
    quality = (min(5.0, max(1.0, f.average_rating)) - 1) / 4
    confidence = min(f.report_count, 3) / 3
    avg = f"{f.average_rating:.1f}".replace(".", ",")
    todo = "Mehr Erfahrungsberichte sammeln (ab 3 voll gewichtet)." if confidence < 1 else ""
    if quality < 1:
        todo = (todo + " Kritik aus den Erfahrungsberichten aufgreifen.").strip()
    return _result(
        "ratings", quality * confidence, [f"Durchschnitt {avg} von 5 aus {f.report_count} Bericht(en)"], todo
    )


def _dependencies(f: Facts) -> CriterionResult:
    if f.proprietary_dependencies is None:
        return _result(
            "dependencies", 0, ["keine Angabe"], "Abhängigkeiten in der publiccode.yml angeben (dependsOn)."
        )
    if f.proprietary_dependencies:
        names = ", ".join(f.proprietary_dependencies)
        return _result(
            "dependencies", 0, [f"proprietär: {names}"], f"Proprietäre Abhängigkeiten ablösen: {names}."
        )
    return _result("dependencies", 1, ["keine proprietären Abhängigkeiten angegeben"], "")


def _land_law(f: Facts, t: Target) -> CriterionResult:
    land = t.land_name or t.land_key or "unbekannt"
    if not t.land_key:
        return _result(
            "land_law", 0, ["Land der Zielorganisation: keine Angabe"], "Land der Zielorganisation erfassen."
        )
    if f.legal_scope == "federal":
        return _result("land_law", 1, ["kein landesrechtlicher Bezug (Angabe der Eigentümerin)"], "")
    if t.land_key in f.law_land_keys:
        return _result("land_law", 1, [f"setzt das Landesrecht von {land} um"], "")
    if f.owner_land_key and f.owner_land_key == t.land_key:
        return _result("land_law", 1, [f"Eigentümerin im selben Land ({land})"], "")
    if any(a.land_key == t.land_key for a in f.adopters):
        return _result("land_law", 1, [f"im Produktivbetrieb in {land}"], "")
    if f.legal_scope == "land":
        return _result(
            "land_law",
            0,
            ["setzt Landesrecht anderer Länder um: " + ", ".join(f.law_land_keys)],
            f"Anpassung an das Landesrecht von {land} prüfen.",
        )
    return _result(
        "land_law",
        0,
        ["keine Angabe zum landesrechtlichen Bezug"],
        f"Angeben, ob die Lösung Landesrecht umsetzt; Eignung für {land} nicht nachgewiesen.",
    )


def _size_class(f: Facts, t: Target) -> CriterionResult:
    wanted = size_class(t.population)
    if wanted is None:
        return _result(
            "size_class",
            0,
            ["Einwohnerzahl der Zielorganisation: keine Angabe"],
            "Einwohnerzahl der Zielorganisation erfassen.",
        )
    label = SIZE_CLASS_LABELS[wanted]
    if wanted in f.size_classes:
        return _result("size_class", 1, [f"{label}: geeignet laut Eigentümerin"], "")
    same = [a.name for a in f.adopters if size_class(a.population) == wanted]
    if same:
        return _result("size_class", 1, [f"{label}: im Produktivbetrieb bei " + ", ".join(same[:3])], "")
    return _result(
        "size_class",
        0,
        [f"{label}: nicht nachgewiesen"],
        f"Eignung für die Größenklasse {label} angeben oder nachweisen.",
    )


def _norm(value: str) -> str:
    return " ".join(value.casefold().split())


def _it_provider(f: Facts, t: Target) -> CriterionResult:
    if not t.it_providers:
        return _result(
            "it_provider",
            0,
            ["IT-Dienstleister der Zielorganisation: keine Angabe"],
            "IT-Dienstleister der Zielorganisation erfassen (über ihre Nachnutzungen).",
        )
    known = {_norm(p): p for p in (*f.it_providers, *(a.it_provider for a in f.adopters if a.it_provider))}
    shared = sorted({known[_norm(p)] for p in t.it_providers if _norm(p) in known})
    if shared:
        return _result("it_provider", 1, ["betreibt die Lösung bereits: " + ", ".join(shared)], "")
    if not known:
        return _result(
            "it_provider",
            0,
            ["IT-Dienstleister der Lösung: keine Angabe"],
            "IT-Dienstleister angeben, die die Lösung betreiben.",
        )
    return _result(
        "it_provider",
        0,
        ["betrieben von: " + ", ".join(sorted(set(known.values())))],
        f"Betrieb durch {', '.join(t.it_providers)} klären.",
    )


def _languages(f: Facts, t: Target) -> CriterionResult:
    if f.languages is None:
        return _result(
            "languages",
            0,
            ["Sprachen der Lösung: keine Angabe"],
            "Sprachen angeben (localisation.availableLanguages).",
        )
    offered = {lang.split("-")[0].casefold() for lang in f.languages}
    needed = [lang for lang in t.languages if lang.casefold() not in offered]
    fulfilment = 1 - len(needed) / len(t.languages) if t.languages else 1.0
    return _result(
        "languages",
        fulfilment,
        ["verfügbar: " + (", ".join(f.languages) or "keine")],
        "Übersetzung ergänzen: " + ", ".join(needed) + ".",
    )


def score(facts: Facts, target: Target | None = None) -> Assessment:
    """The general score (without target) or the score for one target organisation."""
    results = [
        _licence(facts),
        _publiccode(facts),
        _maintenance(facts),
        _documentation(facts),
        _standards(facts),
        _deployment(facts),
        _multi_tenancy(facts),
        _data_protection(facts),
        _accessibility(facts),
        _adoptions(facts),
        _ratings(facts),
        _dependencies(facts),
    ]
    if target is not None:
        results += [
            _land_law(facts, target),
            _size_class(facts, target),
            _it_provider(facts, target),
            _languages(facts, target),
        ]
    total = sum(r.criterion.weight for r in results)
    points = sum(r.points for r in results)
    return Assessment(
        name=facts.name, score=round(100 * points / total), results=tuple(results), target=target
    )
