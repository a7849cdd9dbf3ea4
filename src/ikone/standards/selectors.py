"""Reads for standards, agreed sets, conformance, compliance and compatibility."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from ikone.catalog.models import Release, Solution
from ikone.core.errors import NotFound
from ikone.organizations.models import Network
from ikone.standards.models import (
    Conformance,
    InterfaceSpec,
    InterfaceUse,
    NetworkStandard,
    Standard,
)


@dataclass(frozen=True)
class StandardFilter:
    q: str | None = None
    kind: str | None = None


def standard_list(*, filters: StandardFilter | None = None) -> QuerySet[Standard]:
    filters = filters or StandardFilter()
    queryset = Standard.objects.annotate(version_count=Count("versions", distinct=True))
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.q:
        queryset = queryset.filter(
            Q(name__icontains=filters.q)
            | Q(abbreviation__icontains=filters.q)
            | Q(publisher__icontains=filters.q)
        )
    return queryset.prefetch_related("versions")


def standard_get(*, slug: str) -> Standard:
    standard = Standard.objects.prefetch_related("versions").filter(slug=slug).first()
    if standard is None:
        raise NotFound("Standard nicht gefunden.")
    return standard


@dataclass(frozen=True)
class ConformanceEntry:
    """One conformance statement of a solution, as other apps read it."""

    standard_slug: str
    standard_abbreviation: str
    standard_name: str
    standard_kind: str
    version: str
    version_id: int
    release: str | None  # version of the solution, None = the solution as a whole
    kind: str  # "declared" | "verified"
    evidence_kind: str  # test_report | certificate | automatic_check | none
    evidence_url: str
    note: str
    conformance: Conformance

    @property
    def verified(self) -> bool:
        return self.kind == Conformance.Kind.VERIFIED


def _conformances() -> QuerySet[Conformance]:
    return Conformance.objects.select_related("standard_version__standard", "release", "recorded_by")


def _entry(item: Conformance) -> ConformanceEntry:
    standard = item.standard_version.standard
    return ConformanceEntry(
        standard_slug=standard.slug,
        standard_abbreviation=standard.abbreviation,
        standard_name=standard.name,
        standard_kind=standard.kind,
        version=item.standard_version.version,
        version_id=item.standard_version_id,
        release=item.release.version if item.release is not None else None,
        kind=item.kind,
        evidence_kind=item.evidence_kind,
        evidence_url=item.evidence_url or (item.evidence_file.url if item.evidence_file else ""),
        note=item.note,
        conformance=item,
    )


def solution_conformance(solution: Solution, *, release: Release | None = None) -> list[ConformanceEntry]:
    """Declared and verified conformance of a solution (all releases, or one release and the
    statements for the solution as a whole)."""
    queryset = _conformances().filter(solution=solution)
    if release is not None:
        queryset = queryset.filter(Q(release=release) | Q(release__isnull=True))
    return [
        _entry(item) for item in queryset.order_by("standard_version__standard__abbreviation", "kind", "id")
    ]


def agreed_set(network: Network) -> list[NetworkStandard]:
    return list(
        NetworkStandard.objects.filter(network=network)
        .select_related("standard_version__standard", "adopted_by")
        .order_by("standard_version__standard__abbreviation", "standard_version__version")
    )


def network_solutions(network: Network, *, user: Any = None) -> QuerySet[Solution]:
    """Solutions shared in the network or owned by a member, as far as `user` may see them."""
    return (
        Solution.objects.visible_to(user)
        .filter(Q(networks=network) | Q(owner__memberships__network=network))
        .distinct()
        .select_related("owner")
        .order_by("name", "id")
    )


@dataclass(frozen=True)
class ComplianceCell:
    agreed: NetworkStandard
    declared: bool
    verified: bool
    other_versions: tuple[str, ...] = ()  # conformance to another version of the same standard

    @property
    def state(self) -> str:
        if self.verified:
            return "verified"
        if self.declared:
            return "declared"
        if self.other_versions:
            return "other_version"
        return "missing"


@dataclass
class ComplianceRow:
    solution: Solution
    cells: list[ComplianceCell]

    @property
    def declared_count(self) -> int:
        return sum(1 for c in self.cells if c.declared)

    @property
    def verified_count(self) -> int:
        return sum(1 for c in self.cells if c.verified)

    @property
    def complete(self) -> bool:
        """Every agreed standard at least declared."""
        return all(c.declared or c.verified for c in self.cells)


@dataclass
class NetworkCompliance:
    network: Network
    agreed: list[NetworkStandard]
    rows: list[ComplianceRow] = field(default_factory=list)


def _row(solution: Solution, agreed: list[NetworkStandard], statements: list[Conformance]) -> ComplianceRow:
    by_version: dict[int, set[str]] = defaultdict(set)
    by_standard: dict[int, set[str]] = defaultdict(set)
    for item in statements:
        by_version[item.standard_version_id].add(item.kind)
        by_standard[item.standard_version.standard_id].add(item.standard_version.version)
    cells = []
    for entry in agreed:
        version = entry.standard_version
        kinds = by_version.get(version.pk, set())
        others = tuple(sorted(by_standard.get(version.standard_id, set()) - {version.version}))
        cells.append(
            ComplianceCell(
                agreed=entry,
                declared=Conformance.Kind.DECLARED in kinds,
                verified=Conformance.Kind.VERIFIED in kinds,
                other_versions=others,
            )
        )
    return ComplianceRow(solution=solution, cells=cells)


def network_compliance(network: Network, *, user: Any = None) -> NetworkCompliance:
    """Solutions of the network × the agreed set; declared and verified conformance separately.
    Without `user` only public solutions are listed."""
    agreed = agreed_set(network)
    solutions = list(network_solutions(network, user=user))
    statements: dict[int, list[Conformance]] = defaultdict(list)
    for item in Conformance.objects.filter(solution__in=[s.pk for s in solutions]).select_related(
        "standard_version"
    ):
        statements[item.solution_id].append(item)
    return NetworkCompliance(
        network=network,
        agreed=agreed,
        rows=[_row(s, agreed, statements[s.pk]) for s in solutions],
    )


def solution_network_compliance(solution: Solution, network: Network) -> ComplianceRow:
    """How one solution meets one network's agreed set (for scores and recommendations)."""
    statements = list(Conformance.objects.filter(solution=solution).select_related("standard_version"))
    return _row(solution, agreed_set(network), statements)


