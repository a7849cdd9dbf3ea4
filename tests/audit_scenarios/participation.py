"""Audit scenarios for the participation services (see tests/test_every_service_audits.py)."""

from functools import partial

from ikone.core.audit import Actor
from ikone.core.testing.factories import MunicipalityFactory

SYSTEM = Actor.system("audit test")


def _citizen(name="Anna"):
    from ikone.participation.tests.factories import citizen

    return citizen(name)


def _proposal(m):
    return m.proposal_create(
        actor=Actor.of(_citizen()), organization=MunicipalityFactory(), title="Parkausweis", text="online"
    )


def _supported(m):
    proposal = _proposal(m)
    ben = _citizen("Ben")
    m.support_add(actor=Actor.of(ben), proposal=proposal)
    return proposal, ben


def _unconfirmed_key(m):
    return m.participant_register(
        actor=Actor.of(None),
        display_name="Dora",
        email="dora@example.org",
        password="ein-sehr-langes-passwort",
    )[1]


def _comment(m):
    proposal = _proposal(m)
    return m.comment_add(actor=Actor.of(_citizen("Ben")), proposal=proposal, text="Ja")


def _process_args(m):
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    return {
        "actor": SYSTEM,
        "organization": MunicipalityFactory(),
        "title": "Was zuerst?",
        "kind": "ranking",
        "starts_at": now - dt.timedelta(days=1),
        "ends_at": now + dt.timedelta(days=1),
        "items": [m.ItemDraft(title="Fundbüro"), m.ItemDraft(title="Parkausweis")],
    }


def _ballot_args(m):
    process = m.process_create(**_process_args(m))
    return {"actor": Actor.of(_citizen()), "process": process, "item_ids": [process.items.first().pk]}


def _update_args(m):
    args = _process_args(m)
    process = m.process_create(**args)
    del args["organization"]
    return {**args, "process": process, "title": "Was zuerst? (neu)"}


SCENARIOS = {
    "ikone.participation.services.process_update": lambda m, t: partial(m.process_update, **_update_args(m)),
    "ikone.participation.services.process_create": lambda m, t: partial(m.process_create, **_process_args(m)),
    "ikone.participation.services.ballot_cast": lambda m, t: partial(m.ballot_cast, **_ballot_args(m)),
    "ikone.participation.services.participant_register": lambda m, t: partial(
        m.participant_register,
        actor=Actor.of(None),
        display_name="Anna",
        email="anna@example.org",
        password="ein-sehr-langes-passwort",
    ),
    "ikone.participation.services.participant_confirm": lambda m, t: partial(
        m.participant_confirm, raw=_unconfirmed_key(m)
    ),
    "ikone.participation.services.participant_delete": lambda m, t: partial(
        m.participant_delete, actor=SYSTEM, user=_supported(m)[1]
    ),
    "ikone.participation.services.proposal_create": lambda m, t: partial(
        m.proposal_create,
        actor=Actor.of(_citizen()),
        organization=MunicipalityFactory(),
        title="Parkausweis",
        text="Bitte online.",
    ),
    "ikone.participation.services.support_add": lambda m, t: partial(
        m.support_add, actor=Actor.of(_citizen("Ben")), proposal=_proposal(m)
    ),
    "ikone.participation.services.support_remove": lambda m, t: (
        lambda proposal, ben: partial(m.support_remove, actor=Actor.of(ben), proposal=proposal)
    )(*_supported(m)),
    "ikone.participation.services.comment_add": lambda m, t: partial(
        m.comment_add, actor=Actor.of(_citizen("Ben")), proposal=_proposal(m), text="Ja, bitte."
    ),
    "ikone.participation.services.follow_set": lambda m, t: partial(
        m.follow_set, actor=Actor.of(_citizen("Ben")), proposal=_proposal(m), follow=True
    ),
    "ikone.participation.services.report_create": lambda m, t: partial(
        m.report_create, actor=SYSTEM, proposal=_proposal(m), reason="Werbung"
    ),
    "ikone.participation.services.proposal_set_state": lambda m, t: partial(
        m.proposal_set_state, actor=SYSTEM, proposal=_proposal(m), state="planned", reason="kommt"
    ),
    "ikone.participation.services.proposal_hide": lambda m, t: partial(
        m.proposal_hide, actor=SYSTEM, proposal=_proposal(m)
    ),
    "ikone.participation.services.comment_hide": lambda m, t: partial(
        m.comment_hide, actor=SYSTEM, comment=_comment(m)
    ),
    "ikone.participation.services.proposal_merge": lambda m, t: (
        lambda town: partial(
            m.proposal_merge,
            actor=SYSTEM,
            proposal=m.proposal_create(
                actor=Actor.of(_citizen("Ben")), organization=town, title="Dublette", text="x"
            ),
            into=m.proposal_create(actor=Actor.of(_citizen()), organization=town, title="Original", text="x"),
        )
    )(MunicipalityFactory()),
}
READS: dict[str, str] = {
    "ikone.participation.services.item_drafts": "looks OZG-Leistungen up for options",
}
