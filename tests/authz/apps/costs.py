"""Authorisation cases of costs: reading is public, agreements are the coordination's, cost items the
coordination's or the incurring member's editors'; statements are checked in the costs view tests."""

import datetime as dt

from tests.authz.common import COORDINATORS, EDITORS_OF_A, Case


def _agreement(world):
    from ikone.core.audit import Actor
    from ikone.costs import services
    from ikone.costs.models import CostAgreement

    existing = CostAgreement.objects.filter(network=world.network).first()
    if existing is not None:
        return existing
    return services.agreement_create(
        actor=Actor.system("test"),
        network=world.network,
        title="Betrieb",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 12, 31),
        participants=[services.ParticipantInput(organization=world.org_a)],
        key=services.KeyInput(kind="equal", agreed_on=dt.date(2025, 1, 1)),
    )


def _programme(world):
    from decimal import Decimal

    from ikone.core.audit import Actor
    from ikone.costs import services
    from ikone.costs.models import FundingProgramme

    existing = FundingProgramme.objects.filter(network=world.network).first()
    if existing is not None:
        return existing
    return services.programme_create(
        actor=Actor.system("test"),
        network=world.network,
        name="Förderung",
        funder="Land",
        amount_eur=Decimal("1000.00"),
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 12, 31),
        funding_rate=Decimal("90"),
    )


def _estimate(world):
    from decimal import Decimal

    from ikone.core.audit import Actor
    from ikone.costs import services
    from ikone.ozg.models import Service

    estimate = services.build_alone_estimate_set(
        actor=Actor.system("test"),
        network=world.network,
        service=Service.objects.get(ozg_id=10200),
        amount_eur=Decimal("1.00"),
    )
    return estimate.service.ozg_id


def _item(world):
    from decimal import Decimal

    from ikone.core.audit import Actor
    from ikone.costs import services

    return services.cost_item_create(
        actor=Actor.system("test"),
        network=world.network,
        title="Hosting",
        kind="hosting",
        amount_eur=Decimal("10.00"),
        year=2030,
        incurred_by=world.org_a,
    )


def _item_body(world):
    return (
        {
            "title": "Hosting",
            "kind": "hosting",
            "amount_eur": "11.00",
            "year": 2030,
            "incurred_by": world.org_a.ags,
        },
        "application/json",
    )


def _base(world):
    return f"/api/v1/networks/{world.network.slug}"


def _agreement_body(world):
    return (
        {
            "title": "Betrieb 2026",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "participants": [{"organization": world.org_a.ags}],
            "key": {"kind": "population", "agreed_on": "2025-12-01"},
        },
        "application/json",
    )


def _form_body(world):
    return (
        {
            "title": "Betrieb 2026",
            "solution": "",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "kind": "equal",
            "agreed_on": "2025-12-01",
            "variable_measure": "population",
            f"m{world.org_a.pk}_in": "on",
        },
        None,
    )


