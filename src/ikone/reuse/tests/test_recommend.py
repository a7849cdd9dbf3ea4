import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ikone.accounts.policy import PermissionDenied
from ikone.core.audit import Actor
from ikone.core.testing.factories import MembershipFactory, MunicipalityFactory
from ikone.coverage import cache as coverage_cache
from ikone.reuse import services
from ikone.reuse.models import Adoption, ExperienceReport
from ikone.reuse.recommend import evaluate, organization_recommendations
from ikone.reuse.synthetic import Town, plan

from .conftest import SYSTEM, make_solution


def test_leave_one_out_finds_the_solution_used_by_the_neighbours(scene):
    rival = make_solution(
        scene.other, scene.services[:2], name="Wohngeld", url="https://git.example.org/trier/wohngeld"
    )
    peers = [MunicipalityFactory(ags=f"07312{n:03d}", population=100000) for n in range(1, 4)]
    for town in peers:
        MembershipFactory(network=scene.network, organization=town)
    for town in [scene.adopter, *peers]:
        services.adoption_create(actor=SYSTEM, organization=town, solution=scene.solution, state="production")
    result = evaluate()
    assert result.cases == 4
    assert result.hit_rate_at_5 == 1.0
    assert rival.pk not in {a.solution_id for a in Adoption.objects.all()}


def test_recommendations_exclude_what_the_organisation_already_uses(scene):
    services.adoption_create(actor=SYSTEM, organization=scene.adopter, solution=scene.solution, state="pilot")
    assert organization_recommendations(user=None, organization=scene.adopter) == []
    assert [r.solution for r in organization_recommendations(user=None, organization=scene.other)] == [
        scene.solution
    ]


def test_the_command_prints_the_evaluation_as_json(scene, capsys):
    services.adoption_create(
        actor=SYSTEM, organization=scene.adopter, solution=scene.solution, state="production"
    )
    call_command("recommend", "--evaluate", "--json")
    assert (
        capsys.readouterr().out.strip() == '{"cases": 1, "hit_rate_at_5": 1.0, "baseline_hit_rate_at_5": 1.0}'
    )


def test_synthetic_plan_is_deterministic_and_regional():
    towns = [Town(n, "07" if n < 60 else "08", f"0{7 if n < 60 else 8}{n // 20:03d}") for n in range(120)]
    today = dt.date(2026, 11, 27)
    first = plan(towns, list(range(1000, 1040)), seed=3, adopter_share=0.5, today=today)
    assert first == plan(towns, list(range(1000, 1040)), seed=3, adopter_share=0.5, today=today)
    assert first != plan(towns, list(range(1000, 1040)), seed=4, adopter_share=0.5, today=today)
    assert all(p.production_since is None or p.started_on <= p.production_since <= today for p in first)
    assert {p.state for p in first} <= {"production", "pilot", "evaluating", "ended"}


def test_synthetic_generator_replaces_its_rows(scene):
    first = services.adoptions_synthetic_generate(actor=SYSTEM, seed=1, adopter_share=1.0)
    again = services.adoptions_synthetic_generate(actor=SYSTEM, seed=1, adopter_share=1.0)
    assert first.adoptions == again.adoptions == Adoption.objects.filter(origin="synthetic").count() > 0
    assert ExperienceReport.objects.filter(origin="synthetic").count() == again.reports


def test_synthetic_generator_keeps_recorded_adoptions(scene):
    recorded = services.adoption_create(
        actor=SYSTEM, organization=scene.other, solution=scene.solution, state="evaluating"
    )
    result = services.adoptions_synthetic_generate(actor=SYSTEM, seed=1, adopter_share=1.0)
    assert result.adoptions == Adoption.objects.filter(origin="synthetic").count() > 0
    assert Adoption.objects.get(organization=scene.other, solution=scene.solution) == recorded


def test_only_platform_admins_generate_synthetic_data(scene):
    with pytest.raises(PermissionDenied):
        services.adoptions_synthetic_generate(actor=Actor.of(scene.adopter_editor))


def test_transferability_reorders_the_shortlist(scene, monkeypatch):
    from ikone.reuse import recommend

    twin = make_solution(
        scene.adopter, scene.services[:2], name="Zweite", url="https://git.example.org/kl/zwei"
    )
    assert (
        next(r.solution for r in organization_recommendations(user=None, organization=scene.other))
        == scene.solution
    )
    monkeypatch.setattr(recommend, "transferability_scores", lambda ids: {twin.pk: 100, scene.solution.pk: 0})
    recommend.forget()  # the scores changed behind the data stamp's back
    assert next(r.solution for r in organization_recommendations(user=None, organization=scene.other)) == twin


def test_recommendations_are_kept_until_the_data_changes(scene, django_assert_num_queries):
    services.adoption_create(actor=SYSTEM, organization=scene.adopter, solution=scene.solution, state="pilot")
    first = organization_recommendations(user=None, organization=scene.other)
    assert [r.solution for r in first] == [scene.solution]
    with django_assert_num_queries(2):  # the data stamp and the ranking stamp only
        assert organization_recommendations(user=None, organization=scene.other) is first
    coverage_cache.bump()
    with CaptureQueriesContext(connection) as queries:
        again = organization_recommendations(user=None, organization=scene.other)
    assert again is not first
    assert again == first
    assert len(queries) > 1


def test_citizens_demand_raises_a_recommendation_and_is_named(scene):
    from ikone.participation.services import proposal_create, support_add
    from ikone.participation.tests.factories import citizen

    rival = make_solution(
        scene.owner, scene.services[2:3], name="Wohngeld", url="https://git.example.org/speyer/wohngeld"
    )
    before = organization_recommendations(user=None, organization=scene.other)
    assert [r.solution for r in before] == [scene.solution, rival]  # a tie, by name
    assert all("Bürgerschaft" not in r.explanation for r in before)
    proposal = proposal_create(
        actor=Actor.of(citizen("Anna")),
        organization=scene.other,
        title="Wohngeld online",
        text="Bitte online beantragen können.",
        service=scene.services[2],
    )
    support_add(actor=Actor.of(citizen("Ben")), proposal=proposal)
    after = organization_recommendations(user=None, organization=scene.other)  # no forget(): the stamp moved
    assert [r.solution for r in after] == [rival, scene.solution]
    assert after[0].explanation == (
        "Noch nirgends in Produktion; deckt eine Ihrer offenen OZG-Leistungen ab, "
        "2 Personen aus der Bürgerschaft wünschen sie."
    )
    assert "Bürgerschaft" not in after[1].explanation
