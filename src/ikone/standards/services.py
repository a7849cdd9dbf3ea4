"""Writes for standards: registry import, a network's agreed set, conformance, interface
specifications and interface use. Atomic, audited, authorised via `accounts.policy`."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from ruamel.yaml import YAML

from ikone.accounts import policy
from ikone.catalog.models import Release, Solution
from ikone.core.audit import Actor, ChangeRecord, field_values, record_change
from ikone.core.errors import Conflict, DomainError, FieldError
from ikone.core.sync import SyncResult, sync_rows
from ikone.notifications.events import publish
from ikone.organizations.models import Network
from ikone.standards.models import (
    Conformance,
    InterfaceSpec,
    InterfaceUse,
    NetworkStandard,
    Standard,
    StandardKind,
    StandardVersion,
)
from ikone.standards.openapi import document as openapi_document
from ikone.standards.openapi.diff import diff as openapi_diff
from ikone.transferability.hooks import refresh_after_commit

STANDARDS_FILE = "standards.yaml"
STANDARD_FIELDS = ["name", "abbreviation", "kind", "publisher", "official_url", "description", "sources"]
MAX_SPEC_BYTES = 5 * 1024 * 1024
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


def _actor_user(actor: Actor) -> Any:
    return actor.user if getattr(actor.user, "pk", None) else None


# --- registry -----------------------------------------------------------------------------------


def _registry_rows(path: Path) -> list[dict[str, Any]]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise DomainError(detail=f"{path.name}: a list of standards is expected.")
    kinds = set(StandardKind.values)
    rows = []
    for index, entry in enumerate(data, start=1):
        if not isinstance(entry, dict) or not entry.get("slug") or entry.get("kind") not in kinds:
            raise DomainError(detail=f"{path.name}: entry {index} needs a slug and a known kind.")
        if not entry.get("sources"):
            raise DomainError(detail=f"{path.name}: entry {entry['slug']!r} has no source.")
        rows.append(entry)
    return rows


@transaction.atomic
def standards_import(*, path: Path, actor: Actor) -> SyncResult:
    """Load the registry from the curated data file; idempotent (a second run writes nothing).
    Versions from the file are added or updated, never deleted."""
    policy.authorize(actor, policy.is_platform_admin(actor.user))
    entries = _registry_rows(path)
    result = SyncResult()
    stats, standards = sync_rows(
        model=Standard,
        key_fields=["slug"],
        fields=STANDARD_FIELDS,
        rows=[
            {
                "slug": e["slug"],
                "name": str(e.get("name") or e["abbreviation"]),
                "abbreviation": str(e["abbreviation"]),
                "kind": e["kind"],
                "publisher": str(e.get("publisher") or ""),
                "official_url": str(e.get("official_url") or ""),
                "description": str(e.get("description") or "").strip(),
                "sources": [str(s) for s in e["sources"]],
            }
            for e in entries
        ],
        actor=actor,
    )
    result.stats["Standards"] = stats
    version_rows = []
    for entry in entries:
        standard = standards[(entry["slug"],)]
        for version in entry.get("versions") or []:
            published = version.get("published_on")
            version_rows.append(
                {
                    "standard_id": standard.pk,
                    "version": str(version["version"]),
                    "status": version.get("status") or StandardVersion.Status.CURRENT,
                    "published_on": published if isinstance(published, dt.date) else None,
                }
            )
    result.stats["Standardversionen"], _ = sync_rows(
        model=StandardVersion,
        key_fields=["standard_id", "version"],
        fields=["status", "published_on"],
        rows=version_rows,
        actor=actor,
    )
    return result


def _version(*, actor: Actor, standard: Standard, version: str) -> StandardVersion:
    """The registry version, added (audited) when a coordinator or owner names one the registry
    does not list yet."""
    version = version.strip()
    if not version:
        raise DomainError(
            detail="Bitte eine Version angeben.", errors=[FieldError("version", "Pflichtfeld.")], status=422
        )
    found = StandardVersion.objects.filter(standard=standard, version=version).first()
    if found is not None:
        return found
    created = StandardVersion(standard=standard, version=version[:40])
    created.full_clean()
    created.save()
    record_change(
        actor=actor,
        instance=created,
        action=ChangeRecord.Action.CREATE,
        changes={"standard": [None, standard.pk], "version": [None, created.version]},
    )
    return created


# --- a network's agreed set -----------------------------------------------------------------------


def _network_solution_ids(network: Network) -> list[int]:
    """Solutions shared in the network: the agreed set counts in their transferability."""
    return list(Solution.objects.filter(networks=network).values_list("pk", flat=True))


def _require_coordinator(actor: Actor, network: Network) -> None:
    policy.authorize(actor, policy.can_coordinate(actor.user, network.pk))


@transaction.atomic
def network_standard_adopt(
    *, actor: Actor, network: Network, standard: Standard, version: str
) -> NetworkStandard:
    """Add a standard (in one version) to the network's agreed set."""
    _require_coordinator(actor, network)
    standard_version = _version(actor=actor, standard=standard, version=version)
    if NetworkStandard.objects.filter(network=network, standard_version=standard_version).exists():
        raise Conflict(f"{standard_version} gehört bereits zum vereinbarten Satz.")
    entry = NetworkStandard.objects.create(
        network=network, standard_version=standard_version, adopted_by=_actor_user(actor)
    )
    standard_version.save(update_fields=["updated_at"])
    record_change(
        actor=actor,
        instance=entry,
        action=ChangeRecord.Action.CREATE,
        changes={"network": [None, network.pk], "standard_version": [None, str(standard_version)]},
    )
    refresh_after_commit(_network_solution_ids(network))
    return entry


