"""Item statistics in the database: what finished attempts add to the tallies, and reading them.

`quizapp.study.item_stats` defines the statistics over a list of responses.
`answer_sums` and `wrong_answer_counts` sum a set of finished attempts' answers
per question in SQL: the amounts `quizapp.study.item_tallies` adds to (or takes
from) the running tallies; `bank_item_statistics` reads the tallies back, one
row per question and one per distinct wrong answer, however many answers there are.
"""

import json
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy import Integer, Select, Text, bindparam, case, cast, func, select, true
from sqlalchemy.orm import Session

from quizapp.grading import format_response
from quizapp.models import Attempt, AttemptItem, ItemTally, Question, WrongAnswerTally
from quizapp.points import share_expression
from quizapp.study.item_stats import (
    ItemStatistics,
    PairSums,
    WrongAnswer,
    flags_for,
    rank_wrong_answers,
)

# The sums are added up in whatever order answers arrive, so equal figures can
# differ in their last bits; rounding keeps them equal, and ties sort by key.
DECIMALS = 9
# The stored response as text: JSON has no equality on PostgreSQL.
STORED_RESPONSE = cast(AttemptItem.response, Text)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), DECIMALS)


@dataclass(frozen=True)
class WrongAnswerCount:
    """How often some finished attempts gave one stored wrong response, and its first answer."""

    question_id: int
    response: str
    times: int
    first_item_id: int


def _answered_in_finished(*columns):
    """Select columns over the answers given in those attempts (`attempt_ids`) that are finished."""
    return (
        select(*columns)
        .select_from(AttemptItem)
        .join(Attempt, AttemptItem.attempt_id == Attempt.id)
        .where(
            Attempt.id.in_(bindparam("attempt_ids", expanding=True)),
            Attempt.finished_at.is_not(None),
            AttemptItem.answered_at.is_not(None),
        )
    )


def answer_sums() -> Select:
    """Select each question's sums over the finished attempts, named as `ItemTally`'s columns.

    Each answer's share is paired with the mean share of the rest of its attempt.
    Takes the parameters `attempt_ids` and `sign` (-1 gives the amounts to take
    away), so that one statement serves every call.
    """
    whole_attempt = {"partition_by": AttemptItem.attempt_id}
    share = share_expression(
        AttemptItem.points_earned, AttemptItem.points_possible, AttemptItem.is_correct
    )
    scored = _answered_in_finished(
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
    sums = {
        "times_answered": func.count(),
        "share_sum": func.sum(scored.c.x),
        "timed_count": func.count(scored.c.seconds_taken),
        "seconds_sum": func.coalesce(func.sum(scored.c.seconds_taken), 0.0),
        "pair_count": func.count(rest),
        "sum_x": func.coalesce(func.sum(x_in_pair), 0.0),
        "sum_y": func.coalesce(func.sum(rest), 0.0),
        "sum_xx": func.coalesce(func.sum(x_in_pair * x_in_pair), 0.0),
        "sum_yy": func.coalesce(func.sum(rest * rest), 0.0),
        "sum_xy": func.coalesce(func.sum(x_in_pair * rest), 0.0),
    }
    return (
        select(scored.c.question_id, *(
            (bindparam("sign", type_=Integer) * total).label(name)
            for name, total in sums.items()
        ))
        # SQLite needs a WHERE clause to read INSERT ... SELECT ... ON CONFLICT unambiguously.
        .where(true())
        .group_by(scored.c.question_id)
        .order_by(scored.c.question_id)
    )


def wrong_answer_counts(session: Session, attempt_ids: Collection[int]) -> list[WrongAnswerCount]:
    """Count each question's stored wrong responses in these finished attempts; blanks left out."""
    rows = session.execute(
        _answered_in_finished(
            AttemptItem.question_id, STORED_RESPONSE, func.count(), func.min(AttemptItem.id)
        )
        .where(AttemptItem.is_correct.is_not(True), AttemptItem.response.is_not(None))
        .group_by(AttemptItem.question_id, STORED_RESPONSE)
        .order_by(AttemptItem.question_id, STORED_RESPONSE),
        {"attempt_ids": list(attempt_ids)},
    )
    return [
        WrongAnswerCount(question_id, stored, times, first_item_id)
        for question_id, stored, times, first_item_id in rows
        if json.loads(stored) is not None
    ]


def bank_item_statistics(
    session: Session, bank_id: int, questions: Mapping[int, Question]
) -> list[ItemStatistics]:
    """Give each answered question's statistics from its tallies, ordered by question key."""
    wrong = _ranked_wrong_answers(session, bank_id, questions)
    rows = []
    for tally in session.scalars(
        select(ItemTally).join(Question, Question.id == ItemTally.question_id)
        .where(Question.bank_id == bank_id, ItemTally.times_answered > 0)
    ):
        facility = _rounded(tally.share_sum / tally.times_answered)
        pairs = PairSums(tally.pair_count, tally.sum_x, tally.sum_y, tally.sum_xx,
                         tally.sum_yy, tally.sum_xy)
        discrimination = _rounded(pairs.correlation())
        rows.append(ItemStatistics(
            question_key=questions[tally.question_id].key,
            times_answered=tally.times_answered,
            facility=facility,
            discrimination=discrimination,
            average_seconds=_rounded(tally.seconds_sum / tally.timed_count)
            if tally.timed_count > 0 else None,
            common_wrong_answers=wrong.get(tally.question_id, ()),
            flags=flags_for(tally.times_answered, facility, discrimination),
        ))
    return sorted(rows, key=lambda row: row.question_key)


def _ranked_wrong_answers(
    session: Session, bank_id: int, questions: Mapping[int, Question]
) -> dict[int, tuple[WrongAnswer, ...]]:
    """Rank each question's most common wrong answers from its tallies, one row per response.

    Responses are counted as stored, then formatted for people and folded together
    in Python, where the graders know how to describe them.
    """
    rows = session.execute(
        select(WrongAnswerTally.question_id, WrongAnswerTally.response, WrongAnswerTally.times)
        .join(Question, Question.id == WrongAnswerTally.question_id)
        .where(Question.bank_id == bank_id, WrongAnswerTally.times > 0)
        .order_by(WrongAnswerTally.question_id, WrongAnswerTally.first_item_id)
    )
    counted: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for question_id, stored, times in rows:
        question = questions[question_id]
        counted[question_id].append(
            (format_response(question.type, question.data, json.loads(stored)), times)
        )
    return {question_id: rank_wrong_answers(texts) for question_id, texts in counted.items()}
