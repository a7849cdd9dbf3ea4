"""Writes for costs: cost items, funding programmes, cost-sharing agreements (with a new key version on
every change of the key) and the coordinator's sign-off.

Every write is atomic, authorised via `accounts.policy` and records a `ChangeRecord`. Bad input is
refused as a whole with German messages per field (a `DomainError` with status 422): nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from ikone.accounts import policy
from ikone.catalog.models import Solution
from ikone.claims.models import Claim
from ikone.core.audit import Actor, ChangeRecord, diff, field_values, record_change
from ikone.core.errors import Conflict, DomainError, FieldError, NotFound
from ikone.costs import formatting, selectors
from ikone.costs.choices import CHARGEABLE_KINDS, AgreementStatus, CostKind, KeyKind, Measure
from ikone.costs.computations import allocation as engine
from ikone.costs.computations import funding
from ikone.costs.models import (
    BuildAloneEstimate,
    CostAgreement,
    CostItem,
    CostKey,
    FundingProgramme,
    Participant,
    SavingsAssumptions,
)
from ikone.organizations.models import Network, Organization
from ikone.ozg.models import Service

MAX_AMOUNT = Decimal("999999999999.99")
KEY_FIELDS = [
    "kind",
    "weight_population",
    "weight_usage",
    "weight_equal",
    "variable_measure",
    "base_fee_eur",
    "cap_eur",
    "minimum_eur",
    "agreed_on",
]


@dataclass(frozen=True)
class ParticipantInput:
    organization: Organization
    joined_on: dt.date | None = None
    left_on: dt.date | None = None
    usage: int | None = None
    fixed_percent: Decimal | None = None


@dataclass(frozen=True)
class KeyInput:
    kind: str
    agreed_on: dt.date
    weights: dict[str, Decimal] = field(default_factory=dict)
    variable_measure: str = Measure.POPULATION
    base_fee_eur: Decimal = Decimal("0.00")
    cap_eur: Decimal | None = None
    minimum_eur: Decimal | None = None


class Problems:
    """Collects field errors; `raise_if_any` refuses the whole write with all of them at once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, name: str, message: str) -> None:
        self.errors.append(FieldError(name, message))

    def money(self, name: str, value: Any, *, required: bool = True) -> None:
        if value is None:
            if required:
                self.add(name, "Bitte einen Betrag angeben.")
            return
        if not isinstance(value, Decimal):
            try:
                value = Decimal(str(value))
            except InvalidOperation:
                self.add(name, "Bitte eine Zahl angeben, z. B. 1234,56.")
                return
        if not value.is_finite():
            self.add(name, "Bitte eine Zahl angeben, z. B. 1234,56.")
        elif value < 0:
            self.add(name, "Der Betrag darf nicht negativ sein.")
        elif value > MAX_AMOUNT:
            self.add(name, "Der Betrag ist zu groß.")
        elif value != value.quantize(Decimal("0.01")):
            self.add(name, "Höchstens zwei Nachkommastellen (Cent).")

    def raise_if_any(self, detail: str) -> None:
        if self.errors:
            raise DomainError(detail=detail, errors=list(self.errors), status=422)


def _solution_in_network(problems: Problems, solution: Solution | None, actor: Actor) -> None:
    if (
        solution is not None
        and not actor.is_system
        and not Solution.objects.visible_to(actor.user).filter(pk=solution.pk).exists()
    ):
        problems.add("solution", "Unbekannte Lösung.")


def _claim_in_network(problems: Problems, claim: Claim | None, network: Network) -> None:
    if claim is not None and claim.network_id != network.pk:
        problems.add("claim", f"Die Übernahme gehört nicht zum Netzwerk {network}.")


def _member_ids(network: Network) -> set[int]:
    return {o.pk for o in selectors.network_members(network=network)}


# Cost items ------------------------------------------------------------------------------------------


