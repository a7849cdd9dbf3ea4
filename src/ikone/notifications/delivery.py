"""Delivering recorded notifications: e-mails and webhooks, after commit, with retries.

These are system actions (no ChangeRecord): the delivery state and the webhook attempt log are
their record. Every send first claims its row with a conditional UPDATE (a short lease), so two
processes never send the same notification at the same time; a sent row is never sent again.
Errors are caught and logged here and become a retry with exponential backoff (`backoff.py`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from ikone.core import addresses, outgoing
from ikone.notifications import backoff, signature
from ikone.notifications.models import (
    Channel,
    DeliveryFields,
    DeliveryStatus,
    Notification,
    Preference,
    WebhookAttempt,
    WebhookDelivery,
)

logger = logging.getLogger("ikone.notifications")
LEASE = timedelta(minutes=5)
USER_AGENT = "ikone-webhooks/1"


@dataclass
class DeliveryCounts:
    sent: int = 0
    failed: int = 0

    def add(self, ok: bool | None) -> None:
        """`None`: another process had claimed it, nothing was tried."""
        if ok:
            self.sent += 1
        elif ok is not None:
            self.failed += 1


def _timeout() -> float:
    return float(getattr(settings, "NOTIFICATIONS_WEBHOOK_TIMEOUT", 5))


def _claim(model: type[DeliveryFields], pk: int, now: datetime, status: str = DeliveryStatus.PENDING) -> bool:
    free = Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    return model._default_manager.filter(free, pk=pk, status=status).update(locked_until=now + LEASE) == 1


def _succeeded(obj: DeliveryFields, now: datetime) -> None:
    type(obj)._default_manager.filter(pk=obj.pk).update(
        status=DeliveryStatus.SENT,
        sent_at=now,
        attempts=obj.attempts + 1,
        locked_until=None,
        next_attempt_at=None,
        last_error="",
    )


def _failed(obj: DeliveryFields, now: datetime, error: str) -> None:
    attempts = obj.attempts + 1
    gave_up = backoff.gives_up(attempts)
    type(obj)._default_manager.filter(pk=obj.pk).update(
        status=DeliveryStatus.FAILED if gave_up else obj.status,
        attempts=attempts,
        locked_until=None,
        next_attempt_at=None if gave_up else now + backoff.retry_delay(attempts),
        last_error=error[:500],
    )


def deliver_event(event_id: int) -> DeliveryCounts:
    """Called after commit: send what the event's recording left pending, at most
    NOTIFICATIONS_INLINE_LIMIT e-mails and as many webhook calls (the rest is left to
    `ikone notifications deliver`, so that a popular event does not hold up the request). Never raises."""
    counts = DeliveryCounts()
    limit = int(getattr(settings, "NOTIFICATIONS_INLINE_LIMIT", 25))
    try:
        now = timezone.now()
        for pk in Notification.objects.filter(
            event_id=event_id, channel=Channel.EMAIL, status=DeliveryStatus.PENDING
        ).values_list("pk", flat=True)[:limit]:
            counts.add(send_email_notification(pk, now=now))
        for pk in WebhookDelivery.objects.filter(
            event_id=event_id, status=DeliveryStatus.PENDING
        ).values_list("pk", flat=True)[:limit]:
            counts.add(send_webhook_delivery(pk, now=now))
    except Exception:
        logger.exception("Zustellung des Ereignisses %s abgebrochen", event_id)
    return counts


def deliver_due(
    now: datetime | None = None, *, advance: Callable[[int], None] | None = None
) -> DeliveryCounts:
    """Send every pending e-mail and webhook delivery whose time has come (first try or retry);
    `advance(1)` is called after each (for a progress bar)."""
    now = now or timezone.now()
    due = Q(status=DeliveryStatus.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    counts = DeliveryCounts()
    emails = list(Notification.objects.filter(due, channel=Channel.EMAIL).values_list("pk", flat=True))
    hooks = list(WebhookDelivery.objects.filter(due).values_list("pk", flat=True))
    with get_connection() as connection:  # one SMTP session for the whole run
        for pk in emails:
            counts.add(send_email_notification(pk, now=now, connection=connection))
            if advance:
                advance(1)
    for pk in hooks:
        counts.add(send_webhook_delivery(pk, now=now))
        if advance:
            advance(1)
    return counts


def due_count(now: datetime | None = None) -> int:
    now = now or timezone.now()
    due = Q(status=DeliveryStatus.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    return (
        Notification.objects.filter(due, channel=Channel.EMAIL).count()
        + WebhookDelivery.objects.filter(due).count()
    )


def send_email_notification(pk: int, *, now: datetime, connection: Any = None) -> bool | None:
    if not _claim(Notification, pk, now):
        return None
    notification = Notification.objects.select_related("event", "user").get(pk=pk)
    site = str(settings.SITE_URL).rstrip("/")
    context = {"notifications": [notification], "site": site}
    try:
        send_mail(
            subject=f"[ikone] {notification.event.title}"[:200],
            message=render_to_string("notifications/email.txt", context),
            from_email=None,
            recipient_list=[notification.user.email],
            connection=connection,
        )
    except Exception as exc:
        logger.warning("E-Mail-Benachrichtigung %s fehlgeschlagen: %s", pk, exc)
        _failed(notification, now, f"{type(exc).__name__}: {exc}")
        return False
    _succeeded(notification, now)
    return True


def send_digests(now: datetime | None = None) -> DeliveryCounts:
    """One e-mail per person with everything collected for the daily summary."""
    now = now or timezone.now()
    counts = DeliveryCounts()
    site = str(settings.SITE_URL).rstrip("/")
    user_ids = sorted(
        set(
            Notification.objects.filter(channel=Channel.EMAIL, status=DeliveryStatus.DIGEST).values_list(
                "user_id", flat=True
            )
        )
    )
    for user_id in user_ids:
        ids = [
            pk
            for pk in Notification.objects.filter(
                user_id=user_id, channel=Channel.EMAIL, status=DeliveryStatus.DIGEST
            ).values_list("pk", flat=True)
            if _claim(Notification, pk, now, status=DeliveryStatus.DIGEST)
        ]
        if not ids:
            continue
        items = list(
            Notification.objects.filter(pk__in=ids).select_related("event", "user").order_by("created_at")
        )
        user = items[0].user
        try:
            send_mail(
                subject=f"[ikone] Ihre Zusammenfassung: {len(items)} Neuigkeiten",
                message=render_to_string("notifications/email.txt", {"notifications": items, "site": site}),
                from_email=None,
                recipient_list=[user.email],
            )
        except Exception as exc:
            logger.warning("Zusammenfassung an %s fehlgeschlagen: %s", user_id, exc)
            Notification.objects.filter(pk__in=ids).update(locked_until=None, last_error=str(exc)[:500])
            counts.add(False)
            continue
        Notification.objects.filter(pk__in=ids).update(
            status=DeliveryStatus.SENT, sent_at=now, locked_until=None, attempts=1
        )
        Preference.objects.filter(user_id=user_id).update(last_digest_at=now)
        counts.add(True)
    return counts


def _allow() -> tuple[str, ...]:
    if getattr(settings, "NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS", False):
        return outgoing.EVERYWHERE
    return tuple(settings.OUTGOING_ALLOWED_HOSTS)


def address_allowed(url: str, *, resolve: bool = True) -> str | None:
    """Why a webhook URL may not be called (None if it may): the rule of `ikone.core.addresses`
    (allow-list `OUTGOING_ALLOWED_HOSTS`) plus https; NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS lifts
    both for development. Sending checks the name again when it connects (`ikone.core.outgoing`),
    and connects to exactly the address it checked."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return addresses.SCHEME
    if getattr(settings, "NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS", False):
        return None
    if parts.scheme != "https":
        return "Webhooks brauchen eine https-Adresse."
    return addresses.address_problem(url, resolve=resolve, allow=settings.OUTGOING_ALLOWED_HOSTS)


