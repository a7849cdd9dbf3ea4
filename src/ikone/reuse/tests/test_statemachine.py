import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ikone.reuse.choices import ACTIVE_ORDER, AdoptionState
from ikone.reuse.statemachine import (
    Dates,
    allowed_targets,
    can_transition,
    coverage_level,
    date_problems,
    dates_after,
)

STATES = st.sampled_from(list(AdoptionState.values))
DATES = st.one_of(st.none(), st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 1, 1)))
TODAY = dt.date(2026, 11, 27)


@given(STATES)
def test_no_state_transitions_to_itself(state):
    assert not can_transition(state, state)


@given(STATES)
def test_every_active_state_can_end_and_ended_only_restarts(state):
    if state == AdoptionState.ENDED:
        assert allowed_targets(state) == {AdoptionState.INTERESTED}
    else:
        assert AdoptionState.ENDED in allowed_targets(state)


@given(STATES, STATES)
def test_backwards_only_one_step(source, target):
    if source == AdoptionState.ENDED or target == AdoptionState.ENDED:
        return
    step = ACTIVE_ORDER.index(target) - ACTIVE_ORDER.index(source)
    assert can_transition(source, target) == (step >= 1 or step == -1)


@given(STATES, st.lists(STATES, max_size=8))
def test_any_walk_through_allowed_transitions_keeps_dates_consistent(start, wanted):
    """Following only allowed transitions from valid dates, the dates always fit the state."""
    state = start
    dates = dates_after(state, Dates(None, None, None), TODAY)
    for target in wanted:
        if not can_transition(state, target):
            continue
        dates = dates_after(target, dates, TODAY)
        state = target
        assert date_problems(state, dates) == {}


@given(DATES, DATES, DATES)
def test_production_always_has_a_date_and_never_an_end(started, since, ended):
    dates = dates_after(AdoptionState.PRODUCTION, Dates(started, since, ended), TODAY)
    assert dates.production_since is not None
    assert dates.ended_on is None
    if since is not None:
        assert dates.production_since == since


def test_date_problems_in_german():
    problems = date_problems(AdoptionState.PRODUCTION, Dates(dt.date(2025, 1, 1), dt.date(2024, 1, 1), None))
    assert "vor dem Beginn" in problems["production_since"]
    assert "Enddatum" in date_problems(AdoptionState.ENDED, Dates(None, None, None))["ended_on"]


@given(st.one_of(st.none(), st.integers(0, 4)))
def test_coverage_level_never_lowers_a_level_of_model_1_1(existing):
    level, model = coverage_level(existing, "1.1" if existing is not None else None)
    assert model == "1.1"
    assert level >= 3
    assert level >= (existing or 0)


def test_coverage_level_keeps_other_models():
    assert coverage_level(6, "2.0") == (6, "2.0")
    assert coverage_level(None, None) == (3, "1.1")
