import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ikone.catalog.choices import Visibility
from ikone.catalog.publiccode import parse
from ikone.catalog.services import SolutionLinks, solution_create, solution_import, solution_update
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.coverage.services import StatusValues, service_status_set
from ikone.notifications import services
from ikone.notifications.events import publish
from ikone.notifications.models import Channel, DeliveryStatus, EmailMode, Event, Notification, Subscription
from ikone.ozg.models import MaturityLevel, MaturityModel

from .conftest import SYSTEM, user
from .helpers import publish_adoption


def subscribe(person, target):
    return services.subscribe(actor=Actor.of(person), user=person, target=target)


def test_a_subscriber_of_the_solution_gets_an_in_app_and_an_email_notification(cast):
    subscribe(cast.subscriber, cast.solution)
    publish_adoption(cast)
    rows = Notification.objects.filter(user=cast.subscriber)
    assert sorted(rows.values_list("channel", "status")) == [
        (Channel.EMAIL, DeliveryStatus.PENDING),
        (Channel.IN_APP, DeliveryStatus.SENT),
    ]
    assert rows.first().reason == f"Sie folgen „{cast.solution.name}“."
    assert not Notification.objects.exclude(user=cast.subscriber).exists()


@pytest.mark.parametrize("target", ["service", "owner_org", "reuser_org", "network"])
def test_subscriptions_match_the_related_objects(cast, target):
    subscribe(cast.subscriber, getattr(cast, target))
    publish_adoption(cast)
    assert Notification.objects.filter(user=cast.subscriber, channel=Channel.IN_APP).count() == 1


def test_publishing_the_same_key_twice_notifies_nobody_twice(cast):
    subscribe(cast.subscriber, cast.solution)
    subscribe(cast.subscriber, cast.network)  # two matching subscriptions, still one notification
    publish_adoption(cast)
    publish_adoption(cast)
    assert Event.objects.filter(kind="adoption.created").count() == 1
    assert Notification.objects.filter(user=cast.subscriber).count() == 2  # in-app + e-mail


def test_the_database_refuses_a_second_notification_for_the_same_event_and_channel(cast):
    subscribe(cast.subscriber, cast.solution)
    publish_adoption(cast)
    existing = Notification.objects.get(user=cast.subscriber, channel=Channel.IN_APP)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(event=existing.event, user=cast.subscriber, channel=Channel.IN_APP)


def test_the_actor_is_not_notified_about_their_own_change(cast):
    subscribe(cast.member, cast.solution)
    publish_adoption(cast, actor=cast.member)
    assert not Notification.objects.filter(user=cast.member).exists()


def test_people_who_may_not_see_the_solution_are_not_notified(cast):
    solution = solution_import(
        actor=SYSTEM,
        content=publiccode_yaml(url="https://git.example.org/kl/intern", name="Internes Werkzeug"),
        owner=cast.owner_org,
        network=cast.network,
        visibility=Visibility.NETWORK,
    ).solution
    colleague = user("kollegin@landau.de", cast.reuser_org)
    for person in (cast.subscriber, colleague):
        Subscription.objects.create(user=person, network=cast.network)
    publish(
        kind="report.created",
        key="report.created:7",
        subject=solution,
        actor=Actor.of(cast.member),
        title="Erfahrungsbericht",
        related=[cast.network],
    )
    event = Event.objects.get(key="report.created:7")
    assert set(Notification.objects.values_list("user__email", flat=True)) == {colleague.email}
    assert event.is_public is False


def test_email_preferences_decide_the_email_channel(cast):
    subscribe(cast.subscriber, cast.solution)
    subscribe(cast.outsider, cast.solution)
    services.preferences_set(
        actor=Actor.of(cast.subscriber), user=cast.subscriber, email_mode=EmailMode.DAILY, own_gaps=False
    )
    services.preferences_set(
        actor=Actor.of(cast.outsider), user=cast.outsider, email_mode=EmailMode.OFF, own_gaps=False
    )
    publish_adoption(cast)
    assert (
        Notification.objects.get(user=cast.subscriber, channel=Channel.EMAIL).status == DeliveryStatus.DIGEST
    )
    assert not Notification.objects.filter(user=cast.outsider, channel=Channel.EMAIL).exists()
    assert Notification.objects.filter(user=cast.outsider, channel=Channel.IN_APP).exists()


def test_a_new_solution_for_a_service_reaches_its_subscribers_and_a_new_release_those_of_the_solution(cast):
    subscribe(cast.subscriber, cast.service)
    subscribe(cast.outsider, cast.solution)
    created = solution_create(
        actor=Actor.of(cast.member),
        document=parse(publiccode_yaml(url="https://git.example.org/landau/hund", name="Hundeportal")).data,
        links=SolutionLinks(owner=cast.reuser_org, services=[cast.service]),
    )
    event = Event.objects.get(kind="solution.created", key=f"solution.created:{created.pk}")
    assert Notification.objects.filter(user=cast.subscriber, event=event, channel=Channel.IN_APP).exists()
    assert not Notification.objects.filter(user=cast.outsider, event=event).exists()
    document = cast.solution.document | {"softwareVersion": "2.0.0"}
    solution_update(
        actor=Actor.of(cast.editor), solution=cast.solution, document=document, links=SolutionLinks()
    )
    event = Event.objects.get(kind="release.created")
    assert event.title == f"Neue Version 2.0.0 von {cast.solution.name}"
    assert Notification.objects.filter(user=cast.outsider, event=event, channel=Channel.IN_APP).exists()
    assert Notification.objects.filter(user=cast.subscriber, event=event, channel=Channel.IN_APP).exists()


