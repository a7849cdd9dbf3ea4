import datetime as dt
from decimal import Decimal

import pytest

from ikone.accounts.policy import PermissionDenied
from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.core.models import ChangeRecord
from ikone.costs import selectors, services
from ikone.costs.models import CostAgreement, CostItem, CostKey
from ikone.costs.services import KeyInput, ParticipantInput
from ikone.costs.tests.conftest import participants

YEAR = {"starts_on": dt.date(2025, 1, 1), "ends_on": dt.date(2025, 12, 31)}


def _fields(error):
    return {e.field: e.message for e in error.value.errors}


def test_a_population_key_splits_the_costs_exactly(agreement):
    view = selectors.agreement_allocation(agreement=selectors.agreement_by_id(agreement_id=agreement.pk))
    assert view.total == Decimal("10000.01")
    assert view.sum == view.total
    amounts = {row.organization.short_name: row.amount for row in view.rows}
    # 100.000 / 30.000 / 50.000 inhabitants of 180.000
    assert amounts == {
        "Kaiserslautern": Decimal("5555.56"),
        "Andernach": Decimal("1666.67"),
        "Speyer": Decimal("2777.78"),
    }


def test_what_if_trier_joins_and_andernach_leaves(agreement, trier, andernach):
    view = selectors.agreement_allocation(
        agreement=selectors.agreement_by_id(agreement_id=agreement.pk), join=[trier], leave=[andernach]
    )
    assert {row.organization.short_name for row in view.rows} == {"Kaiserslautern", "Speyer", "Trier"}
    assert view.sum == Decimal("10000.01")


def test_a_one_off_cost_cannot_be_charged_for_reuse(network, kaiserslautern, system):
    with pytest.raises(DomainError) as error:
        services.cost_item_create(
            actor=system,
            network=network,
            title="Entwicklung",
            kind="development",
            amount_eur=Decimal("50000"),
            year=2024,
            incurred_by=kaiserslautern,
            chargeable_for_reuse=True,
        )
    assert "einmalige Kosten nicht" in _fields(error)["chargeable_for_reuse"]
    assert not CostItem.objects.exists()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("-1"), "nicht negativ"),
        ("zwölf", "Bitte eine Zahl"),
        (Decimal("NaN"), "Bitte eine Zahl"),
        (Decimal("1.001"), "zwei Nachkommastellen"),
    ],
)
def test_bad_amounts_are_refused_at_the_field(network, kaiserslautern, system, amount, message):
    with pytest.raises(DomainError) as error:
        services.cost_item_create(
            actor=system,
            network=network,
            title="Lizenz",
            kind="licence",
            amount_eur=amount,
            year=2025,
            incurred_by=kaiserslautern,
        )
    assert error.value.status == 422
    assert message in _fields(error)["amount_eur"]
    assert not CostItem.objects.exists()


def test_costs_of_a_non_member_are_refused(network, trier, system):
    with pytest.raises(DomainError) as error:
        services.cost_item_create(
            actor=system,
            network=network,
            title="x",
            kind="hosting",
            amount_eur=Decimal(1),
            year=2025,
            incurred_by=trier,
        )
    assert "kein Mitglied" in _fields(error)["incurred_by"]


def _create(network, system, towns, key, **kwargs):
    return services.agreement_create(
        actor=system, network=network, title="Test", participants=towns, key=key, **{**YEAR, **kwargs}
    )


def test_unknown_members_weights_not_summing_to_one_and_missing_usage_save_nothing(
    network, kaiserslautern, andernach, trier, system, costs
):
    with pytest.raises(DomainError) as error:
        _create(
            network,
            system,
            participants(kaiserslautern, trier),
            KeyInput(kind="equal", agreed_on=dt.date(2025, 1, 1)),
        )
    assert "Trier ist kein Mitglied" in _fields(error)["participants"]
    hybrid = KeyInput(
        kind="hybrid",
        agreed_on=dt.date(2025, 1, 1),
        weights={"population": Decimal("0.6"), "equal": Decimal("0.3")},
    )
    with pytest.raises(DomainError) as error:
        _create(network, system, participants(kaiserslautern, andernach), hybrid)
    assert "genau 1" in _fields(error)["weights"]
    usage = [ParticipantInput(kaiserslautern, usage=10), ParticipantInput(andernach)]
    with pytest.raises(DomainError) as error:
        _create(network, system, usage, KeyInput(kind="usage", agreed_on=dt.date(2025, 1, 1)))
    assert "Andernach" in _fields(error)["usage"]
    assert not CostAgreement.objects.exists()
    assert not CostKey.objects.exists()


