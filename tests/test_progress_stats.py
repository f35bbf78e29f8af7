"""Learning statistics from plain values: accuracy, streaks and fact mastery."""

from datetime import date, timedelta

import pytest

from quizapp.study.mastery import (
    CategoryAccuracy,
    FactMasteries,
    category_accuracies,
    fact_mastery,
    streak,
)
from quizapp.vocabulary import Mastery

TODAY = date(2026, 3, 10)


def days_ago(*offsets: int) -> list[date]:
    return [TODAY - timedelta(days=offset) for offset in offsets]


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        pytest.param([], 0, id="never studied"),
        pytest.param(days_ago(0), 1, id="today only"),
        pytest.param(days_ago(1), 1, id="yesterday only"),
        pytest.param(days_ago(2), 0, id="last studied two days ago"),
        pytest.param(days_ago(0, 1, 2), 3, id="three days ending today"),
        pytest.param(days_ago(1, 2, 3, 4), 4, id="four days ending yesterday"),
        pytest.param(days_ago(0, 1, 3, 4, 5), 2, id="gap stops the count"),
        pytest.param(days_ago(0, 0, 0, 1, 1, 2), 3, id="several answers per day"),
        pytest.param(days_ago(-1, 0, 1), 2, id="days after today are ignored"),
        pytest.param(days_ago(*range(400)), 400, id="more than a year"),
    ],
)
def test_streak(days, expected):
    assert streak(days, TODAY) == expected


def test_streak_stops_reading_at_the_first_gap():
    read = []

    def newest_first():
        for day in days_ago(0, 1, 5, 6):
            read.append(day)
            yield day

    assert streak(newest_first(), TODAY) == 2
    assert read == days_ago(0, 1, 5)


@pytest.mark.parametrize(
    ("reviewed", "mastered", "expected"),
    [
        pytest.param(0, 0, Mastery.NOT_SEEN, id="no question has a card"),
        pytest.param(1, 0, Mastery.LEARNING, id="one card, not yet known"),
        pytest.param(1, 1, Mastery.KNOWN, id="one card, known and right"),
        pytest.param(3, 2, Mastery.LEARNING, id="one card of three still learning"),
        pytest.param(3, 3, Mastery.KNOWN, id="every card known and right"),
    ],
)
def test_fact_mastery(reviewed, mastered, expected):
    assert fact_mastery(reviewed, mastered) == expected


@pytest.mark.parametrize(("reviewed", "mastered"), [(1, 2), (0, -1)])
def test_fact_mastery_refuses_impossible_counts(reviewed, mastered):
    with pytest.raises(ValueError, match="mastered"):
        fact_mastery(reviewed, mastered)


def test_fact_masteries_treat_unlisted_facts_as_not_seen():
    masteries = FactMasteries({7: Mastery.KNOWN})
    assert masteries.of(7) == Mastery.KNOWN
    assert masteries.of(8) == Mastery.NOT_SEEN


@pytest.mark.parametrize(
    ("earned", "possible", "percent"),
    [(0, 4, 0), (3, 4, 75), (2, 3, 67), (4, 4, 100), (0.5, 8, 6), (0, 0, 0)],
)
def test_category_accuracy_percent(earned, possible, percent):
    assert CategoryAccuracy("date", earned, possible).percent == percent


def test_category_accuracies_follow_the_study_sheet_order_and_skip_empty_ones():
    totals = {"place": (1, 2), "unknown": (1, 1), "date": (3, 4), "figure": (0, 0)}
    assert category_accuracies(totals) == [
        CategoryAccuracy("date", 3.0, 4.0),
        CategoryAccuracy("place", 1.0, 2.0),
        CategoryAccuracy("unknown", 1.0, 1.0),
    ]
