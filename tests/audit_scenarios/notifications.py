"""Audit scenarios for the notification settings (deliveries are system actions in delivery.py)."""

from functools import partial

from ikone.accounts.models import User
from ikone.core.audit import Actor
from ikone.core.testing.factories import MunicipalityFactory, NetworkFactory
from ikone.notifications.models import Subscription, Webhook

SYSTEM = Actor.system("audit test")
READS: dict[str, str] = {}


def _person(email="abo@example.org"):
    return User.objects.create_user(email=email)


SCENARIOS = {
    "ikone.notifications.services.subscribe": lambda m, t: partial(
        m.subscribe, actor=SYSTEM, user=_person(), target=NetworkFactory()
    ),
    "ikone.notifications.services.unsubscribe": lambda m, t: partial(
        m.unsubscribe,
        actor=SYSTEM,
        subscription=Subscription.objects.create(user=_person(), network=NetworkFactory()),
    ),
    "ikone.notifications.services.preferences_set": lambda m, t: partial(
        m.preferences_set, actor=SYSTEM, user=_person(), email_mode="daily", own_gaps=True
    ),
    "ikone.notifications.services.feed_token_set": lambda m, t: partial(
        m.feed_token_set, actor=SYSTEM, user=_person(), enabled=True
    ),
    "ikone.notifications.services.webhook_create": lambda m, t: partial(
        m.webhook_create, actor=SYSTEM, url="https://hooks.example.org/x", organization=MunicipalityFactory()
    ),
    "ikone.notifications.services.webhook_delete": lambda m, t: partial(
        m.webhook_delete,
        actor=SYSTEM,
        webhook=Webhook.objects.create(user=_person(), url="https://hooks.example.org/y"),
    ),
    "ikone.notifications.services.notifications_mark_read": lambda m, t: partial(
        m.notifications_mark_read, actor=SYSTEM, user=_person()
    ),
}
