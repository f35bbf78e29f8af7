"""Keep each question's item statistics as running tallies, so the admin page reads no answers.

A finished attempt adds its answers once (`count_finished_attempts`, called
by `finish_attempt`); unfinished attempts never count, so abandoning one changes
nothing. Whatever changes or deletes finished attempts' answers afterwards (a
re-grade, deleting a learner) does it inside `recounting`, which withdraws those
attempts' share first and counts what is left of them after.

Every change to the tallies happens under the row lock of the attempts it
counts, the lock `finish_attempt` takes, so a finish racing a re-grade or a
delete is counted exactly once. Tally rows are written with INSERT ... ON
CONFLICT DO UPDATE in question order, so concurrent finishes neither lose an
addition nor deadlock. Nothing here commits.
"""

import hashlib
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from functools import cache

from sqlalchemy import Select, case, delete, exists, func, select, text

from quizapp.extensions import db
from quizapp.models import Attempt, AttemptItem, ItemTally, WrongAnswerTally
from quizapp.study.item_queries import (
    STORED_RESPONSE,
    answer_sums,
    wrong_answer_counts,
)
from quizapp.study.reviews import dialect_insert

# Attempts counted per statement, well under PostgreSQL's limit on bound parameters.
ATTEMPTS_PER_STATEMENT = 5000
_SUMMED = ("times_answered", "share_sum", "timed_count", "seconds_sum", "pair_count",
           "sum_x", "sum_y", "sum_xx", "sum_yy", "sum_xy")


def count_finished_attempts(attempt_ids: Sequence[int]) -> None:
    """Add the answers of these attempts, those of them that are finished, to the tallies.

    The caller holds the attempts' row locks and has not counted them before.
    """
    for chunk in _chunks(attempt_ids):
        _add(chunk, sign=1)


@contextmanager
def recounting(attempts: Select) -> Iterator[None]:
    """Keep the tallies right while the block changes or deletes these attempts' answers.

    `attempts` selects attempt ids. They are locked, withdrawn from the tallies,
    and whatever is left of them when the block ends is counted again.
    """
    attempt_ids = db.session.scalars(
        select(Attempt.id).where(Attempt.id.in_(attempts)).order_by(Attempt.id).with_for_update()
    ).all()
    touched: set[int] = set()
    for chunk in _chunks(attempt_ids):
        touched |= _add(chunk, sign=-1)
    yield
    db.session.flush()
    count_finished_attempts(attempt_ids)
    _tidy(touched)


def recount_item_tallies() -> None:
    """Replace every question's tallies with a count of every finished attempt's answers.

    For repairs after answers were changed outside the app. The tallies are emptied
    first: on SQLite that takes the write lock, and on PostgreSQL the tables are locked
    against other writers, so a finish cannot land between the emptying and the count.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text(
            "LOCK TABLE item_tally, wrong_answer_tally IN SHARE ROW EXCLUSIVE MODE"
        ))
    db.session.execute(delete(WrongAnswerTally))
    db.session.execute(delete(ItemTally))
    finished = db.session.scalars(
        select(Attempt.id).where(Attempt.finished_at.is_not(None)).order_by(Attempt.id)
    ).all()
    count_finished_attempts(finished)


def _chunks(attempt_ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(attempt_ids), ATTEMPTS_PER_STATEMENT):
        yield attempt_ids[start:start + ATTEMPTS_PER_STATEMENT]


def _add(attempt_ids: Collection[int], sign: int) -> set[int]:
    """Add (sign 1) or take away (sign -1) these attempts' answers; return the questions touched.

    An attempt takes one upsert per table, its rows in key order, so that
    concurrent finishes lock the rows they share in the same order.
    """
    touched = db.session.scalars(
        _sums_upsert(dialect_insert(db.session)),
        {"attempt_ids": list(attempt_ids), "sign": sign},
    ).all()
    wrong = sorted(wrong_answer_counts(db.session, attempt_ids),
                   key=lambda row: (row.question_id, digest(row.response)))
    if wrong:
        # A plain table insert with a list of rows: one cached statement sending every row.
        tally = WrongAnswerTally.__table__
        insert = dialect_insert(db.session)(tally)
        db.session.execute(
            insert.on_conflict_do_update(
                index_elements=[tally.c.question_id, tally.c.response_digest],
                set_={
                    "times": tally.c.times + insert.excluded.times,
                    # A minimum cannot be taken away: `_tidy` repairs it after a withdrawal.
                    "first_item_id": case(
                        (insert.excluded.first_item_id < tally.c.first_item_id,
                         insert.excluded.first_item_id),
                        else_=tally.c.first_item_id,
                    ),
                },
            ),
            [{"question_id": row.question_id, "response_digest": digest(row.response),
              "response": row.response, "times": sign * row.times,
              "first_item_id": row.first_item_id} for row in wrong],
        )
    return set(touched)


@cache
def _sums_upsert(dialect_insert_of):
    """Build, once per engine, the upsert that adds `answer_sums` to the tallies.

    Building it costs more than running it. It inserts into the plain table, so
    the ORM reads its parameters as parameters rather than as rows to insert.
    """
    tally = ItemTally.__table__
    insert = dialect_insert_of(tally)
    return (
        insert.from_select(["question_id", *_SUMMED], answer_sums())
        .on_conflict_do_update(
            index_elements=[tally.c.question_id],
            set_={name: tally.c[name] + insert.excluded[name] for name in _SUMMED},
        )
        .returning(tally.c.question_id)
    )


def digest(stored_response: str) -> str:
    """Name a stored response in a fixed width, whatever its length, for the tally's key."""
    return hashlib.sha256(stored_response.encode()).hexdigest()


def _tidy(question_ids: set[int]) -> None:
    """Drop emptied tallies and find the first answer again where the old one no longer counts.

    Dropping an emptied row also drops the rounding left over from its sums.
    """
    if not question_ids:
        return
    db.session.execute(delete(ItemTally).where(
        ItemTally.question_id.in_(question_ids), ItemTally.times_answered <= 0
    ))
    db.session.execute(delete(WrongAnswerTally).where(
        WrongAnswerTally.question_id.in_(question_ids), WrongAnswerTally.times <= 0
    ))
    still_first = exists().where(
        AttemptItem.id == WrongAnswerTally.first_item_id, *_counted_as(WrongAnswerTally)
    )
    stale = db.session.scalars(select(WrongAnswerTally).where(
        WrongAnswerTally.question_id.in_(question_ids), ~still_first
    )).all()
    for tally in stale:
        tally.first_item_id = db.session.scalar(
            select(func.min(AttemptItem.id)).where(*_counted_as(tally))
        )


def _counted_as(tally):
    """Conditions for an answer to count in this wrong-answer tally (a row or the table)."""
    return (
        AttemptItem.question_id == tally.question_id,
        AttemptItem.answered_at.is_not(None),
        AttemptItem.is_correct.is_not(True),
        tally.response == STORED_RESPONSE,
        select(Attempt.id).where(
            Attempt.id == AttemptItem.attempt_id, Attempt.finished_at.is_not(None)
        ).exists(),
    )