def _check_cost_item(
    *,
    actor: Actor,
    network: Network,
    title: str,
    kind: str,
    amount_eur: Decimal,
    year: int,
    incurred_by: Organization,
    solution: Solution | None,
    claim: Claim | None,
    programme: FundingProgramme | None,
    chargeable_for_reuse: bool,
) -> None:
    problems = Problems()
    if not title.strip():
        problems.add("title", "Bitte eine Bezeichnung angeben.")
    if kind not in CostKind.values:
        problems.add("kind", "Unbekannte Kostenart.")
    problems.money("amount_eur", amount_eur)
    if not 1990 <= year <= 2100:
        problems.add("year", "Bitte ein Jahr zwischen 1990 und 2100 angeben.")
    if incurred_by.pk not in _member_ids(network):
        problems.add("incurred_by", f"{incurred_by} ist kein Mitglied von {network}.")
    if chargeable_for_reuse and kind not in CHARGEABLE_KINDS:
        problems.add(
            "chargeable_for_reuse",
            "Nur Betriebskosten (Betrieb, Lizenzen, Hosting, Support) und Weiterentwicklung dürfen bei "
            "Nachnutzung (EfA) umgelegt werden, einmalige Kosten nicht.",
        )
    if programme is not None and programme.network_id != network.pk:
        problems.add("programme", "Das Förderprogramm gehört zu einem anderen Netzwerk.")
    elif programme is not None:
        # locked: a concurrent change of the programme's period waits until this cost is saved
        current = FundingProgramme.objects.select_for_update().get(pk=programme.pk)
        if not funding.year_in_period(year, current.starts_on, current.ends_on):
            problems.add("programme", _outside_period_message(year, current))
    _solution_in_network(problems, solution, actor)
    _claim_in_network(problems, claim, network)
    if claim is not None and solution is not None and claim.solution_id not in (None, solution.pk):
        problems.add("solution", "Die Übernahme nutzt eine andere Lösung.")
    problems.raise_if_any("Die Kostenposition wurde nicht gespeichert.")


def _outside_period_message(year: int, programme: FundingProgramme) -> str:
    return (
        f"Die Kosten fallen ins Jahr {year}, das Förderprogramm „{programme.name}“ läuft nur "
        f"{funding.period_years(programme.starts_on, programme.ends_on)}. Ein Förderprogramm zahlt nur "
        "Kosten aus seinem Zeitraum: bitte das Jahr prüfen oder kein Förderprogramm zuordnen."
    )


COST_ITEM_FIELDS = [
    "title",
    "kind",
    "amount_eur",
    "year",
    "incurred_by",
    "solution",
    "claim",
    "programme",
    "evidence",
    "chargeable_for_reuse",
]


def _not_in_signed_agreement(item: CostItem) -> None:
    signed = selectors.signed_agreements_sharing(item)
    if signed:
        raise Conflict(
            f"„{item.title}“ ({item.year}) wird in der freigegebenen Vereinbarung „{signed[0].title}“ "
            "geteilt. Bitte die Vereinbarung zuerst als Entwurf bearbeiten oder eine neue Kostenposition "
            "als Korrektur erfassen.",
        )


@transaction.atomic
def cost_item_update(
    *,
    actor: Actor,
    item: CostItem,
    title: str,
    kind: str,
    amount_eur: Decimal,
    year: int,
    incurred_by: Organization,
    solution: Solution | None = None,
    claim: Claim | None = None,
    programme: FundingProgramme | None = None,
    evidence: str = "",
    chargeable_for_reuse: bool = False,
) -> CostItem:
    """Change a cost (the coordination, or the editors of the member that bears it before and after).
    Costs shared by a signed-off agreement are not changed (409): its statements must stay true."""
    network = item.network
    policy.authorize(
        actor,
        policy.can_coordinate(actor.user, network.pk)
        or (
            policy.can_edit_organization_data(actor.user, item.incurred_by_id)
            and policy.can_edit_organization_data(actor.user, incurred_by.pk)
        ),
    )
    _check_cost_item(
        actor=actor,
        network=network,
        title=title,
        kind=kind,
        amount_eur=amount_eur,
        year=year,
        incurred_by=incurred_by,
        solution=solution,
        claim=claim,
        programme=programme,
        chargeable_for_reuse=chargeable_for_reuse,
    )
    item = CostItem.objects.select_for_update().get(pk=item.pk)
    _not_in_signed_agreement(item)
    before = field_values(item, COST_ITEM_FIELDS)
    item.title = title.strip()
    item.kind = kind
    item.amount_eur = Decimal(amount_eur).quantize(Decimal("0.01"))
    item.year = year
    item.incurred_by = incurred_by
    item.solution = solution
    item.claim = claim
    item.programme = programme
    item.evidence = evidence.strip()
    item.chargeable_for_reuse = chargeable_for_reuse
    _not_in_signed_agreement(item)
    item.full_clean(exclude=["network", "solution", "claim", "programme", "incurred_by"])
    item.save()
    record_change(
        actor=actor,
        instance=item,
        action=ChangeRecord.Action.UPDATE,
        changes=diff(before, field_values(item, COST_ITEM_FIELDS)),
        organization_id=incurred_by.pk,
    )
    return item


