"""Writes for OZG coverage. Every write is atomic and writes, in the same transaction, the status,
its history (`StatusChange`), the audit record (`ChangeRecord`) and the incremental aggregates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from ikone.accounts import policy
from ikone.core.audit import Actor, ChangeRecord, change_record, record_change, record_changes
from ikone.core.errors import Conflict, DomainError, FieldError
from ikone.coverage import aggregation
from ikone.coverage.choices import StatusSource
from ikone.coverage.computations.aggregates import Aggregates
from ikone.coverage.computations.aggregates import delta as aggregate_delta
from ikone.coverage.computations.leika import MixedModels, derive_level
from ikone.coverage.computations.rows import RowProblem, UnreadableFile, parse_file
from ikone.coverage.computations.synthetic import synthetic_levels
from ikone.coverage.models import LeikaStatus, ServiceStatus, StatusChange
from ikone.organizations.choices import Level
from ikone.organizations.models import Organization
from ikone.ozg.models import LeikaService, MaturityLevel, MaturityModel, Service, Themenfeld

TRACKED_FIELDS = ["level", "model", "online_since", "url", "solution", "note", "source"]


@dataclass(frozen=True)
class StatusValues:
    """What a status says; `model` is the version of the Reifegradmodell ("1.1" or "2.0")."""

    level: int
    model: str = "1.1"
    online_since: dt.date | None = None
    url: str = ""
    solution: Any = None  # catalog.Solution or None
    note: str = ""


class UnprocessableRows(DomainError):
    """An import with bad rows: nothing applied (all-or-nothing), every row listed."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(
            detail=f"{len(problems)} fehlerhafte Angaben; es wurde nichts übernommen.",
            errors=[FieldError(field=f"rows.{p.line}.{p.column}", message=str(p)) for p in problems],
            status=422,
        )
        self.problems = problems


def _maturity_levels() -> dict[str, tuple[MaturityModel, set[int]]]:
    """Every model version with its levels, as stored in MaturityLevel (the source of truth)."""
    result: dict[str, tuple[MaturityModel, set[int]]] = {}
    for level in MaturityLevel.objects.select_related("model"):
        result.setdefault(level.model.version, (level.model, set()))[1].add(level.level)
    return result


def _check_level(values: StatusValues, levels: dict[str, tuple[MaturityModel, set[int]]]) -> MaturityModel:
    if values.model not in levels:
        raise DomainError(
            detail=f"Unbekanntes Reifegradmodell „{values.model}“.",
            errors=[FieldError("model", f"Erlaubt: {', '.join(sorted(levels))}")],
            status=422,
        )
    model, allowed = levels[values.model]
    if values.level not in allowed:
        raise DomainError(
            detail=f"Stufe {values.level} gibt es im Reifegradmodell {values.model} nicht.",
            errors=[FieldError("level", f"Stufen im Modell {values.model}: {min(allowed)}–{max(allowed)}")],
            status=422,
        )
    if values.online_since and values.online_since > timezone.localdate():
        raise DomainError(
            detail="Das Datum „online seit“ liegt in der Zukunft.",
            errors=[FieldError("online_since", "Das Datum liegt in der Zukunft.")],
            status=422,
        )
    return model


def _snapshot(status: ServiceStatus | LeikaStatus | None, versions: dict[int, str]) -> dict[str, Any]:
    if status is None:
        return {}
    return {
        "level": status.level,
        "model": versions.get(status.model_id, ""),
        "online_since": status.online_since.isoformat() if status.online_since else None,
        "url": status.url,
        "solution": status.solution_id,
        "note": status.note,
        "source": status.source,
    }


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        key: [before.get(key), after.get(key)] for key in TRACKED_FIELDS if before.get(key) != after.get(key)
    }


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    statuses: list[ServiceStatus] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.created + self.updated


