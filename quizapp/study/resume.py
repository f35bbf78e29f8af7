"""Coming back to a quiz: unfinished attempts to resume or abandon, and how the last one went."""

import functools
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, case, func, or_, select

from quizapp.extensions import db, read_rows
from quizapp.models import Attempt, AttemptItem, Bank, User
from quizapp.points import percent_expression
from quizapp.study.reviews import due_count


@dataclass(frozen=True)
class OpenAttempt:
    """An unfinished attempt as the home and bank pages offer it: where to pick up."""

    attempt_id: int
    bank_slug: str
    bank_title: str
    mode: str
    resume_position: int
    answered: int
    total: int


def _open_attempts_statement():
    """Build the open attempts' query: where each picks up, and how many it has answered."""
    return (
        select(
            Attempt.id, Bank.slug, Bank.title, Attempt.mode,
            func.min(case((AttemptItem.answered_at.is_(None), AttemptItem.position))),
            func.count(AttemptItem.answered_at),
            func.count(AttemptItem.id),
        )
        .join(Attempt.bank)
        .join(Attempt.items)
        .where(
            Attempt.user_id == bindparam("user_id"),
            Attempt.finished_at.is_(None),
            or_(Attempt.deadline_at.is_(None), Attempt.deadline_at > bindparam("now")),
        )
        .group_by(Attempt.id, Bank.slug, Bank.title, Attempt.mode)
        .order_by(Attempt.started_at.desc(), Attempt.id.desc())
    )


# Built once: the home and bank pages ask on every visit.
OPEN_ATTEMPTS = _open_attempts_statement()
OPEN_ATTEMPTS_IN_BANK = OPEN_ATTEMPTS.where(Attempt.bank_id == bindparam("bank_id"))


def open_attempts(user: User, now: datetime, bank_id: int | None = None) -> list[OpenAttempt]:
    """List the learner's unfinished attempts still in time, newest first, in one query."""
    values = {"user_id": user.id, "now": now}
    query = OPEN_ATTEMPTS
    if bank_id is not None:
        values["bank_id"] = bank_id
        query = OPEN_ATTEMPTS_IN_BANK
    return [
        OpenAttempt(attempt_id, slug, title, mode, first_open or total, answered, total)
        for attempt_id, slug, title, mode, first_open, answered, total
        in read_rows(query, values)
    ]


def abandon_attempt(attempt: Attempt) -> None:
    """Drop an unfinished attempt; the reviews its answers already scheduled stay."""
    if not attempt.is_finished:
        db.session.delete(attempt)


@dataclass(frozen=True)
class Standing:
    """Where the learner stands on a bank after an attempt, as its result page says."""

    previous_percent: float | None  # the score of the attempt finished before it, if any
    due_now: int


def standing_after(user_id: int, bank_id: int, finished_at: datetime, now: datetime) -> Standing:
    """Find the score before an attempt finished then and the reviews due now, in one query."""
    previous_percent, due_now = read_rows(_standing_statement(), {
        "user_id": user_id, "bank_id": bank_id, "finished_at": finished_at, "now": now,
    }).one()
    return Standing(previous_percent, due_now)


@functools.cache
def _standing_statement():
    """Build the statement once: composing it costs more than the database takes to run it."""
    previous = (
        select(percent_expression(Attempt.points_earned, Attempt.points_possible))
        .where(
            Attempt.user_id == bindparam("user_id"),
            Attempt.bank_id == bindparam("bank_id"),
            Attempt.finished_at.is_not(None),
            Attempt.finished_at < bindparam("finished_at"),
        )
        .order_by(Attempt.finished_at.desc(), Attempt.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    due = due_count(bindparam("user_id"), bindparam("bank_id"), bindparam("now"))
    return select(previous, due.scalar_subquery())


def is_mistake(is_correct: bool | None, is_retired: bool) -> bool:
    """Whether an item is worth practising again: not fully right, and still asked."""
    return not is_correct and not is_retired


def mistaken_question_ids(attempt: Attempt) -> list[int]:
    """Return the questions of an attempt not answered fully right that can still be asked."""
    return [
        item.question_id for item in attempt.items
        if is_mistake(item.is_correct, item.question.is_retired)
    ]
