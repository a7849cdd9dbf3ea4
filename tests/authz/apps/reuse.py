"""Authorisation cases for reuse. In this world org_b (Trier, editor_b) reuses org_a's solution:
the adopter's editors record, edit, move on, confirm and report; the owner's editors mark support
and moderate (with the coordinators of the networks the solution is shared in); everybody signed in
asks and answers; reads are public."""

from ikone.core.audit import Actor
from ikone.reuse import services

from ..common import COORDINATORS, EDITORS_OF_A, EVERYONE, SIGNED_IN, Case

SYSTEM = Actor.system("authz")
ADOPTER = {"editor_b", "platform_admin"}
MODERATORS = EDITORS_OF_A | COORDINATORS


def _adoption(world, state="interested"):
    return services.adoption_create(
        actor=SYSTEM, organization=world.org_b, solution=world.solution, state=state
    )


def _report(world):
    return services.report_create(
        actor=SYSTEM, adoption=_adoption(world, "pilot"), values=services.ReportValues(**RATINGS)
    )


def _question(world):
    world.solution.networks.add(world.network)
    return services.question_create(
        actor=Actor.of(world.users["editor_b"]), solution=world.solution, title="Frage?"
    )


def _answer(world):
    question = _question(world)
    return services.answer_create(actor=SYSTEM, question=question, body="Antwort")


def _other_solution(world):
    from ikone.catalog.services import solution_import
    from ikone.catalog.tests.factories import publiccode_yaml

    return solution_import(
        actor=SYSTEM, content=publiccode_yaml(url="https://git.example.org/trier/hund"), owner=world.org_b
    ).solution


def _json(data):
    return lambda w: (data(w) if callable(data) else data, "application/json")


RATINGS = {
    "would_recommend": True,
    "rating_usability": 4,
    "rating_effort": 3,
    "rating_documentation": 4,
    "rating_support": 5,
}
REPORT_FORM = {
    "would_recommend": "yes",
    "rating_usability": "4",
    "rating_effort": "3",
    "rating_documentation": "4",
    "rating_support": "5",
    "visibility": "public",
}

API_CASES = [
    Case("GET", "/api/v1/adoptions", lambda w: "/api/v1/adoptions"),
    Case(
        "POST",
        "/api/v1/adoptions",
        lambda w: "/api/v1/adoptions",
        allowed=ADOPTER | EDITORS_OF_A,  # the owner may record for another organisation, unconfirmed
        body=_json(
            lambda w: {"organization": w.org_b.ags, "solution": w.solution.slug, "state": "interested"}
        ),
    ),
    Case("GET", "/api/v1/adoptions/{adoption_id}", lambda w: f"/api/v1/adoptions/{_adoption(w).pk}"),
    Case(
        "PATCH",
        "/api/v1/adoptions/{adoption_id}",
        lambda w: f"/api/v1/adoptions/{_adoption(w).pk}",
        allowed=ADOPTER,
        body=_json({"effort_days": "3.5", "it_provider": "KL digital GmbH"}),
    ),
    Case(
        "POST",
        "/api/v1/adoptions/{adoption_id}/transition",
        lambda w: f"/api/v1/adoptions/{_adoption(w).pk}/transition",
        allowed=ADOPTER,
        body=_json({"state": "evaluating"}),
    ),
    Case(
        "POST",
        "/api/v1/adoptions/{adoption_id}/confirm",
        lambda w: f"/api/v1/adoptions/{_adoption(w).pk}/confirm",
        allowed=ADOPTER,
        body=_json({}),
    ),
    Case(
        "POST",
        "/api/v1/adoptions/{adoption_id}/support",
        lambda w: f"/api/v1/adoptions/{_adoption(w).pk}/support",
        allowed=EDITORS_OF_A,
        body=_json({"supported": True}),
    ),
    Case(
        "POST",
        "/api/v1/adoptions/{adoption_id}/reports",
        lambda w: f"/api/v1/adoptions/{_adoption(w, 'pilot').pk}/reports",
        allowed=ADOPTER,
        body=_json(RATINGS),
    ),
    Case("GET", "/api/v1/reports", lambda w: "/api/v1/reports"),
    Case("GET", "/api/v1/reports/{report_id}", lambda w: f"/api/v1/reports/{_report(w).pk}"),
    Case(
        "PUT",
        "/api/v1/reports/{report_id}",
        lambda w: f"/api/v1/reports/{_report(w).pk}",
        allowed=ADOPTER,
        body=_json({**RATINGS, "pitfalls": "Schnittstelle früh testen"}),
    ),
    Case("GET", "/api/v1/questions", lambda w: "/api/v1/questions"),
    Case(
        "POST",
        "/api/v1/questions",
        lambda w: "/api/v1/questions",
        allowed=SIGNED_IN,
        body=_json(lambda w: {"solution": w.solution.slug, "title": "Läuft das mit OSCI?"}),
    ),
    Case("GET", "/api/v1/questions/{question_id}", lambda w: f"/api/v1/questions/{_question(w).pk}"),
    Case(
        "PUT",
        "/api/v1/questions/{question_id}",
        lambda w: f"/api/v1/questions/{_question(w).pk}",
        allowed=ADOPTER,  # the person who asked (editor_b) and platform admins
        body=_json({"title": "Läuft das mit OSCI-Transport?"}),
    ),
    Case(
        "POST",
        "/api/v1/questions/{question_id}/answers",
        lambda w: f"/api/v1/questions/{_question(w).pk}/answers",
        allowed=SIGNED_IN,
        body=_json({"body": "Ja."}),
    ),
    Case(
        "POST",
        "/api/v1/questions/{question_id}/moderation",
        lambda w: f"/api/v1/questions/{_question(w).pk}/moderation",
        allowed=MODERATORS,
        body=_json({"hidden": True, "reason": "Werbung"}),
    ),
    Case(
        "POST",
        "/api/v1/answers/{answer_id}/moderation",
        lambda w: f"/api/v1/answers/{_answer(w).pk}/moderation",
        allowed=MODERATORS,
        body=_json({"hidden": True, "reason": "Werbung"}),
    ),
    Case(
        "GET",
        "/api/v1/organizations/{key}/recommendations",
        lambda w: f"/api/v1/organizations/{w.org_b.ags}/recommendations",
        allowed=EVERYONE,
    ),
    Case(
        "GET",
        "/api/v1/solutions/{slug}/near-duplicates",
        lambda w: f"/api/v1/solutions/{w.solution.slug}/near-duplicates",
    ),
    Case(
        "POST",
        "/api/v1/solutions/{slug}/links",
        lambda w: f"/api/v1/solutions/{w.solution.slug}/links",
        allowed=EDITORS_OF_A | {"editor_b"},  # editors of either owner
        body=_json(lambda w: {"target": _other_solution(w).slug, "kind": "same_as"}),
    ),
]