@transaction.atomic
def cost_item_delete(*, actor: Actor, item: CostItem) -> None:
    """Delete a cost (the coordination or the bearing member's editors); not while a signed-off
    agreement shares it (409). The change history keeps what was deleted."""
    policy.authorize(
        actor,
        policy.can_coordinate(actor.user, item.network_id)
        or policy.can_edit_organization_data(actor.user, item.incurred_by_id),
    )
    item = CostItem.objects.select_for_update().get(pk=item.pk)
    _not_in_signed_agreement(item)
    record_change(
        actor=actor,
        instance=item,
        action=ChangeRecord.Action.DELETE,
        changes={k: [v, None] for k, v in field_values(item, COST_ITEM_FIELDS).items()},
        organization_id=item.incurred_by_id,
    )
    item.delete()


@transaction.atomic
def cost_item_create(
    *,
    actor: Actor,
    network: Network,
    title: str,
    kind: str,
    amount_eur: Decimal,
    year: int,
    incurred_by: Organization,
    solution: Solution | None = None,
    claim: Claim | None = None,
    programme: FundingProgramme | None = None,
    evidence: str = "",
    chargeable_for_reuse: bool = False,
) -> CostItem:
    """Record a cost, of a solution, of a network project (a claim of the network), of both, or of the
    network itself. Only operating costs and further development may be marked as chargeable for
    reuse (EfA); one-off costs (development, introduction, migration) may not."""
    policy.authorize(
        actor,
        policy.can_coordinate(actor.user, network.pk)
        or policy.can_edit_organization_data(actor.user, incurred_by.pk),
    )
    _check_cost_item(
        actor=actor,
        network=network,
        title=title,
        kind=kind,
        amount_eur=amount_eur,
        year=year,
        incurred_by=incurred_by,
        solution=solution,
        claim=claim,
        programme=programme,
        chargeable_for_reuse=chargeable_for_reuse,
    )
    item = CostItem(
        network=network,
        solution=solution,
        claim=claim,
        programme=programme,
        title=title.strip(),
        kind=kind,
        amount_eur=Decimal(amount_eur).quantize(Decimal("0.01")),
        year=year,
        incurred_by=incurred_by,
        evidence=evidence.strip(),
        chargeable_for_reuse=chargeable_for_reuse,
        created_by_label=actor.label[:200],
    )
    item.full_clean(exclude=["network", "solution", "claim", "programme", "incurred_by"])
    item.save()
    record_change(
        actor=actor,
        instance=item,
        action=ChangeRecord.Action.CREATE,
        changes={k: [None, v] for k, v in field_values(item, COST_ITEM_FIELDS).items()},
        organization_id=incurred_by.pk,
    )
    return item


# Funding programmes ----------------------------------------------------------------------------------


PROGRAMME_FIELDS = [
    "name",
    "funder",
    "amount_eur",
    "starts_on",
    "ends_on",
    "funding_rate",
    "eligible_kinds",
    "reporting_duties",
]


def _check_programme(
    problems: Problems,
    *,
    network: Network,
    name: str,
    funder: str,
    amount_eur: Decimal,
    starts_on: dt.date,
    ends_on: dt.date,
    funding_rate: Decimal,
    eligible_kinds: Sequence[str],
    claims: Sequence[Claim],
) -> None:
    """The rules for a programme's own values, the same when it is created and when it is changed."""
    if not name.strip():
        problems.add("name", "Bitte einen Namen angeben.")
    if not funder.strip():
        problems.add("funder", "Bitte den Fördermittelgeber angeben.")
    problems.money("amount_eur", amount_eur)
    if ends_on < starts_on:
        problems.add("ends_on", "Das Ende liegt vor dem Beginn.")
    if not funding_rate.is_finite() or not Decimal(0) <= funding_rate <= Decimal(100):
        problems.add("funding_rate", "Die Förderquote liegt zwischen 0 und 100 %.")
    elif funding_rate != funding_rate.quantize(Decimal("0.01")):
        problems.add("funding_rate", "Die Förderquote hat höchstens zwei Nachkommastellen.")
    unknown = sorted(set(eligible_kinds) - set(CostKind.values))
    if unknown:
        problems.add("eligible_kinds", "Unbekannte Kostenarten: " + ", ".join(unknown))
    _claims_in_network(problems, claims, network)


