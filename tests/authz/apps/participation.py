"""Authorisation cases for citizen participation: reads are public; people with a confirmed
participation profile propose, support and comment; the town's editors moderate.

Every person of the world gets a confirmed profile first, so the cases test the roles, not the
confirmation (which the app's own tests cover)."""

from ikone.core.audit import Actor

from ..common import EDITORS_OF_A, EVERYONE, SIGNED_IN, Case


def _citizens(world):
    from ikone.participation import services
    from ikone.participation.models import Participant

    for name, user in world.users.items():
        if not Participant.objects.filter(user=user).exists():
            _participant, raw = services.participant_register(actor=Actor.of(user), display_name=name)
            services.participant_confirm(raw=raw)


def _proposal(world, *, supported=False):
    from ikone.participation import services
    from ikone.participation.tests.factories import citizen

    _citizens(world)
    proposal = services.proposal_create(
        actor=Actor.of(citizen("Anna")), organization=world.org_a, title="Parkausweis", text="Bitte online."
    )
    if supported:
        for user in world.users.values():
            services.support_add(actor=Actor.of(user), proposal=proposal)
    return proposal


def _process(world):
    import datetime as dt

    from django.utils import timezone

    from ikone.participation import services

    _citizens(world)
    now = timezone.now()
    return services.process_create(
        actor=Actor.system("authz"),
        organization=world.org_a,
        title="Was zuerst?",
        kind="ranking",
        starts_at=now - dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=1),
        items=[services.ItemDraft(title="Fundbüro"), services.ItemDraft(title="Parkausweis")],
    )


def _open_process(world):
    """The body is built before the URL: keep the process on the world for the URL."""
    world.process = _process(world)
    return world.process


def _json(data):
    return lambda w: (data, "application/json")


def _confirm_url(world):
    from ikone.participation import services

    _participant, raw = services.participant_register(
        actor=Actor.of(None),
        display_name="Dora",
        email="dora@example.org",
        password="ein-sehr-langes-passwort",
    )
    return f"/beteiligung/konto/bestaetigen/{raw}/"


API_CASES = [
    Case(
        "GET",
        "/api/v1/organizations/{key}/demand",
        lambda w: f"/api/v1/organizations/{w.org_a.ags}/demand",
        allowed=EVERYONE,
    ),
    Case(
        "GET",
        "/api/v1/networks/{slug}/demand",
        lambda w: f"/api/v1/networks/{w.network.slug}/demand",
        allowed=EVERYONE,
    ),
    Case(
        "GET",
        "/api/v1/organizations/{key}/proposals",
        lambda w: f"/api/v1/organizations/{w.org_a.ags}/proposals",
        allowed=EVERYONE,
    ),
    Case(
        "POST",
        "/api/v1/organizations/{key}/proposals",
        lambda w: (_citizens(w), f"/api/v1/organizations/{w.org_a.ags}/proposals")[1],
        allowed=SIGNED_IN,
        body=_json({"title": "Parkausweis", "text": "Bitte online.", "ozg_id": 10200}),
    ),
    Case(
        "GET",
        "/api/v1/proposals/{proposal_id}",
        lambda w: f"/api/v1/proposals/{_proposal(w).pk}",
        allowed=EVERYONE,
    ),
    Case(
        "POST",
        "/api/v1/proposals/{proposal_id}/support",
        lambda w: f"/api/v1/proposals/{_proposal(w).pk}/support",
        allowed=SIGNED_IN,
        body=_json({}),
    ),
    Case(
        "DELETE",
        "/api/v1/proposals/{proposal_id}/support",
        lambda w: f"/api/v1/proposals/{_proposal(w, supported=True).pk}/support",
        allowed=SIGNED_IN,
    ),
    Case(
        "POST",
        "/api/v1/proposals/{proposal_id}/comments",
        lambda w: f"/api/v1/proposals/{_proposal(w).pk}/comments",
        allowed=SIGNED_IN,
        body=_json({"text": "Ja, bitte."}),
    ),
    Case(
        "POST",
        "/api/v1/proposals/{proposal_id}/state",
        lambda w: f"/api/v1/proposals/{_proposal(w).pk}/state",
        allowed=EDITORS_OF_A,
        body=_json({"state": "planned", "reason": "Kommt 2027."}),
    ),
]


def _commented(world):
    """A proposal with a comment (kept on the world for the URL)."""
    from ikone.participation import services
    from ikone.participation.tests.factories import citizen

    proposal = _proposal(world)
    world.comment = services.comment_add(actor=Actor.of(citizen("Ben")), proposal=proposal, text="Spam")
    return world.comment


def _merge_body(world):
    """The body is built before the URL: the duplicate waits on the world."""
    original = _proposal(world)
    world.duplicate = _proposal(world)
    return {"into": original.pk}, "application/json"