def solution_specs(solution: Solution) -> list[InterfaceSpec]:
    return list(
        InterfaceSpec.objects.filter(solution=solution)
        .select_related("release", "solution", "previous__release")
        .defer("source_text")
        .order_by("-uploaded_at", "-id")
    )


def spec_get(*, pk: int, user: Any) -> InterfaceSpec:
    spec = (
        InterfaceSpec.objects.select_related("release", "solution", "previous__release")
        .filter(pk=pk, solution__in=Solution.objects.visible_to(user))
        .first()
    )
    if spec is None:
        raise NotFound("Schnittstellenbeschreibung nicht gefunden.")
    return spec


@dataclass(frozen=True)
class CompatibilityColumn:
    key: str  # "standard:<slug>" or "api:<solution slug>"
    label: str
    kind: str  # "standard" | "interface"
    agreed_version: str = ""  # the network's agreed version(s) of a standard
    provider: Solution | None = None
    latest_spec: InterfaceSpec | None = None


@dataclass(frozen=True)
class CompatibilityCell:
    implements: tuple[str, ...] = ()  # versions implemented
    consumes: tuple[str, ...] = ()  # versions consumed
    problems: tuple[str, ...] = ()


@dataclass
class CompatibilityMatrix:
    network: Network
    columns: list[CompatibilityColumn]
    rows: list[tuple[Solution, list[CompatibilityCell]]]

    @property
    def problem_count(self) -> int:
        return sum(1 for _solution, cells in self.rows for cell in cells if cell.problems)


