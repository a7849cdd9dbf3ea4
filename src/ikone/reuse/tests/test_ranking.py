import datetime as dt
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from ikone.reuse.ranking import Candidate, Profile, Use, explain, rank, rank_by_popularity, score, size_class

TODAY = dt.date(2026, 11, 27)
TARGET = Profile(
    1, size=2, land_key="07", kreis_key="07312", networks=frozenset({9}), it_providers=frozenset({"kl"})
)

profiles = st.builds(
    Profile,
    organization_id=st.integers(2, 50),
    size=st.one_of(st.none(), st.integers(0, 4)),
    land_key=st.sampled_from(["07", "08", ""]),
    kreis_key=st.sampled_from(["07312", "07318", ""]),
    networks=st.frozensets(st.integers(8, 10), max_size=2),
    it_providers=st.frozensets(st.sampled_from(["kl", "kdz"]), max_size=1),
)
uses = st.builds(
    Use,
    adopter=profiles,
    production=st.booleans(),
    since=st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), TODAY)),
)
candidates = st.builds(
    Candidate,
    solution_id=st.integers(1, 1000),
    name=st.text(min_size=1, max_size=5),
    services=st.frozensets(st.integers(1, 6), min_size=1, max_size=3),
    uses=st.lists(uses, max_size=6).map(tuple),
    average_rating=st.one_of(st.none(), st.floats(1, 5)),
    report_count=st.integers(0, 5),
    last_activity=st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), TODAY)),
    transferability=st.one_of(st.none(), st.integers(0, 100)),
)


@given(candidates, uses)
def test_one_more_production_adopter_never_lowers_the_score(candidate, use):
    use = replace(use, production=True, since=None)
    gaps = frozenset(range(1, 7))
    before = score(TARGET, gaps, candidate, TODAY).score
    after = score(TARGET, gaps, replace(candidate, uses=(*candidate.uses, use)), TODAY).score
    assert after >= before


@given(candidates, profiles)
def test_a_more_similar_adopter_weighs_at_least_as_much(candidate, adopter):
    gaps = frozenset(range(1, 7))
    similar = replace(adopter, kreis_key=TARGET.kreis_key, land_key=TARGET.land_key, networks=TARGET.networks)
    with_other = score(TARGET, gaps, replace(candidate, uses=(Use(adopter, True),)), TODAY).score
    with_similar = score(TARGET, gaps, replace(candidate, uses=(Use(similar, True),)), TODAY).score
    assert with_similar >= with_other


@given(
    st.lists(candidates, max_size=12, unique_by=lambda c: c.solution_id),
    st.frozensets(st.integers(1, 6)),
    st.sets(st.integers(1, 1000)),
)
def test_ranking_only_returns_candidates_for_gaps_and_not_excluded_ones(pool, gaps, excluded):
    ranked = rank(TARGET, gaps, pool, TODAY, exclude=excluded)
    assert all(s.candidate.services & gaps and s.candidate.solution_id not in excluded for s in ranked)
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)
    assert len(ranked) == sum(1 for c in pool if c.services & gaps and c.solution_id not in excluded)
    assert [s.candidate.solution_id for s in ranked] == [
        s.candidate.solution_id for s in rank(TARGET, gaps, list(reversed(pool)), TODAY, exclude=excluded)
    ]


@given(candidates)
def test_uses_by_the_target_itself_do_not_count(candidate):
    gaps = frozenset(range(1, 7))
    own = Use(replace(TARGET), True)
    assert (
        score(TARGET, gaps, replace(candidate, uses=(*candidate.uses, own)), TODAY).score
        == score(TARGET, gaps, candidate, TODAY).score
    )


@given(candidates)
def test_unknown_transferability_is_left_out_not_guessed(candidate):
    gaps = frozenset(range(1, 7))
    unknown = score(TARGET, gaps, replace(candidate, transferability=None), TODAY)
    assert "transferability" not in unknown.signals
    assert score(TARGET, gaps, replace(candidate, transferability=0), TODAY).score == unknown.score


def test_explanation_names_similar_size_and_land_and_rating():
    adopters = [Profile(10 + n, size=2, land_key="07", kreis_key=f"0733{n}") for n in range(4)]
    candidate = Candidate(5, "Termine", frozenset({1}), tuple(Use(a, True) for a in adopters), 4.5, 3)
    sentence = explain(
        score(
            replace(TARGET, networks=frozenset(), it_providers=frozenset()), frozenset({1}), candidate, TODAY
        ),
        TARGET,
        land_name="Rheinland-Pfalz",
    )
    assert sentence == (
        "In Produktion bei 4 Kommunen ähnlicher Größe (20.000–100.000 Einwohner) in Rheinland-Pfalz; "
        "Bewertung 4,5; deckt eine Ihrer offenen OZG-Leistungen ab."
    )


