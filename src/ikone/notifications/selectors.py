"""Reads for notifications: a person's inbox, subscriptions, settings, webhooks and feeds."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Model, QuerySet

from ikone.accounts import policy
from ikone.catalog.models import Solution
from ikone.core.errors import NotFound
from ikone.notifications.models import (
    SUBSCRIBABLE,
    Channel,
    DeliveryStatus,
    Event,
    Notification,
    Preference,
    Subscription,
    Webhook,
    WebhookDelivery,
)
from ikone.organizations.models import Network, Organization
from ikone.ozg.models import Service

FEED_SIZE = 50


def notification_list(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The in-app notifications of `user`, newest first."""
    queryset = Notification.objects.filter(user=user, channel=Channel.IN_APP).select_related("event")
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.order_by("-created_at", "-id")


def unread_count(*, user: Any) -> int:
    if not policy.is_authenticated(user):
        return 0
    return Notification.objects.filter(user=user, channel=Channel.IN_APP, read_at__isnull=True).count()


def subscription_list(*, user: Any) -> QuerySet[Subscription]:
    return Subscription.objects.filter(user=user).select_related(
        "service", "solution", "organization", "network"
    )


def subscription_get(*, user: Any, pk: int) -> Subscription:
    subscription = Subscription.objects.filter(pk=pk).first()
    if subscription is None:
        raise NotFound("Kein Abonnement mit dieser Nummer.")
    return subscription


def target_get(*, user: Any, kind: str, key: str) -> Model:
    """The object to subscribe to: OZG-ID, solution slug, organisation key (AGS or slug), network slug."""
    found: Model | None = None
    if kind == "service" and key.isdigit():
        found = Service.objects.filter(ozg_id=int(key)).first()
    elif kind == "solution":
        found = Solution.objects.visible_to(user).filter(slug=key).first()
    elif kind == "organization":
        found = Organization.objects.by_key(key).first()
    elif kind == "network":
        found = Network.objects.filter(slug=key).first()
    elif kind not in SUBSCRIBABLE:
        raise NotFound(f"Unbekannte Art „{kind}“; möglich sind {', '.join(SUBSCRIBABLE)}.")
    if found is None:
        raise NotFound(f"Nichts zum Abonnieren unter „{key}“ gefunden.")
    return found


def kind_of(target: Model) -> str:
    return {
        "ozg.service": "service",
        "catalog.solution": "solution",
        "organizations.organization": "organization",
        "organizations.network": "network",
    }[target._meta.label_lower]


def key_of(target: Model) -> str:
    kind = kind_of(target)
    if kind == "service":
        return str(target.ozg_id)  # type: ignore[attr-defined]
    if kind == "organization":
        return str(target.key)  # type: ignore[attr-defined]
    return str(target.slug)  # type: ignore[attr-defined]


def subscription_for(*, user: Any, target: Model) -> Subscription | None:
    if not policy.is_authenticated(user):
        return None
    return Subscription.objects.filter(user=user, **{kind_of(target): target}).first()


def preference_get(*, user: Any) -> Preference:
    """The stored settings, or the defaults (unsaved) for someone who never changed them."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def feed_user(*, token: str) -> Any:
    if len(token) < 20:
        return None
    preference = Preference.objects.filter(feed_token=token).select_related("user").first()
    if preference is None or not preference.user.is_active:
        return None
    return preference.user


def network_feed_events(*, network: Network) -> QuerySet[Event]:
    """Public events concerning the network (network-only and draft content never appears)."""
    return Event.objects.filter(networks=network, is_public=True).order_by("-created_at", "-id")[:FEED_SIZE]


def webhook_list(*, user: Any) -> QuerySet[Webhook]:
    """Webhooks the person manages: their own and those of organisations they administer."""
    orgs = policy.organization_ids(user, roles={"orgadmin"})
    return (Webhook.objects.filter(user=user) | Webhook.objects.filter(organization__in=orgs)).select_related(
        "organization"
    )


def can_manage_webhook(user: Any, webhook: Webhook) -> bool:
    if webhook.organization_id is not None:
        return policy.can_manage_organization_users(user, webhook.organization_id)
    return policy.can_manage_personal_settings(user, webhook.user_id)


def webhook_get(*, user: Any, pk: int) -> Webhook:
    webhook = Webhook.objects.select_related("organization").filter(pk=pk).first()
    if webhook is None:
        raise NotFound("Kein Webhook mit dieser Nummer.")
    policy.require(can_manage_webhook(user, webhook), user, "Nur wer den Webhook verwaltet, sieht ihn.")
    return webhook


def webhook_deliveries(*, webhook: Webhook) -> QuerySet[WebhookDelivery]:
    """The webhook's deliveries, newest first."""
    return (
        WebhookDelivery.objects.filter(webhook=webhook)
        .select_related("event")
        .prefetch_related("log")
        .order_by("-created_at", "-id")
    )


def delivery_backlog() -> dict[tuple[str, str], int]:
    """Outgoing e-mail notifications and webhook deliveries per (channel, status) that still wait
    or have failed for good: the delivery queue's depth for monitoring."""
    waiting = [DeliveryStatus.PENDING, DeliveryStatus.FAILED]
    counts: dict[tuple[str, str], int] = {}
    for channel, queryset in (
        ("email", Notification.objects.filter(channel=Channel.EMAIL)),
        ("webhook", WebhookDelivery.objects.all()),
    ):
        for row in queryset.filter(status__in=waiting).values("status").annotate(count=Count("id")):
            counts[(channel, row["status"])] = row["count"]
    return counts