def compatibility_matrix(network: Network, *, user: Any = None) -> CompatibilityMatrix:
    """Which solutions of the network implement / consume which standards and interfaces, with the
    problems a member should know before adopting (version mismatches, breaking API changes)."""
    solutions = list(network_solutions(network, user=user))
    ids = [s.pk for s in solutions]
    agreed = agreed_set(network)
    agreed_versions: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for entry in agreed:
        standard = entry.standard_version.standard
        agreed_versions[standard.slug].add(entry.standard_version.version)
        labels[standard.slug] = standard.abbreviation
    implements: dict[tuple[int, str], set[str]] = defaultdict(set)
    for item in Conformance.objects.filter(solution__in=ids).select_related("standard_version__standard"):
        standard = item.standard_version.standard
        implements[(item.solution_id, f"standard:{standard.slug}")].add(item.standard_version.version)
        labels.setdefault(standard.slug, standard.abbreviation)
    consumes: dict[tuple[int, str], set[str]] = defaultdict(set)
    providers: dict[int, Solution] = {}
    for use in InterfaceUse.objects.filter(solution__in=ids).select_related(
        "standard_version__standard", "provider"
    ):
        if use.standard_version_id:
            assert use.standard_version is not None
            standard = use.standard_version.standard
            consumes[(use.solution_id, f"standard:{standard.slug}")].add(use.standard_version.version)
            labels.setdefault(standard.slug, standard.abbreviation)
        elif use.provider is not None and use.provider_id in ids:
            consumes[(use.solution_id, f"api:{use.provider.slug}")].add(use.provider_version)
            providers[use.provider.pk] = use.provider
    specs: dict[int, InterfaceSpec] = {}
    for spec in (
        InterfaceSpec.objects.filter(solution__in=ids)
        .select_related("release", "solution")
        .defer("source_text", "document")
        .order_by("solution_id", "-uploaded_at", "-id")
    ):
        specs.setdefault(spec.solution_id, spec)
        providers.setdefault(spec.solution_id, spec.solution)
        implements[(spec.solution_id, f"api:{spec.solution.slug}")].add(spec.release.version)

    columns = [
        CompatibilityColumn(
            key=f"standard:{slug}",
            label=labels[slug],
            kind="standard",
            agreed_version=", ".join(sorted(agreed_versions.get(slug, set()))),
        )
        for slug in sorted(labels, key=lambda s: labels[s].lower())
    ]
    columns += [
        CompatibilityColumn(
            key=f"api:{p.slug}",
            label=p.name,
            kind="interface",
            provider=p,
            latest_spec=specs.get(p.pk),
        )
        for p in sorted(providers.values(), key=lambda p: p.name.lower())
    ]
    rows = []
    for solution in solutions:
        cells = []
        for column in columns:
            key = (solution.pk, column.key)
            impl, cons = implements.get(key, set()), consumes.get(key, set())
            cells.append(
                CompatibilityCell(
                    implements=tuple(sorted(impl)),
                    consumes=tuple(sorted(v for v in cons if v)) or (("",) if cons else ()),
                    problems=tuple(_problems(column, agreed_versions, impl, cons)),
                )
            )
        rows.append((solution, cells))
    return CompatibilityMatrix(network=network, columns=columns, rows=rows)


def _problems(
    column: CompatibilityColumn, agreed: dict[str, set[str]], impl: set[str], cons: set[str]
) -> list[str]:
    problems = []
    if column.kind == "standard":
        wanted = agreed.get(column.key.removeprefix("standard:"), set())
        used = impl | cons
        if wanted and used and not used & wanted:
            problems.append(f"Nutzt {', '.join(sorted(used))}, vereinbart ist {', '.join(sorted(wanted))}.")
    elif cons and column.latest_spec is not None:
        spec = column.latest_spec
        pinned = {v for v in cons if v}
        if pinned and spec.release.version not in pinned:
            problems.append(f"Nutzt Version {', '.join(sorted(pinned))}, aktuell ist {spec.release.version}.")
        if spec.breaking_count:
            problems.append(
                f"Die aktuelle Schnittstelle ({spec.release.version}) hat {spec.breaking_count} "
                "inkompatible Änderung(en)."
            )
    return problems
