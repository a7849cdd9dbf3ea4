"""What the recommendations keep between requests: the universe is loaded again only after a write
of its inputs; a coverage write recomputes only the organisation's part."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ikone.catalog.choices import Visibility
from ikone.catalog.models import Solution
from ikone.catalog.search import touch
from ikone.core.audit import Actor
from ikone.core.testing.factories import MembershipFactory
from ikone.coverage.services import StatusValues, service_status_set
from ikone.reuse import recommend, services
from ikone.reuse.models import Adoption
from ikone.reuse.recommend import load_universe, organization_recommendations, without
from ikone.transferability.models import TransferabilityScore
from ikone.transferability.services import score_refresh

from .conftest import SYSTEM, make_solution, user_of


@pytest.fixture
def loads(monkeypatch):
    """How often the universe was loaded."""
    calls = []
    original = recommend.load_universe

    def counting(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(recommend, "load_universe", counting)
    return calls


def _solutions(recommendations):
    return [r.solution for r in recommendations]


def _offer(org, service, level=3):
    service_status_set(actor=SYSTEM, organization=org, service=service, values=StatusValues(level=level))


def test_a_coverage_write_keeps_the_universe_but_closes_the_gap(scene, loads):
    assert _solutions(organization_recommendations(user=None, organization=scene.other)) == [scene.solution]
    _offer(scene.other, scene.services[0])
    still = organization_recommendations(user=None, organization=scene.other)
    assert _solutions(still) == [scene.solution]
    assert [s.pk for s in still[0].gap_services] == [scene.services[1].pk]
    _offer(scene.other, scene.services[1])
    assert organization_recommendations(user=None, organization=scene.other) == []
    assert len(loads) == 1


def test_a_coverage_write_of_another_organisation_changes_nothing_here(scene, loads):
    first = organization_recommendations(user=None, organization=scene.other)
    _offer(scene.adopter, scene.services[0])
    again = organization_recommendations(user=None, organization=scene.other)
    assert again == first
    assert len(loads) == 1


def test_a_coverage_write_keeps_the_shortlists_transferability(scene, monkeypatch):
    asked = []
    original = recommend.transferability_scores

    def counting(ids):
        asked.append(sorted(ids))
        return original(ids)

    monkeypatch.setattr(recommend, "transferability_scores", counting)
    organization_recommendations(user=None, organization=scene.other)
    _offer(scene.other, scene.services[0])
    organization_recommendations(user=None, organization=scene.other)
    organization_recommendations(user=None, organization=scene.owner, limit=3)
    assert asked == [[scene.solution.pk]]


def test_a_newly_stored_transferability_score_loads_the_universe_again(scene, loads):
    organization_recommendations(user=None, organization=scene.other)
    assert not TransferabilityScore.objects.exists()  # computed on the fly until stored
    score_refresh(actor=SYSTEM, solution_ids=[scene.solution.pk])
    organization_recommendations(user=None, organization=scene.other)
    assert len(loads) == 2


def test_an_adoption_loads_the_universe_again(scene, loads):
    first = organization_recommendations(user=None, organization=scene.other)
    assert first[0].production_adopters == 0
    services.adoption_create(
        actor=SYSTEM, organization=scene.adopter, solution=scene.solution, state="production"
    )
    assert organization_recommendations(user=None, organization=scene.other)[0].production_adopters == 1
    assert organization_recommendations(user=None, organization=scene.adopter) == []
    assert len(loads) == 2


def test_ending_an_adoption_loads_the_universe_again(scene, loads):
    adoption = services.adoption_create(
        actor=SYSTEM, organization=scene.adopter, solution=scene.solution, state="pilot"
    )
    assert organization_recommendations(user=None, organization=scene.adopter) == []
    services.adoption_transition(
        actor=Actor.of(scene.adopter_editor), adoption=adoption, state="ended", reason="zu teuer"
    )
    assert _solutions(organization_recommendations(user=None, organization=scene.adopter)) == [scene.solution]
    assert len(loads) == 2


def test_a_new_solution_and_its_services_load_the_universe_again(scene, loads):
    organization_recommendations(user=None, organization=scene.other)
    rival = make_solution(
        scene.owner, scene.services[2:3], name="Wohngeld", url="https://git.example.org/speyer/wohngeld"
    )
    assert rival in _solutions(organization_recommendations(user=None, organization=scene.other))
    rival.services.clear()  # a link change alone (no save of the solution)
    assert rival not in _solutions(organization_recommendations(user=None, organization=scene.other))
    assert len(loads) == 3


def test_a_new_catalog_version_loads_the_universe_again(scene, loads):
    """Bulk imports write no signals but rebuild the search index."""
    organization_recommendations(user=None, organization=scene.other)
    touch()
    organization_recommendations(user=None, organization=scene.other)
    assert len(loads) == 2


def test_synthetic_adoptions_load_the_universe_again(scene, loads):
    organization_recommendations(user=None, organization=scene.other)
    services.adoptions_synthetic_generate(actor=SYSTEM, seed=1, adopter_share=1.0)
    organization_recommendations(user=None, organization=scene.other)
    assert len(loads) == 2


def test_people_who_see_different_solutions_share_one_universe(scene, loads):
    draft = make_solution(
        scene.owner, scene.services[2:3], name="Entwurf", url="https://git.example.org/speyer/entwurf"
    )
    Solution.objects.filter(pk=draft.pk).update(visibility=Visibility.DRAFT)
    assert draft in _solutions(
        organization_recommendations(
            user=user_of(scene.owner, email="leser@speyer.de"), organization=scene.other
        )
    )
    assert draft not in _solutions(organization_recommendations(user=None, organization=scene.other))
    assert draft not in _solutions(
        organization_recommendations(user=scene.other_editor, organization=scene.other)
    )
    assert len(loads) == 1


def _comparable(universe):
    return (
        universe.profiles,
        universe.candidates,
        sorted(universe.adoptions),
        universe.all_services,
        dict(universe.catalog_services),
        dict(universe.adoption_services),
    )


def test_the_universe_without_hidden_solutions_is_the_one_loaded_without_them(scene):
    """Every subset of solutions hidden: the same as loading only the others, including the IT
    service providers that only a hidden solution's adoption tells."""
    second = make_solution(
        scene.owner, scene.services[1:4], name="Zwei", url="https://git.example.org/s/zwei"
    )
    third = make_solution(
        scene.adopter, scene.services[3:5], name="Drei", url="https://git.example.org/k/drei"
    )
    fourth = make_solution(scene.other, [], name="Vier", url="https://git.example.org/t/vier")
    peer = MembershipFactory(network=scene.network).organization
    for org, solution, provider in [
        (scene.adopter, scene.solution, "KommWis"),
        (scene.other, scene.solution, "ekom21"),
        (scene.other, second, "ekom21 "),
        (peer, third, "Dataport"),
        (scene.owner, third, ""),
        (peer, fourth, "KommWis"),
    ]:
        adoption = services.adoption_create(
            actor=SYSTEM, organization=org, solution=solution, state="production"
        )
        services.adoption_update(
            actor=SYSTEM, adoption=adoption, details=services.AdoptionDetails(it_provider=provider)
        )
    ids = [scene.solution.pk, second.pk, third.pk, fourth.pk]
    everything = load_universe(visible=Solution.objects.all(), with_transferability=False)
    for size in range(len(ids) + 1):
        for hidden in itertools.combinations(ids, size):
            expected = load_universe(
                visible=Solution.objects.exclude(pk__in=hidden), with_transferability=False
            )
            assert _comparable(without(everything, hidden)) == _comparable(expected), hidden


