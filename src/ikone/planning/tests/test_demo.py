import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ikone.planning.demo import demo_periods
from ikone.planning.instance import default_period


def test_demo_periods_are_the_current_half_year_and_the_three_after_it():
    assert demo_periods(dt.date(2026, 6, 30)) == ["2026-H1", "2026-H2", "2027-H1", "2027-H2"]
    assert demo_periods(dt.date(2026, 7, 1)) == ["2026-H2", "2027-H1", "2027-H2", "2028-H1"]
    assert demo_periods(dt.date(2026, 12, 31)) == ["2026-H2", "2027-H1", "2027-H2", "2028-H1"]


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2098, 12, 31)), st.integers(0, 366))
def test_the_planners_default_period_has_demo_capacities_for_a_year_after_loading(loaded, days_later):
    assert default_period(loaded + dt.timedelta(days=days_later)) in demo_periods(loaded)
