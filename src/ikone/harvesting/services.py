"""Writes of harvesting: sources (create, update, delete, start a run) and the harvest run.

A run lists the source, fetches the items in a small thread pool (network only), and writes in
the calling thread, each item in its own transaction together with its `HarvestItem` row and
its `HarvestRecord`: a run killed at any point has either done an item completely or not at
all, and the next run of the source resumes it (items already in the run are skipped)."""

from __future__ import annotations

import hashlib
import logging
import os
import socket
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from multiprocessing import get_context
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from ikone.accounts import policy
from ikone.catalog.documents import dump_yaml
from ikone.catalog.models import Solution
from ikone.catalog.publiccode import message_de, parse
from ikone.catalog.services import SolutionLinks, solution_harvest, solution_withdraw
from ikone.catalog.similarity import rank_similar, solution_text
from ikone.core.audit import Actor, ChangeRecord, diff, field_values, record_change
from ikone.core.errors import DomainError, FieldError
from ikone.core.jobs import enqueue
from ikone.federation import tombstones
from ikone.harvesting.adapters import ADAPTERS, Entry, Payload
from ikone.harvesting.choices import TRUST_RANK, ItemOutcome, RunStatus, SourceKind, TrustLevel
from ikone.harvesting.client import FetchError, SafeClient
from ikone.harvesting.models import HarvestItem, HarvestRecord, HarvestRun, HarvestSource
from ikone.harvesting.parsing import parse_text
from ikone.organizations.models import Network, Organization
from ikone.ozg.models import Service
from ikone.transferability.hooks import refreshes_collected

logger = logging.getLogger(__name__)
PARSE_POOL_MIN_ITEMS = 200  # below, starting worker processes costs more than it saves

SOURCE_FIELDS = [
    "slug",
    "name",
    "kind",
    "base_url",
    "platform",
    "organization",
    "follow_network",
    "network",
    "filter_lands",
    "filter_tags",
    "filter_services",
    "filter_licences",
    "trust_level",
    "interval_minutes",
    "enabled",
]


def can_manage(user: Any, network_id: int | None = None) -> bool:
    """Platform admins manage every source; coordinators those of a network they coordinate
    (or without a network)."""
    if policy.is_platform_admin(user):
        return True
    coordinated = policy.coordinated_network_ids(user)
    return bool(coordinated) and (network_id is None or network_id in coordinated)


def _web_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.scheme in {"http", "https"} and bool(parts.hostname)
    except ValueError:
        return False


def _check_source(source: HarvestSource) -> None:
    errors = []
    if not _web_address(source.base_url):
        errors.append(FieldError(field="base_url", message="Bitte eine http- oder https-Adresse angeben."))
    if HarvestSource.objects.filter(slug=source.slug).exclude(pk=source.pk).exists():
        errors.append(FieldError(field="slug", message="Diesen Kurznamen hat schon eine andere Quelle."))
    if source.kind not in ADAPTERS:
        errors.append(
            FieldError(field="kind", message="Diese Art von Quelle kann ikone noch nicht übernehmen.")
        )
    if source.kind == SourceKind.GIT_PLATFORM and not (source.platform and source.organization):
        errors.append(FieldError(field="organization", message="Plattform und Organisation angeben."))
    for name in ("filter_lands", "filter_tags", "filter_services", "filter_licences"):
        value = getattr(source, name)
        if not isinstance(value, list) or not all(isinstance(v, str) and 0 < len(v) <= 100 for v in value):
            errors.append(FieldError(field=name, message="Eine Liste von Texten angeben."))
    if errors:
        raise DomainError(detail="Die Quelle ist unvollständig.", errors=errors, status=422)


def _schedule(source: HarvestSource) -> None:
    source.next_run_at = (
        timezone.now() + timedelta(minutes=source.interval_minutes)
        if source.interval_minutes and source.enabled
        else None
    )


@transaction.atomic
def source_create(*, actor: Actor, values: dict[str, Any]) -> HarvestSource:
    network: Network | None = values.get("network")
    policy.authorize(actor, can_manage(actor.user, network.pk if network else None))
    source = HarvestSource(**{k: v for k, v in values.items() if k in SOURCE_FIELDS})
    _check_source(source)
    _schedule(source)
    source.full_clean()
    source.save()
    record_change(
        actor=actor,
        instance=source,
        action=ChangeRecord.Action.CREATE,
        changes=diff({}, field_values(source, SOURCE_FIELDS)),
    )
    return source


