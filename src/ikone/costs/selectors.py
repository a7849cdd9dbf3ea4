"""Reads for costs: agreements, their cost basis, allocations and scenarios, cost items, programmes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from ikone.accounts import policy
from ikone.catalog.models import Solution
from ikone.claims import selectors as claim_selectors
from ikone.claims.choices import ClaimState
from ikone.claims.models import Claim
from ikone.core.errors import DomainError, FieldError, NotFound
from ikone.costs.choices import ONE_OFF_KINDS, AgreementStatus, KeyKind
from ikone.costs.computations import allocation as engine
from ikone.costs.computations import funding, savings
from ikone.costs.models import (
    BuildAloneEstimate,
    CostAgreement,
    CostItem,
    CostKey,
    FundingProgramme,
    Participant,
    SavingsAssumptions,
)
from ikone.organizations.choices import MembershipRole
from ikone.organizations.models import Network, Organization
from ikone.reuse import selectors as reuse_selectors
from ikone.reuse.choices import AdoptionState
from ikone.transferability import selectors as transferability_selectors

ZERO = Decimal("0.00")


def agreement_list(*, network: Network) -> QuerySet[CostAgreement]:
    return (
        CostAgreement.objects.filter(network=network)
        .select_related("network", "solution", "claim__service", "claim__organization")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("organization")),
            Prefetch("keys", queryset=CostKey.objects.order_by("-version")),
        )
        .order_by("-starts_on", "title", "id")
    )


def agreement_get(*, network: Network, agreement_id: int) -> CostAgreement:
    agreement = agreement_list(network=network).filter(pk=agreement_id).first()
    if agreement is None:
        raise NotFound(f"Keine Kostenteilungsvereinbarung {agreement_id} in {network}.")
    return agreement


def agreement_by_id(*, agreement_id: int) -> CostAgreement:
    agreement = CostAgreement.objects.select_related("network").filter(pk=agreement_id).first()
    if agreement is None:
        raise NotFound(f"Keine Kostenteilungsvereinbarung {agreement_id}.")
    return agreement_get(network=agreement.network, agreement_id=agreement_id)


def current_key(agreement: CostAgreement) -> CostKey:
    """The newest version of the agreement's key (every agreement is created with one)."""
    return max(agreement.keys.all(), key=lambda k: k.version)


def scope_filter(*, solution_id: int | None, claim_id: int | None) -> Q:
    """Which costs an agreement shares (one rule for every place that asks): those booked on its claim
    (a network project); else those of its solution not booked on a claim; else the network's own
    costs, booked on neither a solution nor a claim. So no cost is shared by two agreements at once."""
    if claim_id is not None:
        return Q(claim_id=claim_id)
    if solution_id is not None:
        return Q(solution_id=solution_id, claim__isnull=True)
    return Q(solution__isnull=True, claim__isnull=True)


def in_scope(
    *, item_solution_id: int | None, item_claim_id: int | None, solution_id: int | None, claim_id: int | None
) -> bool:
    """`scope_filter` for values already read (lists that total many agreements with one query)."""
    if claim_id is not None:
        return item_claim_id == claim_id
    return item_claim_id is None and item_solution_id == solution_id


def cost_items_in_scope(
    *,
    network: Network,
    solution_id: int | None,
    first_year: int,
    last_year: int,
    claim_id: int | None = None,
) -> QuerySet[CostItem]:
    """The costs an agreement shares in the years of its period (see `scope_filter`)."""
    return (
        CostItem.objects.filter(network=network, year__gte=first_year, year__lte=last_year)
        .filter(scope_filter(solution_id=solution_id, claim_id=claim_id))
        .select_related("incurred_by", "solution", "programme", "claim__service", "claim__organization")
        .order_by("year", "kind", "id")
    )


def agreement_cost_items(agreement: CostAgreement, *, year: int | None = None) -> QuerySet[CostItem]:
    """The costs an agreement shares: in its whole period, or in one `year` of it."""
    return cost_items_in_scope(
        network=agreement.network,
        solution_id=agreement.solution_id,
        claim_id=agreement.claim_id,
        first_year=year or agreement.starts_on.year,
        last_year=year or agreement.ends_on.year,
    )


def agreement_total(agreement: CostAgreement, *, year: int | None = None) -> Decimal:
    return money_sum(agreement_cost_items(agreement, year=year).values_list("amount_eur", flat=True))


