"""Atom feeds: a person's notifications (secret address) and a network's public events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Protocol

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from ikone.notifications import selectors
from ikone.organizations.models import Network


class AtomEntry(Protocol):
    """What an Atom entry is made of (an Event, or another app's change)."""

    @property
    def key(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def actor_label(self) -> str: ...
    @property
    def created_at(self) -> dt.datetime: ...


def atom_response(
    request: HttpRequest, *, title: str, link: str, feed_url: str, events: Iterable[AtomEntry]
) -> HttpResponse:
    feed = Atom1Feed(
        title=title,
        link=request.build_absolute_uri(link),
        description=title,
        language="de",
        feed_url=feed_url,
        feed_guid=feed_url,
    )
    for event in events:
        feed.add_item(
            title=event.title,
            link=request.build_absolute_uri(event.url or link),
            description=f"{event.title} ({event.actor_label})" if event.actor_label else event.title,
            unique_id=f"tag:ikone,{event.created_at:%Y-%m-%d}:{event.key}",
            unique_id_is_permalink=False,
            pubdate=event.created_at,
            updateddate=event.created_at,
            categories=[event.kind],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


def user_feed_response(request: HttpRequest, user: Any) -> HttpResponse:
    notifications = selectors.notification_list(user=user)[: selectors.FEED_SIZE]
    return atom_response(
        request,
        title=f"ikone: Benachrichtigungen für {user.email}",
        link=reverse("notifications:inbox"),
        feed_url=request.build_absolute_uri(),
        events=[n.event for n in notifications],
    )


def network_feed_response(request: HttpRequest, network: Network) -> HttpResponse:
    return atom_response(
        request,
        title=f"ikone: Neuigkeiten aus {network}",
        link=reverse("organizations:network-detail", args=[network.slug]),
        feed_url=request.build_absolute_uri(),
        events=selectors.network_feed_events(network=network),
    )
