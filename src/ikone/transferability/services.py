"""Writes: the owner's platform-side facts and the stored general scores. Atomic and audited.

`score_refresh` keeps the table of general scores current. It runs for one solution whenever its
platform-side facts change (here), may be called by other apps after they change an input (catalog
import/edit, conformance, adoptions, experience reports), and runs for all solutions with
`ikone transferability refresh` (daily, because "activity" depends on the date).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ikone.accounts import policy
from ikone.catalog.models import Solution
from ikone.core.audit import (
    Actor,
    ChangeRecord,
    change_record,
    diff,
    field_values,
    record_change,
    record_changes,
)
from ikone.core.errors import DomainError, FieldError
from ikone.organizations import keys
from ikone.transferability.bands import band
from ikone.transferability.facts import Check, gather_many
from ikone.transferability.models import LegalScope, TransferabilityFacts, TransferabilityScore
from ikone.transferability.scoring import SIZE_CLASS_LABELS, score

FACT_FIELDS = [
    "container",
    "saas",
    "on_premise",
    "multi_tenant",
    "personal_data",
    "data_protection_url",
    "accessibility_url",
    "legal_scope",
    "law_land_keys",
    "size_classes",
    "it_providers",
]
BATCH = 500


@dataclass
class FactValues:
    """What the owner states; every field is optional (None / empty = keine Angabe)."""

    container: bool | None = None
    saas: bool | None = None
    on_premise: bool | None = None
    multi_tenant: bool | None = None
    personal_data: bool | None = None
    data_protection_url: str = ""
    accessibility_url: str = ""
    legal_scope: str = ""
    law_land_keys: list[str] | None = None
    size_classes: list[str] | None = None
    it_providers: list[str] | None = None


def _check(values: FactValues) -> None:
    errors = []
    if values.legal_scope and values.legal_scope not in LegalScope.values:
        errors.append(FieldError(field="legal_scope", message="Unbekannter Rechtsbezug."))
    unknown_lands = [k for k in values.law_land_keys or [] if k not in keys.LAND_KEYS]
    if unknown_lands:
        errors.append(
            FieldError(
                field="law_land_keys", message="Unbekannte Länderschlüssel: " + ", ".join(unknown_lands)
            )
        )
    if values.law_land_keys and values.legal_scope != LegalScope.LAND:
        errors.append(
            FieldError(
                field="law_land_keys", message="Länder nur angeben, wenn die Lösung Landesrecht umsetzt."
            )
        )
    unknown_sizes = [k for k in values.size_classes or [] if k not in SIZE_CLASS_LABELS]
    if unknown_sizes:
        errors.append(
            FieldError(field="size_classes", message="Unbekannte Größenklassen: " + ", ".join(unknown_sizes))
        )
    if errors:
        raise DomainError(
            detail="Die Angaben zur Übertragbarkeit enthalten Fehler.", errors=errors, status=422
        )


@transaction.atomic
def facts_update(*, actor: Actor, solution: Solution, values: FactValues) -> TransferabilityFacts:
    """Save the owner's facts of a solution (people of the owner with edit rights) and refresh its score."""
    policy.authorize(actor, policy.can_edit_organization_data(actor.user, solution.owner_id))
    _check(values)
    facts = TransferabilityFacts.objects.select_for_update().filter(solution=solution).first()
    created = facts is None
    if facts is None:
        facts = TransferabilityFacts(solution=solution)
    before = {} if created else field_values(facts, FACT_FIELDS)
    for name in FACT_FIELDS:
        value = getattr(values, name)
        if name in {"law_land_keys", "size_classes"}:
            value = sorted(set(value or []))
        elif name == "it_providers":
            value = "\n".join(dict.fromkeys(p.strip() for p in value or [] if p.strip()))
        setattr(facts, name, value)
    try:
        facts.full_clean(exclude=["solution"])
    except ValidationError as exc:
        raise DomainError(
            detail="Die Angaben zur Übertragbarkeit enthalten Fehler.",
            errors=[FieldError(field=name, message=" ".join(m)) for name, m in exc.message_dict.items()],
            status=422,
        ) from exc
    facts.save()
    changes = diff(before, field_values(facts, FACT_FIELDS))
    if created or changes:
        record_change(
            actor=actor,
            instance=facts,
            action=ChangeRecord.Action.CREATE if created else ChangeRecord.Action.UPDATE,
            changes=changes,
            organization_id=solution.owner_id,
        )
    score_refresh(actor=actor, solution_ids=[solution.pk])
    return facts


def _refresh_batch(actor: Actor, solutions: list[Solution], now: Any) -> int:
    checks: dict[int, Check] = {}
    facts = gather_many(solutions, checks=checks)
    stored = {
        s.solution_id: s
        for s in TransferabilityScore.objects.filter(solution_id__in=[s.pk for s in solutions])
    }
    create, update, checked, records = [], [], [], []
    for solution in solutions:
        value = score(facts[solution.pk]).score
        sha, errors, warnings = checks[solution.pk]
        row = stored.get(solution.pk)
        old = row.score if row is not None else None
        if row is not None and old == value:
            if row.document_sha1 != sha:  # same score, new document: keep its check (no audit entry)
                row.document_sha1, row.publiccode_errors, row.publiccode_warnings = sha, errors, warnings
                checked.append(row)
            continue
        if row is None:
            row = TransferabilityScore(solution=solution, score=value, band=band(value), computed_at=now)
            create.append(row)
        else:
            row.score, row.band, row.computed_at = value, band(value), now
            update.append(row)
        row.document_sha1, row.publiccode_errors, row.publiccode_warnings = sha, errors, warnings
        records.append(
            change_record(
                actor=actor,
                instance=row,
                action=ChangeRecord.Action.CREATE if old is None else ChangeRecord.Action.UPDATE,
                changes={"score": [old, value]},
                organization_id=solution.owner_id,
            )
        )
    check_fields = ["document_sha1", "publiccode_errors", "publiccode_warnings"]
    TransferabilityScore.objects.bulk_create(create)
    TransferabilityScore.objects.bulk_update(update, ["score", "band", "computed_at", *check_fields])
    TransferabilityScore.objects.bulk_update(checked, check_fields)
    record_changes(records)
    return len(records)


def score_refresh(*, actor: Actor, solution_ids: Iterable[int] | None = None, progress: Any = None) -> int:
    """Recompute the stored general score of the given solutions (all without ids); every changed
    score is recorded. Returns the number of changed scores. Reads only public inputs, so anybody
    may trigger it; each batch is its own transaction."""
    queryset = Solution.objects.order_by("pk").defer("source_yaml", "long_description")
    if solution_ids is not None:
        queryset = queryset.filter(pk__in=list(solution_ids))
    ids = list(queryset.values_list("pk", flat=True))
    now = timezone.now()
    changed = 0
    for start in range(0, len(ids), BATCH):
        chunk = list(queryset.filter(pk__in=ids[start : start + BATCH]))
        with transaction.atomic():
            changed += _refresh_batch(actor, chunk, now)
        if progress is not None:
            progress(len(chunk))
    return changed
