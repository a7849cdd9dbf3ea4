"""Audit trail: services call these inside their transaction, never signals."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models

from ikone.core.context import current_request_id
from ikone.core.models import ChangeRecord


@dataclass(frozen=True)
class Actor:
    """Who made a change: a user, or a named system process (import, command)."""

    user: Any = None
    label: str = "System"
    is_system: bool = False

    @classmethod
    def system(cls, label: str) -> Actor:
        return cls(user=None, label=f"System: {label}", is_system=True)

    @classmethod
    def of(cls, user: Any) -> Actor:
        if user is None or not getattr(user, "is_authenticated", False):
            return cls(user=None, label="anonym")
        return cls(user=user, label=str(user))


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


def field_values(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: _jsonable(getattr(instance, name)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Field-level diff as {field: [old, new]} for the fields whose value changed."""
    return {
        key: [_jsonable(before.get(key)), _jsonable(after.get(key))]
        for key in sorted(set(before) | set(after))
        if _jsonable(before.get(key)) != _jsonable(after.get(key))
    }


def change_record(
    *,
    actor: Actor,
    instance: models.Model,
    action: str,
    changes: Mapping[str, Any],
    organization_id: int | None = None,
) -> ChangeRecord:
    """Build (unsaved) a record; use record_changes to write many at once."""
    return ChangeRecord(
        actor=actor.user,
        actor_label=actor.label[:200],
        request_id=current_request_id(),
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        action=action,
        changes=dict(changes),
        organization_id=organization_id,
    )


def record_change(
    *,
    actor: Actor,
    instance: models.Model,
    action: str,
    changes: Mapping[str, Any],
    organization_id: int | None = None,
) -> ChangeRecord:
    record = change_record(
        actor=actor, instance=instance, action=action, changes=changes, organization_id=organization_id
    )
    record.save()
    return record


def record_changes(records: list[ChangeRecord]) -> None:
    ChangeRecord.objects.bulk_create(records, batch_size=2000)
