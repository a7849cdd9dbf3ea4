import pytest
from django.core import mail
from django.test import override_settings

from ikone.accounts.models import User
from ikone.core.audit import Actor
from ikone.core.errors import Conflict, DomainError
from ikone.core.models import ChangeRecord
from ikone.notifications.models import Channel, Notification
from ikone.participation import selectors, services
from ikone.participation.models import Comment, Follow, Proposal, Support
from ikone.participation.tests.factories import citizen


def _propose(user, town, service=None, title="Anwohnerparkausweis online", text="Bitte online anbieten."):
    return services.proposal_create(
        actor=Actor.of(user), organization=town, title=title, text=text, service=service
    )


def test_participant_register_sends_a_confirmation_link_and_keeps_the_email_out_of_the_audit(db):
    participant, raw = services.participant_register(
        actor=Actor.of(None),
        display_name="Anna",
        email="Anna@Example.org",
        password="ein-sehr-langes-passwort",
    )
    assert participant.user.email == "anna@example.org"
    assert not participant.is_confirmed
    record = ChangeRecord.objects.get(object_type="participation.participant")
    assert record.actor_label == "Anna (Beteiligung)"
    services.participant_confirm(raw=raw)
    participant.refresh_from_db()
    assert participant.is_confirmed


def test_participant_register_sends_the_mail_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _participant, raw = services.participant_register(
            actor=Actor.of(None),
            display_name="Anna",
            email="anna@example.org",
            password="ein-sehr-langes-passwort",
        )
    assert len(mail.outbox) == 1
    assert f"/beteiligung/konto/bestaetigen/{raw}/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"display_name": ""}, "display_name"),
        ({"display_name": "anna@example.org"}, "display_name"),
        ({"display_name": "x" * 41}, "display_name"),
        ({"password": "kurz"}, "password"),
    ],
)
def test_participant_register_refuses_bad_input_and_saves_nothing(db, values, field):
    arguments = {"display_name": "Anna", "email": "anna@example.org", "password": "ein-sehr-langes-passwort"}
    with pytest.raises(DomainError) as error:
        services.participant_register(actor=Actor.of(None), **{**arguments, **values})
    assert error.value.errors[0].field == field
    assert not User.objects.exists()


def test_participant_confirm_refuses_an_unknown_key(db):
    with pytest.raises(DomainError) as error:
        services.participant_confirm(raw="falsch")
    assert error.value.status == 404


def test_unconfirmed_accounts_cannot_propose_or_support(speyer):
    unconfirmed = citizen("Carla", confirmed=False)
    with pytest.raises(DomainError) as error:
        _propose(unconfirmed, speyer)
    assert error.value.status == 403
    assert "bestätigen" in error.value.detail
    assert not Proposal.objects.exists()


def test_anonymous_people_cannot_propose(speyer):
    with pytest.raises(DomainError) as error:
        _propose(None, speyer)
    assert error.value.status == 401


@pytest.mark.parametrize(
    ("title", "text", "field"),
    [
        ("", "Text", "title"),
        ("   ", "Text", "title"),
        ("Titel", "", "text"),
        ("x" * 121, "Text", "title"),
        ("Titel", "x" * 2001, "text"),
        ("Titel\x00", "Text", "title"),
    ],
)
def test_proposal_create_refuses_empty_or_overlong_texts(speyer, anna, title, text, field):
    with pytest.raises(DomainError) as error:
        _propose(anna, speyer, title=title, text=text)
    assert error.value.status == 422
    assert error.value.errors[0].field == field
    assert not Proposal.objects.exists()


def test_proposal_create_keeps_html_as_text_and_the_author_follows(speyer, anna, parking):
    proposal = _propose(anna, speyer, parking, title="<script>alert(1)</script>")
    assert proposal.title == "<script>alert(1)</script>"
    assert Follow.objects.filter(proposal=proposal, user=anna).exists()


def test_support_counts_once_per_person(speyer, anna, ben, parking):
    proposal = _propose(anna, speyer, parking)
    services.support_add(actor=Actor.of(ben), proposal=proposal)
    with pytest.raises(Conflict):
        services.support_add(actor=Actor.of(ben), proposal=proposal)
    assert Support.objects.filter(proposal=proposal).count() == 1


def test_the_author_cannot_support_the_own_proposal(speyer, anna):
    proposal = _propose(anna, speyer)
    with pytest.raises(Conflict):
        services.support_add(actor=Actor.of(anna), proposal=proposal)


def test_support_can_be_withdrawn(speyer, anna, ben):
    proposal = _propose(anna, speyer)
    services.support_add(actor=Actor.of(ben), proposal=proposal)
    services.support_remove(actor=Actor.of(ben), proposal=proposal)
    assert not Support.objects.exists()
    with pytest.raises(Conflict):
        services.support_remove(actor=Actor.of(ben), proposal=proposal)


@override_settings(RATE_LIMITS={"participation-write": (2, 3600), "participation-signup": (10, 3600)})
def test_writes_are_rate_limited_per_account(speyer, anna):
    from django.core.cache import cache

    cache.clear()
    _propose(anna, speyer, title="eins")
    _propose(anna, speyer, title="zwei")
    with pytest.raises(DomainError) as error:
        _propose(anna, speyer, title="drei")
    assert error.value.status == 429
    assert Proposal.objects.count() == 2
    cache.clear()


