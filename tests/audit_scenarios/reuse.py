"""Audit scenarios for the reuse services (see tests/test_every_service_audits.py)."""

from functools import partial

from ikone.core.audit import Actor
from ikone.core.testing.factories import MunicipalityFactory, ServiceFactory

SYSTEM = Actor.system("audit test")
RATINGS = {
    "would_recommend": True,
    "rating_usability": 4,
    "rating_effort": 3,
    "rating_documentation": 4,
    "rating_support": 5,
}


def _solution(url="https://git.example.org/audit/loesung"):
    from ikone.catalog.services import solution_import
    from ikone.catalog.tests.factories import publiccode_yaml
    from ikone.coverage.tests.factories import maturity_models

    maturity_models()
    solution = solution_import(
        actor=SYSTEM, content=publiccode_yaml(url=url), owner=MunicipalityFactory()
    ).solution
    solution.services.add(ServiceFactory())
    return solution


def _adoption(m, state="production"):
    return m.adoption_create(
        actor=SYSTEM, organization=MunicipalityFactory(), solution=_solution(), state=state
    )


def _question(m):
    return m.question_create(actor=SYSTEM, solution=_solution(), title="Frage?")


SCENARIOS = {
    "ikone.reuse.services.adoption_create": lambda m, t: partial(
        m.adoption_create, actor=SYSTEM, organization=MunicipalityFactory(), solution=_solution()
    ),
    "ikone.reuse.services.adoption_update": lambda m, t: partial(
        m.adoption_update, actor=SYSTEM, adoption=_adoption(m), details=m.AdoptionDetails(it_provider="KDZ")
    ),
    "ikone.reuse.services.adoption_transition": lambda m, t: partial(
        m.adoption_transition, actor=SYSTEM, adoption=_adoption(m, "pilot"), state="production"
    ),
    "ikone.reuse.services.adoption_confirm": lambda m, t: partial(
        m.adoption_confirm, actor=SYSTEM, adoption=_adoption(m)
    ),
    "ikone.reuse.services.adoption_support_set": lambda m, t: partial(
        m.adoption_support_set, actor=SYSTEM, adoption=_adoption(m), supported=True
    ),
    "ikone.reuse.services.report_create": lambda m, t: partial(
        m.report_create, actor=SYSTEM, adoption=_adoption(m), values=m.ReportValues(**RATINGS)
    ),
    "ikone.reuse.services.report_update": lambda m, t: partial(
        m.report_update,
        actor=SYSTEM,
        report=m.report_create(actor=SYSTEM, adoption=_adoption(m), values=m.ReportValues(**RATINGS)),
        values=m.ReportValues(**{**RATINGS, "rating_support": 1}),
    ),
    "ikone.reuse.services.question_create": lambda m, t: partial(
        m.question_create, actor=SYSTEM, solution=_solution(), title="Gibt es eine API?"
    ),
    "ikone.reuse.services.question_update": lambda m, t: partial(
        m.question_update, actor=SYSTEM, question=_question(m), title="Genauer gefragt"
    ),
    "ikone.reuse.services.answer_create": lambda m, t: partial(
        m.answer_create, actor=SYSTEM, question=_question(m), body="Ja."
    ),
    "ikone.reuse.services.question_moderate": lambda m, t: partial(
        m.question_moderate, actor=SYSTEM, question=_question(m), hidden=True, reason="Werbung"
    ),
    "ikone.reuse.services.answer_moderate": lambda m, t: partial(
        m.answer_moderate,
        actor=SYSTEM,
        answer=m.answer_create(actor=SYSTEM, question=_question(m), body="Ja."),
        hidden=True,
        reason="Werbung",
    ),
    "ikone.reuse.services.solution_link_set": lambda m, t: partial(
        m.solution_link_set,
        actor=SYSTEM,
        source=_solution(),
        target=_solution("https://git.example.org/audit/zwilling"),
        kind="same_as",
    ),
    "ikone.reuse.services.solution_link_delete": lambda m, t: partial(
        m.solution_link_delete,
        actor=SYSTEM,
        link=m.solution_link_set(
            actor=SYSTEM,
            source=_solution(),
            target=_solution("https://git.example.org/audit/zwilling"),
            kind="variant",
        ),
    ),
    "ikone.reuse.services.adoptions_synthetic_generate": lambda m, t: partial(
        m.adoptions_synthetic_generate, actor=SYSTEM, seed=_solution() and 1
    ),
}
READS: dict[str, str] = {}
