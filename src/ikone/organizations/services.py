"""Writes for organisations and networks. Every write is atomic and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from ikone.accounts import policy
from ikone.core.audit import Actor, ChangeRecord, diff, field_values, record_change
from ikone.core.errors import Conflict
from ikone.core.sync import RowError, SyncResult, sync_rows
from ikone.core.text import german_slugify as slugify
from ikone.organizations.choices import Level, MembershipRole, Source
from ikone.organizations.directory import DirectoryParse, read_directory
from ikone.organizations.models import Funding, Network, NetworkMembership, Organization

DIRECTORY_FILE = "destatis_gv_auszug_2023-03-31_alle_satzarten.csv"
ORGANIZATION_FIELDS = [
    "kind",
    "name",
    "short_name",
    "ags",
    "land_key",
    "kreis_key",
    "verband_key",
    "slug",
    "population",
    "area_km2",
    "postcode",
    "latitude",
    "longitude",
    "source",
    "land_id",
    "kreis_id",
    "gemeindeverband_id",
]
_LEVEL_ORDER = [Level.LAND, Level.REGIERUNGSBEZIRK, Level.KREIS, Level.GEMEINDEVERBAND, Level.GEMEINDE]
_PARENT_KEY_LENGTH = {
    "land_id": (Level.LAND, 2),
    "kreis_id": (Level.KREIS, 5),
    "gemeindeverband_id": (Level.GEMEINDEVERBAND, 9),
}


def _aggregate_population(parse: DirectoryParse) -> dict[tuple[str, str], int]:
    """Population of Länder, Kreise and associations as the sum of their municipalities."""
    totals: dict[tuple[str, str], int] = {}
    for record in parse.records:
        if record.level != Level.GEMEINDE or record.values["population"] is None:
            continue
        for level, length in (
            (Level.LAND, 2),
            (Level.REGIERUNGSBEZIRK, 3),
            (Level.KREIS, 5),
            (Level.GEMEINDEVERBAND, 9),
        ):
            key = (str(level), record.key[:length])
            totals[key] = totals.get(key, 0) + record.values["population"]
    return totals


def directory_import(
    *, path: Path, actor: Actor, progress: Callable[[int], None] | None = None
) -> SyncResult:
    """Import Länder, Regierungsbezirke, Kreise, Gemeindeverbände and Gemeinden (idempotent)."""
    parse = read_directory(path)
    result = SyncResult(errors=list(parse.errors), warnings=list(parse.warnings))
    populations = _aggregate_population(parse)
    by_level: dict[str, dict[str, Any]] = {}
    with transaction.atomic():
        for level in _LEVEL_ORDER:
            rows: list[dict[str, Any]] = []
            seen: set[str] = set()
            for record in (r for r in parse.records if r.level == level):
                if record.key in seen:
                    result.errors.append(
                        RowError(path.name, record.line, f"Schlüssel {record.key} kommt doppelt vor")
                    )
                    continue
                seen.add(record.key)
                row = dict(record.values, source=str(Source.REFERENCE))
                if level != Level.GEMEINDE:
                    row["population"] = populations.get((str(level), record.key), row["population"])
                for attname, (parent_level, length) in _PARENT_KEY_LENGTH.items():
                    parent = (
                        by_level.get(parent_level, {}).get(record.key[:length])
                        if len(record.key) > length
                        else None
                    )
                    row[attname] = parent.pk if parent else None
                rows.append(row)
            stats, stored = sync_rows(
                model=Organization,
                key_fields=("level", "ars"),
                fields=ORGANIZATION_FIELDS,
                rows=rows,
                actor=actor,
                existing=Organization.objects.filter(source=Source.REFERENCE, level=level),
                progress=progress,
                scope=lambda organization: organization.pk,
            )
            result.stats[str(Organization._meta.verbose_name_plural) + f" ({Level(level).label})"] = stats
            by_level[level] = {ars[: _key_length(level)]: obj for (_lvl, ars), obj in stored.items()}
    return result


def _key_length(level: str) -> int:
    return {Level.LAND: 2, Level.REGIERUNGSBEZIRK: 3, Level.KREIS: 5, Level.GEMEINDEVERBAND: 9}.get(
        Level(level), 12
    )


def directory_row_count(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return max(sum(1 for _ in handle) - 1, 0)


def _create(instance: Any, *, actor: Actor, fields: list[str]) -> Any:
    instance.full_clean()
    instance.save()
    record_change(
        actor=actor,
        instance=instance,
        action=ChangeRecord.Action.CREATE,
        changes=diff({}, field_values(instance, fields)),
        organization_id=instance.pk
        if isinstance(instance, Organization)
        else getattr(instance, "organization_id", None),
    )
    return instance


@transaction.atomic
def organization_create(*, actor: Actor, **values: Any) -> Organization:
    """Create an organisation that is not in the municipality directory (company, ministry, …)."""
    values.setdefault("short_name", values.get("name", ""))
    if not values.get("slug"):
        values["slug"] = slugify(values["short_name"])[:120]
    return _create(Organization(**values), actor=actor, fields=list(values))


@transaction.atomic
def network_create(*, actor: Actor, name: str, slug: str, **values: Any) -> Network:
    network = Network(name=name, slug=slug, **values)
    return _create(network, actor=actor, fields=["name", "slug", *values])


@transaction.atomic
def network_membership_add(
    *,
    actor: Actor,
    network: Network,
    organization: Organization,
    role: str = MembershipRole.MEMBER,
    joined_on: dt.date | None = None,
) -> NetworkMembership:
    """Coordinators add members directly (an accepted invitation or join request does it too)."""
    policy.authorize(actor, policy.can_coordinate(actor.user, network.pk))
    return membership_create(
        actor=actor, network=network, organization=organization, role=role, joined_on=joined_on
    )


def membership_create(
    *,
    actor: Actor,
    network: Network,
    organization: Organization,
    role: str = MembershipRole.MEMBER,
    joined_on: dt.date | None = None,
) -> NetworkMembership:
    """Write a membership whose permission was already decided by the caller (inside its transaction)."""
    if NetworkMembership.objects.filter(network=network, organization=organization).exists():
        raise Conflict(f"{organization} ist bereits Mitglied von {network}.")
    membership = NetworkMembership(network=network, organization=organization, role=role, joined_on=joined_on)
    return _create(membership, actor=actor, fields=["network", "organization", "role", "joined_on"])


@transaction.atomic
def funding_add(
    *, actor: Actor, network: Network, programme: str, amount_eur: Decimal, **values: Any
) -> Funding:
    funding = Funding(network=network, programme=programme, amount_eur=amount_eur, **values)
    return _create(funding, actor=actor, fields=["network", "programme", "amount_eur", *values])