def test_explanation_prefers_network_then_kreis():
    network_peer = Profile(3, networks=frozenset({9}))
    kreis_peer = Profile(4, kreis_key="07312")
    candidate = Candidate(5, "X", frozenset({1}), (Use(network_peer, True), Use(kreis_peer, True)))
    sentence = explain(score(TARGET, frozenset({1}), candidate, TODAY), TARGET, network_name="IKONE-DS")
    assert sentence.startswith("In Produktion bei 1 Organisation Ihres Netzwerks IKONE-DS")
    only_kreis = replace(candidate, uses=(Use(kreis_peer, True),))
    assert "im Kreis Kaiserslautern" in explain(
        score(TARGET, frozenset({1}), only_kreis, TODAY), TARGET, kreis_name="Kaiserslautern"
    )


def test_popularity_baseline_counts_production_adopters():
    a = Candidate(1, "A", frozenset({1}), (Use(Profile(2), True), Use(Profile(3), True)))
    b = Candidate(2, "B", frozenset({1}), (Use(Profile(4), True), Use(Profile(5), False)))
    assert [c.solution_id for c in rank_by_popularity({1}, [b, a], target_id=1)] == [1, 2]


def test_size_classes():
    assert [size_class(p) for p in (None, 100, 5000, 20000, 100000, 600000)] == [None, 0, 1, 2, 3, 4]


demands = st.dictionaries(st.integers(1, 6), st.integers(0, 200), max_size=6)


@given(candidates, demands, st.integers(1, 6), st.integers(1, 100))
def test_more_demand_never_lowers_the_score(candidate, demand, service, more):
    gaps = frozenset(range(1, 7))
    before = score(TARGET, gaps, candidate, TODAY, demand).score
    raised = {**demand, service: demand.get(service, 0) + more}
    assert score(TARGET, gaps, candidate, TODAY, raised).score >= before


@given(st.lists(candidates, min_size=1, max_size=6, unique_by=lambda c: c.solution_id), demands, st.data())
def test_more_demand_for_a_gap_never_lowers_the_rank_of_the_solution_covering_it(pool, demand, data):
    """All else equal: a gap (7) only one candidate covers gains demand; that candidate never falls."""
    index = data.draw(st.integers(0, len(pool) - 1))
    pool[index] = replace(pool[index], services=pool[index].services | {7})
    chosen = pool[index].solution_id
    gaps = frozenset(range(1, 8))

    def position(asking):
        return [s.candidate.solution_id for s in rank(TARGET, gaps, pool, TODAY, demand=asking)].index(chosen)

    raised = {**demand, 7: demand.get(7, 0) + data.draw(st.integers(1, 100))}
    assert position(raised) <= position(demand)


def test_demand_only_counts_for_gaps_the_solution_covers_and_raises_the_score():
    candidate = Candidate(5, "Termine", frozenset({1, 2}))
    gaps = frozenset({1})
    without = score(TARGET, gaps, candidate, TODAY)
    assert without.demand == 0
    assert without.signals["demand"] == 0
    elsewhere = score(TARGET, gaps, candidate, TODAY, {2: 9, 3: 7})  # 2 is no gap, 3 not covered
    assert elsewhere.demand == 0
    assert elsewhere.score == without.score
    asked = score(TARGET, gaps, candidate, TODAY, {1: 4})
    assert asked.demand == 4
    assert asked.score > without.score


def test_explanation_mentions_the_citizens_who_ask_for_the_gaps():
    candidate = Candidate(5, "Termine", frozenset({1}), (Use(Profile(3, networks=frozenset({9})), True),))
    sentence = explain(
        score(TARGET, frozenset({1}), candidate, TODAY, {1: 4}), TARGET, network_name="IKONE-DS"
    )
    assert sentence == (
        "In Produktion bei 1 Organisation Ihres Netzwerks IKONE-DS; deckt eine Ihrer offenen "
        "OZG-Leistungen ab, 4 Personen aus der Bürgerschaft wünschen sie."
    )
    one = explain(score(TARGET, frozenset({1}), candidate, TODAY, {1: 1}), TARGET)
    assert one.endswith(
        "deckt eine Ihrer offenen OZG-Leistungen ab, 1 Person aus der Bürgerschaft wünscht sie."
    )
    assert "Bürgerschaft" not in explain(score(TARGET, frozenset({1}), candidate, TODAY), TARGET)
