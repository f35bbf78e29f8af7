"""A learner's finished attempts as history rows: the queries and the row they read into."""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager

from quizapp.extensions import db
from quizapp.models import Attempt, Bank
from quizapp.points import percent_of


@dataclass(frozen=True)
class BankChoice:
    """A bank the learner has finished at least one quiz on, for the filter."""

    id: int
    slug: str
    title: str


@dataclass(frozen=True)
class HistoryRow:
    """One finished attempt as the history page and the CSV show it."""

    attempt_id: int
    finished_at: datetime
    bank_slug: str
    bank_title: str
    mode: str
    categories: tuple[str, ...]
    points_earned: float
    points_possible: float
    percent: float
    seconds_taken: int

    @classmethod
    def from_attempt(cls, attempt: Attempt) -> "HistoryRow":
        """Read a finished attempt whose bank is already loaded."""
        return cls(
            attempt_id=attempt.id,
            finished_at=attempt.finished_at.astimezone(UTC),
            bank_slug=attempt.bank.slug,
            bank_title=attempt.bank.title,
            mode=attempt.mode,
            categories=tuple(attempt.categories or ()),
            points_earned=attempt.points_earned or 0.0,
            points_possible=attempt.points_possible or 0.0,
            percent=attempt.percent,
            seconds_taken=max(int((attempt.finished_at - attempt.started_at).total_seconds()), 0),
        )


def banks_attempted(user_id: int) -> list[BankChoice]:
    """List the banks the learner has finished quizzes on, by title."""
    finished = select(Attempt.bank_id).where(
        Attempt.user_id == user_id, Attempt.finished_at.is_not(None)
    )
    rows = db.session.execute(
        select(Bank.id, Bank.slug, Bank.title).where(Bank.id.in_(finished)).order_by(Bank.title)
    )
    return [BankChoice(*row) for row in rows]


def finished_attempts(user_id: int, bank_id: int | None = None) -> Select:
    """Select the learner's finished attempts with their banks, newest first."""
    query = (
        select(Attempt)
        .join(Attempt.bank)
        .options(contains_eager(Attempt.bank))
        .where(Attempt.user_id == user_id, Attempt.finished_at.is_not(None))
        .order_by(Attempt.finished_at.desc(), Attempt.id.desc())
    )
    if bank_id is not None:
        query = query.where(Attempt.bank_id == bank_id)
    return query


def recent_scores(
    user_id: int, bank_id: int | None = None, limit: int = 50
) -> list[tuple[datetime, float]]:
    """Return (finished_at, percent) of the learner's latest finished attempts, oldest first."""
    query = (
        select(Attempt.finished_at, Attempt.points_earned, Attempt.points_possible)
        .where(Attempt.user_id == user_id, Attempt.finished_at.is_not(None))
        .order_by(Attempt.finished_at.desc(), Attempt.id.desc())
        .limit(limit)
    )
    if bank_id is not None:
        query = query.where(Attempt.bank_id == bank_id)
    scores = [
        (finished_at.astimezone(UTC), percent_of(earned, possible))
        for finished_at, earned, possible in db.session.execute(query)
    ]
    return scores[::-1]