UI_WRITE_CASES = [
    Case(
        "POST",
        "reuse:adoption-create",
        lambda w: f"/loesungen/{w.solution.slug}/nachnutzung/",
        allowed=ADOPTER,
        body=lambda w: ({"organization": w.org_b.ags, "state": "evaluating"}, None),
    ),
    Case(
        "POST",
        "reuse:adoption-edit",
        lambda w: f"/nachnutzungen/{_adoption(w).pk}/bearbeiten/",
        allowed=ADOPTER,
        body=lambda w: ({"it_provider": "KL digital GmbH"}, None),
    ),
    Case(
        "POST",
        "reuse:adoption-transition",
        lambda w: f"/nachnutzungen/{_adoption(w).pk}/stand/",
        allowed=ADOPTER,
        body=lambda w: ({"stand-state": "evaluating"}, None),
    ),
    Case(
        "POST",
        "reuse:adoption-confirm",
        lambda w: f"/nachnutzungen/{_adoption(w).pk}/bestaetigen/",
        allowed=ADOPTER,
    ),
    Case(
        "POST",
        "reuse:adoption-support",
        lambda w: f"/nachnutzungen/{_adoption(w).pk}/unterstuetzung/",
        allowed=EDITORS_OF_A,
        body=lambda w: ({"supported": "1"}, None),
    ),
    Case(
        "POST",
        "reuse:report-create",
        lambda w: f"/nachnutzungen/{_adoption(w, 'pilot').pk}/bericht/",
        allowed=ADOPTER,
        body=lambda w: (REPORT_FORM, None),
    ),
    Case(
        "POST",
        "reuse:question-create",
        lambda w: f"/loesungen/{w.solution.slug}/fragen/",
        allowed=SIGNED_IN,
        body=lambda w: ({"title": "Gibt es eine Schnittstelle?"}, None),
    ),
    Case(
        "POST",
        "reuse:answer-create",
        lambda w: f"/fragen/{_question(w).pk}/antworten/",
        allowed=SIGNED_IN,
        body=lambda w: ({"body": "Ja, REST."}, None),
    ),
    Case(
        "POST",
        "reuse:question-moderate",
        lambda w: f"/fragen/{_question(w).pk}/moderieren/",
        allowed=MODERATORS,
        body=lambda w: ({"hidden": "1", "reason": "Werbung"}, None),
    ),
    Case(
        "POST",
        "reuse:answer-moderate",
        lambda w: f"/antworten/{_answer(w).pk}/moderieren/",
        allowed=MODERATORS,
        body=lambda w: ({"hidden": "1", "reason": "Werbung"}, None),
    ),
    Case(
        "POST",
        "reuse:solution-link",
        lambda w: f"/loesungen/{w.solution.slug}/verknuepfen/",
        allowed=EDITORS_OF_A,  # the target (here unknown) could add its owner's editors
        body=lambda w: ({"target": "gibt-es-nicht", "kind": "same_as"}, None),
    ),
]
