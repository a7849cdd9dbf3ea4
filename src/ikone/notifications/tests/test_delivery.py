import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from ikone.catalog.models import Solution
from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.notifications import backoff, delivery, services, signature
from ikone.notifications.models import (
    Channel,
    DeliveryStatus,
    EmailMode,
    Notification,
    Subscription,
    WebhookAttempt,
    WebhookDelivery,
)

from .helpers import Receiver, publish_adoption

pytestmark = pytest.mark.usefixtures("allow_local_webhooks")


@pytest.fixture
def allow_local_webhooks(settings):
    settings.NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS = True
    settings.NOTIFICATIONS_WEBHOOK_TIMEOUT = 2


def hook(person, url):
    return services.webhook_create(actor=Actor.of(person), url=url, user=person)


def test_the_email_goes_out_after_commit(cast, django_capture_on_commit_callbacks):
    Subscription.objects.create(user=cast.subscriber, solution=cast.solution)
    with django_capture_on_commit_callbacks(execute=True):
        publish_adoption(cast)
        assert mail.outbox == []  # nothing leaves before the commit
    assert [m.to for m in mail.outbox] == [[cast.subscriber.email]]
    assert mail.outbox[0].subject == f"[ikone] Landau in der Pfalz nutzt {cast.solution.name}"
    assert f"/loesungen/{cast.solution.slug}/" in mail.outbox[0].body
    notification = Notification.objects.get(user=cast.subscriber, channel=Channel.EMAIL)
    assert (notification.status, notification.attempts) == (DeliveryStatus.SENT, 1)


def test_a_failing_email_does_not_roll_back_the_change_and_is_retried(
    cast, django_capture_on_commit_callbacks, monkeypatch
):
    Subscription.objects.create(user=cast.subscriber, organization=cast.owner_org)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP nicht erreichbar")

    monkeypatch.setattr(delivery, "send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        created = solution_import(
            actor=Actor.of(cast.editor),
            content=publiccode_yaml(url="https://git.example.org/kl/neu", name="Neue Lösung"),
            owner=cast.owner_org,
        ).solution
    assert Solution.objects.filter(pk=created.pk).exists()
    notification = Notification.objects.get(user=cast.subscriber, channel=Channel.EMAIL)
    assert notification.status == DeliveryStatus.PENDING
    assert notification.attempts == 1
    assert "SMTP nicht erreichbar" in notification.last_error
    assert notification.next_attempt_at > timezone.now()

    monkeypatch.undo()
    assert delivery.deliver_due().sent == 0  # not due yet
    call_command("notifications", "deliver")  # still not due: nothing sent
    assert mail.outbox == []
    later = notification.next_attempt_at + timedelta(seconds=1)
    assert delivery.deliver_due(now=later).sent == 1
    assert len(mail.outbox) == 1
    assert delivery.deliver_due(now=later + timedelta(hours=1)).sent == 0  # never twice


def test_backoff_doubles_from_one_minute_and_gives_up_after_eight_attempts():
    assert [backoff.retry_delay(n) for n in range(1, 8)] == [
        timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 64)
    ]
    assert not backoff.gives_up(7)
    assert backoff.gives_up(8)


@given(st.integers(1, 1000))
def test_backoff_never_shrinks_and_stays_capped(n):
    assert backoff.retry_delay(n) <= backoff.retry_delay(n + 1) <= backoff.MAX_DELAY