@transaction.atomic
def source_update(*, actor: Actor, source: HarvestSource, values: dict[str, Any]) -> HarvestSource:
    policy.authorize(actor, can_manage(actor.user, source.network_id))
    new_network: Network | None = values.get("network", source.network)
    policy.authorize(actor, can_manage(actor.user, new_network.pk if new_network else None))
    before = field_values(source, SOURCE_FIELDS)
    for name, value in values.items():
        if name in SOURCE_FIELDS:
            setattr(source, name, value)
    _check_source(source)
    if before.get("interval_minutes") != source.interval_minutes or before.get("enabled") != source.enabled:
        _schedule(source)
    source.full_clean()
    source.save()
    changes = diff(before, field_values(source, SOURCE_FIELDS))
    if changes:
        record_change(actor=actor, instance=source, action=ChangeRecord.Action.UPDATE, changes=changes)
    return source


@transaction.atomic
def source_delete(*, actor: Actor, source: HarvestSource) -> None:
    """Remove a source with its runs and records; the solutions taken from it stay."""
    policy.authorize(actor, can_manage(actor.user, source.network_id))
    record_change(
        actor=actor,
        instance=source,
        action=ChangeRecord.Action.DELETE,
        changes={"slug": [source.slug, None], "name": [source.name, None]},
    )
    source.delete()


@transaction.atomic
def run_request(*, actor: Actor, source: HarvestSource) -> str:
    """Queue a run of the source as a background job; returns the job id."""
    policy.authorize(actor, can_manage(actor.user, source.network_id))
    record_change(
        actor=actor,
        instance=source,
        action=ChangeRecord.Action.UPDATE,
        changes={"run_requested": [None, True]},
    )
    return enqueue("ikone.harvesting.jobs.run_source", source.pk, name=f"Import aus {source.name}")


# --- the run ---------------------------------------------------------------------------------


@dataclass
class Progress:
    """Callbacks for a progress display: `total(n)` once the source is listed, `advance(n)`."""

    total: Callable[[int], None] = lambda _n: None
    advance: Callable[[int], None] = lambda _n: None


def run_counts(run: HarvestRun) -> dict[str, int]:
    counts = {outcome.value: 0 for outcome in ItemOutcome}
    for row in run.items.values("outcome").annotate(n=Count("id")):
        counts[row["outcome"]] = row["n"]
    return counts