API_CASES += [
    Case(
        "GET",
        "/api/v1/organizations/{key}/reports",
        lambda w: f"/api/v1/organizations/{w.org_a.ags}/reports",
        allowed=EDITORS_OF_A,
    ),
    Case(
        "GET",
        "/api/v1/organizations/{key}/moderation/proposals",
        lambda w: f"/api/v1/organizations/{w.org_a.ags}/moderation/proposals",
        allowed=EDITORS_OF_A,
    ),
    Case(
        "POST",
        "/api/v1/proposals/{proposal_id}/reports",
        lambda w: f"/api/v1/proposals/{_proposal(w).pk}/reports",
        allowed=SIGNED_IN,
        body=_json({"reason": "Werbung"}),
    ),
    Case(
        "POST",
        "/api/v1/proposals/{proposal_id}/hide",
        lambda w: f"/api/v1/proposals/{_proposal(w).pk}/hide",
        allowed=EDITORS_OF_A,
        body=_json({"hidden": True}),
    ),
    Case(
        "POST",
        "/api/v1/proposals/{proposal_id}/comments/{comment_id}/hide",
        lambda w: (c := _commented(w)) and f"/api/v1/proposals/{c.proposal_id}/comments/{c.pk}/hide",
        allowed=EDITORS_OF_A,
        body=_json({}),
    ),
    Case(
        "POST",
        "/api/v1/proposals/{proposal_id}/merge",
        lambda w: f"/api/v1/proposals/{w.duplicate.pk}/merge",
        allowed=EDITORS_OF_A,
        body=_merge_body,
    ),
]

API_CASES += [
    Case(
        "GET",
        "/api/v1/organizations/{key}/processes",
        lambda w: f"/api/v1/organizations/{w.org_a.ags}/processes",
        allowed=EVERYONE,
    ),
    Case(
        "GET",
        "/api/v1/processes/{process_id}",
        lambda w: f"/api/v1/processes/{_process(w).pk}",
        allowed=EVERYONE,
    ),
    Case(
        "POST",
        "/api/v1/processes/{process_id}/ballot",
        lambda w: f"/api/v1/processes/{w.process.pk}/ballot",
        allowed=SIGNED_IN,
        body=lambda w: ({"items": [_open_process(w).items.order_by("id").first().pk]}, "application/json"),
    ),
]


def _process_body(world):
    return {
        "title": "Was zuerst?",
        "kind": "ranking",
        "starts_at": "2030-01-01T10:00:00",
        "ends_at": "2030-02-01T10:00:00",
        "items": [{"title": "Fundbüro"}, {"title": "Parkausweis"}],
    }, "application/json"


API_CASES += [
    Case(
        "POST",
        "/api/v1/organizations/{key}/processes",
        lambda w: f"/api/v1/organizations/{w.org_a.ags}/processes",
        allowed=EDITORS_OF_A,
        body=_process_body,
    ),
    Case(
        "PUT",
        "/api/v1/processes/{process_id}",
        lambda w: f"/api/v1/processes/{_process(w).pk}",
        allowed=EDITORS_OF_A,
        body=_process_body,
    ),
]

UI_WRITE_CASES = [
    Case(
        "POST",
        "participation:proposal-create",
        lambda w: (_citizens(w), f"/beteiligung/{w.org_a.ags}/das-fehlt-mir/")[1],
        allowed=SIGNED_IN,
        body=lambda w: ({"title": "Parkausweis", "text": "Bitte online."}, None),
    ),
    Case(
        "POST",
        "participation:proposal-act",
        lambda w: f"/beteiligung/vorschlaege/{_proposal(w).pk}/support/",
        allowed=SIGNED_IN,
        body=lambda w: ({}, None),
    ),
    Case(
        "POST",
        "participation:proposal-act",
        lambda w: f"/beteiligung/vorschlaege/{_proposal(w).pk}/state/",
        allowed=EDITORS_OF_A,
        body=lambda w: ({"state": "planned", "reason": "Kommt 2027."}, None),
    ),
    Case(
        "POST",
        "participation:proposal-act",
        lambda w: f"/beteiligung/vorschlaege/{_proposal(w).pk}/hide/",
        allowed=EDITORS_OF_A,
        body=lambda w: ({}, None),
    ),
    Case(
        "POST",
        "participation:process-create",
        lambda w: f"/beteiligung/{w.org_a.ags}/verfahren/neu/",
        allowed=EDITORS_OF_A,
        body=lambda w: (
            {
                "title": "Was zuerst?",
                "kind": "ranking",
                "starts_at": "2030-01-01T10:00",
                "ends_at": "2030-02-01T10:00",
                "items": "Fundbüro\nParkausweis",
            },
            None,
        ),
    ),
    Case(
        "POST",
        "participation:process-edit",
        lambda w: f"/beteiligung/verfahren/{_process(w).pk}/bearbeiten/",
        allowed=EDITORS_OF_A,
        body=lambda w: (
            {
                "title": "Was zuerst? (neu)",
                "kind": "ranking",
                "starts_at": "2030-01-01T10:00",
                "ends_at": "2030-02-01T10:00",
                "items": "Fundbüro\nParkausweis",
            },
            None,
        ),
    ),
    Case(
        "POST",
        "participation:process-vote",
        lambda w: f"/beteiligung/verfahren/{w.process.pk}/abstimmen/",
        allowed=SIGNED_IN,
        body=lambda w: ({"place_1": str(_open_process(w).items.order_by("id").first().pk)}, None),
    ),
    Case(
        "POST",
        "participation:register",
        lambda w: "/beteiligung/konto/neu/",
        allowed=EVERYONE,
        body=lambda w: (
            {"display_name": "Neu", "email": "neu@example.org", "password": "ein-sehr-langes-passwort"},
            None,
        ),
    ),
    Case("POST", "participation:confirm", _confirm_url, allowed=EVERYONE, body=lambda w: ({}, None)),
    Case(
        "POST",
        "participation:delete",
        lambda w: "/beteiligung/konto/loeschen/",
        allowed=SIGNED_IN,
        body=lambda w: ({"confirm": "loeschen"}, None),
    ),
]