def money_sum(amounts: Iterable[Decimal]) -> Decimal:
    """Sums of money are added up here, exactly: SQLite's SUM() would add decimals as floats."""
    return sum(amounts, ZERO)


def agreement_totals(agreements: Sequence[CostAgreement]) -> dict[int, Decimal]:
    """The totals of many agreements of one network with one query (for lists)."""
    if not agreements:
        return {}
    sums: dict[tuple[int | None, int | None, int], Decimal] = defaultdict(lambda: ZERO)
    rows = CostItem.objects.filter(network_id=agreements[0].network_id).values_list(
        "solution_id", "claim_id", "year", "amount_eur"
    )
    for solution_id, claim_id, year, amount in rows:
        sums[(solution_id, claim_id, year)] += amount
    return {
        a.pk: sum(
            (
                total
                for (solution_id, claim_id, year), total in sums.items()
                if in_scope(
                    item_solution_id=solution_id,
                    item_claim_id=claim_id,
                    solution_id=a.solution_id,
                    claim_id=a.claim_id,
                )
                and a.starts_on.year <= year <= a.ends_on.year
            ),
            ZERO,
        )
        for a in agreements
    }


# A comparison with the hybrid key for an agreement that has no weights of its own uses these.
DEFAULT_HYBRID_WEIGHTS = {
    engine.POPULATION: Decimal("0.6667"),
    engine.USAGE: Decimal(0),
    engine.EQUAL: Decimal("0.3333"),
}


def engine_key(key: CostKey, kind: str | None = None) -> engine.Key:
    """The engine's key for a stored version; `kind` swaps the key for a comparison, keeping the rest
    (a hybrid comparison without stored weights uses 2/3 population and 1/3 equal shares)."""
    weights = {
        engine.POPULATION: key.weight_population,
        engine.USAGE: key.weight_usage,
        engine.EQUAL: key.weight_equal,
    }
    if (kind or key.kind) == engine.HYBRID and not any(weights.values()):
        weights = dict(DEFAULT_HYBRID_WEIGHTS)
    return engine.Key(
        kind=kind or key.kind,
        weights=weights,
        variable_measure=key.variable_measure,
        base_fee_cents=engine.cents(key.base_fee_eur),
        cap_cents=None if key.cap_eur is None else engine.cents(key.cap_eur),
        minimum_cents=None if key.minimum_eur is None else engine.cents(key.minimum_eur),
    )


@dataclass(frozen=True)
class MemberInput:
    """A member as the allocation sees it (a participant, or a member in a what-if scenario)."""

    organization: Organization
    joined_on: dt.date | None = None
    left_on: dt.date | None = None
    usage: int | None = None
    fixed_percent: Decimal | None = None


@dataclass(frozen=True)
class AllocationRow:
    organization: Organization
    amount: Decimal
    percent: Decimal
    presence: Decimal
    population: int | None
    usage: int | None
    capped: bool
    raised_to_minimum: bool

    @property
    def cents(self) -> int:
        return engine.cents(self.amount)


@dataclass(frozen=True)
class AllocationView:
    """An allocation ready to show: rows per member, the total, and how it was computed."""

    key_kind: str
    key_label: str
    total: Decimal
    rows: list[AllocationRow] = field(default_factory=list)
    error: FieldError | None = None

    @property
    def sum(self) -> Decimal:
        return sum((row.amount for row in self.rows), ZERO)


def year_period(agreement: CostAgreement, year: int) -> tuple[dt.date, dt.date]:
    """The part of the agreement's period in calendar year `year`."""
    return max(agreement.starts_on, dt.date(year, 1, 1)), min(agreement.ends_on, dt.date(year, 12, 31))


def agreement_years(agreement: CostAgreement) -> list[int]:
    return list(range(agreement.starts_on.year, agreement.ends_on.year + 1))


def allocation_compute(
    *,
    agreement: CostAgreement,
    members: list[MemberInput],
    key: engine.Key,
    year: int | None = None,
) -> AllocationView:
    """Apply `key` to `members` for the agreement's costs; errors come back in `error` (for pages
    that show several scenarios) — `allocation_or_error` raises them instead.

    The costs of each calendar year of the period are shared among the members taking part in that
    year (presence within that year's part of the period); a multi-year agreement's allocation is the
    sum of its years, so the yearly statements add up exactly to the whole-period one. `year` gives
    one year alone."""
    by_year: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for item_year, amount in agreement_cost_items(agreement, year=year).values_list("year", "amount_eur"):
        by_year[item_year] += amount
    years = [year] if year is not None else agreement_years(agreement)
    views = []
    for each in years:
        start, end = year_period(agreement, each)
        view = _period_allocation(start=start, end=end, members=members, key=key, total=by_year[each])
        if view.error is not None and len(years) > 1:
            error = FieldError(view.error.field, f"{each}: {view.error.message}")
            return AllocationView(key_kind=key.kind, key_label=view.key_label, total=view.total, error=error)
        views.append(view)
    if len(views) == 1:
        return views[0]
    return _sum_of_years(agreement, members, views)


