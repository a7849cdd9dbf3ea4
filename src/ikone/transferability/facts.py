"""Gather the facts for the scoring from the catalog, the owner's platform-side facts, the standards
registry and the reuse registry. What an app does not (yet) provide stays None: keine Angabe."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
from collections import defaultdict
from collections.abc import Iterable
from types import ModuleType
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone

from ikone.catalog.documents import dump_yaml
from ikone.catalog.models import Release, Solution
from ikone.catalog.publiccode import parse
from ikone.organizations.models import Organization
from ikone.transferability.models import TransferabilityFacts, TransferabilityScore
from ikone.transferability.scoring import RECOMMENDED_KEYS, Adopter, Facts, Target

WITHOUT_UI = {"library", "configurationFiles", "standalone/backend"}
WITH_UI = {"standalone/web", "standalone/mobile", "standalone/desktop"}
CONTAINER_WORDS = ("docker", "kubernetes", "podman", "helm", "openshift")


def _optional(module: str) -> ModuleType | None:
    """Another app's module, or None while it does not exist (its facts are then unknown)."""
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def _get(document: dict[str, Any], dotted: str) -> Any:
    value: Any = document
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _descriptions(document: dict[str, Any]) -> list[dict[str, Any]]:
    description = document.get("description") or {}
    ordered = sorted(description.items(), key=lambda item: (item[0] != "de", item[0]))
    return [value for _lang, value in ordered if isinstance(value, dict)]


def _first(document: dict[str, Any], key: str) -> str | None:
    return next((str(d[key]) for d in _descriptions(document) if d.get(key)), None)


def _present_keys(document: dict[str, Any]) -> frozenset[str]:
    present = set()
    for key, _label in RECOMMENDED_KEYS:
        if key == "description.documentation":
            found = _first(document, "documentation") is not None
        else:
            found = _get(document, key) not in (None, "", [], {})
        if found:
            present.add(key)
    return frozenset(present)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _contract_end(document: dict[str, Any]) -> dt.date | None:
    ends = [
        _date(c.get("until"))
        for c in (_get(document, "maintenance.contractors") or [])
        if isinstance(c, dict)
    ]
    return max((d for d in ends if d), default=None)


def _dependency_names(document: dict[str, Any], kind: str) -> list[str]:
    entries = _get(document, f"dependsOn.{kind}") or []
    return [str(e.get("name")) for e in entries if isinstance(e, dict) and e.get("name")]


def _proprietary(document: dict[str, Any]) -> tuple[str, ...] | None:
    if not isinstance(document.get("dependsOn"), dict):
        return None
    return tuple(_dependency_names(document, "proprietary"))


def _deployment(
    document: dict[str, Any], own: TransferabilityFacts | None
) -> tuple[dict[str, bool | None], str]:
    values: dict[str, bool | None] = {
        "container": own.container if own else None,
        "saas": own.saas if own else None,
        "on_premise": own.on_premise if own else None,
    }
    source = "Angaben der Eigentümerin" if own else ""
    if values["container"] is None:
        names = [n for n in _dependency_names(document, "open") if n.casefold().startswith(CONTAINER_WORDS)]
        if names:
            values["container"] = True
            source = (source + "; " if source else "") + "publiccode.yml dependsOn: " + ", ".join(names)
    return values, source