def _write_statuses(
    *,
    actor: Actor,
    organization: Organization,
    items: Sequence[tuple[Service, StatusValues]],
    source: str,
    derived: bool = False,
) -> WriteResult:
    """Set many statuses of one organisation: statuses, history, audit and aggregates in bulk."""
    levels = _maturity_levels()
    models = {values.model: _check_level(values, levels) for _service, values in items}
    versions = {model.pk: version for version, (model, _levels) in levels.items()}
    existing = {
        s.service_id: s
        for s in ServiceStatus.objects.filter(organization=organization, service__in=[s for s, _v in items])
    }
    now = timezone.now()
    user = actor.user if actor.user is not None and actor.user.pk else None
    result = WriteResult()
    to_create: list[ServiceStatus] = []
    to_update: list[ServiceStatus] = []
    history: list[StatusChange] = []
    audited: list[tuple[ServiceStatus, dict[str, list[Any]], bool]] = []
    delta = Aggregates.empty()
    for service, values in items:
        status = existing.get(service.pk)
        before = _snapshot(status, versions)
        old_fact = (
            aggregation.fact_of(status, organization=organization, themenfeld_id=service.themenfeld_id)
            if status
            else None
        )
        if status is None:
            status = ServiceStatus(organization=organization, service=service)
        status.model = models[values.model]
        status.level = values.level
        status.online_since = values.online_since
        status.url = values.url
        status.solution = values.solution
        status.note = values.note
        status.source = source
        status.derived_from_leika = derived
        after = _snapshot(status, versions)
        changes = _changes(before, after)
        if not changes and status.pk:
            result.unchanged += 1
            result.statuses.append(status)
            continue
        status.updated_by = user
        status.updated_by_label = actor.label[:200]
        status.updated_at = now
        status.full_clean(
            exclude=["organization", "service", "model", "solution", "updated_by"],
            validate_unique=False,
            validate_constraints=False,
        )
        (to_update if status.pk else to_create).append(status)
        history.append(
            StatusChange(
                organization=organization,
                service=service,
                changed_at=now,
                actor=user,
                actor_label=actor.label[:200],
                source=source,
                old_level=before.get("level"),
                old_model=before.get("model") or "",
                new_level=values.level,
                new_model=values.model,
                changes=changes,
            )
        )
        new_fact = aggregation.fact_of(status, organization=organization, themenfeld_id=service.themenfeld_id)
        delta.add(aggregate_delta(old_fact, new_fact))
        audited.append((status, changes, status.pk is None))
        result.statuses.append(status)
    ServiceStatus.objects.bulk_create(to_create, batch_size=500)
    ServiceStatus.objects.bulk_update(
        to_update,
        [
            "model",
            "level",
            "online_since",
            "url",
            "solution",
            "note",
            "source",
            "derived_from_leika",
            "updated_by",
            "updated_by_label",
            "updated_at",
        ],
        batch_size=500,
    )
    audit = [
        change_record(
            actor=actor,
            instance=status,
            action=ChangeRecord.Action.CREATE if created else ChangeRecord.Action.UPDATE,
            changes=changes,
        )
        for status, changes, created in audited
    ]
    StatusChange.objects.bulk_create(history, batch_size=500)
    record_changes(audit)
    aggregation.apply_delta(delta.nonzero())
    result.created = len(to_create)
    result.updated = len(to_update)
    return result


def _authorize(actor: Actor, organization: Organization) -> None:
    """Editors and org admins of the organisation, platform admins and system actors (401/403)."""
    policy.authorize(actor, policy.can_edit_organization_data(actor.user, organization.pk))


def _leika_derived_services(organization: Organization) -> set[int]:
    return set(
        LeikaStatus.objects.filter(organization=organization).values_list("service_id", flat=True).distinct()
    )


@transaction.atomic
def service_status_set(
    *,
    actor: Actor,
    organization: Organization,
    service: Service,
    values: StatusValues,
    source: str = StatusSource.SELF_REPORTED,
) -> ServiceStatus:
    """Set the status of one OZG-Leistung. If LeiKa-Leistungen are recorded, the level is derived
    from them and cannot be set directly (409); the other details can."""
    _authorize(actor, organization)
    if service.pk in _leika_derived_services(organization):
        current = ServiceStatus.objects.get(organization=organization, service=service)
        if (current.level, current.model.version) != (values.level, values.model):
            raise Conflict(
                "Der Reifegrad dieser OZG-Leistung wird aus ihren LeiKa-Leistungen abgeleitet "
                f"(Stufe {current.level}, Modell {current.model.version}).",
                errors=[FieldError("level", "Ändern Sie die Stufen der LeiKa-Leistungen.")],
            )
        return _write_statuses(
            actor=actor,
            organization=organization,
            items=[(service, values)],
            source=current.source,
            derived=True,
        ).statuses[0]
    return _write_statuses(
        actor=actor, organization=organization, items=[(service, values)], source=source
    ).statuses[0]