def _sum_of_years(
    agreement: CostAgreement, members: list[MemberInput], views: list[AllocationView]
) -> AllocationView:
    total = money_sum(v.total for v in views)
    rows = []
    for m in members:
        own = [r for v in views for r in v.rows if r.organization.pk == m.organization.pk]
        if not own:
            continue
        amount = money_sum(r.amount for r in own)
        p = engine.presence(agreement.starts_on, agreement.ends_on, m.joined_on, m.left_on)
        rows.append(
            AllocationRow(
                organization=m.organization,
                amount=amount,
                percent=(amount * 100 / total).quantize(Decimal("0.01")) if total else Decimal("0.00"),
                presence=(Decimal(p.numerator) / p.denominator).quantize(Decimal("0.0001")),
                population=m.organization.population,
                usage=m.usage,
                capped=any(r.capped for r in own),
                raised_to_minimum=any(r.raised_to_minimum for r in own),
            )
        )
    return AllocationView(key_kind=views[0].key_kind, key_label=views[0].key_label, total=total, rows=rows)


def _period_allocation(
    *, start: dt.date, end: dt.date, members: list[MemberInput], key: engine.Key, total: Decimal
) -> AllocationView:
    label = str(KeyKind(key.kind).label) if key.kind in KeyKind.values else key.kind
    by_key = {m.organization.key: m for m in members}
    inputs = [
        engine.Member(
            key=m.organization.key,
            name=str(m.organization),
            population=m.organization.population or 0,
            usage=m.usage,
            percent=m.fixed_percent,
            presence=engine.presence(start, end, m.joined_on, m.left_on),
        )
        for m in members
    ]
    try:
        result = engine.allocate(engine.cents(total), inputs, key)
    except engine.AllocationError as exc:
        return AllocationView(
            key_kind=key.kind, key_label=label, total=total, error=FieldError(exc.field, exc.message)
        )
    presences = {m.key: m.presence for m in inputs}
    return AllocationView(
        key_kind=key.kind,
        key_label=label,
        total=total,
        rows=[
            AllocationRow(
                organization=by_key[share.key].organization,
                amount=engine.euros(share.cents),
                percent=(Decimal(share.cents * 100) / Decimal(result.total_cents)).quantize(Decimal("0.01"))
                if result.total_cents
                else Decimal("0.00"),
                presence=(
                    Decimal(presences[share.key].numerator) / presences[share.key].denominator
                ).quantize(Decimal("0.0001")),
                population=by_key[share.key].organization.population,
                usage=by_key[share.key].usage,
                capped=share.capped,
                raised_to_minimum=share.raised_to_minimum,
            )
            for share in result.shares
        ],
    )


def participants_as_members(agreement: CostAgreement) -> list[MemberInput]:
    return [
        MemberInput(
            organization=p.organization,
            joined_on=p.joined_on,
            left_on=p.left_on,
            usage=p.usage,
            fixed_percent=p.fixed_percent,
        )
        for p in agreement.participants.all()
    ]


def scenario_members(
    agreement: CostAgreement, *, join: Sequence[Organization] = (), leave: Sequence[Organization] = ()
) -> list[MemberInput]:
    """The participants, with `leave` taken out and `join` added for the whole period ("what if …")."""
    leaving = {o.pk for o in leave}
    members = [m for m in participants_as_members(agreement) if m.organization.pk not in leaving]
    present = {m.organization.pk for m in members}
    members += [MemberInput(organization=o) for o in join if o.pk not in present]
    return members


def agreement_allocation(
    *,
    agreement: CostAgreement,
    kind: str | None = None,
    join: Sequence[Organization] = (),
    leave: Sequence[Organization] = (),
    year: int | None = None,
) -> AllocationView:
    if kind is not None and kind not in KeyKind.values:
        raise DomainError(
            detail=f"Unbekannter Schlüssel „{kind}“.",
            errors=[FieldError("key", "einer von: " + ", ".join(KeyKind.values))],
            status=422,
        )
    return allocation_compute(
        agreement=agreement,
        members=scenario_members(agreement, join=join, leave=leave),
        key=engine_key(current_key(agreement), kind),
        year=year_in_period(agreement, year),
    )


