"""Study streaks worked out by the database from the quarter hours a learner answered in."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, insert

from quizapp.extensions import db
from quizapp.models import Attempt, AttemptItem
from quizapp.study.streaks import study_streak

pytestmark = pytest.mark.both_engines  # day arithmetic and time zones are SQL of each engine

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def answer_at(user, bank, *moments: datetime) -> None:
    """Store one answer at each moment, in bulk."""
    attempt_ids = db.session.scalars(
        insert(Attempt).returning(Attempt.id, sort_by_parameter_order=True),
        [{"user_id": user.id, "bank_id": bank.id, "mode": "practice", "categories": [],
          "started_at": moment} for moment in moments],
    ).all()
    db.session.execute(insert(AttemptItem), [
        {"attempt_id": attempt_id, "question_id": bank.questions[0].id, "position": 1,
         "presentation": {}, "response": "x", "points_earned": 1.0, "points_possible": 1.0,
         "is_correct": True, "answered_at": moment}
        for attempt_id, moment in zip(attempt_ids, moments, strict=True)
    ])
    db.session.commit()


def answer_on(user, bank, *days_ago: float) -> None:
    answer_at(user, bank, *(NOW - timedelta(days=ago) for ago in days_ago))


@pytest.mark.parametrize(
    ("days_ago", "expected"),
    [
        pytest.param((), 0, id="never studied"),
        pytest.param((0,), 1, id="today only"),
        pytest.param((1,), 1, id="yesterday only"),
        pytest.param((2,), 0, id="last studied two days ago"),
        pytest.param((0, 1, 2), 3, id="three days ending today"),
        pytest.param((1, 2, 3, 4), 4, id="four days ending yesterday"),
        pytest.param((0, 1, 3, 4, 5), 2, id="gap stops the count"),
        pytest.param((0, 0.1, 0.2, 1, 1.1, 2), 3, id="several answers per day"),
        pytest.param((-1, 0, 1), 2, id="days after today are left out"),
        pytest.param((-1, 1, 2), 2, id="a run ending yesterday, with a day after today"),
        pytest.param(tuple(range(400)), 400, id="more than a year"),
    ],
)
def test_streak_counts_consecutive_days_up_to_today_or_yesterday(
    make_user, make_bank, days_ago, expected
):
    ada = make_user()
    bank = make_bank()
    if days_ago:
        answer_on(ada, bank, *days_ago)
    assert study_streak(ada.id, NOW) == expected


def test_streak_counts_only_the_learners_own_answers(make_user, make_bank):
    ada, bob = make_user(), make_user(username="bob")
    bank = make_bank()
    answer_on(bob, bank, 0, 1, 2)
    answer_on(ada, bank, 0)
    assert study_streak(ada.id, NOW) == 1


def test_streak_days_follow_daylight_saving_time(make_user, make_bank):
    ada = make_user()
    bank = make_bank()
    # New York moved from UTC-5 to UTC-4 on 8 March 2026: 04:30 UTC on the 8th was 23:30
    # on the 7th there, and 04:30 UTC on the 9th was 00:30 on the 9th, leaving the 8th out.
    answer_at(ada, bank, *(datetime(2026, 3, day, 4, 30, tzinfo=UTC) for day in (8, 9)))
    now = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
    assert study_streak(ada.id, now, "America/New_York") == 1
    assert study_streak(ada.id, now, "UTC") == 2


def test_a_streak_worked_out_once_is_reused_until_the_answers_change(
    make_user, make_bank, query_counter
):
    ada = make_user()
    bank = make_bank()
    answer_on(ada, bank, 1, 2)
    assert study_streak(ada.id, NOW) == 2
    with query_counter() as statements:
        assert study_streak(ada.id, NOW) == 2
    assert len(statements) == 1  # only the version of ada's quarters
    answer_on(ada, bank, 0)
    assert study_streak(ada.id, NOW) == 3
    db.session.execute(delete(Attempt).where(Attempt.started_at == NOW - timedelta(days=1)))
    db.session.commit()
    assert study_streak(ada.id, NOW) == 1
    assert study_streak(ada.id, NOW, "Asia/Tokyo") == 1
    assert study_streak(ada.id, NOW + timedelta(days=2)) == 0