@transaction.atomic
def network_standard_remove(*, actor: Actor, entry: NetworkStandard) -> None:
    _require_coordinator(actor, entry.network)
    record_change(
        actor=actor,
        instance=entry,
        action=ChangeRecord.Action.DELETE,
        changes={
            "network": [entry.network_id, None],
            "standard_version": [str(entry.standard_version), None],
        },
    )
    refresh_after_commit(_network_solution_ids(entry.network))
    entry.delete()
    entry.standard_version.save(update_fields=["updated_at"])


@transaction.atomic
def network_standards_set(
    *, actor: Actor, network: Network, items: Iterable[tuple[Standard, str]]
) -> list[NetworkStandard]:
    """Replace the agreed set with `items` (standard, version); unchanged entries are kept."""
    _require_coordinator(actor, network)
    wanted = {_version(actor=actor, standard=s, version=v).pk for s, v in items}
    current = {e.standard_version_id: e for e in NetworkStandard.objects.filter(network=network)}
    for version_id, entry in current.items():
        if version_id not in wanted:
            network_standard_remove(actor=actor, entry=entry)
    for version in StandardVersion.objects.filter(pk__in=wanted - current.keys()).select_related("standard"):
        network_standard_adopt(
            actor=actor, network=network, standard=version.standard, version=version.version
        )
    return list(NetworkStandard.objects.filter(network=network).select_related("standard_version__standard"))


# --- conformance ----------------------------------------------------------------------------------


@dataclass
class ConformanceInput:
    standard: Standard
    version: str
    kind: str = Conformance.Kind.DECLARED
    release: Release | None = None
    evidence_kind: str = Conformance.EvidenceKind.NONE
    evidence_url: str = ""
    evidence_file: UploadedFile | None = None
    note: str = ""


def _check_conformance(data: ConformanceInput, solution: Solution) -> None:
    errors = []
    if data.kind not in Conformance.Kind.values:
        errors.append(FieldError("kind", "Unbekannte Art."))
    if data.evidence_kind not in Conformance.EvidenceKind.values:
        errors.append(FieldError("evidence_kind", "Unbekannte Nachweisart."))
    if data.release is not None and data.release.solution_id != solution.pk:
        errors.append(FieldError("release", "Die Version gehört nicht zu dieser Lösung."))
    if data.kind == Conformance.Kind.VERIFIED:
        if data.evidence_kind == Conformance.EvidenceKind.NONE:
            errors.append(FieldError("evidence_kind", "Ein Nachweis braucht eine Nachweisart."))
        elif not (data.evidence_url or data.evidence_file):
            errors.append(
                FieldError("evidence_url", "Bitte einen Link oder eine Datei als Nachweis angeben.")
            )
    if data.evidence_file is not None and (data.evidence_file.size or 0) > MAX_EVIDENCE_BYTES:
        errors.append(FieldError("evidence_file", "Die Datei ist größer als 10 MB."))
    if errors:
        raise DomainError(detail="Die Angaben zur Konformität sind unvollständig.", errors=errors, status=422)


