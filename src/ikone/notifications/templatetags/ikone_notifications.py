"""Header link with the number of unread notifications, and the subscribe button for detail pages."""

from typing import Any

from django import template
from django.db.models import Model

from ikone.notifications import selectors

register = template.Library()


@register.inclusion_tag("notifications/_header_link.html", takes_context=True)
def notifications_link(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"unread": selectors.unread_count(user=user) if user is not None else 0}


@register.inclusion_tag("notifications/_subscribe.html", takes_context=True)
def subscribe_button(context: dict[str, Any], target: Model) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "request": request,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "target": target,
        "kind": selectors.kind_of(target),
        "key": selectors.key_of(target),
        "subscribed": selectors.subscription_for(user=user, target=target) is not None,
    }