def year_in_period(agreement: CostAgreement, year: int | None) -> int | None:
    """`year` if it lies in the agreement's period; otherwise a 422 at the field `year`."""
    if year is not None and year not in agreement_years(agreement):
        raise DomainError(
            detail=f"{year} liegt nicht im Zeitraum der Vereinbarung.",
            errors=[
                FieldError(
                    "year",
                    f"Bitte ein Jahr von {agreement.starts_on.year} bis {agreement.ends_on.year} angeben.",
                )
            ],
            status=422,
        )
    return year


def allocation_or_error(view: AllocationView) -> AllocationView:
    if view.error is not None:
        raise DomainError(
            detail=f"So lässt sich nicht verteilen: {view.error.message}", errors=[view.error], status=422
        )
    return view


def signed_agreements_sharing(item: CostItem) -> list[CostAgreement]:
    """The signed-off agreements whose costs include `item` (see `scope_filter`)."""
    candidates = CostAgreement.objects.filter(
        network_id=item.network_id,
        status=AgreementStatus.SIGNED,
        starts_on__year__lte=item.year,
        ends_on__year__gte=item.year,
    ).order_by("starts_on", "pk")
    return [
        a
        for a in candidates
        if in_scope(
            item_solution_id=item.solution_id,
            item_claim_id=item.claim_id,
            solution_id=a.solution_id,
            claim_id=a.claim_id,
        )
    ]


def cost_item_get(*, network: Network, item_id: int) -> CostItem:
    item = cost_item_list(network=network).filter(pk=item_id).first()
    if item is None:
        raise NotFound(f"Keine Kostenposition {item_id} in {network}.")
    return item


def cost_item_list(*, network: Network) -> QuerySet[CostItem]:
    return CostItem.objects.filter(network=network).select_related(
        "incurred_by", "solution", "programme", "claim__service", "claim__organization"
    )


@dataclass(frozen=True)
class ProgrammeBudget:
    programme: FundingProgramme
    linked_costs: Decimal
    eligible_costs: Decimal
    funded: Decimal
    remaining: Decimal
    claim_ids: list[int] = field(default_factory=list)


def programme_budgets(*, network: Network) -> list[ProgrammeBudget]:
    """Each programme with the costs linked to it, the part it funds (eligible costs × rate) and what
    is left (see `computations/funding.py`), and the claims linked to it."""
    linked_by_programme: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    rows = CostItem.objects.filter(network=network, programme__isnull=False).values_list(
        "programme_id", "kind", "amount_eur"
    )
    for programme_id, kind, amount in rows:
        linked_by_programme[programme_id].append((kind, amount))
    claims: dict[int, list[int]] = defaultdict(list)
    for programme_id, claim_id in FundingProgramme.claims.through.objects.filter(
        fundingprogramme__network=network
    ).values_list("fundingprogramme_id", "claim_id"):
        claims[programme_id].append(claim_id)
    result = []
    for programme in FundingProgramme.objects.filter(network=network).order_by("starts_on", "name"):
        computed = funding.budget(
            amount=programme.amount_eur,
            funding_rate=programme.funding_rate,
            eligible_kinds=programme.eligible_kinds or [],
            items=linked_by_programme[programme.pk],
        )
        result.append(
            ProgrammeBudget(
                programme=programme,
                linked_costs=computed.linked,
                eligible_costs=computed.eligible,
                funded=computed.funded,
                remaining=computed.remaining,
                claim_ids=sorted(claims[programme.pk]),
            )
        )
    return result


