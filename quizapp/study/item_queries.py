"""Item statistics summed in the database: one pass over the answers, no object per answer.

`quizapp.study.item_stats` defines the statistics over a list of responses;
these queries compute the same figures with two aggregate queries per bank:
one row of sums per question, and one row per distinct wrong answer.
"""

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Text, case, cast, func, select
from sqlalchemy.orm import Session

from quizapp.grading import format_response
from quizapp.models import Attempt, AttemptItem, Question
from quizapp.points import share_expression
from quizapp.study.item_stats import (
    ItemStatistics,
    PairSums,
    WrongAnswer,
    flags_for,
    rank_wrong_answers,
)

# The database sums in whatever order its plan reads rows, so equal figures can
# differ in their last bits; rounding keeps them equal, and ties sort by key.
DECIMALS = 9


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), DECIMALS)


@dataclass(frozen=True)
class QuestionSums:
    """One question's aggregates over the answers in finished attempts."""

    times_answered: int
    facility: float
    average_seconds: float | None
    pairs: PairSums


def _answered_in_finished_attempts(bank_id: int, *columns):
    """Select columns over the answers given in the bank's finished attempts.

    An attempt only asks its own bank's questions, so the bank is read off the
    attempt: the scan then needs only `ix_attempt_item_attempt_id_scores`.
    """
    return (
        select(*columns)
        .select_from(AttemptItem)
        .join(Attempt, AttemptItem.attempt_id == Attempt.id)
        .where(
            Attempt.bank_id == bank_id,
            Attempt.finished_at.is_not(None),
            AttemptItem.answered_at.is_not(None),
        )
    )


def question_sums(session: Session, bank_id: int) -> dict[int, QuestionSums]:
    """Sum each answered question's scores against the rest of their attempts, in one query."""
    whole_attempt = {"partition_by": AttemptItem.attempt_id}
    share = share_expression(
        AttemptItem.points_earned, AttemptItem.points_possible, AttemptItem.is_correct
    )
    scored = _answered_in_finished_attempts(
        bank_id,
        AttemptItem.question_id,
        AttemptItem.seconds_taken,
        share.label("x"),
        func.sum(share).over(**whole_attempt).label("attempt_sum"),
        func.count().over(**whole_attempt).label("attempt_count"),
    ).subquery()
    # The rest of the attempt is the mean share of its other answers; alone, it has none.
    rest = case(
        (scored.c.attempt_count > 1,
         (scored.c.attempt_sum - scored.c.x) / (scored.c.attempt_count - 1)),
    )
    x_in_pair = case((scored.c.attempt_count > 1, scored.c.x))
    rows = session.execute(
        select(
            scored.c.question_id,
            func.count(),
            func.avg(scored.c.x),
            func.avg(scored.c.seconds_taken),
            func.count(rest),
            func.coalesce(func.sum(x_in_pair), 0.0),
            func.coalesce(func.sum(rest), 0.0),
            func.coalesce(func.sum(x_in_pair * x_in_pair), 0.0),
            func.coalesce(func.sum(rest * rest), 0.0),
            func.coalesce(func.sum(x_in_pair * rest), 0.0),
        ).group_by(scored.c.question_id)
    )
    return {
        question_id: QuestionSums(
            times_answered=count,
            facility=_rounded(facility),
            average_seconds=_rounded(seconds),
            pairs=PairSums(pairs, *map(float, sums)),
        )
        for question_id, count, facility, seconds, pairs, *sums in rows
    }


def wrong_answers(
    session: Session, bank_id: int, questions: Mapping[int, Question]
) -> dict[int, tuple[WrongAnswer, ...]]:
    """Rank each question's most common wrong answers from one row per distinct response.

    Responses are counted as stored, then formatted for people and folded together
    in Python, where the graders know how to describe them.
    """
    # JSON has no equality on PostgreSQL, so responses are grouped by their stored text.
    stored = cast(AttemptItem.response, Text)
    rows = session.execute(
        _answered_in_finished_attempts(
            bank_id, AttemptItem.question_id, stored, func.count(), func.min(AttemptItem.id)
        )
        .where(AttemptItem.is_correct.is_not(True), AttemptItem.response.is_not(None))
        .group_by(AttemptItem.question_id, stored)
        .order_by(AttemptItem.question_id, func.min(AttemptItem.id))
    )
    counted: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for question_id, raw, times, _ in rows:
        response = json.loads(raw)
        if response is None:
            continue
        question = questions[question_id]
        counted[question_id].append(
            (format_response(question.type, question.data, response), times)
        )
    return {question_id: rank_wrong_answers(texts) for question_id, texts in counted.items()}


def bank_item_statistics(
    session: Session, bank_id: int, questions: Mapping[int, Question]
) -> list[ItemStatistics]:
    """Compute each answered question's statistics, ordered by question key."""
    wrong = wrong_answers(session, bank_id, questions)
    rows = []
    for question_id, sums in question_sums(session, bank_id).items():
        discrimination = _rounded(sums.pairs.correlation())
        rows.append(ItemStatistics(
            question_key=questions[question_id].key,
            times_answered=sums.times_answered,
            facility=sums.facility,
            discrimination=discrimination,
            average_seconds=sums.average_seconds,
            common_wrong_answers=wrong.get(question_id, ()),
            flags=flags_for(sums.times_answered, sums.facility, discrimination),
        ))
    return sorted(rows, key=lambda row: row.question_key)
