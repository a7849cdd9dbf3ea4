from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ikone.participation.computations import budget_result, ranking_result


def test_ranking_gives_three_two_one_points():
    results = ranking_result([1, 2, 3, 4], [[1, 2, 3], [2, 1], [2]], max_choices=3)
    assert [(r.item_id, r.points, r.votes) for r in results] == [(2, 8, 3), (1, 5, 2), (3, 1, 1), (4, 0, 0)]


def test_budget_funds_the_most_wanted_that_fit_and_skips_what_no_longer_fits():
    costs = {1: Decimal("60"), 2: Decimal("50"), 3: Decimal("30"), 4: Decimal("10")}
    results = budget_result(costs, [[1, 3], [1, 2], [2, 4], [1]], budget=Decimal("100"))
    assert [(r.item_id, r.votes, r.funded) for r in results] == [
        (1, 3, True),
        (2, 2, False),  # 60 + 50 > 100
        (4, 1, True),  # equal votes: the cheaper one first
        (3, 1, True),
    ]


ballots = st.lists(st.lists(st.integers(1, 6), max_size=6), max_size=30)


@given(ballots)
def test_ranking_points_add_up_to_the_points_on_the_ballots(votes):
    results = ranking_result(list(range(1, 7)), votes, max_choices=3)
    assert sum(r.points for r in results) == sum(
        3 - rank for ballot in votes for rank in range(len(ballot[:3]))
    )
    assert [r.points for r in results] == sorted((r.points for r in results), reverse=True)


@given(
    st.dictionaries(st.integers(1, 8), st.decimals(1, 1000, places=2), min_size=1),
    ballots,
    st.decimals(0, 3000, places=2),
)
def test_budget_never_spends_more_than_the_budget_and_funds_only_voted_items(costs, votes, budget):
    results = budget_result(costs, votes, budget=budget)
    assert sum(costs[r.item_id] for r in results if r.funded) <= budget
    assert all(r.votes > 0 for r in results if r.funded)
    assert {r.item_id for r in results} == set(costs)
    # nothing left out that would still fit after all funded items
    left = budget - sum(costs[r.item_id] for r in results if r.funded)
    assert all(costs[r.item_id] > left for r in results if r.votes > 0 and not r.funded)
