"""Publishing events for notifications: the one entry point other apps call.

Apps call `publish(...)` inside the transaction of the change that caused the event. The
notifications app records the event idempotently (by `key`), matches subscriptions and delivers
after commit; a failed delivery never blocks or rolls back the change.

Visibility: a person is only notified when they may see the subject and every related object.
For each object whose model's default manager has a `visible_to(user)` queryset method (as
`Solution.objects` has) that method decides; for models listed in `VISIBILITY_SELECTORS` the
named selector (called as `selector(user=user)`, returning the visible queryset) decides; other
objects (OZG-Leistungen, organisations, networks, claims) are public. Publishers pass the
solution in `related`, so adoptions and questions are as visible as their solution.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from ikone.core import jobs
from ikone.core.audit import Actor

logger = logging.getLogger("ikone.notifications")

VISIBILITY_SELECTORS = {
    "reuse.experiencereport": "ikone.reuse.selectors.report_base",  # public or network-only
}
# Kinds for which people with the "Lücken meiner Organisationen" preference are notified about
# the OZG-Leistungen their organisations do not yet offer.
GAP_KINDS = frozenset({"solution.created", "release.created"})


def publish(
    *,
    kind: str,
    key: str,
    subject: models.Model,
    actor: Actor,
    title: str,
    url: str = "",
    related: Iterable[models.Model] = (),
    followers: Iterable[tuple[Any, str]] = (),
) -> None:
    """Record that `kind` happened to `subject` (e.g. "adoption.created" for an Adoption).

    `key` identifies the event: publishing the same key twice notifies nobody twice.
    `related` are further objects whose subscribers care (the solution, its OZG-Leistungen,
    the owner organisation, the network). `title` is a German one-line summary; `url` the
    path of the page that shows the change. `followers` are (person, reason) pairs notified
    besides the subscribers (people who follow the subject itself, e.g. a citizen's proposal).
    """
    try:
        with transaction.atomic():  # a savepoint: a failure here never undoes the caller's change
            event = _record(
                kind=kind,
                key=key,
                subject=subject,
                actor=actor,
                title=title,
                url=url,
                related=list(related),
                followers=tuple(followers),
            )
    except Exception:
        logger.exception("Benachrichtigung %s konnte nicht erfasst werden", key)
        return
    if event is not None and getattr(settings, "NOTIFICATIONS_DELIVER_ON_COMMIT", True):
        transaction.on_commit(
            partial(
                jobs.enqueue,
                "ikone.notifications.jobs.deliver_event",
                event.pk,
                name=f"Zustellung: {key}"[:100],
            )
        )


def _record(
    *,
    kind: str,
    key: str,
    subject: models.Model,
    actor: Actor,
    title: str,
    url: str,
    related: list[models.Model],
    followers: Iterable[tuple[Any, str]] = (),
) -> Any:
    from ikone.notifications.models import Event

    objects = [subject, *[obj for obj in related if obj is not None]]
    event, created = Event.objects.get_or_create(
        key=key[:200],
        defaults={
            "kind": kind[:60],
            "title": title[:300],
            "url": url[:500],
            "subject_type": subject._meta.label_lower,
            "subject_id": str(subject.pk),
            "actor": actor.user,
            "actor_label": actor.label[:200],
            "is_public": visible(AnonymousUser(), objects),
        },
    )
    if not created:
        return None
    targets = _targets(objects)
    for name, values in targets.items():
        if values:  # the event is new: nothing linked yet
            getattr(event, name).add(*values)
    recipients = _recipients(event, targets, objects, followers)
    _record_notifications(event, recipients)
    _record_webhook_deliveries(event, recipients, objects, targets)
    return event


def _targets(objects: list[models.Model]) -> dict[str, list[models.Model]]:
    labels = {
        "ozg.service": "services",
        "catalog.solution": "solutions",
        "organizations.organization": "organizations",
        "organizations.network": "networks",
    }
    targets: dict[str, list[models.Model]] = {name: [] for name in labels.values()}
    for obj in objects:
        name = labels.get(obj._meta.label_lower)
        if name and obj not in targets[name]:
            targets[name].append(obj)
    return targets


def visible(user: Any, objects: Iterable[models.Model]) -> bool:
    """Whether `user` may see every one of `objects` (see the module docstring)."""
    for obj in objects:
        selector = VISIBILITY_SELECTORS.get(obj._meta.label_lower)
        if selector is not None:
            queryset = import_string(selector)(user=user)
        else:
            check = getattr(type(obj)._default_manager, "visible_to", None)
            if check is None:
                continue
            queryset = check(user)
        if not queryset.filter(pk=obj.pk).exists():
            return False
    return True


def _recipients(
    event: Any,
    targets: dict[str, list[models.Model]],
    objects: list[models.Model],
    followers: Iterable[tuple[Any, str]],
) -> dict[Any, str]:
    """People to notify with the reason, excluding the actor and people who may not see it."""
    from ikone.notifications.models import Subscription

    condition = Q(pk__in=[])
    for name, field in (
        ("services", "service"),
        ("solutions", "solution"),
        ("organizations", "organization"),
        ("networks", "network"),
    ):
        if targets[name]:
            condition |= Q(**{f"{field}__in": targets[name]})
    reasons: dict[int, tuple[Any, str]] = {}
    subscriptions = (
        Subscription.objects.filter(condition, user__is_active=True)
        .select_related("user", "service", "solution", "organization", "network")
        .order_by("user_id", "pk")
    )
    for subscription in subscriptions:
        reasons.setdefault(subscription.user_id, (subscription.user, f"Sie folgen „{subscription.target}“."))
    for user, reason in followers:
        if user.is_active:
            reasons.setdefault(user.pk, (user, reason))
    if event.kind in GAP_KINDS and targets["services"]:
        for user, reason in _gap_recipients(targets["services"]):
            reasons.setdefault(user.pk, (user, reason))
    actor_id = event.actor_id
    # What anonymous visitors may see, everybody may see: only non-public events are checked per person.
    return {
        user: reason
        for user_id, (user, reason) in sorted(reasons.items())
        if user_id != actor_id and (event.is_public or visible(user, objects))
    }


def _gap_recipients(services: list[models.Model]) -> list[tuple[Any, str]]:
    """People who asked to hear about their organisations' gaps and whose organisation does not
    yet offer one of `services` OZG-compliantly (Reifegrad ≥ 3 in the dashboard model)."""
    from ikone.accounts.models import OrganizationMember
    from ikone.coverage.choices import COMPLIANT_LEVEL, DASHBOARD_MODEL
    from ikone.coverage.models import ServiceStatus

    members = list(
        OrganizationMember.objects.filter(
            user__notification_preference__own_gaps=True, user__is_active=True
        ).select_related("user", "organization")
    )
    if not members:
        return []
    service_ids = {service.pk for service in services}
    covered = set(
        ServiceStatus.objects.filter(
            organization__in={m.organization_id for m in members},
            service__in=service_ids,
            level__gte=COMPLIANT_LEVEL,
            model__version=DASHBOARD_MODEL,
        ).values_list("organization_id", "service_id")
    )
    found = []
    for member in members:
        if any((member.organization_id, service_id) not in covered for service_id in service_ids):
            found.append((member.user, f"Lücke bei {member.organization}."))
    return found


def _record_notifications(event: Any, recipients: dict[Any, str]) -> None:
    from ikone.notifications.models import Channel, DeliveryStatus, EmailMode, Notification, Preference

    modes = dict(
        Preference.objects.filter(user__in=[user.pk for user in recipients]).values_list(
            "user_id", "email_mode"
        )
    )
    now = timezone.now()
    rows = []
    for user, reason in recipients.items():
        rows.append(
            Notification(
                event=event,
                user=user,
                channel=Channel.IN_APP,
                reason=reason,
                status=DeliveryStatus.SENT,
                sent_at=now,
            )
        )
        mode = modes.get(user.pk, EmailMode.IMMEDIATE)
        if mode != EmailMode.OFF and user.email:
            status = DeliveryStatus.DIGEST if mode == EmailMode.DAILY else DeliveryStatus.PENDING
            rows.append(
                Notification(event=event, user=user, channel=Channel.EMAIL, reason=reason, status=status)
            )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)


def webhook_body(event: Any) -> str:
    site = str(getattr(settings, "SITE_URL", "")).rstrip("/")
    return json.dumps(
        {
            "key": event.key,
            "kind": event.kind,
            "title": event.title,
            "url": f"{site}{event.url}" if event.url.startswith("/") else event.url,
            "occurred_at": event.created_at.isoformat(),
            "actor": event.actor_label,
            "subject": {"type": event.subject_type, "id": event.subject_id},
            "related": {
                "services": sorted(event.services.values_list("ozg_id", flat=True)),
                "solutions": sorted(event.solutions.values_list("slug", flat=True)),
                "organizations": sorted(o.key for o in event.organizations.all()),
                "networks": sorted(event.networks.values_list("slug", flat=True)),
            },
        },
        ensure_ascii=False,
        sort_keys=True,
    )


class OrganizationViewer:
    """Stands in for "a person with the viewer role in `organization`" in visibility checks of an
    organisation's webhook (policy reads the cached roles and never queries)."""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None

    def __init__(self, organization_id: int) -> None:
        self._ikone_org_roles = {organization_id: "viewer"}
        self._ikone_networks: set[int] = set()


def _organization_sees(organization_id: int, objects: list[models.Model]) -> bool:
    """A visibility rule that cannot judge the stand-in (it needs a real account) means "no"."""
    try:
        with transaction.atomic():
            return visible(OrganizationViewer(organization_id), objects)
    except Exception:
        logger.warning("Sichtbarkeit für Organisation %s nicht prüfbar", organization_id, exc_info=True)
        return False


def _record_webhook_deliveries(
    event: Any,
    recipients: dict[Any, str],
    objects: list[models.Model],
    targets: dict[str, list[models.Model]],
) -> None:
    from ikone.notifications.models import Webhook, WebhookDelivery

    org_ids = [organization.pk for organization in targets["organizations"]]
    hooks = Webhook.objects.filter(
        Q(user__in=[user.pk for user in recipients]) | Q(organization__in=org_ids), is_active=True
    )
    wanted = [
        hook
        for hook in hooks
        if hook.organization_id is None
        or event.is_public
        or _organization_sees(hook.organization_id, objects)
    ]
    if not wanted:
        return
    body = webhook_body(event)
    WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(event=event, webhook=hook, body=body) for hook in wanted], ignore_conflicts=True
    )
