"""Publishing events for notifications: the one entry point other apps call.

Apps call `publish(...)` inside the transaction of the change that caused the event. The
notifications app records the event idempotently (by `key`), matches subscriptions and delivers
after commit; a failed delivery never blocks or rolls back the change.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from ikone.core.audit import Actor


def publish(
    *,
    kind: str,
    key: str,
    subject: models.Model,
    actor: Actor,
    title: str,
    url: str = "",
    related: Iterable[models.Model] = (),
) -> None:
    """Record that `kind` happened to `subject` (e.g. "adoption.created" for an Adoption).

    `key` identifies the event: publishing the same key twice notifies nobody twice.
    `related` are further objects whose subscribers care (the solution, its OZG-Leistungen,
    the owner organisation, the network). `title` is a German one-line summary; `url` the
    path of the page that shows the change.
    """
