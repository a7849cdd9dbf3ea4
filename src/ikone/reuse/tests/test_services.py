import datetime as dt

import pytest
from django.utils import timezone

from ikone.accounts.policy import NotAuthenticated, PermissionDenied
from ikone.catalog.models import Release
from ikone.core.audit import Actor
from ikone.core.errors import Conflict, DomainError
from ikone.core.models import ChangeRecord
from ikone.coverage.models import ServiceStatus
from ikone.coverage.services import StatusValues, service_status_set
from ikone.reuse import selectors, services
from ikone.reuse.models import Adoption

from .conftest import SYSTEM, make_solution


def adopt(scene, state="production", user=None, **details):
    return services.adoption_create(
        actor=Actor.of(user or scene.adopter_editor),
        organization=scene.adopter,
        solution=scene.solution,
        state=state,
        details=services.AdoptionDetails(**details),
    )


def report_values(**changes):
    values = {
        "would_recommend": True,
        "rating_usability": 5,
        "rating_effort": 4,
        "rating_documentation": 3,
        "rating_support": 4,
    }
    return services.ReportValues(**{**values, **changes})


def test_the_adopter_records_a_confirmed_adoption_for_the_solutions_services(scene):
    adoption = adopt(scene, state="evaluating")
    assert adoption.is_confirmed
    assert adoption.confirmed_by == scene.adopter_editor
    assert set(adoption.services.all()) == set(scene.solution.services.all())
    assert adoption.started_on == timezone.localdate()
    assert ChangeRecord.objects.filter(object_type="reuse.adoption", object_id=str(adoption.pk)).exists()


def test_the_owner_records_for_another_organisation_unconfirmed_without_coverage(scene):
    adoption = adopt(scene, user=scene.owner_editor)
    assert not adoption.is_confirmed
    assert not ServiceStatus.objects.filter(organization=scene.adopter).exists()
    services.adoption_confirm(actor=Actor.of(scene.adopter_editor), adoption=adoption)
    assert adoption.is_confirmed
    assert ServiceStatus.objects.filter(organization=scene.adopter, source="adoption").count() == 2


@pytest.mark.parametrize("user", ["other_editor", "coordinator"])
def test_others_cannot_record_for_the_adopter(scene, user):
    with pytest.raises(PermissionDenied):
        adopt(scene, user=getattr(scene, user))


def test_anonymous_cannot_record(scene):
    with pytest.raises(NotAuthenticated):
        services.adoption_create(actor=Actor.of(None), organization=scene.adopter, solution=scene.solution)


def test_one_running_adoption_per_solution_but_again_after_ending(scene):
    adoption = adopt(scene, state="interested")
    with pytest.raises(Conflict):
        adopt(scene, state="pilot")
    services.adoption_transition(
        actor=Actor.of(scene.adopter_editor), adoption=adoption, state="ended", reason="zu teuer"
    )
    assert adopt(scene, state="pilot").pk != adoption.pk


def test_production_sets_coverage_level_3_with_the_solution_and_keeps_higher_levels(scene):
    service_status_set(
        actor=SYSTEM,
        organization=scene.adopter,
        service=scene.services[1],
        values=StatusValues(level=4, url="https://x.example.org"),
    )
    adopt(scene, production_since=dt.date(2025, 3, 1))
    first = ServiceStatus.objects.get(organization=scene.adopter, service=scene.services[0])
    second = ServiceStatus.objects.get(organization=scene.adopter, service=scene.services[1])
    assert (first.level, first.source, first.solution_id) == (3, "adoption", scene.solution.pk)
    assert first.online_since == dt.date(2025, 3, 1)
    assert (second.level, second.url, second.solution_id) == (4, "https://x.example.org", scene.solution.pk)


