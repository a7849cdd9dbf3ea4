"""Writes of notification settings: subscriptions, preferences, feed keys, webhooks, read marks.

Each is atomic, authorised through the policy and audited. Deliveries are system actions and live
in `delivery.py`.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from ikone.accounts import policy
from ikone.core.audit import Actor, ChangeRecord, record_change
from ikone.core.errors import DomainError, FieldError
from ikone.notifications.delivery import address_allowed
from ikone.notifications.events import visible
from ikone.notifications.models import Channel, EmailMode, Notification, Preference, Subscription, Webhook
from ikone.notifications.selectors import kind_of, preference_get
from ikone.organizations.models import Organization


def _personal(actor: Actor, user: Any) -> None:
    policy.authorize(actor, policy.can_manage_personal_settings(actor.user, user.pk))


@transaction.atomic
def subscribe(*, actor: Actor, user: Any, target: Model) -> Subscription:
    """Follow an OZG-Leistung, solution, organisation or network (again: no change)."""
    _personal(actor, user)
    if not visible(user, [target]):
        raise DomainError(detail="Dieses Objekt ist für Sie nicht sichtbar.", status=404)
    kind = kind_of(target)
    lookup: dict[str, Any] = {"user": user, kind: target}
    subscription, created = Subscription.objects.get_or_create(**lookup)
    if created:
        record_change(
            actor=actor,
            instance=subscription,
            action=ChangeRecord.Action.CREATE,
            changes={"user": [None, user.pk], kind: [None, target.pk]},
        )
    return subscription


@transaction.atomic
def unsubscribe(*, actor: Actor, subscription: Subscription) -> None:
    policy.authorize(actor, policy.can_manage_personal_settings(actor.user, subscription.user_id))
    kind = subscription.kind
    record_change(
        actor=actor,
        instance=subscription,
        action=ChangeRecord.Action.DELETE,
        changes={"user": [subscription.user_id, None], kind: [getattr(subscription, f"{kind}_id"), None]},
    )
    subscription.delete()


@transaction.atomic
def preferences_set(*, actor: Actor, user: Any, email_mode: str, own_gaps: bool) -> Preference:
    _personal(actor, user)
    if email_mode not in EmailMode.values:
        raise DomainError(
            detail="Unbekannte Zustellart.",
            errors=[
                FieldError(field="email_mode", message="Bitte eine der angebotenen Zustellarten wählen.")
            ],
            status=422,
        )
    preference = preference_get(user=user)
    before = {"email_mode": preference.email_mode, "own_gaps": preference.own_gaps}
    preference.email_mode, preference.own_gaps = email_mode, own_gaps
    preference.save()
    after = {"email_mode": email_mode, "own_gaps": own_gaps}
    record_change(
        actor=actor,
        instance=preference,
        action=ChangeRecord.Action.UPDATE,
        changes={key: [before[key], after[key]] for key in after if before[key] != after[key]},
    )
    return preference


@transaction.atomic
def feed_token_set(*, actor: Actor, user: Any, enabled: bool) -> Preference:
    """Issue a new secret feed address (the old one stops working) or switch the feed off."""
    _personal(actor, user)
    preference = preference_get(user=user)
    had_feed = bool(preference.feed_token)
    preference.feed_token = secrets.token_urlsafe(32) if enabled else ""
    preference.save()
    record_change(
        actor=actor,
        instance=preference,
        action=ChangeRecord.Action.UPDATE,
        changes={"feed": ["aktiv" if had_feed else "aus", "neu ausgestellt" if enabled else "aus"]},
    )
    return preference


@transaction.atomic
def webhook_create(
    *,
    actor: Actor,
    url: str,
    description: str = "",
    user: Any = None,
    organization: Organization | None = None,
) -> tuple[Webhook, str]:
    """A personal webhook (`user`) or one of an organisation; returns it with its secret."""
    if (user is None) == (organization is None):
        raise DomainError(detail="Ein Webhook gehört einer Person oder einer Organisation.", status=422)
    if organization is not None:
        policy.authorize(actor, policy.can_manage_organization_users(actor.user, organization.pk))
    else:
        _personal(actor, user)
    problem = address_allowed(url, resolve=False)
    if problem:
        raise DomainError(detail=problem, errors=[FieldError(field="url", message=problem)], status=422)
    webhook = Webhook(
        user=user,
        organization=organization,
        url=url,
        description=description[:200],
        created_by=actor.user,
    )
    webhook.full_clean()
    webhook.save()
    record_change(
        actor=actor,
        instance=webhook,
        action=ChangeRecord.Action.CREATE,
        changes={"url": [None, url], "owner": [None, str(organization or user)]},
        organization_id=organization.pk if organization else None,
    )
    return webhook, webhook.secret


@transaction.atomic
def webhook_delete(*, actor: Actor, webhook: Webhook) -> None:
    from ikone.notifications.selectors import can_manage_webhook

    policy.authorize(actor, can_manage_webhook(actor.user, webhook))
    record_change(
        actor=actor,
        instance=webhook,
        action=ChangeRecord.Action.DELETE,
        changes={"url": [webhook.url, None]},
        organization_id=webhook.organization_id,
    )
    webhook.delete()


@transaction.atomic
def notifications_mark_read(*, actor: Actor, user: Any, ids: list[int] | None = None) -> int:
    """Mark the person's in-app notifications (all, or those in `ids`) as read; returns how many."""
    _personal(actor, user)
    unread = Notification.objects.filter(user=user, channel=Channel.IN_APP, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    changed = unread.update(read_at=timezone.now())
    preference = preference_get(user=user)
    if preference.pk is None:
        preference.save()
    record_change(
        actor=actor,
        instance=preference,
        action=ChangeRecord.Action.UPDATE,
        changes={"gelesen": [None, changed]},
    )
    return changed
