"""Authorisation cases for notifications: everything is one's own (signed in); a subscription or
personal webhook only for its owner (and platform admins); organisation webhooks for its admins."""

from ikone.core.audit import Actor
from ikone.notifications.models import Subscription, Webhook

from ..common import ADMINS_OF_A, SIGNED_IN, Case

SYSTEM = Actor.system("authz")
OWNER = {"editor_a", "platform_admin"}


def _subscription(world):
    return Subscription.objects.create(user=world.users["editor_a"], solution=world.solution)


def _webhook(world):
    return Webhook.objects.create(user=world.users["editor_a"], url="https://hooks.example.org/ikone")


def _json(data):
    return lambda w: (data(w) if callable(data) else data, "application/json")


API_CASES = [
    Case("GET", "/api/v1/notifications", lambda w: "/api/v1/notifications", allowed=SIGNED_IN),
    Case(
        "POST",
        "/api/v1/notifications/read",
        lambda w: "/api/v1/notifications/read",
        allowed=SIGNED_IN,
        body=_json({"ids": None}),
    ),
    Case(
        "GET",
        "/api/v1/notifications/preferences",
        lambda w: "/api/v1/notifications/preferences",
        allowed=SIGNED_IN,
    ),
    Case(
        "PUT",
        "/api/v1/notifications/preferences",
        lambda w: "/api/v1/notifications/preferences",
        allowed=SIGNED_IN,
        body=_json({"email_mode": "daily", "own_gaps": True}),
    ),
    Case("GET", "/api/v1/subscriptions", lambda w: "/api/v1/subscriptions", allowed=SIGNED_IN),
    Case(
        "POST",
        "/api/v1/subscriptions",
        lambda w: "/api/v1/subscriptions",
        allowed=SIGNED_IN,
        body=_json(lambda w: {"kind": "solution", "key": w.solution.slug}),
    ),
    Case(
        "DELETE",
        "/api/v1/subscriptions/{subscription_id}",
        lambda w: f"/api/v1/subscriptions/{_subscription(w).pk}",
        allowed=OWNER,
    ),
    Case("GET", "/api/v1/webhooks", lambda w: "/api/v1/webhooks", allowed=SIGNED_IN),
    Case(
        "POST",
        "/api/v1/webhooks",
        lambda w: "/api/v1/webhooks",
        allowed=SIGNED_IN,
        body=_json({"url": "https://hooks.example.org/ikone"}),
    ),
    Case(
        "POST",
        "/api/v1/webhooks",
        lambda w: "/api/v1/webhooks",
        allowed=ADMINS_OF_A,
        body=_json(lambda w: {"url": "https://hooks.example.org/speyer", "organization": w.org_a.ags}),
    ),
    Case(
        "DELETE",
        "/api/v1/webhooks/{webhook_id}",
        lambda w: f"/api/v1/webhooks/{_webhook(w).pk}",
        allowed=OWNER,
    ),
    Case(
        "GET",
        "/api/v1/webhooks/{webhook_id}/deliveries",
        lambda w: f"/api/v1/webhooks/{_webhook(w).pk}/deliveries",
        allowed=OWNER,
    ),
]

UI_WRITE_CASES = [
    Case("POST", "notifications:inbox", lambda w: "/konto/benachrichtigungen/", allowed=SIGNED_IN),
    Case(
        "POST",
        "notifications:settings",
        lambda w: "/konto/benachrichtigungen/einstellungen/",
        allowed=SIGNED_IN,
        body=lambda w: ({"email_mode": "daily"}, None),
    ),
    Case(
        "POST",
        "notifications:subscribe",
        lambda w: "/benachrichtigungen/abonnieren/",
        allowed=SIGNED_IN,
        body=lambda w: ({"kind": "solution", "key": w.solution.slug}, None),
    ),
    Case(
        "POST",
        "notifications:unsubscribe",
        lambda w: "/benachrichtigungen/abbestellen/",
        allowed=SIGNED_IN,
        body=lambda w: ({"kind": "solution", "key": w.solution.slug}, None),
    ),
    Case("POST", "notifications:feed-token", lambda w: "/konto/benachrichtigungen/feed/", allowed=SIGNED_IN),
    Case(
        "POST",
        "notifications:webhook-create",
        lambda w: "/konto/benachrichtigungen/webhooks/neu/",
        allowed=SIGNED_IN,
        body=lambda w: ({"url": "https://hooks.example.org/ikone"}, None),
    ),
    Case(
        "POST",
        "notifications:webhook-delete",
        lambda w: f"/konto/benachrichtigungen/webhooks/{_webhook(w).pk}/loeschen/",
        allowed=OWNER,
    ),
]
