"""Costs API, mounted under /networks: cost-sharing agreements, allocations and scenarios, cost items,
funding programmes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field as NinjaField
from ninja import Query, Router, Schema, Status

from ikone.api.auth import write_auth
from ikone.api.schemas import ErrorOut
from ikone.core.audit import Actor
from ikone.core.pagination import PageIn, page
from ikone.costs import outputs, selectors, services
from ikone.costs.schemas import (
    AgreementIn,
    AgreementListOut,
    AgreementOut,
    AllocationOut,
    BuildAloneEstimateIn,
    BuildAloneEstimateListOut,
    BuildAloneEstimateOut,
    CostItemIn,
    CostItemListOut,
    CostItemOut,
    KeyKindIn,
    ProgrammeClaimsIn,
    ProgrammeIn,
    ProgrammeListOut,
    ProgrammeOut,
    ProgrammePatch,
    ProgrammeUpdateIn,
    SavingsOut,
)
from ikone.organizations.selectors import network_get
from ikone.ozg.schemas import OzgId
from ikone.ozg.selectors import service_get

network_costs_router = Router(tags=["Kosten"])
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Paging = PageIn


class ScenarioIn(Schema):
    key: KeyKindIn | None = NinjaField(
        None, description="anderer Schlüssel zum Vergleich (sonst der vereinbarte)"
    )
    join: list[str] = NinjaField(
        default_factory=list, max_length=50, description="Was wäre, wenn … beitritt: AGS oder Kurznamen"
    )
    leave: list[str] = NinjaField(
        default_factory=list, max_length=50, description="Was wäre, wenn … austritt: AGS oder Kurznamen"
    )
    year: int | None = NinjaField(
        None,
        ge=1990,
        le=2100,
        description="nur dieses Jahr des Zeitraums: die Kosten des Jahres unter den Mitgliedern dieses Jahres",
    )


def _page(items: list[Any], paging: Paging) -> list[Any]:
    return items[paging.offset : paging.offset + paging.limit]


@network_costs_router.get(
    "/{slug}/cost-agreements",
    response={200: AgreementListOut, 404: ErrorOut},
    summary="Kostenteilungsvereinbarungen eines Netzwerks",
)
def agreement_list(request: HttpRequest, slug: str, paging: Query[Paging]) -> dict[str, Any]:
    agreements = list(selectors.agreement_list(network=network_get(slug=slug)))
    page = _page(agreements, paging)
    totals = selectors.agreement_totals(page)
    return {"count": len(agreements), "items": [outputs.agreement_out(a, totals[a.pk]) for a in page]}


@network_costs_router.get(
    "/{slug}/cost-agreements/{agreement_id}",
    response={200: AgreementOut, 404: ErrorOut},
    summary="Eine Kostenteilungsvereinbarung mit aktuellem Schlüssel und Teilnehmern",
)
def agreement_detail(request: HttpRequest, slug: str, agreement_id: int) -> dict[str, Any]:
    network = network_get(slug=slug)
    return outputs.agreement_out(selectors.agreement_get(network=network, agreement_id=agreement_id))


@network_costs_router.get(
    "/{slug}/cost-agreements/{agreement_id}/allocations",
    response={200: AllocationOut, 404: ErrorOut, 422: ErrorOut},
    summary="Anteile je Mitglied (Summe exakt gleich den Kosten); Vergleich mit anderem Schlüssel, Szenarien",
    description="`key` rechnet mit einem anderen Schlüssel (übrige Einstellungen wie vereinbart), `join` und "
    "`leave` rechnen ein Szenario („was wäre, wenn Trier beitritt / Andernach austritt“). Ist die Verteilung "
    "so nicht möglich (z. B. fehlende Nutzungszahlen), antwortet die API mit 422 und dem Feld.",
)
def agreement_allocations(
    request: HttpRequest, slug: str, agreement_id: int, scenario: Query[ScenarioIn]
) -> dict[str, Any]:
    network = network_get(slug=slug)
    agreement = selectors.agreement_get(network=network, agreement_id=agreement_id)
    view = selectors.agreement_allocation(
        agreement=agreement,
        kind=scenario.key,
        join=selectors.organizations_by_keys(scenario.join, "join"),
        leave=selectors.organizations_by_keys(scenario.leave, "leave"),
        year=scenario.year,
    )
    return outputs.allocation_out(agreement, selectors.allocation_or_error(view), year=scenario.year)


def _participants(payload: AgreementIn) -> list[services.ParticipantInput]:
    return [
        services.ParticipantInput(
            organization=selectors.organizations_by_keys([p.organization], "participants")[0],
            joined_on=p.joined_on,
            left_on=p.left_on,
            usage=p.usage,
            fixed_percent=p.fixed_percent,
        )
        for p in payload.participants
    ]


def _key(payload: AgreementIn) -> services.KeyInput:
    key = payload.key
    return services.KeyInput(
        kind=key.kind,
        agreed_on=key.agreed_on,
        weights={str(measure): weight for measure, weight in key.weights.items()},
        variable_measure=key.variable_measure,
        base_fee_eur=key.base_fee_eur,
        cap_eur=key.cap_eur,
        minimum_eur=key.minimum_eur,
    )


@network_costs_router.post(
    "/{slug}/cost-agreements",
    response={201: AgreementOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Kostenteilungsvereinbarung anlegen (Koordination)",
)
def agreement_create(request: HttpRequest, slug: str, payload: AgreementIn) -> Status[Any]:
    network = network_get(slug=slug)
    agreement = services.agreement_create(
        actor=Actor.of(request.user),
        network=network,
        title=payload.title,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        participants=_participants(payload),
        key=_key(payload),
        solution=selectors.solution_by_slug(payload.solution),
        claim=selectors.claim_by_id(payload.claim),
        note=payload.note,
    )
    return Status(
        201, outputs.agreement_out(selectors.agreement_get(network=network, agreement_id=agreement.pk))
    )


@network_costs_router.put(
    "/{slug}/cost-agreements/{agreement_id}",
    response={200: AgreementOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Kostenteilungsvereinbarung ändern (Koordination; ein geänderter Schlüssel wird eine neue Version)",
)
def agreement_update(
    request: HttpRequest, slug: str, agreement_id: int, payload: AgreementIn
) -> dict[str, Any]:
    network = network_get(slug=slug)
    agreement = selectors.agreement_get(network=network, agreement_id=agreement_id)
    services.agreement_update(
        actor=Actor.of(request.user),
        agreement=agreement,
        title=payload.title,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        participants=_participants(payload),
        key=_key(payload),
        solution=selectors.solution_by_slug(payload.solution),
        claim=selectors.claim_by_id(payload.claim),
        note=payload.note,
    )
    return outputs.agreement_out(selectors.agreement_get(network=network, agreement_id=agreement_id))


@network_costs_router.post(
    "/{slug}/cost-agreements/{agreement_id}/sign-off",
    response={200: AgreementOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Kostenteilungsvereinbarung freigeben (Koordination)",
)
def agreement_sign_off(request: HttpRequest, slug: str, agreement_id: int) -> dict[str, Any]:
    network = network_get(slug=slug)
    agreement = selectors.agreement_get(network=network, agreement_id=agreement_id)
    services.agreement_sign_off(actor=Actor.of(request.user), agreement=agreement)
    return outputs.agreement_out(selectors.agreement_get(network=network, agreement_id=agreement_id))


@network_costs_router.get(
    "/{slug}/cost-items",
    response={200: CostItemListOut, 404: ErrorOut},
    summary="Kostenpositionen eines Netzwerks (einmalig und laufend)",
)
def cost_item_list(request: HttpRequest, slug: str, paging: Query[Paging]) -> dict[str, Any]:
    items = selectors.cost_item_list(network=network_get(slug=slug))
    return {
        "count": items.count(),
        "items": [outputs.cost_item_out(i) for i in items[paging.offset : paging.offset + paging.limit]],
    }


@network_costs_router.post(
    "/{slug}/cost-items",
    response={201: CostItemOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Kostenposition erfassen (Koordination oder Redaktion des tragenden Mitglieds)",
    description="Nur Betriebskosten und Weiterentwicklung dürfen `chargeable_for_reuse` (bei Nachnutzung "
    "umlagefähig) sein.",
)
def cost_item_create(request: HttpRequest, slug: str, payload: CostItemIn) -> Status[Any]:
    network = network_get(slug=slug)
    item = services.cost_item_create(
        actor=Actor.of(request.user), network=network, **_item_args(network, payload)
    )
    return Status(201, outputs.cost_item_out(item))


def _item_args(network: Any, payload: CostItemIn) -> dict[str, Any]:
    return {
        "title": payload.title,
        "kind": payload.kind,
        "amount_eur": payload.amount_eur,
        "year": payload.year,
        "incurred_by": selectors.organizations_by_keys([payload.incurred_by], "incurred_by")[0],
        "solution": selectors.solution_by_slug(payload.solution),
        "claim": selectors.claim_by_id(payload.claim),
        "programme": selectors.programme_by_id(network=network, programme_id=payload.programme),
        "evidence": payload.evidence,
        "chargeable_for_reuse": payload.chargeable_for_reuse,
    }


@network_costs_router.put(
    "/{slug}/cost-items/{item_id}",
    response={200: CostItemOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Kostenposition ändern (Koordination oder Redaktion des tragenden Mitglieds)",
    description="Kosten, die eine freigegebene Vereinbarung teilt, bleiben unverändert (409).",
)
def cost_item_update(request: HttpRequest, slug: str, item_id: int, payload: CostItemIn) -> dict[str, Any]:
    network = network_get(slug=slug)
    item = selectors.cost_item_get(network=network, item_id=item_id)
    services.cost_item_update(actor=Actor.of(request.user), item=item, **_item_args(network, payload))
    return outputs.cost_item_out(selectors.cost_item_get(network=network, item_id=item_id))


@network_costs_router.delete(
    "/{slug}/cost-items/{item_id}",
    response={204: None, **WRITE_ERRORS},
    auth=write_auth,
    summary="Kostenposition löschen (Koordination oder Redaktion des tragenden Mitglieds)",
    description="Kosten, die eine freigegebene Vereinbarung teilt, bleiben erhalten (409).",
)
def cost_item_delete(request: HttpRequest, slug: str, item_id: int) -> Status[None]:
    network = network_get(slug=slug)
    services.cost_item_delete(
        actor=Actor.of(request.user), item=selectors.cost_item_get(network=network, item_id=item_id)
    )
    return Status(204, None)


@network_costs_router.get(
    "/{slug}/funding-programmes",
    response={200: ProgrammeListOut, 404: ErrorOut},
    summary="Förderprogramme eines Netzwerks mit Restbudget",
)
def programme_list(request: HttpRequest, slug: str, paging: Query[Paging]) -> dict[str, Any]:
    budgets = selectors.programme_budgets(network=network_get(slug=slug))
    return {"count": len(budgets), "items": [outputs.programme_out(b) for b in _page(budgets, paging)]}


@network_costs_router.get(
    "/{slug}/savings",
    response={200: SavingsOut, 404: ErrorOut},
    summary="Geschätzte Einsparungen durch Nachnutzung (mit Formel und Annahmen)",
)
def savings(request: HttpRequest, slug: str) -> dict[str, Any]:
    return outputs.savings_out(selectors.savings_estimate(network=network_get(slug=slug), user=request.user))


@network_costs_router.get(
    "/{slug}/savings/estimates",
    response={200: BuildAloneEstimateListOut, 404: ErrorOut},
    summary="Schätzungen je OZG-Leistung: Kosten, eine Lösung allein zu bauen",
)
def build_alone_estimate_list(request: HttpRequest, slug: str, paging: Query[Paging]) -> dict[str, Any]:
    estimates = selectors.build_alone_estimate_list(network=network_get(slug=slug))
    return page(estimates, paging, outputs.build_alone_estimate_out)


@network_costs_router.put(
    "/{slug}/savings/estimates/{ozg_id}",
    response={200: BuildAloneEstimateOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Schätzung für eine OZG-Leistung setzen (Koordination)",
)
def build_alone_estimate_set(
    request: HttpRequest, slug: str, ozg_id: OzgId, payload: BuildAloneEstimateIn
) -> dict[str, Any]:
    estimate = services.build_alone_estimate_set(
        actor=Actor.of(request.user),
        network=network_get(slug=slug),
        service=service_get(ozg_id=ozg_id),
        amount_eur=payload.amount_eur,
    )
    return outputs.build_alone_estimate_out(estimate)


@network_costs_router.delete(
    "/{slug}/savings/estimates/{ozg_id}",
    response={204: None, **WRITE_ERRORS},
    auth=write_auth,
    summary="Schätzung für eine OZG-Leistung entfernen (Koordination)",
)
def build_alone_estimate_delete(request: HttpRequest, slug: str, ozg_id: OzgId) -> Status[None]:
    services.build_alone_estimate_delete(
        actor=Actor.of(request.user), network=network_get(slug=slug), service=service_get(ozg_id=ozg_id)
    )
    return Status(204, None)


@network_costs_router.post(
    "/{slug}/funding-programmes",
    response={201: ProgrammeOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Förderprogramm anlegen (Koordination)",
)
def programme_create(request: HttpRequest, slug: str, payload: ProgrammeIn) -> Status[Any]:
    network = network_get(slug=slug)
    programme = services.programme_create(
        actor=Actor.of(request.user),
        network=network,
        name=payload.name,
        funder=payload.funder,
        amount_eur=payload.amount_eur,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        funding_rate=payload.funding_rate,
        eligible_kinds=[str(kind) for kind in payload.eligible_kinds],
        reporting_duties=payload.reporting_duties,
        claims=selectors.claims_by_ids(payload.claims),
    )
    return Status(
        201, outputs.programme_out(selectors.programme_budget(network=network, programme_id=programme.pk))
    )


@network_costs_router.put(
    "/{slug}/funding-programmes/{programme_id}/claims",
    response={200: ProgrammeOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Geförderte Übernahmen eines Förderprogramms festlegen (Koordination)",
)
def programme_claims_set(
    request: HttpRequest, slug: str, programme_id: int, payload: ProgrammeClaimsIn
) -> dict[str, Any]:
    network = network_get(slug=slug)
    budget = selectors.programme_budget(network=network, programme_id=programme_id)
    services.programme_claims_set(
        actor=Actor.of(request.user),
        programme=budget.programme,
        claims=selectors.claims_by_ids(payload.claims),
    )
    return outputs.programme_out(selectors.programme_budget(network=network, programme_id=programme_id))


@network_costs_router.get(
    "/{slug}/funding-programmes/{programme_id}",
    response={200: ProgrammeOut, 404: ErrorOut},
    summary="Ein Förderprogramm mit Restbudget",
)
def programme_detail(request: HttpRequest, slug: str, programme_id: int) -> dict[str, Any]:
    return outputs.programme_out(
        selectors.programme_budget(network=network_get(slug=slug), programme_id=programme_id)
    )


def _programme_update(
    request: HttpRequest, slug: str, programme_id: int, sent: dict[str, Any]
) -> dict[str, Any]:
    """Changes the programme to its current values overridden by the values sent (`None`: unchanged)."""
    network = network_get(slug=slug)
    programme = selectors.programme_get(network=network, programme_id=programme_id)
    values = {**selectors.programme_values(programme), **{k: v for k, v in sent.items() if v is not None}}
    services.programme_update(
        actor=Actor.of(request.user),
        programme=programme,
        name=values["name"],
        funder=values["funder"],
        amount_eur=values["amount_eur"],
        starts_on=values["starts_on"],
        ends_on=values["ends_on"],
        funding_rate=values["funding_rate"],
        eligible_kinds=[str(kind) for kind in values["eligible_kinds"]],
        reporting_duties=values["reporting_duties"],
        claims=selectors.claims_by_ids(values["claims"]),
        accept_shortfall=bool(sent.get("accept_shortfall")),
    )
    return outputs.programme_out(selectors.programme_budget(network=network, programme_id=programme_id))


PROGRAMME_UPDATE_DESCRIPTION = (
    "Dieselben Regeln wie beim Anlegen. Bliebe nach der Änderung weniger Fördersumme, als das Programm für "
    "die zugeordneten Kosten schon fördert (Restbudget negativ oder noch negativer), antwortet die API mit "
    "422 am geänderten Feld, außer mit `accept_shortfall: true` (z. B. nach einer Kürzung durch den "
    "Fördermittelgeber)."
)


@network_costs_router.put(
    "/{slug}/funding-programmes/{programme_id}",
    response={200: ProgrammeOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Förderprogramm ändern (Koordination)",
    description=PROGRAMME_UPDATE_DESCRIPTION
    + " Ohne `claims` bleiben die geförderten Übernahmen unverändert.",
)
def programme_update(
    request: HttpRequest, slug: str, programme_id: int, payload: ProgrammeUpdateIn
) -> dict[str, Any]:
    return _programme_update(request, slug, programme_id, payload.model_dump())


@network_costs_router.patch(
    "/{slug}/funding-programmes/{programme_id}",
    response={200: ProgrammeOut, **WRITE_ERRORS},
    auth=write_auth,
    summary="Einzelne Angaben eines Förderprogramms ändern (Koordination)",
    description=PROGRAMME_UPDATE_DESCRIPTION
    + " Nur die gesendeten Felder werden geändert; `null` gilt als nicht gesendet.",
)
def programme_patch(
    request: HttpRequest, slug: str, programme_id: int, payload: ProgrammePatch
) -> dict[str, Any]:
    return _programme_update(request, slug, programme_id, payload.model_dump(exclude_unset=True))


@network_costs_router.delete(
    "/{slug}/funding-programmes/{programme_id}",
    response={204: None, **WRITE_ERRORS},
    auth=write_auth,
    summary="Förderprogramm löschen (Koordination)",
    description="Nur ohne zugeordnete Kostenpositionen und Übernahmen; sonst 409 mit ihrer Anzahl "
    "(`errors` an `cost_items` und `claims`). Zuordnungen werden nie nebenbei gelöst.",
)
def programme_delete(request: HttpRequest, slug: str, programme_id: int) -> Status[None]:
    network = network_get(slug=slug)
    services.programme_delete(
        actor=Actor.of(request.user),
        programme=selectors.programme_get(network=network, programme_id=programme_id),
    )
    return Status(204, None)
