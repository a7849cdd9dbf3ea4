"""Notification delivery as background jobs (see `ikone.core.jobs`). Each returns a German
summary that the operator page shows as the job's result."""

from __future__ import annotations

from ikone.notifications import delivery


def deliver_event(event_id: int) -> str:
    counts = delivery.deliver_event(event_id)
    return f"{counts.sent} zugestellt, {counts.failed} fehlgeschlagen"


def deliver_due() -> str:
    counts = delivery.deliver_due()
    return f"{counts.sent} zugestellt, {counts.failed} fehlgeschlagen (später neuer Versuch)"


def send_digests() -> str:
    counts = delivery.send_digests()
    return f"{counts.sent} Zusammenfassungen gesendet, {counts.failed} fehlgeschlagen"