API_CASES = [
    Case(
        "PUT",
        "/api/v1/networks/{slug}/cost-items/{item_id}",
        lambda w: f"{_base(w)}/cost-items/{_item(w).pk}",
        allowed=COORDINATORS | EDITORS_OF_A,
        body=_item_body,
    ),
    Case(
        "DELETE",
        "/api/v1/networks/{slug}/cost-items/{item_id}",
        lambda w: f"{_base(w)}/cost-items/{_item(w).pk}",
        allowed=COORDINATORS | EDITORS_OF_A,
    ),
    Case(
        "PUT",
        "/api/v1/networks/{slug}/funding-programmes/{programme_id}/claims",
        lambda w: f"{_base(w)}/funding-programmes/{_programme(w).pk}/claims",
        allowed=COORDINATORS,
        body=lambda w: ({"claims": []}, "application/json"),
    ),
    Case(
        "GET",
        "/api/v1/networks/{slug}/funding-programmes/{programme_id}",
        lambda w: f"{_base(w)}/funding-programmes/{_programme(w).pk}",
    ),
    Case(
        "PUT",
        "/api/v1/networks/{slug}/funding-programmes/{programme_id}",
        lambda w: f"{_base(w)}/funding-programmes/{_programme(w).pk}",
        allowed=COORDINATORS,
        body=lambda w: (
            {
                "name": "Förderung",
                "funder": "Land",
                "amount_eur": "2000.00",
                "starts_on": "2025-01-01",
                "ends_on": "2025-12-31",
                "funding_rate": "80",
            },
            "application/json",
        ),
    ),
    Case(
        "PATCH",
        "/api/v1/networks/{slug}/funding-programmes/{programme_id}",
        lambda w: f"{_base(w)}/funding-programmes/{_programme(w).pk}",
        allowed=COORDINATORS,
        body=lambda w: ({"amount_eur": "3000.00"}, "application/json"),
    ),
    Case(
        "DELETE",
        "/api/v1/networks/{slug}/funding-programmes/{programme_id}",
        lambda w: f"{_base(w)}/funding-programmes/{_programme(w).pk}",
        allowed=COORDINATORS,
    ),
    Case("GET", "/api/v1/networks/{slug}/cost-agreements", lambda w: f"{_base(w)}/cost-agreements"),
    Case(
        "POST",
        "/api/v1/networks/{slug}/cost-agreements",
        lambda w: f"{_base(w)}/cost-agreements",
        allowed=COORDINATORS,
        body=_agreement_body,
    ),
    Case(
        "GET",
        "/api/v1/networks/{slug}/cost-agreements/{agreement_id}",
        lambda w: f"{_base(w)}/cost-agreements/{_agreement(w).pk}",
    ),
    Case(
        "PUT",
        "/api/v1/networks/{slug}/cost-agreements/{agreement_id}",
        lambda w: f"{_base(w)}/cost-agreements/{_agreement(w).pk}",
        allowed=COORDINATORS,
        body=_agreement_body,
    ),
    Case(
        "GET",
        "/api/v1/networks/{slug}/cost-agreements/{agreement_id}/allocations",
        lambda w: f"{_base(w)}/cost-agreements/{_agreement(w).pk}/allocations",
    ),
    Case(
        "POST",
        "/api/v1/networks/{slug}/cost-agreements/{agreement_id}/sign-off",
        lambda w: f"{_base(w)}/cost-agreements/{_agreement(w).pk}/sign-off",
        allowed=COORDINATORS,
    ),
    Case("GET", "/api/v1/networks/{slug}/cost-items", lambda w: f"{_base(w)}/cost-items"),
    Case(
        "POST",
        "/api/v1/networks/{slug}/cost-items",
        lambda w: f"{_base(w)}/cost-items",
        allowed=COORDINATORS | EDITORS_OF_A,
        body=lambda w: (
            {
                "title": "Hosting",
                "kind": "hosting",
                "amount_eur": "99.90",
                "year": 2025,
                "incurred_by": w.org_a.ags,
            },
            "application/json",
        ),
    ),
    Case("GET", "/api/v1/networks/{slug}/funding-programmes", lambda w: f"{_base(w)}/funding-programmes"),
    Case("GET", "/api/v1/networks/{slug}/savings", lambda w: f"{_base(w)}/savings"),
    Case("GET", "/api/v1/networks/{slug}/savings/estimates", lambda w: f"{_base(w)}/savings/estimates"),
    Case(
        "PUT",
        "/api/v1/networks/{slug}/savings/estimates/{ozg_id}",
        lambda w: f"{_base(w)}/savings/estimates/10200",
        allowed=COORDINATORS,
        body=lambda w: ({"amount_eur": "60000.00"}, "application/json"),
    ),
    Case(
        "DELETE",
        "/api/v1/networks/{slug}/savings/estimates/{ozg_id}",
        lambda w: f"{_base(w)}/savings/estimates/{_estimate(w)}",
        allowed=COORDINATORS,
    ),
    Case(
        "POST",
        "/api/v1/networks/{slug}/funding-programmes",
        lambda w: f"{_base(w)}/funding-programmes",
        allowed=COORDINATORS,
        body=lambda w: (
            {
                "name": "Förderung",
                "funder": "Land",
                "amount_eur": "425000.00",
                "starts_on": "2024-01-01",
                "ends_on": "2026-12-31",
                "funding_rate": "90",
                "eligible_kinds": ["development"],
            },
            "application/json",
        ),
    ),
]

