"""Order of the gap analysis: citizens' demand first (pure, no database)."""

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from ikone.coverage.selectors import Gap, gap_order
from ikone.ozg.models import Service

gaps = st.lists(
    st.builds(
        lambda ozg_id, demand, municipalities: Gap(
            service=Service(ozg_id=ozg_id, name=f"Leistung {ozg_id}"),
            own_level=None,
            own_model=None,
            municipalities=municipalities,
            demand=demand,
        ),
        st.integers(1, 10_000),
        st.integers(0, 50),
        st.integers(0, 100),
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda g: g.service.ozg_id,
)


@given(gaps, st.data())
def test_more_demand_never_lowers_a_gaps_rank(items, data):
    index = data.draw(st.integers(0, len(items) - 1))
    chosen = items[index].service.ozg_id
    raised = [*items]
    raised[index] = replace(items[index], demand=items[index].demand + data.draw(st.integers(1, 20)))

    def position(rows):
        return [g.service.ozg_id for g in sorted(rows, key=gap_order)].index(chosen)

    assert position(raised) <= position(items)


def test_demand_comes_before_offers_of_network_members():
    asked = Gap(service=Service(ozg_id=2), own_level=None, own_model=None, demand=1)
    offered = Gap(service=Service(ozg_id=1), own_level=None, own_model=None, municipalities=500)
    assert sorted([offered, asked], key=gap_order) == [asked, offered]
