"""A learner's finished attempts as history rows: the queries and the row they read into."""

from dataclasses import dataclass
from datetime import UTC, datetime
from math import ceil

from sqlalchemy import Row, Select, func, select

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
    def from_row(cls, row: Row) -> "HistoryRow":
        """Read a row of `finished_attempts`."""
        finished_at = row.finished_at.astimezone(UTC)
        return cls(
            attempt_id=row.id,
            finished_at=finished_at,
            bank_slug=row.slug,
            bank_title=row.title,
            mode=row.mode,
            categories=tuple(row.categories or ()),
            points_earned=row.points_earned or 0.0,
            points_possible=row.points_possible or 0.0,
            percent=percent_of(row.points_earned, row.points_possible),
            seconds_taken=max(int((finished_at - row.started_at).total_seconds()), 0),
        )


@dataclass(frozen=True)
class HistoryPage:
    """One page of history rows, with what the pagination links need."""

    rows: list[HistoryRow]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return ceil(self.total / self.per_page)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def next_num(self) -> int:
        return self.page + 1


def banks_attempted(user_id: int) -> list[BankChoice]:
    """List the banks the learner has finished quizzes on, by title.

    One index probe per bank, however many attempts the learner has finished.
    """
    finished_here = (
        select(Attempt.id)
        .where(*_finished(user_id, None), Attempt.bank_id == Bank.id)
        .exists()
    )
    rows = db.session.execute(
        select(Bank.id, Bank.slug, Bank.title).where(finished_here).order_by(Bank.title)
    )
    return [BankChoice(*row) for row in rows]


def finished_attempts(user_id: int, bank_id: int | None = None) -> Select:
    """Select the columns of the learner's finished attempts that history rows need, newest first.

    Plain rows rather than Attempt objects: the page shows twenty and the CSV
    may stream thousands, and neither needs anything loaded through the ORM.
    """
    return (
        select(
            Attempt.id, Attempt.finished_at, Attempt.started_at, Bank.slug, Bank.title,
            Attempt.mode, Attempt.categories, Attempt.points_earned, Attempt.points_possible,
        )
        .join(Bank, Bank.id == Attempt.bank_id)
        .where(*_finished(user_id, bank_id))
        .order_by(Attempt.finished_at.desc(), Attempt.id.desc())
    )


def history_page(user_id: int, bank_id: int | None, page: int, per_page: int) -> HistoryPage:
    """Read one page of the learner's history and how many finished attempts there are."""
    total = db.session.scalar(
        select(func.count()).select_from(Attempt).where(*_finished(user_id, bank_id))
    )
    rows = db.session.execute(
        finished_attempts(user_id, bank_id).limit(per_page).offset((page - 1) * per_page)
    )
    return HistoryPage([HistoryRow.from_row(row) for row in rows], page, per_page, total)


def _finished(user_id: int, bank_id: int | None) -> list:
    conditions = [Attempt.user_id == user_id, Attempt.finished_at.is_not(None)]
    if bank_id is not None:
        conditions.append(Attempt.bank_id == bank_id)
    return conditions


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
