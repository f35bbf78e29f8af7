"""A learner's finished attempts as history rows: the queries and the row they read into."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from math import ceil

from sqlalchemy import Row, Select, bindparam, func, select
from sqlalchemy.orm import aliased

from quizapp.extensions import db, read_rows
from quizapp.models import Attempt, Bank
from quizapp.models.types import as_utc
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
        """Read a row of the learner's finished attempts (see `_ROWS`)."""
        finished_at = as_utc(row.finished_at)
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


def _finished(by_bank: bool, attempt=Attempt) -> list:
    """The learner's finished attempts, in one bank when `by_bank`, with both bound per call."""
    conditions = [attempt.user_id == bindparam("user_id"), attempt.finished_at.is_not(None)]
    if by_bank:
        conditions.append(attempt.bank_id == bindparam("bank_id"))
    return conditions


def _newest_first(query: Select) -> Select:
    return query.order_by(Attempt.finished_at.desc(), Attempt.id.desc())


# Built once, with the learner and bank bound per call: building these statements
# afresh on each view cost about as much as running them. Keyed by "filtered to a bank".
_BANKS = (
    select(Bank.id, Bank.slug, Bank.title)
    .where(select(Attempt.id).where(*_finished(False), Attempt.bank_id == Bank.id).exists())
    .order_by(Bank.title)
)
# Plain columns rather than Attempt objects: the page shows twenty rows and the CSV
# may stream thousands, and neither needs anything loaded through the ORM.
_ROWS = {
    by_bank: _newest_first(
        select(
            Attempt.id, Attempt.finished_at, Attempt.started_at, Bank.slug, Bank.title,
            Attempt.mode, Attempt.categories, Attempt.points_earned, Attempt.points_possible,
        )
        .join(Bank, Bank.id == Attempt.bank_id)
        .where(*_finished(by_bank))
    )
    for by_bank in (False, True)
}
# A page of rows, each with the count of every finished attempt: a subquery on an alias
# of its own, so the database counts once (from the index) rather than once per row.
_COUNTED = aliased(Attempt)
_PAGE = {
    by_bank: rows.add_columns(
        select(func.count()).select_from(_COUNTED).where(*_finished(by_bank, _COUNTED))
        .scalar_subquery().label("total")
    ).limit(bindparam("limit")).offset(bindparam("offset"))
    for by_bank, rows in _ROWS.items()
}
_SCORES = {
    by_bank: _newest_first(
        select(Attempt.finished_at, Attempt.points_earned, Attempt.points_possible)
        .where(*_finished(by_bank))
    ).limit(bindparam("limit"))
    for by_bank in (False, True)
}


def banks_attempted(user_id: int) -> list[BankChoice]:
    """List the banks the learner has finished quizzes on, by title.

    One index probe per bank, however many attempts the learner has finished.
    """
    return [BankChoice(*row) for row in read_rows(_BANKS, {"user_id": user_id})]


def history_rows(user_id: int, bank_id: int | None, batch: int) -> Iterator[HistoryRow]:
    """Stream the learner's finished attempts as history rows, newest first, `batch` at a time."""
    query = _ROWS[bank_id is not None].execution_options(yield_per=batch)
    for row in db.session.execute(query, {"user_id": user_id, "bank_id": bank_id}):
        yield HistoryRow.from_row(row)


def history_page(
    user_id: int, bank_id: int | None, page: int, per_page: int, chart_size: int
) -> tuple[HistoryPage, list[tuple[datetime, float]]]:
    """Read one page of the learner's history, how many there are, and the chart's scores.

    The first page's rows are the newest, as are the chart's scores: there one query
    reads both, the chart's as the rows that follow the page.
    """
    learner = {"user_id": user_id, "bank_id": bank_id}
    limit = max(per_page, chart_size) if page == 1 else per_page
    rows = read_rows(
        _PAGE[bank_id is not None], {**learner, "limit": limit, "offset": (page - 1) * per_page}
    ).all()
    total = rows[0].total if rows else 0
    history = HistoryPage([HistoryRow.from_row(row) for row in rows[:per_page]],
                          page, per_page, total)
    if page == 1:
        return history, _oldest_first(
            (row.finished_at, row.points_earned, row.points_possible) for row in rows[:chart_size]
        )
    return history, recent_scores(user_id, bank_id, chart_size)


def recent_scores(
    user_id: int, bank_id: int | None = None, limit: int = 50
) -> list[tuple[datetime, float]]:
    """Return (finished_at, percent) of the learner's latest finished attempts, oldest first."""
    return _oldest_first(read_rows(
        _SCORES[bank_id is not None], {"user_id": user_id, "bank_id": bank_id, "limit": limit}
    ))


def _oldest_first(newest_first) -> list[tuple[datetime, float]]:
    """Turn (finished_at, earned, possible) rows, newest first, into scores oldest first."""
    scores = [
        (as_utc(finished_at), percent_of(earned, possible))
        for finished_at, earned, possible in newest_first
    ]
    return scores[::-1]
