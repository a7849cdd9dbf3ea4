"""Idempotent bulk synchronisation of reference rows into a table.

Used by the reference-data importers: rows are compared with what is stored under their natural
key; only new and changed rows are written (in bulk), each with its audit record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from ikone.core.audit import Actor, ChangeRecord, change_record, record_changes


@dataclass
class RowError:
    """A row that could not be imported, with where it stands in its file."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class SyncStats:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: SyncStats) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass
class SyncResult:
    stats: dict[str, SyncStats] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(s.changed for s in self.stats.values())


def sync_rows(
    *,
    model: type[models.Model],
    key_fields: Sequence[str],
    fields: Sequence[str],
    rows: Iterable[dict[str, Any]],
    actor: Actor,
    existing: models.QuerySet[Any] | None = None,
    progress: Callable[[int], None] | None = None,
    scope: Callable[[Any], int | None] | None = None,
) -> tuple[SyncStats, dict[tuple[Any, ...], models.Model]]:
    """Create or update `model` rows so that they hold `rows`; returns stats and all objects by key.

    `scope` names the organisation a row belongs to, for the change log per organisation.
    Each row maps field attnames (foreign keys as `<name>_id`) to values already converted to the
    field's Python type, so that comparing with the stored values is exact.
    """
    queryset = existing if existing is not None else model._default_manager.all()
    stored: dict[tuple[Any, ...], models.Model] = {
        tuple(getattr(obj, k) for k in key_fields): obj for obj in queryset.only("pk", *key_fields, *fields)
    }
    stats = SyncStats()
    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    update_diffs: list[dict[str, list[Any]]] = []
    for row in rows:
        key = tuple(row[k] for k in key_fields)
        obj = stored.get(key)
        if obj is None:
            obj = model(**row)
            stored[key] = obj
            to_create.append(obj)
        else:
            changes = {
                name: [getattr(obj, name), row[name]] for name in fields if getattr(obj, name) != row[name]
            }
            if changes:
                for name, (_old, new) in changes.items():
                    setattr(obj, name, new)
                to_update.append(obj)
                update_diffs.append({k: [str(v[0]), str(v[1])] for k, v in changes.items()})
            else:
                stats.unchanged += 1
        if progress:
            progress(1)
    if to_create:
        model._default_manager.bulk_create(to_create, batch_size=1000)
    if to_update:
        model._default_manager.bulk_update(to_update, list(fields), batch_size=500)
    records: list[ChangeRecord] = [
        change_record(
            actor=actor,
            instance=obj,
            action=ChangeRecord.Action.CREATE,
            changes={name: [None, _plain(getattr(obj, name))] for name in fields},
            organization_id=scope(obj) if scope else None,
        )
        for obj in to_create
    ]
    records += [
        change_record(
            actor=actor,
            instance=obj,
            action=ChangeRecord.Action.UPDATE,
            changes=changes,
            organization_id=scope(obj) if scope else None,
        )
        for obj, changes in zip(to_update, update_diffs, strict=True)
    ]
    record_changes(records)
    stats.created = len(to_create)
    stats.updated = len(to_update)
    return stats, stored


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