@transaction.atomic
def conformance_record(*, actor: Actor, solution: Solution, data: ConformanceInput) -> Conformance:
    """Declare (or record verified) conformance of a solution or one of its releases."""
    policy.authorize(actor, policy.can_edit_organization_data(actor.user, solution.owner_id))
    _check_conformance(data, solution)
    standard_version = _version(actor=actor, standard=data.standard, version=data.version)
    duplicate = Conformance.objects.filter(
        solution=solution, release=data.release, standard_version=standard_version, kind=data.kind
    )
    if duplicate.exists():
        raise Conflict(f"Für {standard_version} ist das bereits erfasst.")
    item = Conformance(
        solution=solution,
        release=data.release,
        standard_version=standard_version,
        kind=data.kind,
        evidence_kind=data.evidence_kind,
        evidence_url=data.evidence_url,
        note=data.note,
        recorded_by=_actor_user(actor),
    )
    if data.evidence_file is not None:
        item.evidence_file.save(data.evidence_file.name or "nachweis", data.evidence_file, save=False)
    item.full_clean()
    item.save()
    record_change(
        actor=actor,
        instance=item,
        action=ChangeRecord.Action.CREATE,
        changes={
            **{
                k: [None, v] for k, v in field_values(item, ["kind", "evidence_kind", "evidence_url"]).items()
            },
            "standard_version": [None, str(standard_version)],
            "release": [None, data.release.version if data.release else None],
        },
        organization_id=solution.owner_id,
    )
    refresh_after_commit([solution.pk])
    return item


@transaction.atomic
def conformance_delete(*, actor: Actor, conformance: Conformance) -> None:
    policy.authorize(actor, policy.can_edit_organization_data(actor.user, conformance.solution.owner_id))
    record_change(
        actor=actor,
        instance=conformance,
        action=ChangeRecord.Action.DELETE,
        changes={
            "standard_version": [str(conformance.standard_version), None],
            "kind": [conformance.kind, None],
        },
        organization_id=conformance.solution.owner_id,
    )
    conformance.delete()
    refresh_after_commit([conformance.solution_id])


# --- interface specifications ---------------------------------------------------------------------


def _spec_name(name: str, parsed: openapi_document.ParsedSpec) -> str:
    return (name or parsed.title or "API").strip()[:120]


@transaction.atomic
def interface_spec_upload(
    *, actor: Actor, release: Release, text: str, name: str = "", source_url: str = ""
) -> InterfaceSpec:
    """Attach an OpenAPI document to a release. Documents with errors are stored with them (so the
    owner sees them line by line); every readable document is compared with the previous document
    of the same interface, and breaking changes are announced to the solution's subscribers."""
    solution = release.solution
    policy.authorize(actor, policy.can_edit_organization_data(actor.user, solution.owner_id))
    if len(text.encode("utf-8")) > MAX_SPEC_BYTES:
        raise DomainError(detail="Das Dokument ist größer als 5 MB.", status=413)
    parsed = openapi_document.load(text)
    spec_name = _spec_name(name, parsed)
    existing = InterfaceSpec.objects.filter(release=release, name=spec_name).first()
    previous = (
        InterfaceSpec.objects.filter(solution=solution, name=spec_name)
        .exclude(release=release)
        .exclude(document={})
        .order_by("-uploaded_at", "-id")
        .first()
    )
    diff_result = (
        openapi_diff(previous.document, parsed.document).as_dict()
        if previous is not None and parsed.document
        else None
    )
    spec = existing or InterfaceSpec(release=release, solution=solution, name=spec_name)
    before = field_values(spec, ["sha256", "is_valid", "openapi_version", "api_version"]) if existing else {}
    spec.title = parsed.title[:300]
    spec.api_version = parsed.api_version[:100]
    spec.openapi_version = parsed.openapi_version[:20]
    spec.source_format = parsed.source_format
    spec.source_text = text
    spec.source_url = source_url
    spec.document = parsed.document
    spec.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    spec.is_valid = parsed.is_valid
    spec.errors = [e.as_dict() for e in parsed.errors]
    spec.previous = previous
    spec.diff = diff_result
    spec.uploaded_by = _actor_user(actor)
    spec.full_clean()
    spec.save()
    after = field_values(spec, ["sha256", "is_valid", "openapi_version", "api_version"])
    record_change(
        actor=actor,
        instance=spec,
        action=ChangeRecord.Action.UPDATE if existing else ChangeRecord.Action.CREATE,
        changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
        organization_id=solution.owner_id,
    )
    if parsed.is_valid:
        _record_openapi_check(actor=actor, spec=spec)
    if diff_result and diff_result["breaking"]:
        publish(
            kind="interface.breaking_change",
            key=f"interface.breaking_change:{spec.pk}:{spec.sha256[:16]}",
            subject=spec,
            actor=actor,
            title=(
                f"{solution.name} {release.version}: {len(diff_result['breaking'])} inkompatible "
                f"Änderung(en) an der Schnittstelle „{spec.name}“"
            ),
            url=reverse("standards:spec_detail", kwargs={"pk": spec.pk}),
            related=[
                solution,
                *([solution.owner] if solution.owner is not None else []),
                *solution.networks.all(),
            ],
        )
    return spec