@dataclass(frozen=True)
class ProgrammeLinks:
    """How many cost items and claims are linked to a programme (it is deleted only without any)."""

    programme: FundingProgramme
    cost_items: int
    claims: int

    @property
    def any(self) -> bool:
        return bool(self.cost_items or self.claims)

    @property
    def message(self) -> str:
        parts = []
        if self.cost_items:
            parts.append(f"{self.cost_items} Kostenposition{'en' if self.cost_items > 1 else ''}")
        if self.claims:
            parts.append(f"{self.claims} Übernahme{'n' if self.claims > 1 else ''}")
        verb = "ist" if self.cost_items + self.claims == 1 else "sind"
        return (
            f"Dem Förderprogramm „{self.programme.name}“ {verb} noch {' und '.join(parts)} zugeordnet. Bitte "
            "zuerst die Zuordnungen lösen (bei der Kostenposition das Förderprogramm entfernen, beim "
            "Programm die geförderten Übernahmen abwählen); dann lässt sich das Programm löschen."
        )

    def field_errors(self) -> list[FieldError]:
        errors = []
        if self.cost_items:
            errors.append(
                FieldError("cost_items", f"{self.cost_items} zugeordnete Kostenposition(en) zuerst lösen.")
            )
        if self.claims:
            errors.append(FieldError("claims", f"{self.claims} geförderte Übernahme(n) zuerst abwählen."))
        return errors


def programme_links(*, programme: FundingProgramme) -> ProgrammeLinks:
    return ProgrammeLinks(
        programme=programme,
        cost_items=CostItem.objects.filter(programme=programme).count(),
        claims=programme.claims.count(),
    )


def programme_values(programme: FundingProgramme) -> dict[str, Any]:
    """The values a coordinator changes, as they are now (form start values, partial API changes)."""
    return {
        "name": programme.name,
        "funder": programme.funder,
        "amount_eur": programme.amount_eur,
        "starts_on": programme.starts_on,
        "ends_on": programme.ends_on,
        "funding_rate": programme.funding_rate,
        "eligible_kinds": list(programme.eligible_kinds or []),
        "reporting_duties": programme.reporting_duties,
        "claims": sorted(programme.claims.values_list("pk", flat=True)),
    }


def programme_get(*, network: Network, programme_id: int) -> FundingProgramme:
    programme = FundingProgramme.objects.filter(pk=programme_id, network=network).first()
    if programme is None:
        raise NotFound(f"Kein Förderprogramm {programme_id} in {network}.")
    return programme


def network_members(*, network: Network) -> list[Organization]:
    return list(
        Organization.objects.filter(memberships__network=network)
        .exclude(memberships__network=network, memberships__role=MembershipRole.OBSERVER)
        .order_by("short_name", "pk")
    )


def organizations_by_keys(keys: Sequence[str], name: str) -> list[Organization]:
    """Organisations by AGS or slug; an unknown key is a 422 at the field `name`."""
    found = []
    for key in keys:
        organization = Organization.objects.by_key(key).first()
        if organization is None:
            raise DomainError(
                detail=f"Keine Organisation mit dem Schlüssel „{key}“.",
                errors=[FieldError(name, f"unbekannt: {key}")],
                status=422,
            )
        found.append(organization)
    return found


def solution_by_slug(slug: str | None) -> Solution | None:
    if not slug:
        return None
    solution = Solution.objects.filter(slug=slug).first()
    if solution is None:
        raise DomainError(
            detail=f"Keine Lösung mit dem Kurznamen „{slug}“.",
            errors=[FieldError("solution", "unbekannt")],
            status=422,
        )
    return solution


def programme_by_id(*, network: Network, programme_id: int | None) -> FundingProgramme | None:
    if programme_id is None:
        return None
    programme = FundingProgramme.objects.filter(pk=programme_id, network=network).first()
    if programme is None:
        raise DomainError(
            detail="Unbekanntes Förderprogramm.", errors=[FieldError("programme", "unbekannt")], status=422
        )
    return programme


def claim_by_id(claim_id: int | None) -> Claim | None:
    """A claim by its number (whether it belongs to the right network, the services check)."""
    if claim_id is None:
        return None
    claim = Claim.objects.select_related("service", "organization").filter(pk=claim_id).first()
    if claim is None:
        raise DomainError(
            detail=f"Keine Übernahme mit der Nummer {claim_id}.",
            errors=[FieldError("claim", "unbekannt")],
            status=422,
        )
    return claim


def claims_by_ids(claim_ids: Sequence[int]) -> list[Claim]:
    """Claims by their numbers; an unknown number is a 422 at the field `claims`."""
    claims = list(Claim.objects.filter(pk__in=set(claim_ids)))
    missing = sorted(set(claim_ids) - {c.pk for c in claims})
    if missing:
        raise DomainError(
            detail="Unbekannte Übernahme(n): " + ", ".join(str(pk) for pk in missing) + ".",
            errors=[FieldError("claims", "unbekannt: " + ", ".join(str(pk) for pk in missing))],
            status=422,
        )
    return claims