def send_webhook_delivery(pk: int, *, now: datetime) -> bool | None:
    if not _claim(WebhookDelivery, pk, now):
        return None
    delivery = WebhookDelivery.objects.select_related("webhook", "event").get(pk=pk)
    body = delivery.body.encode()
    started = time.perf_counter()
    status_code: int | None = None
    error = address_allowed(delivery.webhook.url, resolve=False) or ""
    if not error:
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "X-Ikone-Event": delivery.event.kind,
            "X-Ikone-Delivery": str(delivery.pk),
            signature.HEADER: signature.sign(delivery.webhook.secret, body),
        }
        try:
            with outgoing.client(timeout=_timeout(), allow=_allow()) as http:
                status_code = http.post(delivery.webhook.url, content=body, headers=headers).status_code
        except addresses.RefusedAddress as refused:
            error = refused.message
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
        if status_code is not None and not 200 <= status_code < 300 and not error:
            error = f"HTTP {status_code}"
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts + 1,
        status_code=status_code,
        error=error[:500],
        duration_ms=int((time.perf_counter() - started) * 1000),
    )
    if error:
        logger.warning("Webhook-Zustellung %s fehlgeschlagen: %s", pk, error)
        _failed(delivery, now, error)
        return False
    _succeeded(delivery, now)
    return True
