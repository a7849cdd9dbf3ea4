"""A funder pays only costs of its funding period: a cost item linked to a programme must fall into the
programme's period, and a changed period may not leave out linked costs. Costs of a kind the programme
does not fund may stay linked, but never count as funded."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.core.models import ChangeRecord
from ikone.costs import selectors, services
from ikone.costs.computations.funding import period_years, year_in_period
from ikone.costs.models import CostItem, FundingProgramme
from ikone.costs.tests.test_api import BASE, _auth, _token

# Period comparison (ORM-free) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "inside"),
    [(2024, False), (2025, True), (2026, True), (2027, True), (2028, False)],
)
def test_the_first_and_the_last_year_of_a_multi_year_period_belong_to_it(year, inside):
    assert year_in_period(year, dt.date(2025, 1, 1), dt.date(2027, 12, 31)) is inside


@pytest.mark.parametrize(
    ("year", "inside"),
    [(2024, False), (2025, True), (2027, True), (2028, False)],
)
def test_a_year_the_period_covers_only_in_part_belongs_to_it(year, inside):
    """From 01.07.2025 to 30.06.2027: a cost item has only a year, so 2025 and 2027 count."""
    assert year_in_period(year, dt.date(2025, 7, 1), dt.date(2027, 6, 30)) is inside


def test_a_period_within_one_year_takes_only_that_year():
    period = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert [y for y in range(2023, 2028) if year_in_period(y, *period)] == [2025]
    assert period_years(*period) == "2025"
    assert period_years(dt.date(2025, 7, 1), dt.date(2027, 6, 30)) == "2025–2027"


dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))


@given(year=st.integers(1990, 2100), first=dates, second=dates)
def test_a_year_is_in_the_period_exactly_when_one_of_its_days_is(year, first, second):
    starts_on, ends_on = min(first, second), max(first, second)
    some_day_inside = dt.date(year, 1, 1) <= ends_on and starts_on <= dt.date(year, 12, 31)
    assert year_in_period(year, starts_on, ends_on) is some_day_inside


# Services --------------------------------------------------------------------------------------------

PROGRAMME = {
    "name": "Landesförderung",
    "funder": "Land",
    "amount_eur": Decimal("425000.00"),
    "starts_on": dt.date(2025, 1, 1),
    "ends_on": dt.date(2027, 12, 31),
    "funding_rate": Decimal("90.00"),
    "eligible_kinds": ["development", "introduction"],
}
OUTSIDE = (
    "Die Kosten fallen ins Jahr 2029, das Förderprogramm „Landesförderung“ läuft nur 2025–2027. Ein "
    "Förderprogramm zahlt nur Kosten aus seinem Zeitraum: bitte das Jahr prüfen oder kein Förderprogramm "
    "zuordnen."
)


@pytest.fixture
def programme(network, system):
    return services.programme_create(actor=system, network=network, **PROGRAMME)


@pytest.fixture
def solution(kaiserslautern, system):
    content = publiccode_yaml(name="Ratsinfo", url="https://git.example.org/kl/ratsinfo")
    return solution_import(actor=system, content=content, owner=kaiserslautern).solution


def _item(network, kaiserslautern, actor, programme, year, kind="development", title="Entwicklung"):
    return services.cost_item_create(
        actor=actor,
        network=network,
        title=title,
        kind=kind,
        amount_eur=Decimal("1000.00"),
        year=year,
        incurred_by=kaiserslautern,
        programme=programme,
    )


def test_a_cost_outside_the_period_is_not_linked_and_nothing_is_saved(
    network, kaiserslautern, programme, system
):
    for year in (2025, 2027):  # first and last year
        assert _item(network, kaiserslautern, system, programme, year).programme == programme
    with pytest.raises(DomainError) as error:
        _item(network, kaiserslautern, system, programme, 2029)
    assert error.value.status == 422
    assert [(e.field, e.message) for e in error.value.errors] == [("programme", OUTSIDE)]
    assert sorted(CostItem.objects.values_list("year", flat=True)) == [2025, 2027]
    assert _item(network, kaiserslautern, system, None, 2029).programme is None  # without programme: fine


def test_a_cost_is_not_moved_out_of_the_period_nor_linked_from_outside(
    network, kaiserslautern, programme, system
):
    item = _item(network, kaiserslautern, system, programme, 2026)
    values = {
        "title": "Entwicklung",
        "kind": "development",
        "amount_eur": Decimal("1000.00"),
        "incurred_by": kaiserslautern,
    }
    with pytest.raises(DomainError) as error:
        services.cost_item_update(actor=system, item=item, year=2029, programme=programme, **values)
    assert error.value.errors[0].field == "programme"
    late = _item(network, kaiserslautern, system, None, 2024)
    with pytest.raises(DomainError) as error:
        services.cost_item_update(actor=system, item=late, year=2024, programme=programme, **values)
    assert "fallen ins Jahr 2024" in error.value.errors[0].message
    assert sorted(CostItem.objects.values_list("year", "programme")) == [(2024, None), (2026, programme.pk)]
    assert not ChangeRecord.objects.filter(action="update").exists()


def _update(actor, programme, **changes):
    return services.programme_update(actor=actor, programme=programme, **{**PROGRAMME, **changes})


def test_a_new_period_may_not_leave_out_linked_costs(network, kaiserslautern, programme, coordinator, system):
    _item(network, kaiserslautern, system, programme, 2025, title="Konzept")
    _item(network, kaiserslautern, system, programme, 2027, title="Einführung", kind="introduction")
    actor = Actor.of(coordinator)
    with pytest.raises(DomainError) as error:
        _update(actor, programme, ends_on=dt.date(2026, 12, 31))
    assert [(e.field, e.message) for e in error.value.errors] == [
        (
            "ends_on",
            "1 zugeordnete Kostenposition fällt nicht in den neuen Zeitraum 2025–2026: „Einführung“ (2027). "
            "Ein Förderprogramm zahlt nur Kosten aus seinem Zeitraum: bitte die Kostenpositionen zuerst vom "
            "Programm lösen oder ihr Jahr korrigieren.",
        )
    ]
    with pytest.raises(DomainError) as error:
        _update(actor, programme, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31))
    assert error.value.errors[0].field == "starts_on"
    assert error.value.errors[0].message.startswith(
        "2 zugeordnete Kostenpositionen fallen nicht in den neuen Zeitraum 2026: „Konzept“ (2025), "
        "„Einführung“ (2027)."
    )
    programme.refresh_from_db()
    assert (programme.starts_on, programme.ends_on) == (dt.date(2025, 1, 1), dt.date(2027, 12, 31))
    # within the first and last year, or wider: fine
    _update(actor, programme, starts_on=dt.date(2025, 7, 1), ends_on=dt.date(2027, 3, 31))
    _update(actor, programme, starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2030, 12, 31))
    programme.refresh_from_db()
    assert programme.ends_on == dt.date(2030, 12, 31)


def test_costs_recorded_outside_before_the_rule_do_not_block_other_changes(
    network, kaiserslautern, programme, coordinator, system
):
    legacy = _item(network, kaiserslautern, system, None, 2023)
    CostItem.objects.filter(pk=legacy.pk).update(programme=programme)  # linked before the rule existed
    _update(Actor.of(coordinator), programme, name="Landesförderung Digitales")
    programme.refresh_from_db()
    assert programme.name == "Landesförderung Digitales"


def test_costs_of_a_kind_the_programme_does_not_fund_stay_linked_but_are_never_funded(
    network, kaiserslautern, programme, system, solution, client
):
    operation = services.cost_item_create(
        actor=system,
        network=network,
        solution=solution,
        title="Betrieb",
        kind="operation",
        amount_eur=Decimal("5000.00"),
        year=2026,
        incurred_by=kaiserslautern,
        programme=programme,
    )
    development = services.cost_item_create(
        actor=system,
        network=network,
        solution=solution,
        title="Entwicklung",
        kind="development",
        amount_eur=Decimal("20000.00"),
        year=2026,
        incurred_by=kaiserslautern,
        programme=programme,
    )
    assert (operation.programme_funds_kind, development.programme_funds_kind) == (False, True)
    report = selectors.funder_report(network=network, programme_id=programme.pk, user=None)
    assert [i.title for i in report.ineligible] == ["Betrieb"]
    assert report.budget.funded == Decimal("18000.00")
    (reach,) = report.solutions
    assert reach.costs == Decimal("20000.00")  # only the eligible costs of the solution
    page = client.get("/netzwerke/ikone-ds/kosten/").content.decode()
    assert page.count("Förderprogramm: Landesförderung (nicht förderfähige Kostenart)") == 1


# API and forms ---------------------------------------------------------------------------------------


def test_the_api_refuses_a_cost_outside_the_period_with_422_at_the_field(
    client, network, programme, coordinator
):
    auth = _auth(_token(coordinator))
    item = {
        "title": "Entwicklung",
        "kind": "development",
        "amount_eur": "1000.00",
        "year": 2029,
        "incurred_by": "07312000",
        "programme": programme.pk,
    }
    response = client.post(f"{BASE}/cost-items", item, content_type="application/json", **auth)
    assert response.status_code == 422
    assert response.json()["detail"] == "Die Kostenposition wurde nicht gespeichert."
    assert response.json()["errors"] == [{"field": "programme", "message": OUTSIDE}]
    assert not CostItem.objects.exists()
    created = client.post(
        f"{BASE}/cost-items", {**item, "year": 2027}, content_type="application/json", **auth
    )
    assert created.status_code == 201, created.content
    assert created.json()["programme_funds_kind"] is True
    item_url = f"{BASE}/cost-items/{created.json()['id']}"
    moved = client.put(item_url, {**item, "kind": "operation"}, content_type="application/json", **auth)
    assert moved.status_code == 422
    kept = client.put(
        item_url, {**item, "year": 2027, "kind": "operation"}, content_type="application/json", **auth
    )
    assert kept.json()["programme_funds_kind"] is False

    url = f"{BASE}/funding-programmes/{programme.pk}"
    narrowed = client.patch(url, {"ends_on": "2026-12-31"}, content_type="application/json", **auth)
    assert narrowed.status_code == 422
    assert narrowed.json()["errors"][0]["field"] == "ends_on"
    assert "„Entwicklung“ (2027)" in narrowed.json()["errors"][0]["message"]
    assert FundingProgramme.objects.get().ends_on == dt.date(2027, 12, 31)


def test_the_forms_show_the_period_error_at_the_field(client, network, programme, coordinator):
    client.force_login(coordinator)
    item = {
        "title": "Entwicklung",
        "kind": "development",
        "amount_eur": "1.000,00",
        "year": "2029",
        "incurred_by": "07312000",
        "programme": str(programme.pk),
    }
    page = client.post("/netzwerke/ikone-ds/kosten/positionen/neu/", item).content.decode()
    assert (
        "Die Kosten fallen ins Jahr 2029, das Förderprogramm „Landesförderung“ läuft nur 2025–2027." in page
    )
    assert not CostItem.objects.exists()
    assert (
        client.post("/netzwerke/ikone-ds/kosten/positionen/neu/", {**item, "year": "2027"}).status_code == 302
    )
    edit = f"/netzwerke/ikone-ds/kosten/foerderung/{programme.pk}/bearbeiten/"
    data = {
        "name": "Landesförderung",
        "funder": "Land",
        "amount_eur": "425.000,00",
        "funding_rate": "90",
        "starts_on": "01.01.2025",
        "ends_on": "31.12.2026",
        "eligible_kinds": ["development", "introduction"],
    }
    page = client.post(edit, data).content.decode()
    assert "1 zugeordnete Kostenposition fällt nicht in den neuen Zeitraum 2025–2026" in page
    assert FundingProgramme.objects.get().ends_on == dt.date(2027, 12, 31)
