import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ikone.claims.roadmap import CHART_WIDTH, LABEL_WIDTH, Item, layout

TODAY = dt.date(2026, 11, 27)


def _item(claim_id, member, start, end, overdue=False):
    return Item(claim_id, member, f"Leistung {claim_id}", "accepted", "angenommen", start, end, overdue)


def test_lanes_per_member_and_bars_in_time_order():
    chart = layout(
        [
            _item(1, "Speyer", dt.date(2026, 1, 10), dt.date(2026, 6, 30)),
            _item(2, "Worms", dt.date(2026, 3, 1), dt.date(2026, 4, 1), overdue=True),
            _item(3, "Speyer", dt.date(2026, 2, 1), dt.date(2026, 3, 15)),
        ],
        today=TODAY,
    )
    assert [lane.member for lane in chart.lanes] == ["Speyer", "Worms"]
    assert [bar.item.claim_id for bar in chart.lanes[0].bars] == [3, 1]
    first = chart.lanes[0].bars[1]
    assert first.x == round(
        LABEL_WIDTH + CHART_WIDTH * 9 / 334, 2
    )  # 10 January; axis 1 January to 1 December
    assert chart.ticks[0].label == "01/26"
    assert chart.today_x == round(LABEL_WIDTH + CHART_WIDTH * 330 / 334, 2)


def test_empty_roadmap():
    chart = layout([], today=TODAY)
    assert (chart.lanes, chart.ticks, chart.today_x) == ([], [], None)


dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))


@given(st.lists(st.tuples(st.sampled_from(["A", "B", "C"]), dates, dates), min_size=1, max_size=20))
def test_bars_stay_inside_the_chart_and_lanes_do_not_overlap(rows):
    items = [_item(i, member, start, end) for i, (member, start, end) in enumerate(rows)]
    chart = layout(items, today=TODAY)
    assert sum(len(lane.bars) for lane in chart.lanes) == len(items)
    for lane in chart.lanes:
        for bar in lane.bars:
            assert LABEL_WIDTH <= bar.x <= bar.x + bar.width <= LABEL_WIDTH + CHART_WIDTH + 3
            assert lane.y <= bar.y < lane.y + lane.height
    for upper, lower in zip(chart.lanes, chart.lanes[1:], strict=False):
        assert upper.y + upper.height <= lower.y
