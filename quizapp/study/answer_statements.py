"""The statements behind an answer POST, built once per process.

Composing a SQLAlchemy statement costs more CPU than SQLite takes to run it, and
storing answers is the hottest write there is; these take every value as a bound
parameter, so each request reuses one statement and its compiled SQL.
"""

import functools
from datetime import datetime

from sqlalchemy import and_, bindparam, exists, func, or_, select, update

from quizapp.models import Attempt, AttemptItem


def takes_answers(attempt_id: int, now: datetime):
    """The SQL condition that the attempt is still open and its deadline not passed."""
    return and_(
        Attempt.id == attempt_id,
        Attempt.finished_at.is_(None),
        or_(Attempt.deadline_at.is_(None), Attempt.deadline_at >= now),
    )


@functools.cache
def lock_if_open(previous_only: bool):
    """Lock the attempt while it takes answers, reading when its latest answer came.

    With `previous_only` the time is that of the answer to the question before
    `b_position`; otherwise of the latest answer anywhere in the attempt.
    """
    latest = select(func.max(AttemptItem.answered_at)).where(AttemptItem.attempt_id == Attempt.id)
    if previous_only:
        latest = latest.where(AttemptItem.position == bindparam("b_position") - 1)
    return (
        select(Attempt.id, latest.scalar_subquery())
        .where(takes_answers(bindparam("b_attempt_id"), bindparam("b_now")))
        .with_for_update()
    )


@functools.cache
def store_graded(first_answer_only: bool):
    """Write a graded answer, but only while the attempt still takes answers.

    A first answer (practice) lands only on an unanswered item; otherwise (a test)
    it may replace an earlier one, which keeps the time taken of the first.
    """
    seconds = bindparam("b_seconds", type_=AttemptItem.seconds_taken.type)
    conditions = [AttemptItem.answered_at.is_(None)] if first_answer_only else []
    return (
        update(AttemptItem)
        .where(
            AttemptItem.id == bindparam("b_item_id"),
            exists().where(takes_answers(bindparam("b_attempt_id"), bindparam("b_now"))),
            *conditions,
        )
        .values(
            response=bindparam("b_response", type_=AttemptItem.response.type),
            points_earned=bindparam("b_points_earned", type_=AttemptItem.points_earned.type),
            is_correct=bindparam("b_is_correct", type_=AttemptItem.is_correct.type),
            answered_at=bindparam("b_answered_at", type_=AttemptItem.answered_at.type),
            seconds_taken=seconds if first_answer_only
            else func.coalesce(AttemptItem.seconds_taken, seconds),
        )
        .execution_options(synchronize_session=False)
    )