@transaction.atomic
def programme_create(
    *,
    actor: Actor,
    network: Network,
    name: str,
    funder: str,
    amount_eur: Decimal,
    starts_on: dt.date,
    ends_on: dt.date,
    funding_rate: Decimal,
    eligible_kinds: Sequence[str] = (),
    reporting_duties: str = "",
    note: str = "",
    claims: Sequence[Claim] = (),
) -> FundingProgramme:
    """A funding programme of the network (coordinators), optionally with the claims it funds."""
    policy.authorize(actor, policy.can_coordinate(actor.user, network.pk))
    problems = Problems()
    _check_programme(
        problems,
        network=network,
        name=name,
        funder=funder,
        amount_eur=amount_eur,
        starts_on=starts_on,
        ends_on=ends_on,
        funding_rate=funding_rate,
        eligible_kinds=eligible_kinds,
        claims=claims,
    )
    problems.raise_if_any("Das Förderprogramm wurde nicht gespeichert.")
    programme = FundingProgramme.objects.create(
        network=network,
        name=name.strip(),
        funder=funder.strip(),
        amount_eur=amount_eur,
        starts_on=starts_on,
        ends_on=ends_on,
        funding_rate=funding_rate,
        eligible_kinds=sorted(set(eligible_kinds)),
        reporting_duties=reporting_duties.strip(),
        note=note.strip(),
    )
    programme.claims.set(claims)
    fields = ["name", "funder", "amount_eur", "starts_on", "ends_on", "funding_rate", "eligible_kinds"]
    record_change(
        actor=actor,
        instance=programme,
        action=ChangeRecord.Action.CREATE,
        changes={
            **{k: [None, v] for k, v in field_values(programme, fields).items()},
            "claims": [None, sorted(c.pk for c in claims)],
        },
    )
    return programme


def _budget_after(programme: FundingProgramme) -> funding.Budget:
    return funding.budget(
        amount=programme.amount_eur,
        funding_rate=programme.funding_rate,
        eligible_kinds=programme.eligible_kinds or [],
        items=CostItem.objects.filter(programme=programme).values_list("kind", "amount_eur"),
    )


def _shortfall_field(before: dict[str, Any], programme: FundingProgramme) -> str:
    """The field a treasurer changed to use up more than the programme amount."""
    if programme.amount_eur < Decimal(str(before["amount_eur"])):
        return "amount_eur"
    if programme.funding_rate > Decimal(str(before["funding_rate"])):
        return "funding_rate"
    return "eligible_kinds"


def _linked_costs_stay_in_period(
    problems: Problems, programme: FundingProgramme, *, starts_on: dt.date, ends_on: dt.date
) -> None:
    """A new period may not leave out linked costs that lay within the old one (the costs must be
    unlinked or corrected first). Costs that already lay outside (recorded before this rule) do not
    block other changes."""
    dropped = [
        item
        for item in CostItem.objects.filter(programme=programme).order_by("year", "pk")
        if funding.year_in_period(item.year, programme.starts_on, programme.ends_on)
        and not funding.year_in_period(item.year, starts_on, ends_on)
    ]
    if not dropped:
        return
    listed = ", ".join(f"„{item.title}“ ({item.year})" for item in dropped[:5])
    more = f" und {len(dropped) - 5} weitere" if len(dropped) > 5 else ""
    count = (
        "1 zugeordnete Kostenposition fällt"
        if len(dropped) == 1
        else f"{len(dropped)} zugeordnete Kostenpositionen fallen"
    )
    message = (
        f"{count} nicht in den neuen Zeitraum {funding.period_years(starts_on, ends_on)}: {listed}{more}. "
        "Ein Förderprogramm zahlt nur Kosten aus seinem Zeitraum: bitte die Kostenpositionen zuerst vom "
        "Programm lösen oder ihr Jahr korrigieren."
    )
    problems.add("starts_on" if dropped[0].year < starts_on.year else "ends_on", message)
    problems.raise_if_any("Das Förderprogramm wurde nicht gespeichert.")


