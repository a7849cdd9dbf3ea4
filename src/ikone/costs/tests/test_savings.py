import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from ikone.catalog.services import solution_import
from ikone.catalog.tests.factories import publiccode_yaml
from ikone.core.audit import Actor
from ikone.costs import selectors, services
from ikone.costs.computations.savings import AdoptionFacts, Assumptions, estimate
from ikone.costs.services import KeyInput
from ikone.costs.tests.conftest import participants
from ikone.reuse.services import AdoptionDetails, adoption_create

ASSUMPTIONS = Assumptions(build_alone_eur=Decimal("80000.00"), introduction_eur=Decimal("5000.00"))


def test_the_formula_uses_recorded_figures_before_assumptions():
    recorded = AdoptionFacts("a", "s", 2025, Decimal("50000.00"), Decimal("1000.00"), Decimal("2000.00"))
    assumed = AdoptionFacts("b", "s", 2024, None, Decimal("3000.00"), None)
    result = estimate([recorded, assumed], ASSUMPTIONS)
    first, second = result.savings
    assert (first.saving_eur, first.build_alone_assumed, first.introduction_assumed) == (
        Decimal("47000.00"),
        False,
        False,
    )
    assert (second.saving_eur, second.build_alone_assumed, second.introduction_assumed) == (
        Decimal("72000.00"),
        True,
        True,
    )
    assert result.total_eur == Decimal("119000.00")
    assert result.by_year() == {2024: Decimal("72000.00"), 2025: Decimal("47000.00")}


def test_a_saving_can_be_negative():
    costly = AdoptionFacts("a", "s", 2025, Decimal("10000.00"), Decimal("12000.00"), None)
    assert estimate([costly], ASSUMPTIONS).total_eur == Decimal("-7000.00")


@pytest.fixture
def shared_solution(network, kaiserslautern, andernach, speyer, system):
    solution = solution_import(
        actor=system,
        content=publiccode_yaml(name="Ratsinfo", url="https://git.example.org/kl/ratsinfo"),
        owner=kaiserslautern,
    ).solution
    for kind, amount, year in (("development", "60000.00", 2023), ("operation", "9000.00", 2025)):
        services.cost_item_create(
            actor=system,
            network=network,
            solution=solution,
            title=kind,
            kind=kind,
            amount_eur=Decimal(amount),
            year=year,
            incurred_by=kaiserslautern,
        )
    services.agreement_create(
        actor=system,
        network=network,
        solution=solution,
        title="Betrieb Ratsinfo",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 12, 31),
        participants=participants(kaiserslautern, andernach, speyer),
        key=KeyInput(kind="equal", agreed_on=dt.date(2025, 1, 1)),
    )
    adoption_create(
        actor=system,
        organization=andernach,
        solution=solution,
        state="production",
        details=AdoptionDetails(production_since=dt.date(2025, 3, 1)),
    )
    return solution


def test_the_network_estimate_from_adoptions_costs_and_agreements(
    network, shared_solution, client, coordinator
):
    view = selectors.savings_estimate(network=network, user=None)
    (saving,) = view.estimate.savings
    assert saving.facts.owner_one_off_eur == Decimal("60000.00")
    assert saving.facts.share_eur == Decimal("3000.00")
    assert saving.introduction_assumed
    assert saving.saving_eur == Decimal("52000.00")  # 60.000 − 3.000 − 5.000 (assumed)
    page = client.get("/netzwerke/ikone-ds/kosten/einsparungen/").content.decode()
    assert "52.000,00 €" in page
    assert "Einsparung = Kosten, die Lösung allein zu bauen" in page
    body = client.get("/api/v1/networks/ikone-ds/savings").json()
    assert body["total_eur"] == "52000.00"
    assert body["items"][0]["introduction_assumed"] is True