def test_transitions_follow_the_state_machine(scene):
    adoption = adopt(scene, state="interested")
    actor = Actor.of(scene.adopter_editor)
    services.adoption_transition(actor=actor, adoption=adoption, state="pilot")
    with pytest.raises(Conflict):
        services.adoption_transition(actor=actor, adoption=adoption, state="interested")
    with pytest.raises(DomainError) as error:
        services.adoption_transition(actor=actor, adoption=adoption, state="ended")
    assert error.value.errors[0].field == "end_reason"
    with pytest.raises(DomainError):  # production before the start
        services.adoption_transition(
            actor=actor, adoption=adoption, state="production", on=adoption.started_on - dt.timedelta(days=1)
        )
    services.adoption_transition(actor=actor, adoption=adoption, state="production", on=adoption.started_on)
    adoption.refresh_from_db()
    assert adoption.production_since == adoption.started_on
    assert ServiceStatus.objects.filter(organization=scene.adopter, source="adoption").count() == 2


def test_only_the_adopter_changes_the_state_and_only_the_owner_marks_support(scene):
    adoption = adopt(scene)
    with pytest.raises(PermissionDenied):
        services.adoption_transition(actor=Actor.of(scene.owner_editor), adoption=adoption, state="pilot")
    with pytest.raises(PermissionDenied):
        services.adoption_support_set(actor=Actor.of(scene.adopter_editor), adoption=adoption, supported=True)
    services.adoption_support_set(actor=Actor.of(scene.owner_editor), adoption=adoption, supported=True)
    assert Adoption.objects.get(pk=adoption.pk).supported_by_owner


def test_after_the_review_date_the_adoption_is_unconfirmed_until_confirmed_again(scene):
    adoption = adopt(scene, review_due=timezone.localdate() + dt.timedelta(days=10))
    assert adoption.is_confirmed
    assert not adoption.is_confirmed_on(timezone.localdate() + dt.timedelta(days=11))
    Adoption.objects.filter(pk=adoption.pk).update(review_due=timezone.localdate() - dt.timedelta(days=1))
    adoption.refresh_from_db()
    assert not adoption.is_confirmed
    services.adoption_confirm(actor=Actor.of(scene.adopter_editor), adoption=adoption)
    assert adoption.is_confirmed
    assert adoption.review_due > timezone.localdate()


def test_a_release_of_another_solution_is_refused(scene):
    other = make_solution(scene.other, scene.services[:1], name="Anderes", url="https://git.example.org/x/y")
    foreign = Release.objects.create(solution=other, version="2.0")
    with pytest.raises(DomainError) as error:
        adopt(scene, release=foreign)
    assert error.value.errors[0].field == "release"
    own = Release.objects.create(solution=scene.solution, version="1.4")
    assert adopt(scene, release=own).release == own


def test_reports_need_more_than_interest_and_network_visibility_is_enforced(scene):
    adoption = adopt(scene, state="interested")
    with pytest.raises(Conflict):
        services.report_create(
            actor=Actor.of(scene.adopter_editor), adoption=adoption, values=report_values()
        )
    services.adoption_transition(actor=Actor.of(scene.adopter_editor), adoption=adoption, state="pilot")
    report = services.report_create(
        actor=Actor.of(scene.adopter_editor), adoption=adoption, values=report_values(visibility="network")
    )
    assert selectors.report_list(user=scene.owner_editor).filter(pk=report.pk).exists()  # same network
    assert not selectors.report_list(user=scene.other_editor).filter(pk=report.pk).exists()
    assert not selectors.report_list(user=None).filter(pk=report.pk).exists()
    stats = selectors.adoption_stats([scene.solution.pk])[scene.solution.pk]
    assert (stats.report_count, stats.average_rating, stats.production_count, stats.adopter_count) == (
        1,
        4.0,
        0,
        1,
    )


def test_ratings_out_of_range_are_refused(scene):
    adoption = adopt(scene)
    with pytest.raises(DomainError):
        services.report_create(
            actor=Actor.of(scene.adopter_editor), adoption=adoption, values=report_values(rating_support=6)
        )


def test_stats_without_reports(scene):
    assert selectors.adoption_stats([scene.solution.pk, 999999]) == {
        scene.solution.pk: selectors.AdoptionStats(0, 0, None, 0),
        999999: selectors.AdoptionStats(0, 0, None, 0),
    }