@transaction.atomic
def programme_update(
    *,
    actor: Actor,
    programme: FundingProgramme,
    name: str,
    funder: str,
    amount_eur: Decimal,
    starts_on: dt.date,
    ends_on: dt.date,
    funding_rate: Decimal,
    eligible_kinds: Sequence[str] = (),
    reporting_duties: str = "",
    claims: Sequence[Claim] = (),
    accept_shortfall: bool = False,
) -> FundingProgramme:
    """Change a programme (coordinators) with the rules of creating one; `claims` are the funded claims
    afterwards. A change that leaves less than the part the programme already funds (remaining budget
    below zero, or further below) is refused at the field unless `accept_shortfall` confirms it, e.g.
    after the funder cut the grant: the linked costs stay linked, the remaining budget shows the gap.
    A new period that leaves out linked costs is refused without override."""
    network = programme.network
    policy.authorize(actor, policy.can_coordinate(actor.user, network.pk))
    problems = Problems()
    _check_programme(
        problems,
        network=network,
        name=name,
        funder=funder,
        amount_eur=amount_eur,
        starts_on=starts_on,
        ends_on=ends_on,
        funding_rate=funding_rate,
        eligible_kinds=eligible_kinds,
        claims=claims,
    )
    problems.raise_if_any("Das Förderprogramm wurde nicht gespeichert.")
    programme = FundingProgramme.objects.select_for_update().get(pk=programme.pk)
    _linked_costs_stay_in_period(problems, programme, starts_on=starts_on, ends_on=ends_on)
    before = field_values(programme, PROGRAMME_FIELDS)
    claims_before = sorted(programme.claims.values_list("pk", flat=True))
    old_remaining = _budget_after(programme).remaining
    programme.name = name.strip()
    programme.funder = funder.strip()
    programme.amount_eur = Decimal(amount_eur).quantize(Decimal("0.01"))
    programme.starts_on = starts_on
    programme.ends_on = ends_on
    programme.funding_rate = funding_rate.quantize(Decimal("0.01"))
    programme.eligible_kinds = sorted(set(eligible_kinds))
    programme.reporting_duties = reporting_duties.strip()
    budget = _budget_after(programme)
    if budget.remaining < 0 and budget.remaining < old_remaining and not accept_shortfall:
        problems.add(
            _shortfall_field(before, programme),
            f"Das Programm fördert schon {formatting.eur(budget.funded)} der zugeordneten Kosten "
            f"(förderfähige Kosten {formatting.eur(budget.eligible)} × Förderquote); mit dieser Änderung "
            f"fehlten {formatting.eur(-budget.remaining)}. Bitte Kostenpositionen vom Programm lösen oder "
            "bestätigen, dass die Fördersumme trotzdem so gilt (z. B. nach einer Kürzung durch den "
            "Fördermittelgeber).",
        )
        problems.raise_if_any("Das Förderprogramm wurde nicht gespeichert.")
    programme.full_clean(exclude=["network", "claims"])
    programme.save()
    programme.claims.set(claims)
    changes = diff(before, field_values(programme, PROGRAMME_FIELDS))
    claims_after = sorted({c.pk for c in claims})
    if claims_after != claims_before:
        changes["claims"] = [claims_before, claims_after]
    if budget.remaining < 0 and changes:
        changes["remaining_eur"] = [str(old_remaining), str(budget.remaining)]
    record_change(actor=actor, instance=programme, action=ChangeRecord.Action.UPDATE, changes=changes)
    return programme


@transaction.atomic
def programme_delete(*, actor: Actor, programme: FundingProgramme) -> None:
    """Delete a programme (coordinators) that no cost item and no claim is linked to; otherwise 409 with
    the number of each: money data is never unlinked as a side effect. The change history keeps what
    was deleted."""
    policy.authorize(actor, policy.can_coordinate(actor.user, programme.network_id))
    programme = FundingProgramme.objects.select_for_update().get(pk=programme.pk)
    links = selectors.programme_links(programme=programme)
    if links.any:
        raise Conflict(links.message, errors=links.field_errors())
    record_change(
        actor=actor,
        instance=programme,
        action=ChangeRecord.Action.DELETE,
        changes={k: [v, None] for k, v in field_values(programme, PROGRAMME_FIELDS).items()},
    )
    programme.delete()


def _claims_in_network(problems: Problems, claims: Sequence[Claim], network: Network) -> None:
    foreign = sorted(c.pk for c in claims if c.network_id != network.pk)
    if foreign:
        problems.add(
            "claims",
            f"Nicht aus dem Netzwerk {network}: Übernahme(n) " + ", ".join(str(pk) for pk in foreign) + ".",
        )


@transaction.atomic
def programme_claims_set(
    *, actor: Actor, programme: FundingProgramme, claims: Sequence[Claim]
) -> FundingProgramme:
    """Link the claims (network projects) a programme funds; the funder report lists them."""
    network = programme.network
    policy.authorize(actor, policy.can_coordinate(actor.user, network.pk))
    problems = Problems()
    _claims_in_network(problems, claims, network)
    problems.raise_if_any("Die Übernahmen wurden nicht zugeordnet.")
    before = sorted(programme.claims.values_list("pk", flat=True))
    after = sorted({c.pk for c in claims})
    programme.claims.set(claims)
    record_change(
        actor=actor,
        instance=programme,
        action=ChangeRecord.Action.UPDATE,
        changes={"claims": [before, after]} if before != after else {},
    )
    return programme


# Agreements ------------------------------------------------------------------------------------------


