"""Writes for the solution catalog: import, create, update, delete. Atomic and audited."""

from __future__ import annotations

import hashlib
import json
import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ikone.accounts import policy
from ikone.catalog.choices import TagKind, Visibility
from ikone.catalog.documents import Projection, dump_yaml, project
from ikone.catalog.models import Release, Solution, SolutionAsset, SolutionTag
from ikone.catalog.publiccode import ValidationResult, message_de, parse
from ikone.catalog.search import index_solution, remove_solution
from ikone.core.audit import Actor, ChangeRecord, diff, record_change
from ikone.core.errors import DomainError, FieldError
from ikone.core.text import german_slugify as slugify
from ikone.core.text import nul_paths
from ikone.federation import tombstones
from ikone.notifications.events import publish
from ikone.organizations.models import Network, Organization
from ikone.ozg.models import LeikaService, Service
from ikone.transferability.hooks import refresh_after_commit

PROJECTED_FIELDS = [
    "name",
    "url",
    "short_description",
    "long_description",
    "description_language",
    "features",
    "license",
    "development_status",
    "software_type",
    "maintenance_type",
    "software_version",
    "release_date",
    "landing_url",
    "logo",
    "used_by_count",
    "based_on",
]
MAX_ASSET_BYTES = 2 * 1024 * 1024


class PubliccodeInvalid(DomainError):
    """The publiccode.yml has errors; each one becomes a field error (key → message)."""

    def __init__(self, results: Iterable[ValidationResult], *, german: bool = False) -> None:
        errors = [
            FieldError(field=r.key, message=message_de(r) if german else r.description)
            for r in results
            if r.type == "error"
        ]
        detail = (
            "Die publiccode.yml enthält Fehler."
            if german
            else f"publiccode.yml is invalid ({len(errors)} error(s))."
        )
        super().__init__(detail=detail, errors=errors, status=422)
        self.results = [r for r in results if r.type == "error"]


@dataclass
class ImportReport:
    solution: Solution
    status: str  # created | updated | unchanged
    warnings: list[str] = field(default_factory=list)


@dataclass
class SolutionLinks:
    """Platform-side settings of a solution that publiccode.yml does not carry."""

    owner: Organization | None = None
    networks: list[Network] | None = None
    services: list[Service] | None = None
    leika_services: list[LeikaService] | None = None
    visibility: str | None = None


def _unique_slug(name: str, url: str, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:100] or "loesung"
    candidate = base
    others = Solution.objects.exclude(pk=exclude_pk) if exclude_pk is not None else Solution.objects.all()
    taken_set = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    if candidate in taken_set:
        candidate = f"{base}-{hashlib.sha1(url.encode()).hexdigest()[:6]}"  # noqa: S324 - not security relevant
        counter = 2
        while candidate in taken_set:
            candidate = f"{base}-{counter}"
            counter += 1
    return candidate


def _apply_projection(solution: Solution, projection: Projection) -> None:
    for name in PROJECTED_FIELDS:
        setattr(solution, name, getattr(projection, name))


def _snapshot(solution: Solution) -> dict[str, Any]:
    values = {name: getattr(solution, name) for name in PROJECTED_FIELDS}
    values.update(
        visibility=solution.visibility,
        owner=solution.owner_id,
        document_sha1=hashlib.sha1(  # noqa: S324 - change detection only
            json.dumps(solution.document, sort_keys=True).encode()
        ).hexdigest()
        if solution.document
        else None,
    )
    return values


def _sync_tags(solution: Solution, projection: Projection, *, created: bool) -> None:
    """`created`: the solution was inserted just now and has no tags yet (nothing to look up)."""
    wanted = {(TagKind.PLATFORM.value, v[:100]) for v in projection.platforms} | {
        (TagKind.CATEGORY.value, v[:100]) for v in projection.categories
    }
    current = {} if created else {(t.kind, t.value): t.pk for t in solution.tags.all()}
    stale = [pk for key, pk in current.items() if key not in wanted]
    if stale:
        SolutionTag.objects.filter(pk__in=stale).delete()
    SolutionTag.objects.bulk_create(
        [SolutionTag(solution=solution, kind=k, value=v) for k, v in sorted(wanted - set(current))]
    )


def _sync_release(solution: Solution, *, created: bool) -> Release | None:
    """Record the current softwareVersion; returns the release if it is new."""
    if solution.software_version and created:
        return Release.objects.create(
            solution=solution, version=solution.software_version, release_date=solution.release_date
        )
    if solution.software_version:
        release, created = Release.objects.update_or_create(
            solution=solution,
            version=solution.software_version,
            defaults={"release_date": solution.release_date},
        )
        return release if created else None
    return None


