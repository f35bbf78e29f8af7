"""Score-over-time chart geometry, checked against hand-worked coordinates."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from quizapp.charts import HEIGHT, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_TOP, WIDTH, score_chart
from quizapp.templating import format_local_time, machine_time

DAY = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
LEFT, RIGHT = MARGIN_LEFT, WIDTH - 24
TOP, BOTTOM = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM


def test_empty_scores_give_an_empty_chart_with_percent_ticks():
    chart = score_chart([])
    assert chart.points == ()
    assert chart.polyline == ""
    assert chart.x_ticks == ()
    assert [tick.label for tick in chart.y_ticks] == ["0%", "25%", "50%", "75%", "100%"]
    assert (chart.lowest, chart.highest, chart.latest) == (None, None, None)


def test_scores_spread_over_time_from_left_to_right_edge():
    chart = score_chart([(DAY, 0), (DAY + timedelta(days=3), 50), (DAY + timedelta(days=4), 100)])
    assert [(point.x, point.y) for point in chart.points] == [
        (LEFT, BOTTOM), (LEFT + (RIGHT - LEFT) * 3 / 4, (TOP + BOTTOM) / 2), (RIGHT, TOP)
    ]
    assert chart.polyline == f"{LEFT},{BOTTOM} {LEFT + 396},{(TOP + BOTTOM) / 2:g} {RIGHT},{TOP}"


def test_scores_are_sorted_oldest_first_whatever_order_they_come_in():
    later = DAY + timedelta(hours=1)
    chart = score_chart([(later, 80), (DAY, 20)])
    assert [point.percent for point in chart.points] == [20, 80]
    assert (chart.lowest, chart.highest, chart.latest) == (20, 80, 80)


def test_scores_at_one_moment_share_the_middle_and_one_tick():
    chart = score_chart([(DAY, 40), (DAY, 60)])
    assert {point.x for point in chart.points} == {(LEFT + RIGHT) / 2}
    assert [(tick.position, tick.label) for tick in chart.x_ticks] == [
        ((LEFT + RIGHT) / 2, "1 Mar 2026 09:30:00")
    ]


@pytest.mark.parametrize(
    ("percent", "y"),
    [(-5, BOTTOM), (0, BOTTOM), (25, BOTTOM - (BOTTOM - TOP) / 4), (100, TOP), (130, TOP)],
)
def test_percent_maps_onto_the_y_axis_clamped_to_0_to_100(percent, y):
    (point,) = score_chart([(DAY, percent)]).points
    assert point.y == y


@pytest.mark.parametrize(
    ("span", "labels"),
    [
        (timedelta(seconds=40), ["1 Mar 2026 09:30:00", "1 Mar 2026 09:30:20",
                                 "1 Mar 2026 09:30:40"]),
        (timedelta(minutes=10), ["1 Mar 2026 09:30", "1 Mar 2026 09:35", "1 Mar 2026 09:40"]),
        (timedelta(hours=6), ["1 Mar 2026 09:30", "1 Mar 2026 12:30", "1 Mar 2026 15:30"]),
        (timedelta(days=2), ["1 Mar 2026", "2 Mar 2026", "3 Mar 2026"]),
        (timedelta(days=60), ["1 Mar 2026", "31 Mar 2026", "30 Apr 2026"]),
    ],
)
def test_time_ticks_show_as_much_of_the_time_as_the_span_needs(span, labels):
    chart = score_chart([(DAY, 10), (DAY + span, 90)])
    assert [tick.label for tick in chart.x_ticks] == labels
    assert [tick.position for tick in chart.x_ticks] == [LEFT, (LEFT + RIGHT) / 2, RIGHT]
    assert [tick.anchor for tick in chart.x_ticks] == ["start", "middle", "end"]


def test_each_point_is_named_in_words_with_its_utc_time_and_percent():
    (point,) = score_chart([(DAY, 66.6)]).points
    assert point.label == "1 Mar 2026 09:30 UTC: 67%"


def test_view_box_is_fixed_whatever_the_data():
    assert score_chart([]).view_box == score_chart([(DAY, 50)]).view_box == f"0 0 {WIDTH} {HEIGHT}"


def test_each_point_reads_its_time_as_the_history_table_writes_times():
    """The chart's data table shows its own texts; they must match the `local_time` filter."""
    zone = ZoneInfo("America/New_York")
    moments = [datetime(2026, month, 9, 23, 5, 59, tzinfo=UTC) for month in range(1, 13)]
    points = score_chart([(moment, 50) for moment in moments], zone).points
    assert [point.when for point in points] == [
        format_local_time(moment, "short", zone.key) for moment in moments
    ]
    assert [point.when_utc for point in points] == [machine_time(moment) for moment in moments]
    assert points[0].when == "9 Jan 2026, 18:05"