def test_state_change_needs_the_towns_editor_and_a_reason(speyer, anna, editor, worms):
    proposal = _propose(anna, speyer)
    with pytest.raises(DomainError) as error:
        services.proposal_set_state(actor=Actor.of(anna), proposal=proposal, state="planned", reason="x")
    assert error.value.status == 403
    with pytest.raises(DomainError) as error:
        services.proposal_set_state(actor=Actor.of(editor), proposal=proposal, state="planned", reason="")
    assert error.value.errors[0].field == "reason"
    proposal.refresh_from_db()
    assert proposal.state == "open"


def test_state_change_notifies_the_followers_through_the_notifications_app(speyer, anna, ben, editor):
    proposal = _propose(anna, speyer)
    services.support_add(actor=Actor.of(ben), proposal=proposal)
    services.proposal_set_state(
        actor=Actor.of(editor), proposal=proposal, state="planned", reason="Kommt im Herbst."
    )
    notified = set(
        Notification.objects.filter(channel=Channel.IN_APP, event__kind="proposal.state_changed").values_list(
            "user__email", flat=True
        )
    )
    assert notified == {"anna@example.org", "ben@example.org"}
    proposal.refresh_from_db()
    assert (proposal.state, proposal.state_reason) == ("planned", "Kommt im Herbst.")


def test_merge_moves_supports_without_counting_anybody_twice(speyer, anna, ben, editor, parking):
    carla = citizen("Carla")
    original = _propose(anna, speyer, parking)
    duplicate = _propose(ben, speyer, parking, title="Parkausweis digital")
    services.support_add(actor=Actor.of(carla), proposal=original)
    services.support_add(actor=Actor.of(carla), proposal=duplicate)
    services.support_add(actor=Actor.of(anna), proposal=duplicate)
    before = selectors.demand_by_service(organizations=[speyer])[parking.pk]
    services.proposal_merge(actor=Actor.of(editor), proposal=duplicate, into=original)
    supporters = set(Support.objects.filter(proposal=original).values_list("user__email", flat=True))
    assert supporters == {carla.email, ben.email}
    duplicate.refresh_from_db()
    assert duplicate.is_hidden
    assert duplicate.merged_into == original
    assert before == 5
    assert selectors.demand_by_service(organizations=[speyer]) == {parking.pk: 3}


def test_hidden_proposals_do_not_count_and_are_not_shown(speyer, anna, editor, parking):
    proposal = _propose(anna, speyer, parking)
    services.proposal_hide(actor=Actor.of(editor), proposal=proposal)
    assert selectors.demand_by_service(organizations=[speyer]) == {}
    assert list(selectors.proposal_list(organization=speyer)) == []


def test_demand_counts_open_answered_and_planned_but_not_done(speyer, anna, ben, editor, parking):
    proposal = _propose(anna, speyer, parking)
    services.support_add(actor=Actor.of(ben), proposal=proposal)
    for state, expected in [("answered", 2), ("planned", 2), ("done", 0), ("not_possible", 0), ("open", 2)]:
        services.proposal_set_state(actor=Actor.of(editor), proposal=proposal, state=state, reason="Grund")
        assert selectors.demand_by_service(organizations=[speyer]).get(parking.pk, 0) == expected, state


def test_participant_delete_removes_personal_data_and_keeps_counts(speyer, anna, ben, parking):
    proposal = _propose(anna, speyer, parking)
    services.support_add(actor=Actor.of(ben), proposal=proposal)
    services.comment_add(actor=Actor.of(ben), proposal=proposal, text="Ja, bitte!")
    services.participant_delete(actor=Actor.of(ben), user=ben)
    assert not User.objects.filter(email="ben@example.org").exists()
    assert not Comment.objects.exists()
    assert Support.objects.filter(proposal=proposal, user=None).count() == 1
    assert selectors.demand_by_service(organizations=[speyer]) == {parking.pk: 2}
    labels = " ".join(f"{r.actor_label} {r.object_repr} {r.changes}" for r in ChangeRecord.objects.all())
    assert "ben@example.org" not in labels
    assert "Ben" not in labels


def test_participant_delete_refuses_accounts_with_organisation_roles(editor):
    with pytest.raises(Conflict):
        services.participant_delete(actor=Actor.of(editor), user=editor)


def test_participant_data_exports_own_contributions(speyer, anna, ben):
    proposal = _propose(anna, speyer)
    services.support_add(actor=Actor.of(ben), proposal=proposal)
    data = selectors.participant_data(user=ben)
    assert data["account"]["email"] == "ben@example.org"
    assert data["supports"][0]["proposal"] == proposal.pk
    assert data["proposals"] == []


def test_report_reaches_the_moderation_queue(speyer, anna, ben):
    proposal = _propose(anna, speyer)
    comment = services.comment_add(actor=Actor.of(anna), proposal=proposal, text="Beleidigung")
    services.report_create(actor=Actor.of(ben), proposal=proposal, comment=comment, reason="beleidigend")
    queue = selectors.moderation_queue(organization=speyer)
    assert [r.comment for r in queue.reported] == [comment]