def _record_openapi_check(*, actor: Actor, spec: InterfaceSpec) -> None:
    """A valid document is evidence (automatic check) that the release implements OpenAPI."""
    standard = Standard.objects.filter(slug="openapi").first()
    if standard is None or not spec.openapi_version:
        return
    version = _version(actor=actor, standard=standard, version=spec.openapi_version)
    item, created = Conformance.objects.get_or_create(
        solution=spec.solution,
        release=spec.release,
        standard_version=version,
        kind=Conformance.Kind.VERIFIED,
        defaults={
            "evidence_kind": Conformance.EvidenceKind.AUTOMATIC_CHECK,
            "note": f"openapi-spec-validator: „{spec.name}“ ist gültig.",
            "recorded_by": _actor_user(actor),
        },
    )
    if created:
        record_change(
            actor=actor,
            instance=item,
            action=ChangeRecord.Action.CREATE,
            changes={"standard_version": [None, str(version)], "evidence_kind": [None, item.evidence_kind]},
            organization_id=spec.solution.owner_id,
        )
        refresh_after_commit([spec.solution_id])


@transaction.atomic
def interface_spec_delete(*, actor: Actor, spec: InterfaceSpec) -> None:
    policy.authorize(actor, policy.can_edit_organization_data(actor.user, spec.solution.owner_id))
    record_change(
        actor=actor,
        instance=spec,
        action=ChangeRecord.Action.DELETE,
        changes={"name": [spec.name, None], "release": [spec.release.version, None]},
        organization_id=spec.solution.owner_id,
    )
    spec.delete()


# --- interface use (consumes) ---------------------------------------------------------------------


@transaction.atomic
def interface_use_add(
    *,
    actor: Actor,
    solution: Solution,
    standard: Standard | None = None,
    version: str = "",
    provider: Solution | None = None,
    provider_version: str = "",
    note: str = "",
) -> InterfaceUse:
    """Record that `solution` consumes a standard (in a version) or another solution's API."""
    policy.authorize(actor, policy.can_edit_organization_data(actor.user, solution.owner_id))
    if (standard is None) == (provider is None):
        raise DomainError(
            detail="Bitte entweder einen Standard oder eine Lösung mit Schnittstelle angeben.", status=422
        )
    if provider is not None and provider.pk == solution.pk:
        raise DomainError(detail="Eine Lösung kann nicht ihre eigene Schnittstelle nutzen.", status=422)
    use = InterfaceUse(
        solution=solution,
        standard_version=_version(actor=actor, standard=standard, version=version) if standard else None,
        provider=provider,
        provider_version=provider_version.strip()[:100],
        note=note,
        recorded_by=_actor_user(actor),
    )
    use.full_clean()
    use.save()
    record_change(
        actor=actor,
        instance=use,
        action=ChangeRecord.Action.CREATE,
        changes={
            "standard_version": [None, str(use.standard_version) if use.standard_version else None],
            "provider": [None, provider.pk if provider else None],
            "provider_version": [None, use.provider_version],
        },
        organization_id=solution.owner_id,
    )
    return use


@transaction.atomic
def interface_use_delete(*, actor: Actor, use: InterfaceUse) -> None:
    policy.authorize(actor, policy.can_edit_organization_data(actor.user, use.solution.owner_id))
    record_change(
        actor=actor,
        instance=use,
        action=ChangeRecord.Action.DELETE,
        changes={"target": [str(use), None]},
        organization_id=use.solution.owner_id,
    )
    use.delete()
