"""Writing the incremental aggregate tables (used by the services only, inside their transaction).

Deltas come from `computations.aggregates`; they are applied with one upsert statement per table
(`INSERT … ON CONFLICT DO UPDATE SET count = count + excluded.count`, SQLite ≥ 3.24 and PostgreSQL).
`rebuild_all` recomputes every table from the statuses with `INSERT … SELECT … GROUP BY` (after the
synthetic bulk load, or to repair).
"""

# ruff: noqa: S608 - SQL built only from model table names, values passed as parameters
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection

from ikone.coverage import cache
from ikone.coverage.computations.aggregates import Aggregates, StatusFact
from ikone.coverage.models import (
    AreaServiceCount,
    OrganizationThemenfeldCount,
    ServiceStatus,
    SolutionUsageCount,
)
from ikone.organizations.choices import Level
from ikone.organizations.models import Organization
from ikone.ozg.models import Service


def fact_of(status: ServiceStatus, *, organization: Organization, themenfeld_id: int) -> StatusFact:
    return StatusFact(
        organization_id=organization.pk,
        service_id=status.service_id,
        themenfeld_id=themenfeld_id,
        model_id=status.model_id,
        level=status.level,
        solution_id=status.solution_id,
        is_municipality=organization.level == Level.GEMEINDE,
        land_key=organization.land_key,
        kreis_key=organization.kreis_key,
    )


def _upsert(table: str, key_columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    rows = list(rows)
    if not rows:
        return
    columns = [*key_columns, "count"]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(quote(c) for c in key_columns)}) "
        f"DO UPDATE SET {quote('count')} = {quote(table)}.{quote('count')} + excluded.{quote('count')}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def apply_delta(delta: Aggregates) -> None:
    cache.bump()
    _upsert(
        OrganizationThemenfeldCount._meta.db_table,
        ["organization_id", "themenfeld_id", "model_id", "level"],
        ((*key, value) for key, value in delta.org.items() if value),
    )
    _upsert(
        AreaServiceCount._meta.db_table,
        ["scope", "area_key", "service_id", "model_id", "level"],
        ((*key, value) for key, value in delta.area.items() if value),
    )
    _upsert(
        SolutionUsageCount._meta.db_table,
        ["service_id", "solution_id", "model_id", "level"],
        ((*key, value) for key, value in delta.solution.items() if value),
    )


def rebuild_all() -> None:
    """Recompute every aggregate table from `ServiceStatus` in SQL (call inside a transaction)."""
    quote = connection.ops.quote_name
    status = quote(ServiceStatus._meta.db_table)
    service = quote(Service._meta.db_table)
    org = quote(Organization._meta.db_table)
    org_count = quote(OrganizationThemenfeldCount._meta.db_table)
    area = quote(AreaServiceCount._meta.db_table)
    usage = quote(SolutionUsageCount._meta.db_table)
    municipality = "'" + str(Level.GEMEINDE) + "'"
    statements = [
        f"DELETE FROM {org_count}",
        f"DELETE FROM {area}",
        f"DELETE FROM {usage}",
        f"INSERT INTO {org_count} (organization_id, themenfeld_id, model_id, level, {quote('count')}) "
        f"SELECT s.organization_id, v.themenfeld_id, s.model_id, s.level, COUNT(*) FROM {status} s "
        f"JOIN {service} v ON v.id = s.service_id GROUP BY s.organization_id, v.themenfeld_id, s.model_id, s.level",
        f"INSERT INTO {area} (scope, area_key, service_id, model_id, level, {quote('count')}) "
        f"SELECT 'national', '', s.service_id, s.model_id, s.level, COUNT(*) FROM {status} s "
        f"JOIN {org} o ON o.id = s.organization_id WHERE o.level = {municipality} "
        f"GROUP BY s.service_id, s.model_id, s.level",
        f"INSERT INTO {area} (scope, area_key, service_id, model_id, level, {quote('count')}) "
        f"SELECT 'land', o.land_key, s.service_id, s.model_id, s.level, COUNT(*) FROM {status} s "
        f"JOIN {org} o ON o.id = s.organization_id WHERE o.level = {municipality} AND o.land_key <> '' "
        f"GROUP BY o.land_key, s.service_id, s.model_id, s.level",
        f"INSERT INTO {area} (scope, area_key, service_id, model_id, level, {quote('count')}) "
        f"SELECT 'kreis', o.kreis_key, s.service_id, s.model_id, s.level, COUNT(*) FROM {status} s "
        f"JOIN {org} o ON o.id = s.organization_id WHERE o.level = {municipality} AND o.kreis_key <> '' "
        f"GROUP BY o.kreis_key, s.service_id, s.model_id, s.level",
        f"INSERT INTO {usage} (service_id, solution_id, model_id, level, {quote('count')}) "
        f"SELECT s.service_id, s.solution_id, s.model_id, s.level, COUNT(*) FROM {status} s "
        f"WHERE s.solution_id IS NOT NULL GROUP BY s.service_id, s.solution_id, s.model_id, s.level",
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    cache.bump()


def stored_aggregates() -> Aggregates:
    """The aggregate tables as counters (for consistency checks and tests)."""
    result = Aggregates.empty()
    for o in OrganizationThemenfeldCount.objects.exclude(count=0).values_list(
        "organization_id", "themenfeld_id", "model_id", "level", "count"
    ):
        result.org[o[:4]] = o[4]
    for a in AreaServiceCount.objects.exclude(count=0).values_list(
        "scope", "area_key", "service_id", "model_id", "level", "count"
    ):
        result.area[a[:5]] = a[5]
    for u in SolutionUsageCount.objects.exclude(count=0).values_list(
        "service_id", "solution_id", "model_id", "level", "count"
    ):
        result.solution[u[:4]] = u[4]
    return result


def current_facts() -> Iterable[StatusFact]:
    """Every status as a fact (the input of a full recomputation)."""
    rows = ServiceStatus.objects.values_list(
        "organization_id",
        "service_id",
        "service__themenfeld_id",
        "model_id",
        "level",
        "solution_id",
        "organization__level",
        "organization__land_key",
        "organization__kreis_key",
    ).iterator(chunk_size=5000)
    for org_id, service_id, themenfeld_id, model_id, level, solution_id, org_level, land, kreis in rows:
        yield StatusFact(
            organization_id=org_id,
            service_id=service_id,
            themenfeld_id=themenfeld_id,
            model_id=model_id,
            level=level,
            solution_id=solution_id,
            is_municipality=org_level == Level.GEMEINDE,
            land_key=land,
            kreis_key=kreis,
        )
