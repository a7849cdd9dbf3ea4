from django.contrib import admin

from ikone.core.admin import ReadOnlyAdmin
from ikone.notifications.models import Event, Notification, Subscription, Webhook, WebhookDelivery


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "is_public", "actor_label", "created_at"]
    list_filter = ["kind", "is_public"]
    search_fields = ["key", "title"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["event", "user", "channel", "status", "attempts", "read_at", "sent_at"]
    list_filter = ["channel", "status"]


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["user", "service", "solution", "organization", "network", "created_at"]


@admin.register(Webhook)
class WebhookAdmin(ReadOnlyAdmin):
    list_display = ["url", "user", "organization", "is_active", "created_at"]
    exclude = ["secret"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["event", "webhook", "status", "attempts", "next_attempt_at", "sent_at", "last_error"]
    list_filter = ["status"]