def _alive(run: HarvestRun) -> bool:
    """Whether the process of a running run still runs (on this host; another host: assume so)."""
    if run.host != socket.gethostname():
        return True
    if run.pid is None or run.pid == os.getpid():
        return False
    try:
        os.kill(run.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@transaction.atomic
def _open_run(actor: Actor, source: HarvestSource) -> HarvestRun:
    HarvestSource.objects.select_for_update().filter(pk=source.pk).first()
    run = HarvestRun.objects.filter(source=source, status=RunStatus.RUNNING).order_by("-started_at").first()
    if run is not None and _alive(run):
        raise DomainError(detail="Für diese Quelle läuft schon ein Import.", status=409)
    if run is None:
        run = HarvestRun(source=source, cursor={"changed_since": source.state.get("latest", "")})
        action = ChangeRecord.Action.CREATE
    else:
        action = ChangeRecord.Action.UPDATE
    run.pid, run.host = os.getpid(), socket.gethostname()[:200]
    run.save()
    record_change(
        actor=actor,
        instance=run,
        action=action,
        changes={"status": [None, run.status], "pid": [None, run.pid]},
    )
    return run


@dataclass
class _Context:
    actor: Actor
    source: HarvestSource
    run: HarvestRun
    records: dict[str, HarvestRecord]
    urls: dict[str, int]
    similar: dict[int, str]  # the catalog before the run: candidates for near-duplicate hints
    slugs: dict[int, tuple[str, str]]
    lands: dict[str, str]
    claimed: dict[int, int] = field(default_factory=dict)  # solution id -> trust rank of another source

    @classmethod
    def load(cls, actor: Actor, source: HarvestSource, run: HarvestRun) -> _Context:
        rows = list(
            Solution.objects.values_list("pk", "url", "slug", "name", "short_description", "withdrawn_at")
        )
        claimed: dict[int, int] = {}
        for solution_id, trust in (
            HarvestRecord.objects.exclude(source=source)
            .filter(solution__isnull=False, withdrawn_at__isnull=True)
            .values_list("solution_id", "source__trust_level")
        ):
            claimed[solution_id] = max(claimed.get(solution_id, 0), TRUST_RANK[TrustLevel(trust)])
        return cls(
            actor=actor,
            source=source,
            run=run,
            records={r.key: r for r in HarvestRecord.objects.filter(source=source)},
            urls={_norm(url): pk for pk, url, *_rest in rows},
            similar={
                pk: f"{name} {short}" for pk, _url, _slug, name, short, withdrawn in rows if withdrawn is None
            },
            slugs={pk: (slug, name) for pk, _url, slug, name, *_rest in rows},
            lands={
                name.lower(): land
                for name, short, land in Organization.objects.exclude(land_key="").values_list(
                    "name", "short_name", "land_key"
                )
                for name in (name, short)
                if name
            },
            claimed=claimed,
        )


def _norm(url: str) -> str:
    return url.strip().lower().rstrip("/").removesuffix(".git")


def harvest_run(
    *, actor: Actor, source: HarvestSource, progress: Progress | None = None, client: SafeClient | None = None
) -> HarvestRun:
    """Run (or resume) a harvest of `source`; returns the finished run (`run_counts` for figures)."""
    policy.authorize(actor, can_manage(actor.user, source.network_id))
    progress = progress or Progress()
    run = _open_run(actor, source)
    adapter = ADAPTERS[source.kind]
    own_client = client is None
    client = client or SafeClient()
    try:
        try:
            listing = adapter.listing(client, source, run.cursor)
        except FetchError as exc:
            return _finish(actor, run, RunStatus.FAILED, f"{exc.url}: {exc.message}")
        context = _Context.load(actor, source, run)
        done = set(run.items.values_list("key", flat=True))
        listed = {entry.key for entry in listing.entries}
        gone = (
            [
                r
                for key, r in context.records.items()
                if key not in listed and r.withdrawn_at is None and key not in done
            ]
            if listing.complete
            else []
        )
        pending = [entry for entry in listing.entries if entry.key not in done]
        HarvestRun.objects.filter(pk=run.pk).update(total=len(done) + len(pending) + len(gone))
        progress.total(len(done) + len(pending) + len(gone))
        progress.advance(len(done))
        with refreshes_collected() as touched:
            for payload in _fetched(adapter, client, context, pending):
                _item(context, payload)
                progress.advance(1)
            for record in gone:
                _item(context, Payload(entry=Entry(key=record.key), gone=True))
                progress.advance(1)
        if touched:  # transferability scores of the solutions taken: one background job per run
            enqueue(
                "ikone.transferability.jobs.refresh_solutions",
                sorted(touched),
                name="Übertragbarkeit nach Import",
            )
        with transaction.atomic():
            source.state = {**source.state, **listing.state}
            if source.interval_minutes and source.enabled:
                source.next_run_at = timezone.now() + timedelta(minutes=source.interval_minutes)
            source.save(update_fields=["state", "next_run_at"])
            return _finish(actor, run, RunStatus.FINISHED, "")
    finally:
        if own_client:
            client.close()


def _finish(actor: Actor, run: HarvestRun, status: str, message: str) -> HarvestRun:
    with transaction.atomic():
        run.status = status
        run.message = message[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "message", "finished_at"])
        record_change(
            actor=actor,
            instance=run,
            action=ChangeRecord.Action.UPDATE,
            changes={"status": [RunStatus.RUNNING.value, status], **run_counts(run)},
        )
    return run


def _unchanged_at_source(context: _Context, entry: Entry) -> bool:
    record = context.records.get(entry.key)
    return bool(
        record is not None
        and entry.revision
        and record.revision == entry.revision
        and record.solution_id
        and record.withdrawn_at is None
        and not entry.deleted
    )


def _fetched(adapter: Any, client: SafeClient, context: _Context, entries: list[Entry]) -> Iterator[Payload]:
    """Payloads in listing order; the items whose revision did not change are not fetched."""

    processes = settings.HARVEST_PARSE_PROCESSES if len(entries) >= PARSE_POOL_MIN_ITEMS else 0
    parsers = ProcessPoolExecutor(processes, mp_context=get_context("spawn")) if processes > 0 else None

    def fetch(entry: Entry) -> Payload:
        if entry.deleted or _unchanged_at_source(context, entry):
            return Payload(entry=entry)
        payload: Payload = adapter.fetch(client, entry, context.records.get(entry.key))
        if parsers is not None and payload.text is not None:
            payload.outcome = parsers.submit(parse_text, payload.text).result()
        return payload

    try:
        with ThreadPoolExecutor(max_workers=max(1, settings.HARVEST_WORKERS)) as pool:
            yield from pool.map(fetch, entries)
    finally:
        if parsers is not None:
            parsers.shutdown(cancel_futures=True)


