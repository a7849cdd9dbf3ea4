"""Plain dicts for the API and the CLI (`ikone costs allocate --json` prints exactly what the API returns)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ikone.costs import selectors
from ikone.costs.models import BuildAloneEstimate, CostAgreement, CostItem, CostKey
from ikone.costs.selectors import AllocationView, ProgrammeBudget, SavingsView
from ikone.organizations.models import Organization

ROUNDING = (
    "Größter Rest (Hare-Niemeyer): jeder Anteil wird auf den Cent abgerundet, die übrigen Cents gehen "
    "einzeln an die größten Reste; bei gleichem Rest entscheidet der Schlüssel (AGS oder Kurzname) "
    "aufsteigend."
)


def organization_ref(organization: Organization) -> dict[str, str]:
    return {"key": organization.key, "name": str(organization)}


def key_out(key: CostKey) -> dict[str, Any]:
    return {
        "version": key.version,
        "kind": key.kind,
        "kind_label": key.get_kind_display(),
        "weights": {
            "population": key.weight_population,
            "usage": key.weight_usage,
            "equal": key.weight_equal,
        },
        "variable_measure": key.variable_measure,
        "base_fee_eur": key.base_fee_eur,
        "cap_eur": key.cap_eur,
        "minimum_eur": key.minimum_eur,
        "agreed_on": key.agreed_on,
    }


def agreement_out(agreement: CostAgreement, total: Decimal | None = None) -> dict[str, Any]:
    keys = list(agreement.keys.all())
    return {
        "id": agreement.pk,
        "network": agreement.network.slug,
        "title": agreement.title,
        "solution": agreement.solution.slug if agreement.solution else None,
        "claim": agreement.claim_id,
        "starts_on": agreement.starts_on,
        "ends_on": agreement.ends_on,
        "status": agreement.status,
        "signed_by": agreement.signed_by_label,
        "signed_at": agreement.signed_at,
        "total_eur": selectors.agreement_total(agreement) if total is None else total,
        "key": key_out(selectors.current_key(agreement)),
        "key_versions": len(keys),
        "participants": [
            {
                "organization": organization_ref(p.organization),
                "joined_on": p.joined_on,
                "left_on": p.left_on,
                "usage": p.usage,
                "fixed_percent": p.fixed_percent,
            }
            for p in agreement.participants.all()
        ],
    }


def allocation_out(agreement: CostAgreement, view: AllocationView, year: int | None = None) -> dict[str, Any]:
    return {
        "agreement": agreement.pk,
        "year": year,
        "key": view.key_kind,
        "key_label": view.key_label,
        "total_eur": view.total,
        "sum_eur": view.sum,
        "rounding": ROUNDING,
        "shares": [
            {
                "organization": organization_ref(row.organization),
                "amount_eur": row.amount,
                "percent": row.percent,
                "presence": row.presence,
                "population": row.population,
                "usage": row.usage,
                "capped": row.capped,
                "raised_to_minimum": row.raised_to_minimum,
            }
            for row in view.rows
        ],
    }


def cost_item_out(item: CostItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "title": item.title,
        "kind": item.kind,
        "kind_label": item.get_kind_display(),
        "one_off": item.is_one_off,
        "amount_eur": item.amount_eur,
        "year": item.year,
        "incurred_by": organization_ref(item.incurred_by),
        "solution": item.solution.slug if item.solution else None,
        "claim": item.claim_id,
        "programme": item.programme_id,
        "programme_funds_kind": item.programme_funds_kind,
        "evidence": item.evidence,
        "chargeable_for_reuse": item.chargeable_for_reuse,
    }


def programme_out(budget: ProgrammeBudget) -> dict[str, Any]:
    p = budget.programme
    return {
        "id": p.pk,
        "name": p.name,
        "funder": p.funder,
        "amount_eur": p.amount_eur,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "funding_rate": p.funding_rate,
        "eligible_kinds": p.eligible_kinds,
        "reporting_duties": p.reporting_duties,
        "linked_costs_eur": budget.linked_costs,
        "eligible_costs_eur": budget.eligible_costs,
        "funded_eur": budget.funded,
        "remaining_eur": budget.remaining,
        "claims": budget.claim_ids,
    }


FORMULA = (
    "Einsparung = Kosten, die Lösung allein zu bauen (einmalige Kosten der Eigentümerin, sonst die "
    "Schätzungen für ihre OZG-Leistungen, sonst Annahme) "
    "− Anteil des Mitglieds an den Kosten der Lösung − eigener Einführungsaufwand (Erfahrungsbericht, "
    "sonst Annahme)"
)


def savings_out(view: SavingsView) -> dict[str, Any]:
    return {
        "formula": FORMULA,
        "assumptions": {
            "build_alone_eur": view.assumptions.build_alone_eur,
            "introduction_eur": view.assumptions.introduction_eur,
        },
        "total_eur": view.estimate.total_eur,
        "by_member": [
            {"organization": organization_ref(view.names[key]), "saving_eur": amount}
            for key, amount in view.estimate.by_member().items()
        ],
        "by_year": [{"year": year, "saving_eur": amount} for year, amount in view.estimate.by_year().items()],
        "items": [
            {
                "organization": organization_ref(organization),
                "solution": solution.slug,
                "year": s.facts.year,
                "build_alone_eur": s.build_alone_eur,
                "build_alone_assumed": s.build_alone_assumed,
                "build_alone_basis": s.build_alone_basis,
                "share_eur": s.facts.share_eur,
                "introduction_eur": s.introduction_eur,
                "introduction_assumed": s.introduction_assumed,
                "saving_eur": s.saving_eur,
            }
            for organization, solution, s in view.rows()
        ],
    }


def build_alone_estimate_out(estimate: BuildAloneEstimate) -> dict[str, Any]:
    return {
        "ozg_id": estimate.service.ozg_id,
        "service": estimate.service.name,
        "amount_eur": estimate.amount_eur,
    }