UI_WRITE_CASES = [
    Case(
        "POST",
        "costs:cost-item-edit",
        lambda w: f"/netzwerke/{w.network.slug}/kosten/positionen/{_item(w).pk}/bearbeiten/",
        allowed=COORDINATORS | EDITORS_OF_A,
        body=lambda w: (
            {
                "title": "Hosting",
                "kind": "hosting",
                "amount_eur": "11,00",
                "year": "2030",
                "incurred_by": w.org_a.ags,
            },
            None,
        ),
    ),
    Case(
        "POST",
        "costs:cost-item-delete",
        lambda w: f"/netzwerke/{w.network.slug}/kosten/positionen/{_item(w).pk}/loeschen/",
        allowed=COORDINATORS | EDITORS_OF_A,
    ),
    Case(
        "POST",
        "costs:programme-create",
        lambda w: f"/netzwerke/{w.network.slug}/kosten/foerderung/neu/",
        allowed=COORDINATORS,
        body=lambda w: (
            {
                "name": "Förderung",
                "funder": "Land",
                "amount_eur": "1.000,00",
                "funding_rate": "90",
                "starts_on": "01.01.2025",
                "ends_on": "31.12.2025",
            },
            None,
        ),
    ),
    Case(
        "POST",
        "costs:programme-edit",
        lambda w: f"/netzwerke/{w.network.slug}/kosten/foerderung/{_programme(w).pk}/bearbeiten/",
        allowed=COORDINATORS,
        body=lambda w: (
            {
                "name": "Förderung",
                "funder": "Land",
                "amount_eur": "2.000,00",
                "funding_rate": "80",
                "starts_on": "01.01.2025",
                "ends_on": "31.12.2025",
            },
            None,
        ),
    ),
    Case(
        "POST",
        "costs:programme-delete",
        lambda w: f"/netzwerke/{w.network.slug}/kosten/foerderung/{_programme(w).pk}/loeschen/",
        allowed=COORDINATORS,
    ),
    Case(
        "POST",
        "costs:cost-item-create",
        lambda w: f"/netzwerke/{w.network.slug}/kosten/positionen/neu/",
        allowed=COORDINATORS | EDITORS_OF_A,
        body=lambda w: (
            {
                "title": "Hosting",
                "kind": "hosting",
                "amount_eur": "99,90",
                "year": "2025",
                "incurred_by": w.org_a.ags,
            },
            None,
        ),
    ),
    Case(
        "POST",
        "costs:savings",
        lambda w: f"/netzwerke/{w.network.slug}/kosten/einsparungen/",
        allowed=COORDINATORS,
        body=lambda w: ({"build_alone_eur": "90.000,00", "introduction_eur": "4.000,00"}, None),
    ),
    Case(
        "POST",
        "costs:build-alone-estimate",
        lambda w: f"/netzwerke/{w.network.slug}/kosten/einsparungen/schaetzung/",
        allowed=COORDINATORS,
        body=lambda w: ({"ozg_id": "10200", "amount_eur": "60.000,00"}, None),
    ),
    Case(
        "POST",
        "costs:agreement-create",
        lambda w: f"/netzwerke/{w.network.slug}/kosten/neu/",
        allowed=COORDINATORS,
        body=_form_body,
    ),
    Case(
        "POST",
        "costs:agreement-edit",
        lambda w: f"/netzwerke/{w.network.slug}/kosten/{_agreement(w).pk}/bearbeiten/",
        allowed=COORDINATORS,
        body=_form_body,
    ),
    Case(
        "POST",
        "costs:agreement-sign-off",
        lambda w: f"/netzwerke/{w.network.slug}/kosten/{_agreement(w).pk}/freigeben/",
        allowed=COORDINATORS,
    ),
]