def test_the_coordination_edits_the_assumptions_with_german_numbers(
    network, shared_solution, client, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        "/netzwerke/ikone-ds/kosten/einsparungen/", {"build_alone_eur": "90.000,00", "introduction_eur": "-1"}
    )
    assert response.status_code == 200
    assert selectors.savings_assumptions(network=network).pk is None
    response = client.post(
        "/netzwerke/ikone-ds/kosten/einsparungen/",
        {"build_alone_eur": "90.000,00", "introduction_eur": "2.500,50"},
    )
    assert response.status_code == 302
    assert selectors.savings_assumptions(network=network).introduction_eur == Decimal("2500.50")
    assert selectors.savings_estimate(network=network, user=None).estimate.total_eur == Decimal("54499.50")


def test_the_funder_report_lists_costs_reuse_and_transferability(
    network, shared_solution, kaiserslautern, client, system
):
    programme = services.programme_create(
        actor=system,
        network=network,
        name="Landesförderung",
        funder="Land",
        amount_eur=Decimal("425000.00"),
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2025, 12, 31),
        funding_rate=Decimal("90"),
        eligible_kinds=["development"],
    )
    services.cost_item_create(
        actor=system,
        network=network,
        solution=shared_solution,
        title="Schulung",
        kind="support",
        amount_eur=Decimal("1000.00"),
        year=2024,
        incurred_by=kaiserslautern,
        programme=programme,
    )
    report = selectors.funder_report(network=network, programme_id=programme.pk, user=None)
    assert [i.title for i in report.ineligible] == ["Schulung"]
    (reach,) = report.solutions
    assert [str(o) for o in reach.adopters] == ["Andernach"]
    assert reach.transferability is not None
    response = client.get(f"/netzwerke/ikone-ds/kosten/foerderung/{programme.pk}/bericht.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Bericht an den Fördermittelgeber: Landesförderung" in text
    assert "nicht förderfähige Kostenart" in text
    assert "Andernach" in text
    assert (
        client.get(f"/netzwerke/ikone-ds/kosten/foerderung/{programme.pk + 1}/bericht.pdf").status_code == 404
    )


def test_the_treasurer_sees_what_is_due_what_is_drafted_and_what_reuse_saves(
    network, shared_solution, andernach, client
):
    view = selectors.treasurer_view(organization=andernach, user=None)
    assert (view.due, view.draft, view.saved) == (Decimal("0.00"), Decimal("3000.00"), Decimal("52000.00"))
    agreement = view.shares[0].agreement
    services.agreement_sign_off(actor=Actor.system("test"), agreement=agreement)
    assert selectors.treasurer_view(organization=andernach, user=None).due == Decimal("3000.00")
    page = client.get("/kommunen/07137003/kosten/").content.decode()
    assert "Kosten und Einsparungen: Andernach" in page
    assert "52.000,00 €" in page


def test_the_mayors_page_is_one_page(network, shared_solution, andernach, client):
    response = client.get("/kommunen/07137003/kosten/kurzfassung.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Kosten und Nutzen für Andernach" in text
    assert "52.000,00 €" in text


def test_an_estimate_per_ozg_leistung_comes_between_recorded_costs_and_the_assumption():
    owner = AdoptionFacts("a", "s", 2025, Decimal("50000.00"), Decimal("0.00"), None, Decimal("70000.00"))
    service = AdoptionFacts("b", "s", 2025, None, Decimal("0.00"), None, Decimal("70000.00"))
    general = AdoptionFacts("c", "s", 2025, None, Decimal("0.00"), None, None)
    first, second, third = estimate([owner, service, general], ASSUMPTIONS).savings
    assert [(s.build_alone_eur, s.build_alone_basis) for s in (first, second, third)] == [
        (Decimal("50000.00"), "owner"),
        (Decimal("70000.00"), "service"),
        (Decimal("80000.00"), "network"),
    ]
    assert (first.build_alone_assumed, second.build_alone_assumed, third.build_alone_assumed) == (
        False,
        True,
        True,
    )


@given(
    owner=st.one_of(st.none(), st.decimals(min_value=0, max_value=10**7, places=2)),
    service=st.one_of(st.none(), st.decimals(min_value=0, max_value=10**7, places=2)),
)
def test_recorded_costs_always_win_and_the_assumption_only_fills_what_nothing_else_gives(owner, service):
    facts = AdoptionFacts("a", "s", 2025, owner, Decimal("0.00"), None, service)
    (saving,) = estimate([facts], ASSUMPTIONS).savings
    expected = owner if owner is not None else service if service is not None else ASSUMPTIONS.build_alone_eur
    assert saving.build_alone_eur == expected


def test_estimates_per_ozg_leistung_feed_the_network_estimate_and_the_api(
    network, shared_solution, client, coordinator, system
):
    from ikone.core.testing.factories import ServiceFactory
    from ikone.costs.models import CostItem

    CostItem.objects.filter(solution=shared_solution, kind="development").delete()  # no recorded costs
    first, second = ServiceFactory(ozg_id=10440), ServiceFactory(ozg_id=10441)
    shared_solution.services.set([first, second])
    services.build_alone_estimate_set(
        actor=system, network=network, service=first, amount_eur=Decimal("40000.00")
    )
    services.build_alone_estimate_set(
        actor=system, network=network, service=second, amount_eur=Decimal("25000.00")
    )
    (saving,) = selectors.savings_estimate(network=network, user=None).estimate.savings
    assert (saving.build_alone_eur, saving.build_alone_basis) == (Decimal("65000.00"), "service")

    body = client.get("/api/v1/networks/ikone-ds/savings").json()
    assert body["items"][0]["build_alone_basis"] == "service"
    listed = client.get("/api/v1/networks/ikone-ds/savings/estimates").json()
    assert listed["count"] == 2
    assert [(i["ozg_id"], i["amount_eur"]) for i in listed["items"]] == [
        (10440, "40000.00"),
        (10441, "25000.00"),
    ]


def test_the_coordination_sets_and_removes_an_estimate_through_the_api(network, client, coordinator):
    from ikone.core.testing.factories import ServiceFactory

    ServiceFactory(ozg_id=10442)
    client.force_login(coordinator)
    url = "/api/v1/networks/ikone-ds/savings/estimates/10442"
    answer = client.put(url, {"amount_eur": "60000.00"}, content_type="application/json")
    assert answer.status_code == 200
    assert answer.json()["amount_eur"] == "60000.00"
    refused = client.put(url, {"amount_eur": "-1"}, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "amount_eur"
    assert (
        client.put(
            "/api/v1/networks/ikone-ds/savings/estimates/99999",
            {"amount_eur": "1.00"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert client.delete(url).status_code == 204
    assert client.delete(url).status_code == 404
    assert client.get("/api/v1/networks/ikone-ds/savings/estimates").json()["count"] == 0


def test_the_estimate_form_gives_german_errors_and_saves_nothing_on_bad_input(network, client, coordinator):
    from ikone.core.testing.factories import ServiceFactory
    from ikone.costs.models import BuildAloneEstimate

    ServiceFactory(ozg_id=10443)
    client.force_login(coordinator)
    url = "/netzwerke/ikone-ds/kosten/einsparungen/schaetzung/"
    bad = client.post(url, {"ozg_id": "10443", "amount_eur": "-5,00"})
    assert bad.status_code == 200
    assert (
        "Der Betrag darf nicht negativ sein." in bad.content.decode()
        or "größer oder gleich" in bad.content.decode()
    )
    unknown = client.post(url, {"ozg_id": "99998", "amount_eur": "5,00"})
    assert unknown.status_code == 200
    assert "99998" in unknown.content.decode()
    assert not BuildAloneEstimate.objects.exists()
    saved = client.post(url, {"ozg_id": "10443", "amount_eur": "60.000,00"})
    assert saved.status_code == 302
    assert BuildAloneEstimate.objects.get().amount_eur == Decimal("60000.00")
    page = client.get("/netzwerke/ikone-ds/kosten/einsparungen/").content.decode()
    assert "10443" in page
    assert client.post(url, {"ozg_id": "10443", "amount_eur": ""}).status_code == 302
    assert not BuildAloneEstimate.objects.exists()