def _item(context: _Context, payload: Payload) -> None:
    """Apply one item in its own transaction; whatever goes wrong is reported for the item only."""
    try:
        with transaction.atomic():
            outcome, solution_id, message, hints = _apply(context, payload)
            HarvestItem.objects.create(
                run=context.run,
                key=payload.entry.key,
                outcome=outcome,
                solution_id=solution_id,
                message=message,
                hints=hints,
            )
    except Exception as exc:  # one broken item must never stop the run; it is reported with its cause
        logger.exception("harvest item %s of %s failed", payload.entry.key, context.source.slug)
        text = exc.detail if isinstance(exc, DomainError) else f"{exc.__class__.__name__}: {exc}"
        if isinstance(exc, DomainError) and exc.errors:
            text += " " + "; ".join(f"{e.field}: {e.message}" for e in exc.errors)
        context.records.pop(payload.entry.key, None)
        record = HarvestRecord.objects.filter(source=context.source, key=payload.entry.key).first()
        if record is not None:
            context.records[record.key] = record
        with transaction.atomic():
            HarvestItem.objects.create(
                run=context.run, key=payload.entry.key, outcome=ItemOutcome.FAILED, message=text[:4000]
            )


Result = tuple[str, int | None, str, list[dict[str, str]]]


def _apply(context: _Context, payload: Payload) -> Result:
    entry, record = payload.entry, context.records.get(payload.entry.key)
    if payload.error:
        return ItemOutcome.FAILED, None, payload.error, []
    if entry.deleted or payload.gone:
        return _withdraw(context, record)
    if payload.not_modified or _unchanged_at_source(context, entry):
        return ItemOutcome.UNCHANGED, record.solution_id if record else None, "", []
    text = payload.text if payload.text is not None else dump_yaml(entry.document) if entry.document else None
    if text is None:
        return ItemOutcome.FAILED, None, "Der Eintrag enthält keine publiccode.yml.", []
    outcome = payload.outcome if payload.outcome is not None else parse_text(text)
    problems = outcome.errors + (outcome.warnings if context.source.trust_level == TrustLevel.LOW else [])
    if problems or not isinstance(outcome.data, dict):
        messages = "; ".join(f"{r.key}: {message_de(r)}" for r in problems[:20]) or "Keine publiccode.yml."
        return ItemOutcome.FAILED, None, f"publiccode.yml ungültig: {messages}", []
    sha = hashlib.sha256(text.encode()).hexdigest()
    now = timezone.now()
    if (
        record is not None
        and record.content_sha == sha
        and record.solution_id
        and record.withdrawn_at is None
    ):
        record.revision, record.etag, record.last_modified = (
            entry.revision[:200],
            payload.etag[:300],
            payload.last_modified[:100],
        )
        record.fetched_at = now
        record.usage = entry.usage
        record.save(update_fields=["revision", "etag", "last_modified", "fetched_at", "usage"])
        return ItemOutcome.UNCHANGED, record.solution_id, "", []
    document = {k: v for k, v in outcome.data.items() if k != "de"}
    skipped = _filtered(context, document, entry, outcome.de_extension)
    if skipped:
        return ItemOutcome.SKIPPED, None, skipped, []
    solution = record.solution if record is not None and record.solution_id else None
    if solution is None:
        matched = context.urls.get(_norm(str(document.get("url", "")))) or context.urls.get(
            _norm(entry.repo_url)
        )
        solution = Solution.objects.filter(pk=matched).first() if matched else None
    if (
        solution is not None
        and context.claimed.get(solution.pk, -1) >= TRUST_RANK[TrustLevel(context.source.trust_level)]
    ):
        return (
            ItemOutcome.SKIPPED,
            solution.pk,
            "Bereits aus einer anderen Quelle mit mindestens gleichem Vertrauen übernommen.",
            [],
        )
    taken = document
    if solution is not None and solution.owner_id is not None:
        taken = _merge(
            local=solution.document, last=record.document if record else _baseline(solution), new=document
        )
    links = _links(context, solution, entry, outcome.de_extension)
    report = solution_harvest(
        actor=context.actor,
        solution=solution,
        document=taken,
        source_yaml=text if taken is document else dump_yaml(taken),
        version=outcome.version,
        links=links,
    )
    solution = report.solution
    hints: list[dict[str, str]] = []
    if report.status == "created":
        candidates = {pk: text for pk, text in context.similar.items() if pk != solution.pk}
        hints = [
            {"slug": context.slugs[pk][0], "name": context.slugs[pk][1]}
            for pk in rank_similar(solution_text(solution), candidates, limit=3)
        ]
    context.urls[_norm(solution.url)] = solution.pk
    provenance = {"source": context.source.slug, "fetched_at": now.isoformat(), "revision": entry.revision}
    kept_local = {k for k in taken if taken.get(k) != document.get(k)}
    before = None
    if report.status != "created" and (record is None or record.solution_id != solution.pk):
        before = tombstones.published_before(solution)  # a local solution may become a harvested copy
    record = record or HarvestRecord(source=context.source, key=entry.key)
    record.solution = solution
    record.page_url = (entry.page_url or entry.repo_url)[:500]
    record.revision, record.etag, record.last_modified = (
        entry.revision[:200],
        payload.etag[:300],
        payload.last_modified[:100],
    )
    record.content_sha = sha
    record.document = document
    record.fields = {key: (provenance if key not in kept_local else {"source": "lokal"}) for key in taken}
    record.usage = entry.usage
    record.fetched_at = now
    record.withdrawn_at = None
    record.save()
    if before is not None:
        tombstones.solution_saved(solution, before)
    context.records[entry.key] = record
    return report.status, solution.pk, "", hints


