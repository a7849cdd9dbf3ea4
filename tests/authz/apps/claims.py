"""Authorisation cases for claims: reads are public; members' editors create and move their own
claims on; coordinators accept, reject and accept conflicts."""

from ikone.claims import services
from ikone.core.audit import Actor
from ikone.core.testing.factories import ServiceFactory

from ..common import COORDINATORS, EDITORS_OF_A, EVERYONE, Case

SYSTEM = Actor.system("authz")
EDITORS_AND_COORDINATORS = EDITORS_OF_A | COORDINATORS


def _claim(world, *, actions=(), conflicted=False):
    service = ServiceFactory()
    if conflicted:
        world.solution.services.add(service)
    claim = services.claim_create(
        actor=SYSTEM, network=world.network, organization=world.org_a, service=service
    ).claim
    for action in actions:
        services.claim_transition(actor=SYSTEM, claim=claim, action=action)
    return claim


def _json(data):
    return lambda w: (data(w) if callable(data) else data, "application/json")


API_CASES = [
    Case("GET", "/api/v1/networks/{slug}/claims", lambda w: f"/api/v1/networks/{w.network.slug}/claims"),
    Case(
        "POST",
        "/api/v1/networks/{slug}/claims",
        lambda w: f"/api/v1/networks/{w.network.slug}/claims",
        allowed=EDITORS_OF_A,
        body=_json(lambda w: {"organization": w.org_a.ags, "ozg_id": 10200, "target_level": 3}),
    ),
    Case("GET", "/api/v1/claims/{claim_id}", lambda w: f"/api/v1/claims/{_claim(w).pk}", allowed=EVERYONE),
    Case(
        "PATCH",
        "/api/v1/claims/{claim_id}",
        lambda w: f"/api/v1/claims/{_claim(w).pk}",
        allowed=EDITORS_AND_COORDINATORS,
        body=_json({"effort_days": "4.5", "contact": "Digitalbüro"}),
    ),
    Case(
        "POST",
        "/api/v1/claims/{claim_id}/accept-conflicts",
        lambda w: f"/api/v1/claims/{_claim(w, conflicted=True).pk}/accept-conflicts",
        allowed=COORDINATORS,
        body=_json({"reason": "Die Lösung passt nicht zu unseren Fachverfahren."}),
    ),
    Case(
        "POST",
        "/api/v1/claims/{claim_id}/{action}",
        lambda w: f"/api/v1/claims/{_claim(w).pk}/accept",
        allowed=COORDINATORS,
        body=_json({}),
    ),
    Case(
        "POST",
        "/api/v1/claims/{claim_id}/{action}",
        lambda w: f"/api/v1/claims/{_claim(w).pk}/reject",
        allowed=COORDINATORS,
        body=_json({"reason": "nicht in diesem Jahr"}),
    ),
    Case(
        "POST",
        "/api/v1/claims/{claim_id}/{action}",
        lambda w: f"/api/v1/claims/{_claim(w, actions=['accept']).pk}/start",
        allowed=EDITORS_OF_A,
        body=_json({}),
    ),
    Case(
        "POST",
        "/api/v1/claims/{claim_id}/{action}",
        lambda w: f"/api/v1/claims/{_claim(w, actions=['accept', 'start']).pk}/deliver",
        allowed=EDITORS_OF_A,
        body=_json(lambda w: {"solution": w.solution.slug, "reason": "online"}),
    ),
    Case(
        "POST",
        "/api/v1/claims/{claim_id}/{action}",
        lambda w: f"/api/v1/claims/{_claim(w).pk}/withdraw",
        allowed=EDITORS_OF_A,
        body=_json({"reason": "Ein anderes Mitglied war schneller."}),
    ),
]


def _form(world):
    return {"organization": world.org_a.ags, "ozg_id": 10200, "target_level": 3, "maturity_model": "1.1"}


def _act(world, action, **kwargs):
    claim = _claim(world, **kwargs)
    return f"/netzwerke/{world.network.slug}/uebernahmen/{claim.pk}/{action}/"


UI_WRITE_CASES = [
    Case(
        "POST",
        "claims:claim-create",
        lambda w: f"/netzwerke/{w.network.slug}/uebernahmen/neu/",
        allowed=EDITORS_OF_A,
        body=lambda w: (_form(w), None),
    ),
    Case(
        "POST",
        "claims:claim-act",
        lambda w: _act(w, "accept"),
        allowed=COORDINATORS,
        body=lambda w: ({"reason": "passt"}, None),
    ),
    Case(
        "POST",
        "claims:claim-act",
        lambda w: _act(w, "start", actions=["accept"]),
        allowed=EDITORS_OF_A,
        body=lambda w: ({"reason": ""}, None),
    ),
    Case(
        "POST",
        "claims:claim-act",
        lambda w: _act(w, "accept-conflicts", conflicted=True),
        allowed=COORDINATORS,
        body=lambda w: ({"reason": "bewusst"}, None),
    ),
]
