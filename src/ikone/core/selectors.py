"""Reads of the change log. Who may read it is decided by the callers through the policy."""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from ikone.core.models import ChangeRecord


def changes_for_object(*, instance: models.Model) -> QuerySet[ChangeRecord]:
    return ChangeRecord.objects.filter(object_type=instance._meta.label_lower, object_id=str(instance.pk))


def changes_for_organization(*, organization_id: int) -> QuerySet[ChangeRecord]:
    return ChangeRecord.objects.filter(organization_id=organization_id)


def changes_all() -> QuerySet[ChangeRecord]:
    """The whole change log of the platform (for the platform administration)."""
    return ChangeRecord.objects.all()
