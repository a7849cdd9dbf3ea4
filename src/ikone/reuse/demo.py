"""Demo adoptions, experience reports and questions in IKONE-DS (origin "demo"; questions and
answers say "Demodaten"), written through the services (audited; adoptions in production set the
members' coverage).

The adoptions in production of solutions with OZG-Leistungen are the cases of the recommendation
evaluation (`ikone recommend --evaluate`, see docs/reuse.md): the demo has enough of them for the
figure to be computed at all, not to show that it is good.

Idempotent: pairs that already have an adoption, and questions already asked, are left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from ikone.catalog.models import Solution
from ikone.core.audit import Actor
from ikone.organizations.models import Network, Organization
from ikone.ozg.models import Service
from ikone.reuse import services
from ikone.reuse.choices import AdoptionState, OperatorModel, Origin
from ikone.reuse.models import Adoption, Question
from ikone.transferability.hooks import refreshes_deferred

DEMO_MARK = "(Demodaten)"


@dataclass(frozen=True)
class DemoReport:
    # usability, effort, documentation, support (1–5), would recommend
    ratings: tuple[int, int, int, int, bool]
    worked: str = "Einführung mit Vorlage der Eigentümerin, kurze Schulung."
    did_not_work: str = "Anbindung an das Fachverfahren brauchte Nacharbeit."
    pitfalls: str = "Zuständigkeiten für den Betrieb früh klären."
    effort_days: str = "12.5"
    time_to_live_days: int = 90
    cost_once_eur: str = "8000"
    cost_yearly_eur: str = "1200"


@dataclass(frozen=True)
class DemoAdoption:
    solution: str
    ags: str
    state: str
    since: dt.date | None = None
    ozg_ids: tuple[int, ...] = ()
    operator: str = OperatorModel.IT_PROVIDER
    provider: str = "KL digital GmbH"
    report: DemoReport | None = None
    ended_on: dt.date | None = None
    end_reason: str = ""


P = AdoptionState.PRODUCTION
PILOT = AdoptionState.PILOT
EVALUATING = AdoptionState.EVALUATING
INTERESTED = AdoptionState.INTERESTED
SAAS = OperatorModel.OWNER_SAAS
SELF = OperatorModel.SELF_HOSTED
KL, ANDERNACH, SPEYER, WOERTH, ZWEIBRUECKEN = "07312000", "07137003", "07318000", "07334501", "07320000"
KREUZNACH, KATZENELNBOGEN, PIRMASENS, TRIER, LANDAU = (
    "07133006",
    "07141068",
    "07317000",
    "07211000",
    "07313000",
)
DEMO_ADOPTIONS = [
    DemoAdoption("hundesteuer-online", KL, P, dt.date(2024, 3, 1), report=DemoReport((5, 4, 4, 5, True))),
    DemoAdoption(
        "hundesteuer-online",
        PIRMASENS,
        P,
        dt.date(2024, 9, 15),
        report=DemoReport(
            (4, 4, 5, 4, True),
            worked="Die Vorlage für die Satzungsparameter passte fast unverändert.",
            pitfalls="Steuermarken-Bestand vor dem Start mit dem Finanzverfahren abgleichen.",
            effort_days="6",
            time_to_live_days=45,
            cost_once_eur="3500",
        ),
    ),
    DemoAdoption(
        "hundesteuer-online", ZWEIBRUECKEN, P, dt.date(2025, 2, 1), report=DemoReport((5, 5, 4, 4, True))
    ),
    DemoAdoption("hundesteuer-online", KREUZNACH, PILOT),
    DemoAdoption("hundesteuer-online", ANDERNACH, EVALUATING),
    DemoAdoption(
        "wohngeld-assistent", KL, P, dt.date(2024, 6, 1), (10092,), report=DemoReport((4, 3, 3, 4, True))
    ),
    DemoAdoption("wohngeld-assistent", SPEYER, P, dt.date(2025, 1, 10), (10092,), SAAS, ""),
    DemoAdoption("wohngeld-assistent", WOERTH, PILOT, None, (10092,)),
    DemoAdoption(
        "termine-im-buergerbuero",
        SPEYER,
        P,
        dt.date(2023, 11, 1),
        (10559,),
        report=DemoReport((5, 4, 3, 3, True)),
    ),
    DemoAdoption("termine-im-buergerbuero", KL, P, dt.date(2024, 4, 1), (10559,)),
    DemoAdoption("termine-im-buergerbuero", WOERTH, P, dt.date(2025, 5, 1), (10559,), SELF, ""),
    DemoAdoption("termine-im-buergerbuero", KATZENELNBOGEN, INTERESTED, None, (10559,)),
    DemoAdoption(
        "maengelmelder",
        KL,
        P,
        dt.date(2023, 5, 1),
        (10136,),
        report=DemoReport(
            (4, 3, 2, 3, False),
            worked="Bürgerinnen und Bürger nutzen die Meldungen rege.",
            did_not_work="Die Dokumentation zur Schnittstelle des Bauhof-Systems fehlte weitgehend.",
            pitfalls="Kategorien vorab mit Bauhof und Grünflächenamt abstimmen.",
            effort_days="25",
            time_to_live_days=150,
        ),
    ),
    DemoAdoption("maengelmelder", SPEYER, P, dt.date(2024, 2, 1), (10136,)),
    DemoAdoption("maengelmelder", KREUZNACH, EVALUATING, None, (10136,)),
    DemoAdoption("maengelmelder-zweibruecken", WOERTH, PILOT, None, (10136,)),
    DemoAdoption("oparl-bruecke-ratsinformation", SPEYER, P, dt.date(2024, 10, 1)),
    DemoAdoption("oparl-bruecke-ratsinformation", ANDERNACH, PILOT),
    DemoAdoption(
        "kita-platzvergabe",
        TRIER,
        P,
        dt.date(2024, 9, 1),
        report=DemoReport(
            (5, 3, 4, 5, True),
            worked="Doppelte Vormerkungen sind verschwunden; die Träger arbeiten im selben System.",
            did_not_work="Die Vergabekriterien der Trierer Satzung mussten nachprogrammiert werden.",
            pitfalls="Freie Träger früh einbinden, sonst bleiben Listen in Excel.",
            effort_days="30",
            time_to_live_days=180,
            cost_once_eur="15000",
            cost_yearly_eur="2400",
        ),
    ),
    DemoAdoption("kita-platzvergabe", LANDAU, P, dt.date(2025, 3, 1)),
    DemoAdoption("kita-platzvergabe", ZWEIBRUECKEN, PILOT),
    DemoAdoption("kita-platzvergabe", KATZENELNBOGEN, INTERESTED),
    DemoAdoption(
        "digitale-bauantrag-plattform",
        KL,
        P,
        dt.date(2025, 1, 15),
        provider="Moselbit Verwaltungssoftware GmbH (Demo)",
        report=DemoReport(
            (4, 2, 4, 4, True),
            worked="Architekturbüros reichen inzwischen fast nur noch digital ein.",
            did_not_work="Großformatige Pläne brauchten einen eigenen Viewer.",
            pitfalls="Die Fachstellen brauchen eigene Zugänge und Schulung.",
            effort_days="40",
            time_to_live_days=240,
            cost_once_eur="25000",
            cost_yearly_eur="6000",
        ),
    ),
    DemoAdoption(
        "digitale-bauantrag-plattform",
        PIRMASENS,
        P,
        dt.date(2025, 6, 1),
        provider="Moselbit Verwaltungssoftware GmbH (Demo)",
    ),
    DemoAdoption("digitale-bauantrag-plattform", KREUZNACH, EVALUATING),
    DemoAdoption(
        "sperrmuell-anmeldung",
        ANDERNACH,
        P,
        dt.date(2024, 10, 1),
        report=DemoReport((5, 5, 4, 4, True), effort_days="5", time_to_live_days=30, cost_once_eur="2000"),
    ),
    DemoAdoption("sperrmuell-anmeldung", LANDAU, P, dt.date(2025, 4, 1)),
    DemoAdoption("sperrmuell-anmeldung", WOERTH, P, dt.date(2025, 7, 1), operator=SAAS, provider=""),
    DemoAdoption(
        "sperrmuell-anmeldung",
        KATZENELNBOGEN,
        P,
        dt.date(2025, 9, 1),
        operator=SAAS,
        provider="",
        report=DemoReport(
            (5, 5, 3, 5, True),
            worked="Als Dienst von Bad Kreuznach ohne eigene Technik in zwei Wochen eingeführt.",
            did_not_work="Eigene Abholbezirke ließen sich nur über den Support anlegen.",
            pitfalls="Den Vertrag über die Auftragsverarbeitung vor dem Start abschließen.",
            effort_days="3",
            time_to_live_days=14,
            cost_once_eur="0",
            cost_yearly_eur="900",
        ),
    ),
    DemoAdoption("online-fundbuero", SPEYER, P, dt.date(2025, 2, 1)),
    DemoAdoption("online-fundbuero", TRIER, P, dt.date(2025, 5, 1), report=DemoReport((4, 4, 3, 3, True))),
    DemoAdoption("gewerbe-service-digital", KL, P, dt.date(2024, 2, 1)),
    DemoAdoption("gewerbe-service-digital", LANDAU, P, dt.date(2024, 6, 1)),
    DemoAdoption("gewerbe-service-digital", ZWEIBRUECKEN, EVALUATING),
    DemoAdoption(
        "standesamt-online",
        PIRMASENS,
        P,
        dt.date(2024, 5, 1),
        provider="Pfalzdigital Software GmbH (Demo)",
        report=DemoReport(
            (3, 3, 3, 2, False),
            worked="Bestellungen kommen vollständig an, die Bezahlung klappt.",
            did_not_work="Rückfragen an den Support blieben oft wochenlang offen.",
            pitfalls="Reaktionszeiten des Supports vertraglich festlegen.",
            effort_days="15",
        ),
    ),
    DemoAdoption("standesamt-online", SPEYER, INTERESTED),
    DemoAdoption("briefwahl-online", KL, P, dt.date(2024, 5, 15)),
    DemoAdoption(
        "briefwahl-online",
        ANDERNACH,
        P,
        dt.date(2025, 1, 20),
        report=DemoReport((5, 4, 4, 4, True), effort_days="8", time_to_live_days=60, cost_once_eur="4000"),
    ),
    DemoAdoption("briefwahl-online", LANDAU, PILOT),
    DemoAdoption("bibliothek-digital", ZWEIBRUECKEN, P, dt.date(2025, 1, 10)),
    DemoAdoption("abgaben-portal", KREUZNACH, P, dt.date(2024, 11, 1)),
    DemoAdoption(
        "abgaben-portal",
        TRIER,
        AdoptionState.ENDED,
        dt.date(2024, 4, 1),
        ended_on=dt.date(2025, 6, 30),
        end_reason="Demodaten: Bescheide kommen jetzt über das Portal des Finanzverfahrens.",
    ),
    DemoAdoption("schulanmeldung-online", WOERTH, INTERESTED),
    DemoAdoption("friedhofsverwaltung-digital", TRIER, EVALUATING),
    DemoAdoption("musikschule-online", PIRMASENS, PILOT),
    DemoAdoption("parkraum-sensorik", LANDAU, PILOT),
    DemoAdoption("parkraum-sensorik", TRIER, EVALUATING),
    DemoAdoption("open-data-portal", TRIER, P, dt.date(2023, 9, 1)),
    DemoAdoption("open-data-portal", SPEYER, P, dt.date(2024, 3, 1)),
    DemoAdoption("buergerservice-chatbot", KREUZNACH, PILOT),
]


@dataclass(frozen=True)
class DemoQuestion:
    solution: str
    ags: str  # who asks
    title: str
    body: str
    answer: str  # by the owner ("" = still open)


DEMO_QUESTIONS = [
    DemoQuestion(
        "hundesteuer-online",
        ANDERNACH,
        "Lässt sich die Lösung an das Finanzverfahren von Andernach anbinden?",
        "Wir nutzen ein anderes Finanzverfahren als Speyer. Gibt es eine allgemeine Schnittstelle?",
        "Ja, der Export folgt einem offenen CSV-Format; für zwei weitere Verfahren gibt es Adapter.",
    ),
    DemoQuestion(
        "kita-platzvergabe",
        KATZENELNBOGEN,
        "Eignet sich die Kita-Platzvergabe auch für eine Verbandsgemeinde mit freien Trägern?",
        "Bei uns gibt es nur wenige Einrichtungen, fast alle in freier Trägerschaft.",
        "Ja, Trier nutzt sie mit freien Trägern; ein Mandant je Verbandsgemeinde genügt.",
    ),
    DemoQuestion(
        "digitale-bauantrag-plattform",
        KREUZNACH,
        "Welche XBau-Version unterstützt die Plattform?",
        "Das Land stellt auf die neue XBau-Version um; wir prüfen gerade die Nachnutzung.",
        "",
    ),
    DemoQuestion(
        "sperrmuell-anmeldung",
        WOERTH,
        "Können eigene Abholbezirke angelegt werden?",
        "Wir möchten die Lösung als Dienst nutzen, haben aber eigene Tourenbezirke.",
        "Ja, das übernimmt der Support; eine Oberfläche dafür ist für Version 1.2 geplant.",
    ),
    DemoQuestion(
        "maengelmelder",
        KREUZNACH,
        "Gibt es eine Schnittstelle zum Bauhof-Programm?",
        "Die Meldungen sollen ohne Abtippen im Auftragssystem des Bauhofs landen.",
        "Eine REST-Schnittstelle ist vorhanden; die Dokumentation wird gerade überarbeitet.",
    ),
]


def _report_values(demo: DemoAdoption, report: DemoReport) -> services.ReportValues:
    usability, effort, documentation, support, recommend = report.ratings
    return services.ReportValues(
        would_recommend=recommend,
        rating_usability=usability,
        rating_effort=effort,
        rating_documentation=documentation,
        rating_support=support,
        effort_days=Decimal(report.effort_days),
        time_to_live_days=report.time_to_live_days,
        cost_once_eur=Decimal(report.cost_once_eur),
        cost_yearly_eur=Decimal(report.cost_yearly_eur),
        it_provider=demo.provider,
        worked=f"Demodaten: {report.worked}",
        did_not_work=f"Demodaten: {report.did_not_work}",
        pitfalls=f"Demodaten: {report.pitfalls}",
    )


def _adopt(actor: Actor, demo: DemoAdoption, town: Organization, solution: Solution) -> Adoption:
    chosen = list(Service.objects.filter(ozg_id__in=demo.ozg_ids)) if demo.ozg_ids else None
    started = (demo.since - dt.timedelta(days=120)) if demo.since else None
    ended = demo.state == AdoptionState.ENDED
    adoption = services.adoption_create(
        actor=actor,
        organization=town,
        solution=solution,
        state=demo.state,
        details=services.AdoptionDetails(
            services=chosen,
            started_on=started,
            production_since=demo.since,
            effort_days=Decimal(demo.report.effort_days if demo.report else "12.5")
            if demo.state == AdoptionState.PRODUCTION
            else None,
            operator_model=demo.operator,
            it_provider=demo.provider,
            contact_name="Digitalbüro (Demo)",
            contact_email="digital@example.org",
        ),
        end_reason=demo.end_reason if ended else "",
        ended_on=demo.ended_on if ended else None,
        origin=Origin.DEMO,
    )
    if demo.report is not None:
        services.report_create(
            actor=actor, adoption=adoption, values=_report_values(demo, demo.report), origin=Origin.DEMO
        )
    return adoption


def _ask(actor: Actor, demo: DemoQuestion, solution: Solution, asker: Organization | None) -> None:
    question = services.question_create(
        actor=actor,
        solution=solution,
        title=demo.title,
        body=f"{demo.body} {DEMO_MARK}",
        organization=asker,
    )
    if demo.answer:
        services.answer_create(
            actor=actor, question=question, body=f"{demo.answer} {DEMO_MARK}", organization=solution.owner
        )


@transaction.atomic
@refreshes_deferred()
def load_demo_adoptions(*, actor: Actor, network: Network) -> int:
    """Demo adoptions (with experience reports) and questions of the IKONE-DS members; returns how
    many adoptions were created."""
    slugs = {d.solution for d in DEMO_ADOPTIONS} | {q.solution for q in DEMO_QUESTIONS}
    solutions = {s.slug: s for s in Solution.objects.filter(slug__in=slugs).select_related("owner")}
    towns = {
        o.ags: o
        for o in Organization.objects.filter(
            level="gemeinde",
            ags__in={d.ags for d in DEMO_ADOPTIONS} | {q.ags for q in DEMO_QUESTIONS},
            memberships__network=network,
        )
    }
    present = set(
        Adoption.objects.filter(organization__in=towns.values()).values_list("organization", "solution")
    )
    created = 0
    for demo in DEMO_ADOPTIONS:
        solution, town = solutions.get(demo.solution), towns.get(demo.ags)
        if solution is None or town is None or solution.owner_id == town.pk:
            continue
        if (town.pk, solution.pk) in present:
            continue
        _adopt(actor, demo, town, solution)
        created += 1
    asked = set(Question.objects.filter(solution__in=solutions.values()).values_list("solution", "title"))
    for question in DEMO_QUESTIONS:
        solution = solutions.get(question.solution)
        if solution is not None and (solution.pk, question.title) not in asked:
            _ask(actor, question, solution, towns.get(question.ags))
    return created