def _check_agreement(
    *,
    actor: Actor,
    network: Network,
    agreement: CostAgreement | None,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    solution: Solution | None,
    claim: Claim | None,
    participants: Sequence[ParticipantInput],
    key: KeyInput,
) -> None:
    problems = Problems()
    if not title.strip():
        problems.add("title", "Bitte eine Bezeichnung angeben.")
    if ends_on < starts_on:
        problems.add("ends_on", "Das Ende liegt vor dem Beginn.")
    _solution_in_network(problems, solution, actor)
    _claim_in_network(problems, claim, network)
    if solution is not None and claim is not None:
        problems.add(
            "claim",
            "Eine Vereinbarung teilt die Kosten einer Lösung oder einer Übernahme, nicht beider: "
            "bitte nur eines auswählen.",
        )
    overlapping = CostAgreement.objects.filter(
        network=network, solution=solution, claim=claim, starts_on__lte=ends_on, ends_on__gte=starts_on
    )
    if agreement is not None:
        overlapping = overlapping.exclude(pk=agreement.pk)
    other = overlapping.order_by("starts_on").first()
    if other is not None:
        problems.add(
            "starts_on",
            f"Der Zeitraum überschneidet sich mit „{other.title}“ "
            f"({other.starts_on:%d.%m.%Y}–{other.ends_on:%d.%m.%Y}) für dieselben Kosten.",
        )
    members = _member_ids(network)
    if not participants:
        problems.add("participants", "Bitte mindestens ein Mitglied auswählen.")
    seen: set[int] = set()
    for p in participants:
        name = str(p.organization)
        if p.organization.pk not in members:
            problems.add("participants", f"{name} ist kein Mitglied von {network}.")
        if p.organization.pk in seen:
            problems.add("participants", f"{name} ist doppelt aufgeführt.")
        seen.add(p.organization.pk)
        if p.joined_on and p.left_on and p.left_on < p.joined_on:
            problems.add("participants", f"{name}: „dabei bis“ liegt vor „dabei ab“.")
        if (p.joined_on and not starts_on <= p.joined_on <= ends_on) or (
            p.left_on and not starts_on <= p.left_on <= ends_on
        ):
            problems.add("participants", f"{name}: Beitritt und Austritt müssen im Zeitraum liegen.")
        if p.usage is not None and p.usage < 0:
            problems.add("usage", f"{name}: Die Nutzung darf nicht negativ sein.")
        if p.fixed_percent is not None and not Decimal(0) <= p.fixed_percent <= Decimal(100):
            problems.add("fixed_percent", f"{name}: Der Anteil liegt zwischen 0 und 100 %.")
    if key.kind not in KeyKind.values:
        problems.add("kind", "Unbekannter Schlüssel.")
    if key.variable_measure not in Measure.values:
        problems.add("variable_measure", "Unbekanntes Maß.")
    unknown = sorted(set(key.weights) - set(Measure.values))
    if unknown:
        problems.add("weights", "Unbekannte Gewichte: " + ", ".join(unknown))
    for measure, weight in key.weights.items():
        if not weight.is_finite() or not Decimal(0) <= weight <= Decimal(1):
            problems.add("weights", f"Das Gewicht für {measure} liegt zwischen 0 und 1.")
        elif weight != weight.quantize(Decimal("0.0001")):
            problems.add("weights", "Gewichte haben höchstens vier Nachkommastellen.")
    problems.money("base_fee_eur", key.base_fee_eur)
    problems.money("cap_eur", key.cap_eur, required=False)
    problems.money("minimum_eur", key.minimum_eur, required=False)
    problems.raise_if_any("Die Vereinbarung wurde nicht gespeichert.")
    probe = CostAgreement(
        network=network, solution=solution, claim=claim, starts_on=starts_on, ends_on=ends_on
    )
    view = selectors.allocation_compute(
        agreement=probe,
        members=[
            selectors.MemberInput(
                organization=p.organization,
                joined_on=p.joined_on,
                left_on=p.left_on,
                usage=p.usage,
                fixed_percent=p.fixed_percent,
            )
            for p in participants
        ],
        key=_engine_key(key),
    )
    if view.error is not None:
        field_name = {"population": "participants", "base_fee": "base_fee_eur", "cap": "cap_eur"}.get(
            view.error.field, view.error.field
        )
        field_name = {"minimum": "minimum_eur", "percent": "fixed_percent"}.get(field_name, field_name)
        problems.add(field_name, view.error.message)
        problems.raise_if_any("Die Vereinbarung wurde nicht gespeichert.")


def _engine_key(key: KeyInput) -> engine.Key:
    return engine.Key(
        kind=key.kind,
        weights={m: key.weights.get(m, Decimal(0)) for m in Measure.values},
        variable_measure=key.variable_measure,
        base_fee_cents=engine.cents(key.base_fee_eur),
        cap_cents=None if key.cap_eur is None else engine.cents(key.cap_eur),
        minimum_cents=None if key.minimum_eur is None else engine.cents(key.minimum_eur),
    )


def _key_values(key: KeyInput) -> dict[str, Any]:
    return {
        "kind": key.kind,
        "weight_population": key.weights.get(Measure.POPULATION, Decimal(0)),
        "weight_usage": key.weights.get(Measure.USAGE, Decimal(0)),
        "weight_equal": key.weights.get(Measure.EQUAL, Decimal(0)),
        "variable_measure": key.variable_measure,
        "base_fee_eur": key.base_fee_eur,
        "cap_eur": key.cap_eur,
        "minimum_eur": key.minimum_eur,
        "agreed_on": key.agreed_on,
    }