@transaction.atomic
def statuses_set(
    *,
    actor: Actor,
    organization: Organization,
    items: Sequence[tuple[Service, StatusValues]],
    source: str = StatusSource.SELF_REPORTED,
) -> WriteResult:
    """Set several statuses of one organisation at once (services with LeiKa-derived levels are refused)."""
    _authorize(actor, organization)
    derived = _leika_derived_services(organization) & {service.pk for service, _values in items}
    if derived:
        raise Conflict("Einige OZG-Leistungen erhalten ihren Reifegrad aus ihren LeiKa-Leistungen.")
    return _write_statuses(actor=actor, organization=organization, items=items, source=source)


@transaction.atomic
def leika_status_set(
    *,
    actor: Actor,
    organization: Organization,
    leika_service: LeikaService,
    values: StatusValues,
    source: str = StatusSource.SELF_REPORTED,
) -> LeikaStatus:
    """Set the status of one LeiKa-Leistung and re-derive its OZG-Leistung (lowest level wins)."""
    _authorize(actor, organization)
    if leika_service.service_id is None:
        raise DomainError(
            detail="Diese LeiKa-Leistung gehört zu keiner OZG-Leistung im Katalog.",
            errors=[FieldError("leika_key", "ohne OZG-Zuordnung")],
            status=422,
        )
    levels = _maturity_levels()
    model = _check_level(values, levels)
    versions = {m.pk: version for version, (m, _l) in levels.items()}
    status = LeikaStatus.objects.filter(organization=organization, leika_service=leika_service).first()
    before = _snapshot(status, versions)
    if status is None:
        status = LeikaStatus(
            organization=organization, leika_service=leika_service, service_id=leika_service.service_id
        )
    now = timezone.now()
    user = actor.user if actor.user is not None and actor.user.pk else None
    status.model = model
    status.level = values.level
    status.online_since = values.online_since
    status.url = values.url
    status.solution = values.solution
    status.note = values.note
    status.source = source
    status.updated_by = user
    status.updated_by_label = actor.label[:200]
    status.updated_at = now
    changes = _changes(before, _snapshot(status, versions))
    if not changes:
        return status
    status.full_clean(
        exclude=["organization", "leika_service", "service", "model", "solution", "updated_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    status.save()
    StatusChange.objects.create(
        organization=organization,
        service_id=leika_service.service_id,
        leika_service=leika_service,
        changed_at=now,
        actor=user,
        actor_label=actor.label[:200],
        source=source,
        old_level=before.get("level"),
        old_model=before.get("model") or "",
        new_level=values.level,
        new_model=values.model,
        changes=changes,
    )
    record_change(
        actor=actor,
        instance=status,
        action=ChangeRecord.Action.UPDATE if before else ChangeRecord.Action.CREATE,
        changes=changes,
    )
    recorded = LeikaStatus.objects.filter(organization=organization, service_id=leika_service.service_id)
    try:
        derived = derive_level((versions[s.model_id], s.level) for s in recorded)
    except MixedModels as exc:
        raise DomainError(
            detail="Die LeiKa-Leistungen einer OZG-Leistung müssen im selben Reifegradmodell erfasst sein.",
            errors=[FieldError("model", f"erfasst in den Modellen {exc}")],
            status=422,
        ) from exc
    assert derived is not None
    service = Service.objects.get(pk=leika_service.service_id)
    current = ServiceStatus.objects.filter(organization=organization, service=service).first()
    derived_values = StatusValues(
        level=derived[1],
        model=derived[0],
        online_since=current.online_since if current else values.online_since,
        url=current.url if current else values.url,
        solution=current.solution if current else values.solution,
        note=current.note if current else "",
    )
    _write_statuses(
        actor=actor,
        organization=organization,
        items=[(service, derived_values)],
        source=StatusSource.DERIVED,
        derived=True,
    )
    return status


@dataclass
class BulkResult:
    changed: int
    unchanged: int
    skipped_derived: int


@transaction.atomic
def themenfeld_status_set(
    *,
    actor: Actor,
    organization: Organization,
    themenfeld: Themenfeld,
    values: StatusValues,
    only_unreported: bool = False,
) -> BulkResult:
    """Set one status for every OZG-Leistung of a Themenfeld (LeiKa-derived ones are left alone)."""
    _authorize(actor, organization)
    derived = _leika_derived_services(organization)
    services = list(Service.objects.filter(themenfeld=themenfeld).order_by("ozg_id"))
    if only_unreported:
        reported = set(
            ServiceStatus.objects.filter(organization=organization, service__in=services).values_list(
                "service_id", flat=True
            )
        )
        services = [s for s in services if s.pk not in reported]
    items = [(s, values) for s in services if s.pk not in derived]
    result = _write_statuses(
        actor=actor, organization=organization, items=items, source=StatusSource.SELF_REPORTED
    )
    return BulkResult(
        changed=result.changed, unchanged=result.unchanged, skipped_derived=len(services) - len(items)
    )


@dataclass
class ImportReport:
    applied: int
    unchanged: int
    skipped_blank: int
    problems: list[RowProblem]
    partial: bool

    @property
    def rejected(self) -> int:
        return len({p.line for p in self.problems})


@transaction.atomic
def coverage_import(
    *, actor: Actor, organization: Organization, content: bytes, partial: bool = False
) -> ImportReport:
    """Import statuses from CSV or XLSX (template: ozg_id, name, level, model, online_since, url, note).

    All or nothing by default: any bad row → `UnprocessableRows` (422) and nothing is applied.
    With `partial=True` the valid rows are applied and the bad ones reported."""
    _authorize(actor, organization)
    levels = _maturity_levels()
    services = {s.ozg_id: s for s in Service.objects.all()}
    try:
        parsed = parse_file(
            content,
            known_ozg_ids=set(services),
            levels_by_model={version: allowed for version, (_m, allowed) in levels.items()},
            today=timezone.localdate(),
        )
    except UnreadableFile as exc:
        raise DomainError(detail=str(exc), errors=[FieldError("file", str(exc))], status=422) from exc
    derived = _leika_derived_services(organization)
    problems = list(parsed.problems)
    rows = []
    for row in parsed.rows:
        if services[row.ozg_id].pk in derived:
            problems.append(
                RowProblem(row.line, "level", "wird aus den LeiKa-Leistungen abgeleitet und nicht importiert")
            )
        else:
            rows.append(row)
    problems.sort(key=lambda p: (p.line, p.column))
    if problems and not partial:
        raise UnprocessableRows(problems)
    result = _write_statuses(
        actor=actor,
        organization=organization,
        items=[
            (
                services[row.ozg_id],
                StatusValues(
                    level=row.level,
                    model=row.model,
                    online_since=row.online_since,
                    url=row.url,
                    note=row.note,
                ),
            )
            for row in rows
        ],
        source=StatusSource.IMPORTED,
    )
    return ImportReport(
        applied=result.changed,
        unchanged=result.unchanged,
        skipped_blank=parsed.skipped,
        problems=problems,
        partial=partial,
    )


@dataclass
class SyntheticResult:
    organizations: int
    services: int
    rows: int
    seconds_insert: float
    seconds_aggregates: float


def coverage_synthetic_generate(
    *,
    actor: Actor,
    seed: int = 1,
    limit_orgs: int | None = None,
    progress: Callable[[int], None] | None = None,
    chunk_size: int = 50_000,
) -> SyntheticResult:
    """Replace all synthetic statuses: every municipality × every OZG-Leistung (model 1.1),
    deterministic for a seed, marked `source="synthetic"`. Pairs with a real status are kept.
    Inserted with executemany in chunks, then every aggregate table is rebuilt in SQL.
    One ChangeRecord summarises the run (no per-row history for synthetic data)."""
    import time

    started = time.perf_counter()
    municipalities = Organization.objects.filter(level=Level.GEMEINDE).order_by("ags")
    if limit_orgs:
        municipalities = municipalities[:limit_orgs]
    org_ids = list(municipalities.values_list("id", flat=True))
    service_ids = list(Service.objects.order_by("ozg_id").values_list("id", flat=True))
    model = MaturityModel.objects.get(version="1.1")
    quote = connection.ops.quote_name
    table = quote(ServiceStatus._meta.db_table)
    columns = [
        "organization_id",
        "service_id",
        "model_id",
        "level",
        "url",
        "note",
        "source",
        "updated_by_label",
        "updated_at",
        "derived_from_leika",
    ]
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - fixed names
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    label = "System: synthetisch"
    rows_written = 0
    secondary = list(ServiceStatus._meta.indexes)
    with transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB for this connection
        ServiceStatus.objects.filter(source=StatusSource.SYNTHETIC).delete()
        real = set(ServiceStatus.objects.values_list("organization_id", "service_id"))
        # secondary indexes are rebuilt once after the load (sorted build instead of random inserts)
        with connection.cursor() as cursor:
            for index in secondary:
                cursor.execute(f"DROP INDEX {quote(index.name)}")
        chunk: list[tuple[Any, ...]] = []
        if connection.vendor == "sqlite":  # the DB-API cursor skips Django's per-row conversion
            sql = sql.replace("%s", "?")
        with connection.cursor() as wrapper:
            cursor = wrapper.cursor
            for org_id, service_id, level in synthetic_levels(org_ids, service_ids, seed=seed):
                if (org_id, service_id) in real:
                    continue
                chunk.append(
                    (
                        org_id,
                        service_id,
                        model.pk,
                        level,
                        "",
                        "",
                        StatusSource.SYNTHETIC.value,
                        label,
                        now,
                        False,
                    )
                )
                if len(chunk) >= chunk_size:
                    cursor.executemany(sql, chunk)
                    rows_written += len(chunk)
                    if progress:
                        progress(len(chunk))
                    chunk = []
            if chunk:
                cursor.executemany(sql, chunk)
                rows_written += len(chunk)
                if progress:
                    progress(len(chunk))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # the deferred foreign-key checks of the inserted rows must run before CREATE INDEX
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for index in secondary:
                fields = [ServiceStatus._meta.get_field(name) for name in index.fields]
                indexed = ", ".join(quote(str(getattr(f, "column", f.name))) for f in fields)
                cursor.execute(f"CREATE INDEX {quote(index.name)} ON {table} ({indexed})")
        inserted = time.perf_counter()
        aggregation.rebuild_all()
        ChangeRecord.objects.create(
            actor=actor.user if actor.user is not None and actor.user.pk else None,
            actor_label=actor.label[:200],
            object_type=ServiceStatus._meta.label_lower,
            object_id="synthetic",
            object_repr="synthetische Umsetzungsstände",
            action=ChangeRecord.Action.CREATE,
            changes={
                "rows": [None, rows_written],
                "seed": [None, seed],
                "organizations": [None, len(org_ids)],
            },
        )
    done = time.perf_counter()
    return SyntheticResult(
        organizations=len(org_ids),
        services=len(service_ids),
        rows=rows_written,
        seconds_insert=inserted - started,
        seconds_aggregates=done - inserted,
    )


@transaction.atomic
def aggregates_rebuild(*, actor: Actor) -> None:
    """Recompute every aggregate table from the statuses (repair; the services keep them current)."""
    aggregation.rebuild_all()
    ChangeRecord.objects.create(
        actor=actor.user if actor.user is not None and actor.user.pk else None,
        actor_label=actor.label[:200],
        object_type=ServiceStatus._meta.label_lower,
        object_id="aggregates",
        object_repr="Zählungen des Umsetzungsstands",
        action=ChangeRecord.Action.UPDATE,
        changes={"rebuilt": [None, True]},
    )
