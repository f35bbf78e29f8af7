"""The pure item statistics of every stored answer, to check the SQL tallies against."""

import pytest

from quizapp.extensions import db
from quizapp.grading import format_response
from quizapp.models import Attempt, AttemptItem
from quizapp.points import share_earned
from quizapp.study.item_stats import Response, compute_item_statistics


def reference_statistics(bank):
    """Read every stored answer into the pure module, as the admin page once did."""
    questions = {question.id: question for question in bank.questions}
    items = db.session.scalars(
        db.select(AttemptItem).join(Attempt)
        .where(Attempt.finished_at.is_not(None), AttemptItem.answered_at.is_not(None))
        .order_by(AttemptItem.id)
    )
    responses = []
    for item in items:
        question = questions[item.question_id]
        responses.append(Response(
            attempt_id=item.attempt_id,
            question_key=question.key,
            fraction=share_earned(item.points_earned, item.points_possible, item.is_correct),
            seconds_taken=item.seconds_taken,
            answer_text=None if item.response is None or item.is_correct
            else format_response(question.type, question.data, item.response),
            is_correct=bool(item.is_correct),
        ))
    return compute_item_statistics(responses)


def assert_same_statistics(computed, expected):
    assert [row.question_key for row in computed] == [row.question_key for row in expected]
    for got, want in zip(computed, expected, strict=True):
        assert got.times_answered == want.times_answered
        assert got.facility == pytest.approx(want.facility)
        if want.discrimination is None:
            assert got.discrimination is None, got.question_key
        else:
            assert got.discrimination == pytest.approx(want.discrimination), got.question_key
        assert got.average_seconds == pytest.approx(want.average_seconds)
        assert got.common_wrong_answers == want.common_wrong_answers
        assert got.flags == want.flags