WRITES = st.lists(
    st.tuples(
        st.sampled_from(["offer", "adopt", "end"]), st.integers(0, 2), st.integers(0, 5), st.integers(0, 4)
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writes=WRITES)
def test_kept_recommendations_are_always_those_computed_afresh(scene, writes):
    """Any mix of coverage and adoption writes: what a request gets from the kept universe equals
    what it gets with nothing kept."""
    orgs = [scene.owner, scene.adopter, scene.other]
    url = "https://git.example.org/k/extra"  # the examples share the scene
    extra = Solution.objects.filter(url=url).first() or make_solution(
        scene.adopter, scene.services[2:5], name="Extra", url=url
    )
    solutions = [scene.solution, extra]
    for kind, org_index, service_index, level in writes:
        org = orgs[org_index]
        organization_recommendations(user=None, organization=scene.other)  # keep a universe
        if kind == "offer":
            _offer(org, scene.services[service_index], level)
        else:
            solution = solutions[service_index % 2]
            adoption = Adoption.objects.filter(organization=org, solution=solution).first()
            if kind == "adopt" and adoption is None and solution.owner_id != org.pk:
                services.adoption_create(
                    actor=SYSTEM, organization=org, solution=solution, state="production"
                )
            elif kind == "end" and adoption is not None and adoption.state != "ended":
                services.adoption_transition(actor=SYSTEM, adoption=adoption, state="ended", reason="Test")
        for target in orgs:
            kept = organization_recommendations(user=None, organization=target)
            recommend.forget()
            assert organization_recommendations(user=None, organization=target) == kept