def document_sha1(document: dict[str, Any]) -> str:
    return hashlib.sha1(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()  # noqa: S324


def validation_counts(document: dict[str, Any]) -> tuple[int | None, int]:
    """Errors and warnings of the catalog's publiccode.yml validator for the stored document."""
    if not document:
        return None, 0
    outcome = parse(dump_yaml(document))
    return len(outcome.errors), len(outcome.warnings)


def _has_ui(software_type: str) -> bool | None:
    if software_type in WITHOUT_UI:
        return False
    if software_type in WITH_UI:
        return True
    return None


def _confirmed_production(today: dt.date) -> Q:
    return Q(state="production", confirmed_at__isnull=False) & (
        Q(review_due__isnull=True) | Q(review_due__gte=today)
    )


def _adoptions(ids: list[int], today: dt.date) -> tuple[dict[int, list[Adopter]], dict[int, Any]] | None:
    reuse_models = _optional("ikone.reuse.models")
    reuse_selectors = _optional("ikone.reuse.selectors")
    if reuse_models is None or reuse_selectors is None or not hasattr(reuse_selectors, "adoption_stats"):
        return None
    adopters: dict[int, list[Adopter]] = defaultdict(list)
    rows = (
        reuse_models.Adoption.objects.filter(_confirmed_production(today), solution_id__in=ids)
        .select_related("organization")
        .order_by("organization__short_name")
    )
    for adoption in rows:
        org = adoption.organization
        adopters[adoption.solution_id].append(
            Adopter(
                name=str(org),
                land_key=org.land_key,
                population=org.population,
                it_provider=adoption.it_provider,
            )
        )
    return adopters, reuse_selectors.adoption_stats(ids)


def _standards(
    solutions: list[Solution],
) -> dict[int, tuple[tuple[str, ...] | None, tuple[str, ...], tuple[str, ...]]] | None:
    """Per solution: agreed set of its networks (None: none), declared and verified standards."""
    standards = _optional("ikone.standards.models")
    if standards is None:
        return None
    ids = [s.pk for s in solutions]
    networks: dict[int, set[int]] = defaultdict(set)
    for solution_id, network_id in Solution.networks.through.objects.filter(solution_id__in=ids).values_list(
        "solution_id", "network_id"
    ):
        networks[solution_id].add(network_id)
    agreed: dict[int, dict[int, str]] = defaultdict(dict)
    for entry in standards.NetworkStandard.objects.filter(
        network_id__in={n for ns in networks.values() for n in ns}
    ).select_related("standard_version__standard"):
        version = entry.standard_version
        agreed[entry.network_id][version.pk] = f"{version.standard.abbreviation} {version.version}"
    stated: dict[int, dict[str, set[int]]] = defaultdict(lambda: {"declared": set(), "verified": set()})
    labels: dict[int, str] = {}
    for item in standards.Conformance.objects.filter(solution_id__in=ids).select_related(
        "standard_version__standard"
    ):
        version = item.standard_version
        labels[version.pk] = f"{version.standard.abbreviation} {version.version}"
        stated[item.solution_id]["verified" if item.kind == "verified" else "declared"].add(version.pk)
    result = {}
    for solution_id in ids:
        wanted: dict[int, str] = {}
        for network_id in networks[solution_id]:
            wanted.update(agreed[network_id])
        labels.update(wanted)
        declared = stated[solution_id]["declared"] | stated[solution_id]["verified"]
        result[solution_id] = (
            tuple(sorted(set(wanted.values()))) or None,
            tuple(sorted({labels[pk] for pk in declared})),
            tuple(sorted({labels[pk] for pk in stated[solution_id]["verified"]})),
        )
    return result


Check = tuple[str, int | None, int]  # document hash, errors, warnings


def gather_many(
    solutions: Iterable[Solution], *, validate: bool = True, checks: dict[int, Check] | None = None
) -> dict[int, Facts]:
    """Facts of many solutions with a fixed number of queries. The validator runs only for
    documents that changed since their score was stored; `checks` receives every result."""
    items = list(solutions)
    ids = [s.pk for s in items]
    today = timezone.localdate()
    own = {f.solution_id: f for f in TransferabilityFacts.objects.filter(solution_id__in=ids)}
    stored: dict[int, Check] = {
        pk: (sha, errors, warnings)
        for pk, sha, errors, warnings in TransferabilityScore.objects.filter(solution_id__in=ids).values_list(
            "solution_id", "document_sha1", "publiccode_errors", "publiccode_warnings"
        )
    }
    releases = {
        row["solution_id"]: row
        for row in Release.objects.filter(solution_id__in=ids)
        .values("solution_id")
        .annotate(latest=Max("release_date"), n=Count("id"))
    }
    reuse = _adoptions(ids, today)
    standards = _standards(items)
    owners = dict(Organization.objects.filter(solutions__in=ids).values_list("pk", "land_key"))
    result = {}
    for solution in items:
        document = solution.document or {}
        facts = own.get(solution.pk)
        sha = document_sha1(document)
        known = stored.get(solution.pk)
        errors: int | None
        if known is not None and known[0] == sha and known[1] is not None:
            errors, warnings = known[1], known[2]
        else:
            errors, warnings = validation_counts(document) if validate else (None, 0)
        if checks is not None:
            checks[solution.pk] = (sha, errors, warnings)
        dates = [d for d in (solution.release_date, releases.get(solution.pk, {}).get("latest")) if d]
        deployment, deployment_source = _deployment(document, facts)
        agreed, declared, verified = standards[solution.pk] if standards else (None, (), ())
        stats = reuse[1].get(solution.pk) if reuse else None
        languages = _get(document, "localisation.availableLanguages")
        result[solution.pk] = Facts(
            name=solution.name,
            as_of=today,
            licence=solution.license or None,
            publiccode_errors=errors,
            publiccode_warnings=warnings,
            present_keys=_present_keys(document),
            maintenance_type=solution.maintenance_type or None,
            maintenance_until=_contract_end(document),
            last_release=max(dates) if dates else None,
            release_count=releases.get(solution.pk, {}).get("n", 0),
            documentation_url=_first(document, "documentation"),
            api_documentation_url=_first(document, "apiDocumentation"),
            agreed_standards=agreed,
            declared_standards=declared,
            verified_standards=verified,
            deployment=deployment,
            deployment_source=deployment_source,
            multi_tenant=facts.multi_tenant if facts else None,
            personal_data=facts.personal_data if facts else None,
            data_protection_url=(facts.data_protection_url or None) if facts else None,
            accessibility_url=(facts.accessibility_url or None) if facts else None,
            has_user_interface=_has_ui(solution.software_type),
            production_adoptions=len(reuse[0].get(solution.pk, [])) if reuse else None,
            adopters=tuple(reuse[0].get(solution.pk, [])) if reuse else (),
            average_rating=stats.average_rating if stats else None,
            report_count=stats.report_count if stats else None,
            proprietary_dependencies=_proprietary(document),
            owner_land_key=owners.get(solution.owner_id or 0, "") or "",
            legal_scope=facts.legal_scope if facts else "",
            law_land_keys=tuple(facts.law_land_keys) if facts else (),
            size_classes=tuple(facts.size_classes) if facts else (),
            it_providers=tuple(facts.it_provider_list) if facts else (),
            languages=tuple(str(v) for v in languages) if isinstance(languages, list) else None,
        )
    return result


def gather(solution: Solution) -> Facts:
    return gather_many([solution])[solution.pk]


def target_of(organization: Organization) -> Target:
    """The target organisation's context: Land, population, the IT service providers it already
    works with (from its own adoptions), languages (German, the official language)."""
    land = Organization.objects.filter(level="land", land_key=organization.land_key).first()
    providers: list[str] = []
    reuse_models = _optional("ikone.reuse.models")
    if reuse_models is not None:
        providers = sorted(
            set(
                reuse_models.Adoption.objects.filter(organization=organization)
                .exclude(state="ended")
                .exclude(it_provider="")
                .values_list("it_provider", flat=True)
            )
        )
    return Target(
        key=organization.key,
        name=str(organization),
        land_key=organization.land_key,
        land_name=str(land) if land else "",
        population=organization.population,
        it_providers=tuple(providers),
    )