def claim_choices(*, network: Network) -> list[tuple[int, str]]:
    """The network's projects whose costs can be recorded and shared (not withdrawn or rejected)."""
    claims = claim_selectors.claim_list(network=network).exclude(
        state__in=[ClaimState.WITHDRAWN, ClaimState.REJECTED]
    )
    return [(c.pk, f"{c.organization}: {c.service.name}") for c in claims]


def programme_claim_choices(*, network: Network, programme: FundingProgramme | None) -> list[tuple[int, str]]:
    """The claims a programme may fund: the open ones and those it funds already (whatever their state),
    so that saving the form never unlinks a claim nobody deselected."""
    closed = Q(state__in=[ClaimState.WITHDRAWN, ClaimState.REJECTED])
    if programme is not None:
        closed &= ~Q(pk__in=programme.claims.values("pk"))
    claims = claim_selectors.claim_list(network=network).exclude(closed)
    return [(c.pk, f"{c.organization}: {c.service.name}") for c in claims]


def programme_claims(*, programme: FundingProgramme) -> list[Claim]:
    return list(programme.claims.select_related("organization", "service").order_by("pk"))


def programme_cost_items(*, programme: FundingProgramme) -> QuerySet[CostItem]:
    return cost_item_list(network=programme.network).filter(programme=programme)


@dataclass(frozen=True)
class ComparisonRow:
    organization: Organization
    amounts: list[Decimal | None]


def agreement_comparison(
    *,
    agreement: CostAgreement,
    kinds: Sequence[str] = (),
    join: Sequence[Organization] = (),
    leave: Sequence[Organization] = (),
) -> list[AllocationView]:
    """The agreed key and up to three others for the same costs and the same (scenario) members;
    keys that cannot be applied come back with their `error`, not as an exception."""
    key = current_key(agreement)
    members = scenario_members(agreement, join=join, leave=leave)
    chosen = [key.kind, *(k for k in kinds if k != key.kind and k in KeyKind.values)][:4]
    return [
        allocation_compute(agreement=agreement, members=members, key=engine_key(key, kind)) for kind in chosen
    ]


def comparison_rows(views: Sequence[AllocationView]) -> list[ComparisonRow]:
    organizations: list[Organization] = []
    for view in views:
        for row in view.rows:
            if row.organization not in organizations:
                organizations.append(row.organization)
    amounts = [{row.organization.pk: row.amount for row in view.rows} for view in views]
    return [ComparisonRow(organization=o, amounts=[a.get(o.pk) for a in amounts]) for o in organizations]


@dataclass(frozen=True)
class Statement:
    """What one member owes under an agreement for its period, or for one `year` of it."""

    agreement: CostAgreement
    key: CostKey
    organization: Organization
    row: AllocationRow
    allocation: AllocationView
    items: list[CostItem]
    year: int | None = None

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        if self.year is None:
            return self.agreement.starts_on, self.agreement.ends_on
        return year_period(self.agreement, self.year)


def statement_get(*, agreement: CostAgreement, key: str, year: int | None = None) -> Statement:
    view = allocation_or_error(agreement_allocation(agreement=agreement, year=year))
    row = next((r for r in view.rows if r.organization.key == key), None)
    if row is None:
        if year is not None and agreement.participants.filter(
            organization__in=Organization.objects.by_key(key)
        ):
            raise NotFound(f"{key} nimmt {year} an „{agreement}“ nicht teil.")
        raise NotFound(f"{key} nimmt an „{agreement}“ nicht teil.")
    return Statement(
        agreement=agreement,
        key=current_key(agreement),
        organization=row.organization,
        row=row,
        allocation=view,
        items=list(agreement_cost_items(agreement, year=year)),
        year=year,
    )


def year_from_query(value: str | None) -> int | None:
    """The `year` query parameter (YYYY) of statements and allocations; anything else is a 422."""
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise DomainError(
            detail="Das Jahr ist ungültig.",
            errors=[FieldError("year", "Bitte ein Jahr im Format JJJJ angeben, z. B. 2025.")],
            status=422,
        )
    return int(value)


def solution_choices(*, network: Network, user: Any) -> list[tuple[str, str]]:
    """Solutions whose costs the network may share: shared in it or owned by one of its members."""
    solutions = (
        Solution.objects.visible_to(user)
        .filter(Q(networks=network) | Q(owner__memberships__network=network))
        .distinct()
        .order_by("name")
    )
    return [(s.slug, s.name) for s in solutions]