def _withdraw(context: _Context, record: HarvestRecord | None) -> Result:
    if record is None:
        return ItemOutcome.SKIPPED, None, "Keine publiccode.yml bei der Quelle.", []
    if record.withdrawn_at is not None:
        return ItemOutcome.UNCHANGED, record.solution_id, "Bei der Quelle nicht mehr vorhanden.", []
    solution = record.solution
    if solution is not None and solution.owner_id is None:
        solution_withdraw(actor=context.actor, solution=solution)
    record.withdrawn_at = timezone.now()
    record.save(update_fields=["withdrawn_at"])
    message = (
        ""
        if solution is None or solution.owner_id is None
        else "Lösung einer Organisation: bleibt im Katalog."
    )
    return ItemOutcome.WITHDRAWN, record.solution_id, message, []


def _merge(*, local: dict[str, Any], last: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Three-way merge per top-level key for solutions a member owns: a value edited locally
    since the last harvest (local differs from what was taken) stays; the others follow the source."""
    merged = dict(new)
    for key, value in local.items():
        if (key in new and value != last.get(key)) or (key not in new and key not in last):
            merged[key] = value
    return merged


def _baseline(solution: Solution) -> dict[str, Any]:
    """What a member's solution was last imported from (its edits since differ from it)."""
    data = parse(solution.source_yaml).data if solution.source_yaml else None
    return {k: v for k, v in data.items() if k != "de"} if isinstance(data, dict) else {}


def _links(
    context: _Context, solution: Solution | None, entry: Entry, de: list[dict[str, Any]]
) -> SolutionLinks:
    links = SolutionLinks()
    network = context.source.network
    if network is not None:
        current = list(solution.networks.all()) if solution is not None else []
        links.networks = current if network in current else [*current, network]
    if solution is None or solution.owner_id is None:
        ids = {int(s) for s in entry.services if s.isdigit()} | {
            int(str(e.get("ozg-id"))) for e in de if str(e.get("ozg-id") or "").isdigit()
        }
        links.services = list(Service.objects.filter(ozg_id__in=ids)) if ids else []
    return links


def _licences(expression: str) -> set[str]:
    words = expression.replace("(", " ").replace(")", " ").split()
    return {w.lower() for w in words if w.upper() not in {"AND", "OR", "WITH"}}


def _filtered(context: _Context, document: dict[str, Any], entry: Entry, de: list[dict[str, Any]]) -> str:
    """Why the source's filters leave the item out ("" if they don't)."""
    source = context.source
    if source.filter_licences:
        wanted = {w.lower() for w in source.filter_licences}
        if not wanted & _licences(str((document.get("legal") or {}).get("license", ""))):
            return "Filter: Lizenz passt nicht."
    if source.filter_tags:
        tags = {str(v).lower() for key in ("categories", "platforms") for v in document.get(key) or []}
        if not {t.lower() for t in source.filter_tags} & tags:
            return "Filter: kein passendes Merkmal."
    if source.filter_services:
        ids = set(entry.services) | {str(e.get("ozg-id")) for e in de if e.get("ozg-id")}
        if not set(source.filter_services) & ids:
            return "Filter: keine passende OZG-Leistung."
    if source.filter_lands:
        legal = document.get("legal") or {}
        owner = str(legal.get("repoOwner") or legal.get("mainCopyrightOwner") or "").lower()
        if context.lands.get(owner) not in set(source.filter_lands):
            return "Filter: Eigentümerin aus keinem der gewählten Länder."
    return ""