def test_questions_answers_owner_marked_and_moderation(scene):
    question = services.question_create(
        actor=Actor.of(scene.other_editor), solution=scene.solution, title="Gibt es eine Schnittstelle?"
    )
    answer = services.answer_create(actor=Actor.of(scene.owner_editor), question=question, body="Ja, REST.")
    reply = services.answer_create(
        actor=Actor.of(scene.other_editor), question=question, body="Danke!", parent=answer
    )
    assert answer.by_owner
    assert not reply.by_owner
    assert [(n.answer.pk, n.depth) for n in selectors.answer_thread(question)] == [
        (answer.pk, 0),
        (reply.pk, 1),
    ]
    with pytest.raises(PermissionDenied):
        services.question_moderate(
            actor=Actor.of(scene.other_editor), question=question, hidden=True, reason="x"
        )
    with pytest.raises(DomainError):
        services.answer_moderate(actor=Actor.of(scene.coordinator), answer=reply, hidden=True, reason=" ")
    services.answer_moderate(actor=Actor.of(scene.coordinator), answer=reply, hidden=True, reason="Werbung")
    services.question_moderate(
        actor=Actor.of(scene.owner_editor), question=question, hidden=True, reason="doppelt"
    )
    with pytest.raises(Conflict):
        services.answer_create(actor=Actor.of(scene.adopter_editor), question=question, body="Noch was")


def test_only_the_asker_edits_a_question(scene):
    question = services.question_create(
        actor=Actor.of(scene.other_editor), solution=scene.solution, title="Frage"
    )
    with pytest.raises(PermissionDenied):
        services.question_update(actor=Actor.of(scene.owner_editor), question=question, title="Geändert")
    services.question_update(actor=Actor.of(scene.other_editor), question=question, title="Genauer gefragt")
    assert question.title == "Genauer gefragt"


def test_links_between_near_duplicates(scene):
    twin = make_solution(
        scene.other,
        scene.services[:2],
        name="Hundesteuer Portal",
        url="https://git.example.org/trier/hundesteuer",
    )
    found = selectors.solution_near_duplicates(user=None, solution=scene.solution)
    assert [s.pk for s, _m in found] == [twin.pk]
    with pytest.raises(PermissionDenied):
        services.solution_link_set(
            actor=Actor.of(scene.other_editor), source=scene.solution, target=twin, kind="superseded_by"
        )
    services.solution_link_set(
        actor=Actor.of(scene.other_editor), source=twin, target=scene.solution, kind="superseded_by"
    )
    link = services.solution_link_set(
        actor=Actor.of(scene.owner_editor), source=scene.solution, target=twin, kind="same_as"
    )
    assert selectors.solution_near_duplicates(user=None, solution=scene.solution) == []
    assert [lk.kind for lk in selectors.solution_links(user=None, solution=twin)] == ["same_as"]
    services.solution_link_delete(actor=Actor.of(scene.other_editor), link=link)
    assert [s.pk for s, _m in selectors.solution_near_duplicates(user=None, solution=scene.solution)] == [
        twin.pk
    ]


def test_gives_and_takes(scene):
    adoption = adopt(scene)
    assert selectors.organization_reuse(user=None, organization=scene.adopter).takes == [adoption]
    assert selectors.organization_reuse(user=None, organization=scene.owner).gives == [adoption]


def test_events_are_published_for_adoptions_reports_questions_and_answers(scene, monkeypatch):
    published = []
    monkeypatch.setattr(services, "publish", lambda **kwargs: published.append(kwargs))
    adoption = adopt(scene, state="pilot")
    services.adoption_transition(actor=Actor.of(scene.adopter_editor), adoption=adoption, state="production")
    services.report_create(actor=Actor.of(scene.adopter_editor), adoption=adoption, values=report_values())
    question = services.question_create(
        actor=Actor.of(scene.other_editor), solution=scene.solution, title="Frage?"
    )
    services.answer_create(actor=Actor.of(scene.owner_editor), question=question, body="Antwort")
    assert [p["kind"] for p in published] == [
        "adoption.created",
        "adoption.changed",
        "report.created",
        "question.created",
        "answer.created",
    ]
    assert len({p["key"] for p in published}) == 5
    related = published[0]["related"]
    assert scene.solution in related
    assert scene.owner in related
    assert scene.network in related
    assert set(scene.solution.services.all()) <= set(related)