def may_read_statement(user: Any, agreement: CostAgreement, organization: Organization) -> bool:
    """A member's statement: its own people (any role), the network's coordinators, platform admins."""
    return policy.can_read_history(user, organization.pk) or policy.can_coordinate(user, agreement.network_id)


def savings_assumptions(*, network: Network) -> SavingsAssumptions:
    """The stored assumptions, or the defaults (unsaved) when the network has none yet."""
    return SavingsAssumptions.objects.filter(network=network).first() or SavingsAssumptions(network=network)


@dataclass(frozen=True)
class SavingsView:
    estimate: savings.SavingsEstimate
    assumptions: SavingsAssumptions
    names: dict[str, Organization]
    solutions: dict[str, Solution]

    def rows(self) -> list[tuple[Organization, Solution, savings.Saving]]:
        return [
            (self.names[s.facts.member], self.solutions[s.facts.solution], s) for s in self.estimate.savings
        ]


def build_alone_estimate_list(*, network: Network) -> QuerySet[BuildAloneEstimate]:
    """The network's estimates per OZG-Leistung for the savings estimate, by OZG-ID."""
    return (
        BuildAloneEstimate.objects.filter(network=network)
        .select_related("service")
        .order_by("service__ozg_id")
    )


def savings_estimate(*, network: Network, user: Any) -> SavingsView:
    """The savings estimate of the network's members from their adoptions in production (see
    `computations/savings.py`); visibility of solutions and experience reports as in reuse."""
    members = {o.pk: o for o in network_members(network=network)}
    adoptions = list(
        reuse_selectors.adoption_base(user=user)
        .filter(state=AdoptionState.PRODUCTION, organization_id__in=members)
        .exclude(solution__owner_id=F("organization_id"))
        .select_related("solution", "organization")
        .order_by("organization__short_name", "solution__name", "pk")
    )
    solution_ids = {a.solution_id for a in adoptions}
    owners = {a.solution_id: a.solution.owner_id for a in adoptions}
    one_off: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for solution_id, incurred_by, amount in CostItem.objects.filter(
        solution_id__in=solution_ids, kind__in=sorted(ONE_OFF_KINDS)
    ).values_list("solution_id", "incurred_by_id", "amount_eur"):
        if incurred_by == owners.get(solution_id):
            one_off[solution_id] += amount
    shares: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    for agreement in agreement_list(network=network).filter(solution_id__in=solution_ids):
        view = agreement_allocation(agreement=agreement)
        for row in view.rows:
            shares[(row.organization.pk, agreement.solution_id or 0)] += row.amount
    introductions: dict[tuple[int, int], Decimal | None] = {}
    for organization_id, solution_id, cost_once in (
        reuse_selectors.report_base(user=user)
        .filter(organization_id__in=members, solution_id__in=solution_ids, cost_once_eur__isnull=False)
        .values_list("organization_id", "solution_id", "cost_once_eur")
    ):
        introductions[(organization_id, solution_id)] = cost_once
    estimates = dict(
        BuildAloneEstimate.objects.filter(network=network).values_list("service_id", "amount_eur")
    )
    by_solution: dict[int, Decimal] = {}
    for solution_id, service_id in Solution.services.through.objects.filter(
        solution_id__in=solution_ids, service_id__in=estimates
    ).values_list("solution_id", "service_id"):
        by_solution[solution_id] = by_solution.get(solution_id, ZERO) + estimates[service_id]
    assumptions = savings_assumptions(network=network)
    today = timezone.localdate()
    facts = [
        savings.AdoptionFacts(
            member=a.organization.key,
            solution=a.solution.slug,
            year=(a.production_since or today).year,
            owner_one_off_eur=one_off.get(a.solution_id),
            share_eur=shares.get((a.organization_id, a.solution_id), ZERO),
            own_introduction_eur=introductions.get((a.organization_id, a.solution_id)),  # None: assumed
            service_estimate_eur=by_solution.get(a.solution_id),
        )
        for a in adoptions
    ]
    return SavingsView(
        estimate=savings.estimate(
            facts,
            savings.Assumptions(
                build_alone_eur=assumptions.build_alone_eur, introduction_eur=assumptions.introduction_eur
            ),
        ),
        assumptions=assumptions,
        names={a.organization.key: a.organization for a in adoptions},
        solutions={a.solution.slug: a.solution for a in adoptions},
    )