def _publish(
    actor: Actor, solution: Solution, *, created: bool, release: Release | None, links: SolutionLinks
) -> None:
    """Notify subscribers of the solution, its OZG-Leistungen, owner and networks."""
    if not created and release is None:
        return
    # A solution inserted just now is linked to exactly what `links` set (nothing to read back).
    services = (links.services or []) if created else solution.services.all()
    networks = (links.networks or []) if created else solution.networks.all()
    related = [
        *services,
        *networks,
        *([solution.owner] if solution.owner else []),
    ]
    url = reverse("catalog:solution-detail", args=[solution.slug])
    if created:
        publish(
            kind="solution.created",
            key=f"solution.created:{solution.pk}",
            subject=solution,
            actor=actor,
            title=f"Neue Lösung: {solution.name}",
            url=url,
            related=related,
        )
    elif release is not None:
        publish(
            kind="release.created",
            key=f"release.created:{release.pk}",
            subject=release,
            actor=actor,
            title=f"Neue Version {release.version} von {solution.name}",
            url=url,
            related=[solution, *related],
        )


def _sync_family(solution: Solution, projection: Projection) -> None:
    """Link the solution to its upstream (isBasedOn) and known variants to it."""
    upstream = Solution.objects.filter(url__in=projection.is_based_on).exclude(pk=solution.pk).first()
    if upstream != solution.upstream:
        solution.upstream = upstream
        solution.save(update_fields=["upstream"])
    candidates = Solution.objects.exclude(based_on="")  # through the partial index: not every solution
    for variant in candidates.filter(upstream__isnull=True, based_on__contains=solution.url).exclude(
        pk=solution.pk
    ):
        if solution.url in variant.based_on.splitlines():
            variant.upstream = solution
            variant.save(update_fields=["upstream"])


def _sync_assets(
    solution: Solution, projection: Projection, base_path: Path | None, *, created: bool
) -> None:
    """Keep logo and screenshots: files next to an imported publiccode.yml are stored as media."""
    wanted = [(SolutionAsset.Kind.LOGO, projection.logo)] if projection.logo else []
    wanted += [(SolutionAsset.Kind.SCREENSHOT, s) for s in projection.screenshots]
    existing = {} if created else {(a.kind, a.reference): a for a in solution.assets.all()}
    keep: set[int] = set()
    for position, (kind, reference) in enumerate(wanted):
        asset = existing.get((kind, reference))
        if asset is None:
            asset = SolutionAsset(solution=solution, kind=kind, reference=reference[:500])
        asset.position = position
        if base_path is not None and not reference.startswith(("http://", "https://")):
            local = (base_path / reference).resolve()
            inside = base_path.resolve() in local.parents
            if inside and local.is_file() and local.stat().st_size <= MAX_ASSET_BYTES:
                content = local.read_bytes()
                if not asset.file or asset.file.size != len(content):
                    suffix = local.suffix or (mimetypes.guess_extension("image/png") or "")
                    asset.file.save(
                        f"{solution.slug}-{kind}-{position}{suffix}", ContentFile(content), save=False
                    )
        asset.save()
        keep.add(asset.pk)
    if not created:
        solution.assets.exclude(pk__in=keep).delete()


def _apply_links(solution: Solution, links: SolutionLinks, *, created: bool) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for name in ("networks", "services", "leika_services"):
        values = getattr(links, name)
        if values is None:
            continue
        manager = getattr(solution, name)
        if created:  # no links yet: add what is wanted, nothing to read or remove
            if values:
                manager.add(*values)
            before: list[Any] = []
        else:
            before = sorted(manager.values_list("pk", flat=True))
            manager.set(values)
        after = sorted(v.pk for v in values)
        if before != after:
            changes[name] = [before, after]
    return changes


def _de_links(entries: list[dict[str, str | None]]) -> tuple[list[Service], list[LeikaService], list[str]]:
    """Resolve the German `de: leika:` extension into OZG-Leistungen and LeiKa keys."""
    warnings: list[str] = []
    ozg_ids = {int(value) for e in entries if (value := str(e.get("ozg-id") or "")).isdigit()}
    leika_keys = {str(e["leika-id"]) for e in entries if e.get("leika-id")}
    services = list(Service.objects.filter(ozg_id__in=ozg_ids))
    leika = list(LeikaService.objects.filter(key__in=leika_keys))
    for missing in sorted(ozg_ids - {s.ozg_id for s in services}):
        warnings.append(f"de.leika: OZG-ID {missing} ist im OZG-Katalog unbekannt und wurde nicht verknüpft.")
    for missing_key in sorted(leika_keys - {item.key for item in leika}):
        warnings.append(f"de.leika: LeiKa-Schlüssel {missing_key} ist unbekannt und wurde nicht verknüpft.")
    services += [item.service for item in leika if item.service and item.service not in services]
    return services, leika, warnings


