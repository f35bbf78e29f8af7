"""Scheduling pinned with explicit datetimes: no real clock, no sleeping."""

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from quizapp.study.scheduling import Rating, mastery_of, rating_for, schedule_review
from quizapp.vocabulary import Mastery

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def review_run(ratings, start=T0):
    """Answer a new card with each rating in turn, each time exactly when it falls due."""
    state, reviewed_at, results = None, start, []
    for rating in ratings:
        result = schedule_review(state, rating, reviewed_at)
        results.append((reviewed_at, result))
        state, reviewed_at = result.card_state, result.due_at
    return results


def intervals(results):
    return [result.due_at - reviewed_at for reviewed_at, result in results]


@pytest.mark.parametrize(
    ("fraction", "is_correct", "seconds_taken", "expected"),
    [
        (0.0, False, 3, Rating.Again),
        (0.0, False, None, Rating.Again),
        (0.5, False, 3, Rating.Hard),
        (0.01, False, 40, Rating.Hard),
        (1.0, True, 10, Rating.Good),
        (1.0, True, 45, Rating.Good),
        (1.0, True, None, Rating.Good),
        (1.0, True, 9.9, Rating.Easy),
        (1.0, True, 0, Rating.Easy),
    ],
)
def test_rating_for_answer(fraction, is_correct, seconds_taken, expected):
    assert rating_for(fraction, is_correct, seconds_taken) == expected


def test_rating_for_respects_quick_threshold():
    assert rating_for(1.0, True, 15, quick_seconds=20) == Rating.Easy
    assert rating_for(1.0, True, 15, quick_seconds=5) == Rating.Good


@pytest.mark.parametrize(
    ("rating", "expected_interval"),
    [
        (Rating.Again, timedelta(minutes=1)),
        (Rating.Hard, timedelta(minutes=5, seconds=30)),
        (Rating.Good, timedelta(minutes=10)),
        (Rating.Easy, timedelta(days=8)),
    ],
)
def test_new_card_first_interval(rating, expected_interval):
    result = schedule_review(None, rating, T0)
    assert result.due_at - T0 == expected_interval
    assert result.rating == rating


def test_new_card_rated_good_is_due_later_than_again():
    good = schedule_review(None, Rating.Good, T0)
    again = schedule_review(None, Rating.Again, T0)
    assert good.due_at > again.due_at


def test_repeated_good_reviews_give_growing_intervals():
    gaps = intervals(review_run([Rating.Good] * 6))
    assert gaps == sorted(gaps)
    assert len(set(gaps)) == len(gaps)
    assert gaps[-1] > timedelta(days=30)


def test_again_after_several_goods_shortens_interval():
    results = review_run([Rating.Good] * 5 + [Rating.Again])
    *good_gaps, again_gap = intervals(results)
    assert again_gap < good_gaps[-1]
    assert again_gap <= timedelta(hours=1)
    assert mastery_of(results[-1][1].card_state) == Mastery.LEARNING


def test_same_answers_give_same_schedule():
    ratings = [Rating.Good, Rating.Hard, Rating.Good, Rating.Again, Rating.Easy]
    assert intervals(review_run(ratings)) == intervals(review_run(ratings))


def test_card_state_round_trips_through_json():
    first = schedule_review(None, Rating.Good, T0)
    stored = json.loads(json.dumps(first.card_state))
    assert stored == first.card_state
    later = first.due_at + timedelta(hours=2)
    from_stored = schedule_review(stored, Rating.Good, later)
    from_memory = schedule_review(first.card_state, Rating.Good, later)
    assert from_stored == from_memory


def test_due_at_is_aware_utc():
    for _reviewed_at, result in review_run([Rating.Good, Rating.Good, Rating.Again]):
        assert result.due_at.tzinfo == UTC
        assert result.due_at.utcoffset() == timedelta(0)


def test_review_time_in_other_zone_is_converted_to_utc():
    paris = timezone(timedelta(hours=1))
    local = schedule_review(None, Rating.Good, T0.astimezone(paris))
    assert local == schedule_review(None, Rating.Good, T0)
    assert local.due_at.tzinfo == UTC


def test_naive_review_time_is_refused():
    with pytest.raises(ValueError, match="naive"):
        schedule_review(None, Rating.Good, datetime(2024, 3, 1, 9, 0))


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ([], Mastery.NOT_SEEN),
        ([Rating.Good], Mastery.LEARNING),
        ([Rating.Good, Rating.Good], Mastery.KNOWN),
        ([Rating.Easy], Mastery.KNOWN),
    ],
)
def test_mastery_follows_fsrs_state(ratings, expected):
    results = review_run(ratings)
    card_state = results[-1][1].card_state if results else None
    assert mastery_of(card_state) == expected