def _participants_snapshot(agreement: CostAgreement) -> list[dict[str, Any]]:
    return [
        {
            "organization": p.organization.key,
            "joined_on": str(p.joined_on or ""),
            "left_on": str(p.left_on or ""),
            "usage": p.usage,
            "fixed_percent": str(p.fixed_percent) if p.fixed_percent is not None else None,
        }
        for p in Participant.objects.filter(agreement=agreement).select_related("organization").order_by("pk")
    ]


def _write_participants(agreement: CostAgreement, participants: Sequence[ParticipantInput]) -> None:
    Participant.objects.filter(agreement=agreement).delete()
    Participant.objects.bulk_create(
        [
            Participant(
                agreement=agreement,
                organization=p.organization,
                joined_on=p.joined_on,
                left_on=p.left_on,
                usage=p.usage,
                fixed_percent=p.fixed_percent,
            )
            for p in participants
        ]
    )


def _write_key(agreement: CostAgreement, key: KeyInput, version: int, actor: Actor) -> CostKey:
    return CostKey.objects.create(
        agreement=agreement, version=version, created_by_label=actor.label[:200], **_key_values(key)
    )


@transaction.atomic
def agreement_create(
    *,
    actor: Actor,
    network: Network,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    participants: Sequence[ParticipantInput],
    key: KeyInput,
    solution: Solution | None = None,
    claim: Claim | None = None,
    note: str = "",
) -> CostAgreement:
    """A new cost-sharing agreement (draft) with its first key version (coordinators)."""
    policy.authorize(actor, policy.can_coordinate(actor.user, network.pk))
    _check_agreement(
        actor=actor,
        network=network,
        agreement=None,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        solution=solution,
        claim=claim,
        participants=participants,
        key=key,
    )
    agreement = CostAgreement.objects.create(
        network=network,
        solution=solution,
        claim=claim,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        note=note.strip(),
    )
    _write_participants(agreement, participants)
    _write_key(agreement, key, 1, actor)
    record_change(
        actor=actor,
        instance=agreement,
        action=ChangeRecord.Action.CREATE,
        changes={
            **{
                k: [None, v]
                for k, v in field_values(
                    agreement, ["title", "solution", "claim", "starts_on", "ends_on"]
                ).items()
            },
            "participants": [None, _participants_snapshot(agreement)],
            "key": [None, {k: str(v) if v is not None else None for k, v in _key_values(key).items()}],
        },
    )
    return agreement


@transaction.atomic
def agreement_update(
    *,
    actor: Actor,
    agreement: CostAgreement,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    participants: Sequence[ParticipantInput],
    key: KeyInput,
    solution: Solution | None = None,
    claim: Claim | None = None,
    note: str = "",
) -> CostAgreement:
    """Change an agreement. A changed key becomes a new version (old versions stay); any change takes
    back a sign-off, which the coordination then gives again."""
    network = agreement.network
    policy.authorize(actor, policy.can_coordinate(actor.user, network.pk))
    _check_agreement(
        actor=actor,
        network=network,
        agreement=agreement,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        solution=solution,
        claim=claim,
        participants=participants,
        key=key,
    )
    tracked = ["title", "solution", "claim", "starts_on", "ends_on", "note", "status"]
    before = {**field_values(agreement, tracked), "participants": _participants_snapshot(agreement)}
    latest = CostKey.objects.filter(agreement=agreement).order_by("-version").first()
    old_key = (
        {k: str(v) if v is not None else None for k, v in field_values(latest, KEY_FIELDS).items()}
        if latest
        else {}
    )
    agreement.title = title.strip()
    agreement.starts_on = starts_on
    agreement.ends_on = ends_on
    agreement.solution = solution
    agreement.claim = claim
    agreement.note = note.strip()
    _write_participants(agreement, participants)
    new_key = {k: str(v) if v is not None else None for k, v in _key_values(key).items()}
    changes = diff(
        before, {**field_values(agreement, tracked), "participants": _participants_snapshot(agreement)}
    )
    if _normalised(new_key) != _normalised(old_key):
        _write_key(agreement, key, (latest.version if latest else 0) + 1, actor)
        changes["key"] = [old_key, new_key]
    if changes and agreement.status == AgreementStatus.SIGNED:
        agreement.status = AgreementStatus.DRAFT
        agreement.signed_at = None
        agreement.signed_by = None
        agreement.signed_by_label = ""
        changes["status"] = [AgreementStatus.SIGNED, AgreementStatus.DRAFT]
    agreement.save()
    record_change(actor=actor, instance=agreement, action=ChangeRecord.Action.UPDATE, changes=changes)
    return agreement