def _save(
    *,
    actor: Actor,
    solution: Solution | None,
    document: dict[str, Any],
    links: SolutionLinks,
    source_yaml: str | None = None,
    version: str | None = None,
    base_path: Path | None = None,
    is_demo: bool | None = None,
) -> tuple[Solution, str]:
    projection = project(document)
    created = solution is None
    published = tombstones.published_before(solution) if solution is not None else None
    if solution is None:
        solution = Solution(slug=_unique_slug(projection.name, projection.url))
        before: dict[str, Any] = {}
    else:
        before = _snapshot(solution)
        if not solution.name or slugify(projection.name)[:100] != slugify(solution.name)[:100]:
            solution.slug = _unique_slug(projection.name, projection.url, exclude_pk=solution.pk)
    solution.document = document
    _apply_projection(solution, projection)
    if source_yaml is not None:
        solution.source_yaml = source_yaml
    if version is not None:
        solution.publiccode_version = version
    if links.owner is not None:
        solution.owner = links.owner
    if links.visibility is not None:
        solution.visibility = links.visibility
    if is_demo is not None:
        solution.is_demo = is_demo
    solution.full_clean(exclude=["upstream", "slug"])
    solution.save()
    tombstones.solution_saved(solution, published, created=created)
    link_changes = _apply_links(solution, links, created=created)
    _sync_tags(solution, projection, created=created)
    new_release = _sync_release(solution, created=created)
    _sync_family(solution, projection)
    _sync_assets(solution, projection, base_path, created=created)
    index_solution(solution)
    changes = {**diff(before, _snapshot(solution)), **link_changes}
    if created or changes:
        record_change(
            actor=actor,
            instance=solution,
            action=ChangeRecord.Action.CREATE if created else ChangeRecord.Action.UPDATE,
            changes=changes,
            organization_id=solution.owner_id,
        )
    _publish(actor, solution, created=created, release=new_release, links=links)
    refresh_after_commit([solution.pk])
    status = "created" if created else ("updated" if changes else "unchanged")
    return solution, status


@transaction.atomic
def solution_import(
    *,
    actor: Actor,
    content: bytes | str,
    owner: Organization | None = None,
    network: Network | None = None,
    visibility: str | None = None,
    base_path: Path | None = None,
    is_demo: bool | None = None,
) -> ImportReport:
    """Import one publiccode.yml; the solution is identified by its `url` (re-import updates it)."""
    policy.authorize(actor, policy.is_authenticated(actor.user))
    outcome = parse(content, base_path=base_path, allow_de_extension=True)
    if outcome.errors or not isinstance(outcome.data, dict):
        raise PubliccodeInvalid(outcome.results)
    _refuse_nul(outcome.data, german=False)
    document = {k: v for k, v in outcome.data.items() if k != "de"}
    warnings = [f"{r.key}: {r.description}" for r in outcome.warnings]
    solution = Solution.objects.filter(url=document.get("url")).first()
    _authorize_write(actor, solution, owner)
    links = SolutionLinks(owner=owner, visibility=visibility)
    if outcome.de_extension:
        services, leika, link_warnings = _de_links(outcome.de_extension)
        links.services, links.leika_services = services, leika
        warnings += link_warnings
    if network is not None:
        current = list(solution.networks.all()) if solution else []
        links.networks = current if network in current else [*current, network]
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    solution, status = _save(
        actor=actor,
        solution=solution,
        document=document,
        links=links,
        source_yaml=text,
        version=outcome.version,
        base_path=base_path,
        is_demo=is_demo,
    )
    return ImportReport(solution=solution, status=status, warnings=warnings)


def _authorize_write(actor: Actor, solution: Solution | None, new_owner: Organization | None) -> None:
    """Editors change their organisation's solutions; a new solution needs an owner they edit."""
    if solution is not None:
        policy.authorize(actor, policy.can_edit_organization_data(actor.user, solution.owner_id))
    if new_owner is not None or solution is None:
        policy.authorize(
            actor,
            policy.can_edit_organization_data(actor.user, new_owner.pk if new_owner else None),
        )


def _validated(document: dict[str, Any], *, german: bool) -> tuple[dict[str, Any], str | None]:
    outcome = parse(dump_yaml(document))
    if outcome.errors or not isinstance(outcome.data, dict):
        raise PubliccodeInvalid(outcome.results, german=german)
    _refuse_nul(outcome.data, german=german)
    return outcome.data, outcome.version