def test_reversed_and_overlapping_periods_are_refused(network, kaiserslautern, agreement, system):
    key = KeyInput(kind="equal", agreed_on=dt.date(2025, 1, 1))
    with pytest.raises(DomainError) as error:
        _create(
            network,
            system,
            participants(kaiserslautern),
            key,
            starts_on=dt.date(2025, 12, 31),
            ends_on=dt.date(2025, 1, 1),
        )
    assert "vor dem Beginn" in _fields(error)["ends_on"]
    with pytest.raises(DomainError) as error:
        _create(
            network,
            system,
            participants(kaiserslautern),
            key,
            starts_on=dt.date(2025, 6, 1),
            ends_on=dt.date(2026, 5, 31),
        )
    assert "überschneidet sich" in _fields(error)["starts_on"]
    assert CostAgreement.objects.count() == 1


def test_only_the_coordination_creates_and_signs_off(
    network, kaiserslautern, agreement, treasurer, coordinator
):
    with pytest.raises(PermissionDenied):
        services.agreement_sign_off(actor=Actor.of(treasurer), agreement=agreement)
    services.agreement_sign_off(actor=Actor.of(coordinator), agreement=agreement)
    agreement.refresh_from_db()
    assert agreement.status == "signed"
    assert agreement.signed_by == coordinator
    assert ChangeRecord.objects.filter(object_type="costs.costagreement", changes__has_key="status").exists()


def test_a_changed_key_becomes_a_new_version_and_takes_back_the_sign_off(
    agreement, kaiserslautern, andernach, speyer, coordinator
):
    actor = Actor.of(coordinator)
    services.agreement_sign_off(actor=actor, agreement=agreement)
    services.agreement_update(
        actor=actor,
        agreement=agreement,
        title=agreement.title,
        participants=participants(kaiserslautern, andernach, speyer),
        key=KeyInput(kind="equal", agreed_on=dt.date(2025, 2, 1)),
        **YEAR,
    )
    agreement.refresh_from_db()
    assert agreement.status == "draft"
    assert list(agreement.keys.values_list("version", "kind")) == [(2, "equal"), (1, "population")]
    assert selectors.current_key(agreement).kind == "equal"


def test_an_unchanged_update_keeps_the_key_version(agreement, kaiserslautern, andernach, speyer, system):
    services.agreement_update(
        actor=system,
        agreement=agreement,
        title="Betrieb 2025",
        participants=participants(kaiserslautern, andernach, speyer),
        key=KeyInput(kind="population", agreed_on=dt.date(2024, 11, 20)),
        **YEAR,
    )
    assert agreement.keys.count() == 1


def test_a_member_joining_mid_year_pays_pro_rata(network, kaiserslautern, andernach, speyer, costs, system):
    agreement = _create(
        network,
        system,
        [
            ParticipantInput(kaiserslautern),
            ParticipantInput(andernach, joined_on=dt.date(2025, 7, 1)),
            ParticipantInput(speyer),
        ],
        KeyInput(kind="equal", agreed_on=dt.date(2025, 1, 1)),
    )
    rows = {r.organization.short_name: r for r in selectors.agreement_allocation(agreement=agreement).rows}
    assert rows["Andernach"].amount < rows["Speyer"].amount
    assert rows["Andernach"].presence == Decimal("0.5041")  # 184 of 365 days
    assert sum(r.amount for r in rows.values()) == Decimal("10000.01")


def test_a_programme_shows_its_remaining_budget(network, kaiserslautern, system):
    programme = services.programme_create(
        actor=system,
        network=network,
        name="Förderung IKONE-DS",
        funder="Land",
        amount_eur=Decimal("425000.00"),
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        funding_rate=Decimal("80"),
        eligible_kinds=["development", "introduction"],
    )
    services.cost_item_create(
        actor=system,
        network=network,
        title="Entwicklung",
        kind="development",
        amount_eur=Decimal("100000.00"),
        year=2024,
        incurred_by=kaiserslautern,
        programme=programme,
    )
    (budget,) = selectors.programme_budgets(network=network)
    assert budget.funded == Decimal("80000.00")
    assert budget.remaining == Decimal("345000.00")
