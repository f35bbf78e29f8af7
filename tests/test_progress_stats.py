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


@pytest.mark.parametrize(
    ("newest", "length", "expected"),
    [
        pytest.param(0, 1, 1, id="today only"),
        pytest.param(1, 4, 4, id="a run ending yesterday still counts"),
        pytest.param(2, 3, 0, id="last studied two days ago"),
        pytest.param(0, 400, 400, id="more than a year"),
    ],
)
def test_streak_counts_the_latest_run_only_while_it_reaches_yesterday(newest, length, expected):
    assert streak(TODAY - timedelta(days=newest), length, TODAY) == expected


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