def _refuse_nul(data: dict[str, Any], *, german: bool) -> None:
    """The standard allows NUL in strings ("\\0" in YAML), the database's text does not."""
    paths = nul_paths(data)
    if paths:
        message = "the NUL character cannot be stored"
        raise PubliccodeInvalid([ValidationResult(p, message, 0, 0, "error") for p in paths], german=german)


def _check_unique_url(url: str, exclude_pk: int | None) -> None:
    others = Solution.objects.exclude(pk=exclude_pk) if exclude_pk is not None else Solution.objects.all()
    if others.filter(url=url).exists():
        raise DomainError(
            detail="Eine Lösung mit diesem Repository gibt es schon.",
            errors=[FieldError(field="url", message="Eine Lösung mit dieser URL ist bereits im Katalog.")],
            status=409,
        )


@transaction.atomic
def solution_create(
    *, actor: Actor, document: dict[str, Any], links: SolutionLinks, german: bool = False
) -> Solution:
    _authorize_write(actor, None, links.owner)
    document, version = _validated(document, german=german)
    _check_unique_url(str(document.get("url")), None)
    links.visibility = links.visibility or Visibility.PUBLIC
    solution, _status = _save(actor=actor, solution=None, document=document, links=links, version=version)
    return solution


@transaction.atomic
def solution_update(
    *, actor: Actor, solution: Solution, document: dict[str, Any], links: SolutionLinks, german: bool = False
) -> Solution:
    _authorize_write(actor, solution, links.owner)
    document, version = _validated(document, german=german)
    _check_unique_url(str(document.get("url")), solution.pk)
    solution, _status = _save(actor=actor, solution=solution, document=document, links=links, version=version)
    return solution


@transaction.atomic
def solution_delete(*, actor: Actor, solution: Solution) -> None:
    _authorize_write(actor, solution, None)
    record_change(
        actor=actor,
        instance=solution,
        action=ChangeRecord.Action.DELETE,
        changes={"url": [solution.url, None], "name": [solution.name, None]},
        organization_id=solution.owner_id,
    )
    files = [asset.file for asset in solution.assets.all() if asset.file]
    transaction.on_commit(lambda: [f.delete(save=False) for f in files])
    remove_solution(solution.pk)
    published = tombstones.published_before(solution)
    solution.delete()
    tombstones.solution_deleted(published)


@transaction.atomic
def solution_harvest(
    *,
    actor: Actor,
    solution: Solution | None,
    document: dict[str, Any],
    source_yaml: str,
    version: str | None,
    links: SolutionLinks,
) -> ImportReport:
    """Create or update a solution from a publiccode.yml a harvest fetched, parsed and validated
    (platform administration or a system process only). A withdrawn solution that is back at
    its source is reinstated."""
    policy.authorize(actor, policy.is_platform_admin(actor.user))
    _refuse_nul(document, german=False)
    withdrawn_at = solution.withdrawn_at if solution is not None else None
    if solution is not None:
        solution.withdrawn_at = None
    links.visibility = links.visibility or (None if solution is not None else Visibility.PUBLIC)
    solution, status = _save(
        actor=actor,
        solution=solution,
        document=document,
        links=links,
        source_yaml=source_yaml,
        version=version,
    )
    if withdrawn_at is not None:
        record_change(
            actor=actor,
            instance=solution,
            action=ChangeRecord.Action.UPDATE,
            changes={"withdrawn_at": [withdrawn_at.isoformat(), None]},
            organization_id=solution.owner_id,
        )
        status = "updated"
    return ImportReport(solution=solution, status=status)


@transaction.atomic
def solution_withdraw(*, actor: Actor, solution: Solution) -> Solution:
    """Mark a solution as withdrawn: its source no longer has it. It stays (with its history,
    adoptions and links) and is shown with a badge, but left out of lists and search."""
    policy.authorize(actor, policy.is_platform_admin(actor.user))
    if solution.withdrawn_at is not None:
        return solution
    solution.withdrawn_at = timezone.now()
    solution.save(update_fields=["withdrawn_at", "updated_at"])
    remove_solution(solution.pk)
    record_change(
        actor=actor,
        instance=solution,
        action=ChangeRecord.Action.UPDATE,
        changes={"withdrawn_at": [None, solution.withdrawn_at.isoformat()]},
        organization_id=solution.owner_id,
    )
    return solution


def solution_export(*, solution: Solution) -> str:
    """The solution as a publiccode.yml file (validates without errors by construction)."""
    return dump_yaml(solution.document)
