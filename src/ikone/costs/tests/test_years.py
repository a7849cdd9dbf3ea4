"""Statements per member and year of a multi-year agreement: each year shares that year's costs among the
members taking part in it; the years add up exactly to the whole-period statement."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from ikone.core.audit import Actor
from ikone.core.errors import DomainError, NotFound
from ikone.core.testing.factories import MembershipFactory, MunicipalityFactory, NetworkFactory
from ikone.costs import selectors, services
from ikone.costs.services import KeyInput, ParticipantInput
from ikone.costs.tests.conftest import participants

SYSTEM = Actor.system("test")
PERIOD = {"starts_on": dt.date(2025, 1, 1), "ends_on": dt.date(2026, 12, 31)}


def _cost(network, town, year, amount):
    services.cost_item_create(
        actor=SYSTEM,
        network=network,
        title=f"Betrieb {year}",
        kind="operation",
        amount_eur=Decimal(amount),
        year=year,
        incurred_by=town,
    )


@pytest.fixture
def two_years(network, kaiserslautern, andernach, speyer):
    """2025: 6.000 EUR, 2026: 9.000,01 EUR; Speyer joins on 1 July 2026."""
    _cost(network, kaiserslautern, 2025, "6000.00")
    _cost(network, kaiserslautern, 2026, "9000.01")
    return services.agreement_create(
        actor=SYSTEM,
        network=network,
        title="Betrieb 2025–2026",
        participants=[
            *participants(kaiserslautern, andernach),
            ParticipantInput(organization=speyer, joined_on=dt.date(2026, 7, 1)),
        ],
        key=KeyInput(kind="equal", agreed_on=dt.date(2024, 12, 1)),
        **PERIOD,
    )


def _amounts(view):
    return {r.organization.short_name: r.amount for r in view.rows}


def test_each_year_shares_its_own_costs_among_that_years_members(two_years):
    y2025 = selectors.agreement_allocation(agreement=two_years, year=2025)
    assert _amounts(y2025) == {"Andernach": Decimal("3000.00"), "Kaiserslautern": Decimal("3000.00")}
    y2026 = selectors.agreement_allocation(agreement=two_years, year=2026)
    assert y2026.total == Decimal("9000.01")
    assert _amounts(y2026) == {  # the worked example in docs/costs.md; Speyer: 184/365 of 2026
        "Andernach": Decimal("3594.10"),
        "Kaiserslautern": Decimal("3594.09"),
        "Speyer": Decimal("1811.82"),
    }
    whole = selectors.agreement_allocation(agreement=two_years)
    assert whole.total == Decimal("15000.01")
    for name, amount in _amounts(whole).items():
        assert amount == _amounts(y2025).get(name, Decimal(0)) + _amounts(y2026)[name]


def test_a_member_has_no_statement_for_a_year_it_was_not_in(two_years):
    with pytest.raises(NotFound, match="nimmt 2025 an"):
        selectors.statement_get(agreement=two_years, key="07318000", year=2025)
    statement = selectors.statement_get(agreement=two_years, key="07318000", year=2026)
    assert statement.period == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [i.year for i in statement.items] == [2026]


def test_a_year_outside_the_period_is_refused_at_the_field(two_years):
    with pytest.raises(DomainError) as error:
        selectors.agreement_allocation(agreement=two_years, year=2027)
    assert error.value.status == 422
    assert error.value.errors[0].field == "year"
    with pytest.raises(DomainError):
        selectors.year_from_query("25")


def test_the_treasurer_downloads_a_yearly_statement_and_the_api_gives_the_year(client, two_years, treasurer):
    client.force_login(treasurer)
    base = f"/netzwerke/ikone-ds/kosten/{two_years.pk}/"
    page = client.get(base).content.decode()
    assert "Jahr 2026 für Andernach" in page
    response = client.get(f"{base}abrechnung/07137003.csv?year=2026")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'abrechnung-{two_years.pk}-07137003-2026.csv"')
    text = response.content.decode("utf-8-sig")
    assert "Zeitraum;01.01.2026;31.12.2026" in text
    assert "2025;Betrieb 2025" not in text
    assert "2026;Betrieb 2026" in text
    assert client.get(f"{base}abrechnung/07137003.pdf?year=2026").status_code == 200
    assert client.get(f"{base}abrechnung/07137003.csv?year=zwei").status_code == 422
    api = f"/api/v1/networks/ikone-ds/cost-agreements/{two_years.pk}/allocations"
    body = client.get(f"{api}?year=2025").json()
    assert (body["year"], body["total_eur"], body["sum_eur"]) == (2025, "6000.00", "6000.00")
    assert client.get(f"{api}?year=2030").status_code == 422


class TestYearsAddUpToThePeriod(TestCase):
    @settings(max_examples=15, deadline=None)
    @given(
        costs=st.lists(
            st.decimals(min_value=0, max_value=Decimal("99999.99"), places=2, allow_nan=False),
            min_size=3,
            max_size=3,
        ),
        joined=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31)),
        kind=st.sampled_from(["equal", "population"]),
    )
    def test_the_yearly_statements_sum_to_the_whole_period_statement(self, costs, joined, kind):
        network = NetworkFactory()
        towns = [MunicipalityFactory(population=p) for p in (100_000, 30_000, 50_000)]
        for town in towns:
            MembershipFactory(network=network, organization=town)
        for year, amount in zip((2024, 2025, 2026), costs, strict=True):
            _cost(network, towns[0], year, amount)
        agreement = services.agreement_create(
            actor=SYSTEM,
            network=network,
            title="Drei Jahre",
            starts_on=dt.date(2024, 1, 1),
            ends_on=dt.date(2026, 12, 31),
            participants=[
                ParticipantInput(organization=towns[0]),
                ParticipantInput(organization=towns[1]),
                ParticipantInput(organization=towns[2], joined_on=joined),
            ],
            key=KeyInput(kind=kind, agreed_on=dt.date(2023, 12, 1)),
        )
        whole = selectors.agreement_allocation(agreement=agreement)
        assert whole.sum == whole.total == sum(costs, Decimal("0.00"))
        per_year = {}
        for year, amount in zip((2024, 2025, 2026), costs, strict=True):
            view = selectors.agreement_allocation(agreement=agreement, year=year)
            assert view.sum == view.total == amount
            for row in view.rows:
                per_year[row.organization.pk] = per_year.get(row.organization.pk, Decimal(0)) + row.amount
                assert row.amount == (
                    selectors.statement_get(
                        agreement=agreement, key=row.organization.key, year=year
                    ).row.amount
                )
        assert {r.organization.pk: r.amount for r in whole.rows} == per_year


def test_the_cli_prints_a_year_as_the_api_does(client, two_years, capsys):
    import json

    from django.core.management import call_command

    call_command("costs", "allocate", "--agreement", str(two_years.pk), "--year", "2026", "--json")
    printed = json.loads(capsys.readouterr().out)
    url = f"/api/v1/networks/ikone-ds/cost-agreements/{two_years.pk}/allocations?year=2026"
    assert printed == client.get(url).json()
    assert printed["total_eur"] == "9000.01"