def test_webhook_receives_a_signed_body_that_the_receiver_can_verify(
    cast, django_capture_on_commit_callbacks
):
    Subscription.objects.create(user=cast.subscriber, solution=cast.solution)
    with Receiver() as receiver:
        webhook, secret = hook(cast.subscriber, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            publish_adoption(cast)
    [request] = receiver.requests
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert signature.verify(secret, request["body"], headers["x-ikone-signature"])
    assert not signature.verify("falsches-geheimnis", request["body"], headers["x-ikone-signature"])
    assert not signature.verify(secret, request["body"] + b" ", headers["x-ikone-signature"])
    assert headers["x-ikone-event"] == "adoption.created"
    payload = json.loads(request["body"])
    assert payload["key"] == "adoption.created:1"
    assert payload["related"]["solutions"] == [cast.solution.slug]
    assert payload["url"].endswith(f"/loesungen/{cast.solution.slug}/")
    delivery_row = WebhookDelivery.objects.get(webhook=webhook)
    assert delivery_row.status == DeliveryStatus.SENT
    assert list(WebhookAttempt.objects.values_list("number", "status_code")) == [(1, 204)]


def test_a_failing_webhook_is_retried_with_backoff_and_logged(cast, django_capture_on_commit_callbacks):
    Subscription.objects.create(user=cast.subscriber, solution=cast.solution)
    with Receiver(statuses=[500, 503, 200]) as receiver:
        webhook, _secret = hook(cast.subscriber, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            publish_adoption(cast)
        row = WebhookDelivery.objects.get(webhook=webhook)
        first_retry = row.next_attempt_at
        assert (row.status, row.attempts, row.last_error) == (DeliveryStatus.PENDING, 1, "HTTP 500")
        assert delivery.deliver_due(now=first_retry - timedelta(seconds=1)).sent == 0
        assert delivery.deliver_due(now=first_retry).failed == 1
        row.refresh_from_db()
        assert row.next_attempt_at - first_retry == backoff.retry_delay(2)
        assert delivery.deliver_due(now=row.next_attempt_at).sent == 1
    assert len(receiver.requests) == 3
    assert len({r["body"] for r in receiver.requests}) == 1  # every retry sends the same signed body
    assert list(WebhookAttempt.objects.order_by("number").values_list("status_code", flat=True)) == [
        500,
        503,
        200,
    ]
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT


def test_an_unreachable_webhook_gives_up_after_the_last_attempt(cast, django_capture_on_commit_callbacks):
    Subscription.objects.create(user=cast.subscriber, solution=cast.solution)
    with Receiver() as receiver:
        url = receiver.url
    webhook, _secret = hook(cast.subscriber, url)  # the server is gone: connection refused
    with django_capture_on_commit_callbacks(execute=True):
        publish_adoption(cast)
    row = WebhookDelivery.objects.get(webhook=webhook)
    for _ in range(backoff.MAX_ATTEMPTS - 1):
        delivery.deliver_due(now=row.next_attempt_at)
        row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == (
        DeliveryStatus.FAILED,
        backoff.MAX_ATTEMPTS,
        None,
    )
    assert WebhookAttempt.objects.filter(delivery=row).count() == backoff.MAX_ATTEMPTS


def test_private_addresses_are_refused_unless_allowed(cast, settings):
    settings.NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS = False
    assert delivery.address_allowed("http://example.org/hook") == "Webhooks brauchen eine https-Adresse."
    assert delivery.address_allowed("https://127.0.0.1/hook") == "Die Adresse liegt in einem internen Netz."
    assert delivery.address_allowed("https://10.1.2.3/hook", resolve=False) is not None
    assert delivery.address_allowed("ftp://example.org/") is not None


def test_a_claimed_delivery_is_not_sent_by_a_second_worker(cast):
    Subscription.objects.create(user=cast.subscriber, solution=cast.solution)
    publish_adoption(cast)
    notification = Notification.objects.get(user=cast.subscriber, channel=Channel.EMAIL)
    now = timezone.now()
    assert delivery._claim(Notification, notification.pk, now)
    assert delivery.send_email_notification(notification.pk, now=now) is None
    assert mail.outbox == []


def test_daily_digest_collects_everything_in_one_email(cast):
    Subscription.objects.create(user=cast.subscriber, solution=cast.solution)
    services.preferences_set(
        actor=Actor.of(cast.subscriber), user=cast.subscriber, email_mode=EmailMode.DAILY, own_gaps=False
    )
    publish_adoption(cast, key="adoption.created:1")
    publish_adoption(cast, key="adoption.created:2")
    assert delivery.deliver_due().sent == 0  # digests are not sent one by one
    call_command("notifications", "send-digests")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[ikone] Ihre Zusammenfassung: 2 Neuigkeiten"
    assert mail.outbox[0].body.count("Landau in der Pfalz nutzt") == 2
    call_command("notifications", "send-digests")
    assert len(mail.outbox) == 1
    assert not Notification.objects.filter(status=DeliveryStatus.DIGEST).exists()


def test_a_popular_event_sends_a_few_emails_inline_and_leaves_the_rest_to_the_command(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_INLINE_LIMIT = 2
    for number in range(5):
        person = cast.subscriber.__class__.objects.create_user(email=f"abo{number}@example.org")
        Subscription.objects.create(user=person, solution=cast.solution)
    with django_capture_on_commit_callbacks(execute=True):
        publish_adoption(cast)
    assert len(mail.outbox) == 2
    call_command("notifications", "deliver")
    assert sorted(m.to[0] for m in mail.outbox) == [f"abo{n}@example.org" for n in range(5)]


def test_a_webhook_whose_name_rebinds_to_loopback_is_not_called(
    cast, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The name passed the check when the webhook was saved; at sending time it resolves to
    127.0.0.1, and the delivery is refused at the connection: the local receiver gets nothing."""
    settings.NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS = False
    settings.OUTGOING_ALLOWED_HOSTS = []
    Subscription.objects.create(user=cast.subscriber, solution=cast.solution)
    with Receiver() as receiver:
        port = receiver.server.server_address[1]
        webhook, _secret = hook(cast.subscriber, f"https://hook.test:{port}/hook")
        monkeypatch.setattr("ikone.core.addresses.system_resolver", lambda host, port: ["127.0.0.1"])
        with django_capture_on_commit_callbacks(execute=True):
            publish_adoption(cast)
        assert receiver.requests == []
    row = WebhookDelivery.objects.get(webhook=webhook)
    assert row.last_error == "Die Adresse liegt in einem internen Netz."
