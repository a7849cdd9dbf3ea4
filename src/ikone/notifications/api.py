"""`/api/v1/notifications`, `/api/v1/subscriptions`, `/api/v1/webhooks`: one's own, signed in."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from ikone.api.auth import WriteAuth, write_auth
from ikone.api.schemas import ErrorOut
from ikone.core.audit import Actor
from ikone.core.pagination import LimitOffsetPagination, PageIn, page
from ikone.notifications import selectors, services
from ikone.notifications.models import Notification, Subscription, Webhook, WebhookDelivery
from ikone.organizations.selectors import organization_get


class SignedInAuth(WriteAuth):
    """Reads of one's own data: a session or any API token (read scope suffices)."""

    def __call__(self, request: HttpRequest) -> Any:
        if getattr(request, "api_token", None) is not None:
            return request.user
        return super().__call__(request)


signed_in = SignedInAuth()
notifications_router = Router(tags=["Benachrichtigungen"])
subscriptions_router = Router(tags=["Benachrichtigungen"])
webhooks_router = Router(tags=["Benachrichtigungen"])


class EventOut(Schema):
    key: str
    kind: str
    title: str
    url: str
    occurred_at: datetime
    actor: str


class NotificationOut(Schema):
    id: int
    event: EventOut
    reason: str
    read: bool
    created_at: datetime

    @staticmethod
    def resolve_event(obj: Notification) -> dict[str, Any]:
        e = obj.event
        return {
            "key": e.key,
            "kind": e.kind,
            "title": e.title,
            "url": e.url,
            "occurred_at": e.created_at,
            "actor": e.actor_label,
        }

    @staticmethod
    def resolve_read(obj: Notification) -> bool:
        return obj.read_at is not None


class NotificationPageOut(Schema):
    count: int
    unread: int
    items: list[NotificationOut]


class ReadIn(Schema):
    ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] | None = None  # ids fit the database column


class ReadOut(Schema):
    marked: int


class PreferenceIn(Schema):
    email_mode: str
    own_gaps: bool = False


class PreferenceOut(Schema):
    email_mode: str
    own_gaps: bool
    feed: bool


class SubscriptionIn(Schema):
    kind: str
    key: str


class SubscriptionOut(Schema):
    id: int
    kind: str
    key: str
    label: str
    created_at: datetime

    @staticmethod
    def resolve_key(obj: Subscription) -> str:
        return selectors.key_of(obj.target)

    @staticmethod
    def resolve_label(obj: Subscription) -> str:
        return str(obj.target)


class WebhookIn(Schema):
    url: str
    description: str = ""
    organization: str | None = None


class WebhookOut(Schema):
    id: int
    url: str
    description: str
    organization: str | None
    is_active: bool
    created_at: datetime

    @staticmethod
    def resolve_organization(obj: Webhook) -> str | None:
        return obj.organization.key if obj.organization else None


class WebhookCreatedOut(WebhookOut):
    secret: str


class AttemptOut(Schema):
    number: int
    at: datetime
    status_code: int | None
    error: str
    duration_ms: int


class DeliveryOut(Schema):
    id: int
    event_key: str
    event_kind: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    sent_at: datetime | None
    last_error: str
    log: list[AttemptOut]

    @staticmethod
    def resolve_event_key(obj: WebhookDelivery) -> str:
        return obj.event.key

    @staticmethod
    def resolve_event_kind(obj: WebhookDelivery) -> str:
        return obj.event.kind

    @staticmethod
    def resolve_log(obj: WebhookDelivery) -> list[Any]:
        return list(obj.log.all())


@notifications_router.get(
    "", response={200: NotificationPageOut, 401: ErrorOut}, auth=signed_in, summary="Meine Benachrichtigungen"
)
def notification_list(request: HttpRequest, paging: Query[PageIn], unread: bool = False) -> Any:
    items = selectors.notification_list(user=request.user, unread_only=unread)
    return {**page(items, paging), "unread": selectors.unread_count(user=request.user)}