def test_own_gaps_notify_about_new_solutions_for_services_the_organisation_lacks(cast):
    model = MaturityModel.objects.create(version="1.1", name="1.1", compliant_from=3)
    for level in range(5):
        MaturityLevel.objects.create(model=model, level=level, label=str(level), ozg_compliant=level >= 3)
    lacking = user("luecke@landau.de", cast.reuser_org, role="viewer")
    covered = user("fertig@kaiserslautern.de", cast.owner_org, role="viewer")
    for person in (lacking, covered):
        services.preferences_set(actor=Actor.of(person), user=person, email_mode=EmailMode.OFF, own_gaps=True)
    service_status_set(
        actor=SYSTEM, organization=cast.owner_org, service=cast.service, values=StatusValues(level=4)
    )
    publish(
        kind="solution.created",
        key="solution.created:gap",
        subject=cast.solution,
        actor=SYSTEM,
        title="Neue Lösung",
        related=[cast.service],
    )
    assert list(Notification.objects.values_list("user__email", "reason")) == [
        (lacking.email, "Lücke bei Landau in der Pfalz.")
    ]


def test_a_failure_while_recording_never_undoes_the_change(cast, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr("ikone.notifications.events._recipients", broken)
    with transaction.atomic():
        solution = solution_import(
            actor=Actor.of(cast.editor),
            content=publiccode_yaml(url="https://git.example.org/kl/neu", name="Neue Lösung"),
            owner=cast.owner_org,
        ).solution
    solution.refresh_from_db()
    assert not Event.objects.filter(key=f"solution.created:{solution.pk}").exists()
    assert "konnte nicht erfasst werden" in caplog.text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["solution", "network", "service"])), max_size=12)
)
def test_any_sequence_of_events_gives_one_notification_per_event_recipient_and_channel(cast, sequence):
    Notification.objects.all().delete()
    Event.objects.all().delete()
    Subscription.objects.all().delete()
    subscribe(cast.subscriber, cast.solution)
    subscribe(cast.outsider, cast.network)
    for number, kind in sequence:
        target = {"solution": cast.solution, "network": cast.network, "service": cast.service}[kind]
        publish(
            kind=f"{kind}.test",
            key=f"test:{number}",
            subject=target,
            actor=Actor.of(cast.member),
            title=f"Ereignis {number}",
        )
    keys = {number for number, _kind in sequence}
    assert Event.objects.count() == len(keys)
    expected = 0
    for event in Event.objects.all():
        recipients = set()
        if event.solutions.exists():
            recipients.add(cast.subscriber.pk)
        if event.networks.exists():
            recipients.add(cast.outsider.pk)
        expected += 2 * len(recipients)  # in-app and e-mail
        for channel in (Channel.IN_APP, Channel.EMAIL):
            assert (
                set(
                    Notification.objects.filter(event=event, channel=channel).values_list(
                        "user_id", flat=True
                    )
                )
                == recipients
            )
    assert Notification.objects.count() == expected


def test_a_network_only_experience_report_reaches_only_people_of_the_network(cast, settings):
    from ikone.reuse import services as reuse

    settings.NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS = True
    partner = user("partner@kaiserslautern.de", cast.owner_org, role="viewer")
    for person in (cast.subscriber, partner):
        Subscription.objects.create(user=person, solution=cast.solution)
    owner_hook, _secret = services.webhook_create(
        actor=SYSTEM, url="http://127.0.0.1:9/y", organization=cast.owner_org
    )
    adoption = reuse.adoption_create(
        actor=Actor.of(cast.member), organization=cast.reuser_org, solution=cast.solution, state="pilot"
    )
    reuse.report_create(
        actor=Actor.of(cast.member),
        adoption=adoption,
        values=reuse.ReportValues(
            would_recommend=True,
            rating_usability=4,
            rating_effort=4,
            rating_documentation=4,
            rating_support=4,
            visibility="network",
        ),
    )
    event = Event.objects.get(kind="report.created")
    assert event.is_public is False
    assert set(Notification.objects.filter(event=event).values_list("user__email", flat=True)) == {
        partner.email
    }
    assert list(event.organizations.order_by("pk")) == [cast.owner_org, cast.reuser_org]
    assert owner_hook.deliveries.filter(event=event).count() == 1


def test_an_organisation_webhook_only_gets_what_the_organisation_may_see(cast, settings):
    settings.NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS = True
    internal = solution_import(
        actor=SYSTEM,
        content=publiccode_yaml(url="https://git.example.org/kl/intern", name="Internes Werkzeug"),
        owner=cast.owner_org,
        network=cast.network,
        visibility=Visibility.NETWORK,
    ).solution
    hooks = {
        org.pk: services.webhook_create(actor=SYSTEM, url=f"http://127.0.0.1:9/{org.pk}", organization=org)[0]
        for org in (cast.reuser_org, cast.outsider_org)
    }
    publish(
        kind="question.created",
        key="question.created:1",
        subject=internal,
        actor=SYSTEM,
        title="Frage",
        related=[cast.reuser_org, cast.outsider_org],
    )
    assert hooks[cast.reuser_org.pk].deliveries.count() == 1
    assert hooks[cast.outsider_org.pk].deliveries.count() == 0