@dataclass(frozen=True)
class SolutionReach:
    solution: Solution
    costs: Decimal  # linked costs of kinds the programme funds
    adopters: list[Organization]
    transferability: int | None


@dataclass(frozen=True)
class FunderReport:
    """What a funding programme paid for: costs (eligible or not), the claims linked to it (delivered
    or not yet), the reuse of the funded solutions and their transferability."""

    budget: ProgrammeBudget
    items: list[CostItem]
    ineligible: list[CostItem]
    delivered: list[Claim]
    open_claims: list[Claim]
    solutions: list[SolutionReach]


def funder_report(*, network: Network, programme_id: int, user: Any) -> FunderReport:
    budget = programme_budget(network=network, programme_id=programme_id)
    programme = budget.programme
    items = list(cost_item_list(network=network).filter(programme=programme).order_by("year", "kind", "pk"))
    eligible = set(programme.eligible_kinds or [])
    linked_claims = list(
        claim_selectors.claim_list(network=network)
        .filter(pk__in=budget.claim_ids)
        .order_by("organization__short_name", "service__name", "pk")
    )
    by_solution: dict[int, Decimal] = defaultdict(lambda: ZERO)
    solutions: dict[int, Solution] = {}
    for item in items:
        if item.solution is not None:
            solutions[item.solution.pk] = item.solution
            if funding.is_eligible(item.kind, eligible):
                by_solution[item.solution.pk] += item.amount_eur
    adopters: dict[int, list[Organization]] = defaultdict(list)
    for adoption in (
        reuse_selectors.adoption_base(user=user)
        .filter(solution_id__in=solutions, state=AdoptionState.PRODUCTION)
        .select_related("organization")
        .order_by("organization__short_name")
    ):
        adopters[adoption.solution_id].append(adoption.organization)
    scores = transferability_selectors.general_scores(solutions)
    return FunderReport(
        budget=budget,
        items=items,
        ineligible=[i for i in items if not funding.is_eligible(i.kind, eligible)],
        delivered=[c for c in linked_claims if c.state == ClaimState.DELIVERED],
        open_claims=[c for c in linked_claims if c.state != ClaimState.DELIVERED],
        solutions=[
            SolutionReach(
                solution=solutions[pk],
                costs=by_solution[pk],
                adopters=adopters.get(pk, []),
                transferability=scores.get(pk),
            )
            for pk in sorted(solutions, key=lambda pk: solutions[pk].name)
        ],
    )


@dataclass(frozen=True)
class MemberShare:
    agreement: CostAgreement
    row: AllocationRow | None
    error: FieldError | None


@dataclass(frozen=True)
class TreasurerView:
    """A member's costs across its networks: what it pays (signed off: due), what reuse saves."""

    organization: Organization
    shares: list[MemberShare]
    savings: list[tuple[Network, Decimal]]

    @property
    def due(self) -> Decimal:
        return money_sum(
            s.row.amount
            for s in self.shares
            if s.row is not None and s.agreement.status == AgreementStatus.SIGNED
        )

    @property
    def draft(self) -> Decimal:
        return money_sum(
            s.row.amount
            for s in self.shares
            if s.row is not None and s.agreement.status != AgreementStatus.SIGNED
        )

    @property
    def saved(self) -> Decimal:
        return money_sum(amount for _network, amount in self.savings)


def treasurer_view(*, organization: Organization, user: Any) -> TreasurerView:
    agreements = (
        CostAgreement.objects.filter(participants__organization=organization)
        .select_related("network", "solution")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("organization")),
            "keys",
        )
        .order_by("-starts_on", "title", "pk")
    )
    shares = []
    for agreement in agreements:
        view = agreement_allocation(agreement=agreement)
        row = next((r for r in view.rows if r.organization.pk == organization.pk), None)
        shares.append(MemberShare(agreement=agreement, row=row, error=view.error))
    networks = Network.objects.filter(memberships__organization=organization).order_by("name")
    saved = []
    for network in networks:
        estimate = savings_estimate(network=network, user=user).estimate
        amount = estimate.by_member().get(organization.key)
        if amount is not None:
            saved.append((network, amount))
    return TreasurerView(organization=organization, shares=shares, savings=saved)


def programme_budget(*, network: Network, programme_id: int) -> ProgrammeBudget:
    budget = next((b for b in programme_budgets(network=network) if b.programme.pk == programme_id), None)
    if budget is None:
        raise NotFound(f"Kein Förderprogramm {programme_id} in {network}.")
    return budget