@notifications_router.post(
    "/read",
    response={200: ReadOut, 401: ErrorOut, 403: ErrorOut},
    auth=write_auth,
    summary="Benachrichtigungen als gelesen markieren (ohne ids: alle)",
)
def notification_read(request: HttpRequest, payload: ReadIn) -> Any:
    marked = services.notifications_mark_read(
        actor=Actor.of(request.user), user=request.user, ids=payload.ids
    )
    return {"marked": marked}


def _preference(request: HttpRequest) -> dict[str, Any]:
    preference = selectors.preference_get(user=request.user)
    return {
        "email_mode": preference.email_mode,
        "own_gaps": preference.own_gaps,
        "feed": bool(preference.feed_token),
    }


@notifications_router.get(
    "/preferences",
    response={200: PreferenceOut, 401: ErrorOut},
    auth=signed_in,
    summary="Meine Zustelleinstellungen",
)
def preference_detail(request: HttpRequest) -> Any:
    return _preference(request)


@notifications_router.put(
    "/preferences",
    response={200: PreferenceOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=write_auth,
    summary="Zustelleinstellungen ändern (email_mode: off, immediate, daily)",
)
def preference_update(request: HttpRequest, payload: PreferenceIn) -> Any:
    services.preferences_set(
        actor=Actor.of(request.user),
        user=request.user,
        email_mode=payload.email_mode,
        own_gaps=payload.own_gaps,
    )
    return _preference(request)


@subscriptions_router.get(
    "", response={200: list[SubscriptionOut], 401: ErrorOut}, auth=signed_in, summary="Meine Abonnements"
)
@paginate(LimitOffsetPagination)
def subscription_list(request: HttpRequest) -> Any:
    return selectors.subscription_list(user=request.user)


@subscriptions_router.post(
    "",
    response={201: SubscriptionOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=write_auth,
    summary="Abonnieren (kind: service, solution, organization, network; key: OZG-ID, Kurzname, AGS)",
)
def subscription_create(request: HttpRequest, payload: SubscriptionIn) -> Status[Any]:
    target = selectors.target_get(user=request.user, kind=payload.kind, key=payload.key)
    subscription = services.subscribe(actor=Actor.of(request.user), user=request.user, target=target)
    return Status(201, subscription)


@subscriptions_router.delete(
    "/{subscription_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=write_auth,
    summary="Abbestellen",
)
def subscription_delete(request: HttpRequest, subscription_id: int) -> Status[None]:
    subscription = selectors.subscription_get(user=request.user, pk=subscription_id)
    services.unsubscribe(actor=Actor.of(request.user), subscription=subscription)
    return Status(204, None)


@webhooks_router.get(
    "", response={200: list[WebhookOut], 401: ErrorOut}, auth=signed_in, summary="Meine Webhooks"
)
@paginate(LimitOffsetPagination)
def webhook_list(request: HttpRequest) -> Any:
    return selectors.webhook_list(user=request.user)


@webhooks_router.post(
    "",
    response={201: WebhookCreatedOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=write_auth,
    summary="Webhook anlegen (mit organization: für die Organisation); das Geheimnis steht nur in dieser Antwort",
)
def webhook_create(request: HttpRequest, payload: WebhookIn) -> Status[Any]:
    organization = organization_get(key=payload.organization) if payload.organization else None
    webhook, _secret = services.webhook_create(
        actor=Actor.of(request.user),
        url=payload.url,
        description=payload.description,
        user=None if organization else request.user,
        organization=organization,
    )
    return Status(201, webhook)  # the only answer that carries the secret


@webhooks_router.delete(
    "/{webhook_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=write_auth,
    summary="Webhook löschen",
)
def webhook_delete(request: HttpRequest, webhook_id: int) -> Status[None]:
    webhook = selectors.webhook_get(user=request.user, pk=webhook_id)
    services.webhook_delete(actor=Actor.of(request.user), webhook=webhook)
    return Status(204, None)


@webhooks_router.get(
    "/{webhook_id}/deliveries",
    response={200: list[DeliveryOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=signed_in,
    summary="Zustellprotokoll eines Webhooks",
)
@paginate(LimitOffsetPagination)
def webhook_deliveries(request: HttpRequest, webhook_id: int) -> Any:
    webhook = selectors.webhook_get(user=request.user, pk=webhook_id)
    return selectors.webhook_deliveries(webhook=webhook)