def _normalised(values: dict[str, Any]) -> dict[str, Any]:
    def norm(value: Any) -> Any:
        try:
            return Decimal(value).normalize() if value not in (None, "") else value
        except (InvalidOperation, TypeError, ValueError):
            return value

    return {k: norm(v) for k, v in values.items()}


@transaction.atomic
def agreement_sign_off(*, actor: Actor, agreement: CostAgreement) -> CostAgreement:
    """The coordination signs the agreement off; the allocation must work for the current costs."""
    policy.authorize(actor, policy.can_coordinate(actor.user, agreement.network_id))
    if agreement.status == AgreementStatus.SIGNED:
        raise DomainError(detail="Die Vereinbarung ist schon freigegeben.", status=409)
    view = selectors.agreement_allocation(agreement=selectors.agreement_by_id(agreement_id=agreement.pk))
    selectors.allocation_or_error(view)
    agreement.status = AgreementStatus.SIGNED
    agreement.signed_at = timezone.now()
    agreement.signed_by = actor.user if actor.user is not None and actor.user.pk else None
    agreement.signed_by_label = actor.label[:200]
    agreement.save(update_fields=["status", "signed_at", "signed_by", "signed_by_label", "updated_at"])
    record_change(
        actor=actor,
        instance=agreement,
        action=ChangeRecord.Action.UPDATE,
        changes={"status": [AgreementStatus.DRAFT, AgreementStatus.SIGNED], "total": [None, str(view.total)]},
    )
    return agreement


# Savings ---------------------------------------------------------------------------------------------


@transaction.atomic
def savings_assumptions_set(
    *, actor: Actor, network: Network, build_alone_eur: Decimal, introduction_eur: Decimal
) -> SavingsAssumptions:
    """The coordination sets the assumptions of the network's savings estimate."""
    policy.authorize(actor, policy.can_coordinate(actor.user, network.pk))
    problems = Problems()
    problems.money("build_alone_eur", build_alone_eur)
    problems.money("introduction_eur", introduction_eur)
    problems.raise_if_any("Die Annahmen wurden nicht gespeichert.")
    assumptions = selectors.savings_assumptions(network=network)
    fields = ["build_alone_eur", "introduction_eur"]
    before = field_values(assumptions, fields) if assumptions.pk else {}
    assumptions.build_alone_eur = build_alone_eur
    assumptions.introduction_eur = introduction_eur
    assumptions.updated_by_label = actor.label[:200]
    assumptions.save()
    record_change(
        actor=actor,
        instance=assumptions,
        action=ChangeRecord.Action.UPDATE if before else ChangeRecord.Action.CREATE,
        changes=diff(before, field_values(assumptions, fields)),
    )
    return assumptions


@transaction.atomic
def build_alone_estimate_set(
    *, actor: Actor, network: Network, service: Service, amount_eur: Decimal
) -> BuildAloneEstimate:
    """The coordination estimates what building a solution for one OZG-Leistung alone costs (used
    by the savings estimate where the owner recorded no one-off costs)."""
    policy.authorize(actor, policy.can_coordinate(actor.user, network.pk))
    problems = Problems()
    problems.money("amount_eur", amount_eur)
    problems.raise_if_any("Die Schätzung wurde nicht gespeichert.")
    existing = BuildAloneEstimate.objects.filter(network=network, service=service).first()
    estimate = existing or BuildAloneEstimate(network=network, service=service)
    before = field_values(estimate, ["amount_eur"]) if existing else {}
    estimate.amount_eur = amount_eur
    estimate.updated_by_label = actor.label[:200]
    estimate.full_clean()
    estimate.save()
    record_change(
        actor=actor,
        instance=estimate,
        action=ChangeRecord.Action.UPDATE if existing else ChangeRecord.Action.CREATE,
        changes=diff(before, field_values(estimate, ["amount_eur"])),
    )
    return estimate


@transaction.atomic
def build_alone_estimate_delete(*, actor: Actor, network: Network, service: Service) -> None:
    """Removes the network's estimate for the OZG-Leistung (the general assumption applies again)."""
    policy.authorize(actor, policy.can_coordinate(actor.user, network.pk))
    existing = BuildAloneEstimate.objects.filter(network=network, service=service).first()
    if existing is None:
        raise NotFound(f"Keine Schätzung für die OZG-Leistung {service.ozg_id} in {network}.")
    record_change(
        actor=actor,
        instance=existing,
        action=ChangeRecord.Action.DELETE,
        changes={"amount_eur": [str(existing.amount_eur), None]},
    )
    existing.delete()
