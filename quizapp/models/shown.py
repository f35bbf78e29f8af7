"""One question of an attempt as its page shows it, with every item's status, in one query."""

import functools
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import String, bindparam, case, cast, func, inspect, select
from sqlalchemy.orm import contains_eager, joinedload, make_transient_to_detached

from quizapp.extensions import db, read_rows
from quizapp.models.attempt import Attempt, AttemptItem
from quizapp.models.bank import Bank, Fact, Question
from quizapp.models.version import QuestionVersion


class ItemStatus(NamedTuple):
    """Where a question of an attempt is, and whether it is answered or flagged."""

    position: int
    is_answered: bool
    is_flagged: bool


@dataclass(frozen=True)
class ShownItem:
    """One item of an attempt as its question page needs it, and every item's status in order."""

    item: AttemptItem
    statuses: list[ItemStatus]

    @property
    def total(self) -> int:
        return len(self.statuses)

    @property
    def answered(self) -> int:
        return sum(status.is_answered for status in self.statuses)


def shown_item(user_id: int, attempt_id: int, position: int) -> ShownItem | None:
    """Load one item of a user's attempt in the session, to answer it; None if not theirs.

    The attempt, its bank, the question and the versions come in the same row;
    of the other items, only their status comes, packed into one string.
    """
    row = db.session.execute(
        _shown_statement(), {"user_id": user_id, "attempt_id": attempt_id, "position": position}
    ).first()
    return ShownItem(row[0], _unpacked_statuses(row[1])) if row else None


def read_shown_item(user_id: int, attempt_id: int, position: int) -> ShownItem | None:
    """Read the same as `shown_item` as plain columns, into objects outside the session.

    For the page that only shows the question: loading six entities through the ORM
    cost more than the query itself. The objects are detached, so reading anything
    the row did not hold raises rather than querying, and nothing on them is saved.
    """
    row = read_rows(
        _read_statement(), {"user_id": user_id, "attempt_id": attempt_id, "position": position}
    ).first()
    if row is None:
        return None
    item, attempt, bank, question, fact, version, regraded = (
        _detached(model, row[start:end]) for model, start, end in _read_layout()
    )
    # The relationships the page follows; any other (the bank's questions) stays unloaded.
    attempt.__dict__["bank"] = bank
    question.__dict__["fact"] = fact
    item.__dict__.update(attempt=attempt, question=question, question_version=version,
                         regraded_version=regraded)
    return ShownItem(item, _unpacked_statuses(row[-1]))


def _detached(model, values):
    """Make a detached `model` from its columns' values, as the ORM loads one; None if absent."""
    if values[0] is None:  # the primary key, first: an outer join found nothing
        return None
    mapper = inspect(model)
    instance = mapper.class_manager.new_instance()
    instance.__dict__.update(zip(_column_keys(model), values, strict=True))
    make_transient_to_detached(instance)
    return instance


@functools.cache
def _column_keys(model) -> tuple[str, ...]:
    return tuple(prop.key for prop in inspect(model).column_attrs)


def _columns(model, table):
    """Select a model's columns from `table` (an alias of its table), in `_column_keys` order."""
    return [table.corresponding_column(prop.columns[0]) for prop in inspect(model).column_attrs]


def _unpacked_statuses(packed: str) -> list[ItemStatus]:
    """Read the `position:answered flagged` entries the statements pack, e.g. "3:10"."""
    statuses = []
    for entry in packed.split(","):
        position, flags = entry.split(":")
        statuses.append(ItemStatus(int(position), flags[0] == "1", flags[1] == "1"))
    return sorted(statuses)


def _packed_statuses(attempt_id):
    """Select the status of every item of the attempt `attempt_id` names, as one string."""
    other = AttemptItem.__table__.alias()
    # One string per attempt, such as "1:10,2:00": a second query would cost more.
    status = (cast(other.c.position, String) + ":"
              + case((other.c.answered_at.is_(None), "0"), else_="1")
              + case((other.c.is_flagged, "1"), else_="0"))
    return (
        select(func.aggregate_strings(status, ","))
        .where(other.c.attempt_id == attempt_id)
        .scalar_subquery()
    )


# Built once: composing these selects costs more than running them, and the bound
# parameters let every request share one statement (and its compiled SQL).
@functools.cache
def _shown_statement():
    item = AttemptItem
    return (
        select(item, _packed_statuses(item.attempt_id))
        .join(item.attempt)
        .where(
            Attempt.id == bindparam("attempt_id"),
            Attempt.user_id == bindparam("user_id"),
            item.position == bindparam("position"),
        )
        .options(
            contains_eager(item.attempt).joinedload(Attempt.bank),
            # The fact gives the source paragraph that practice feedback cites.
            joinedload(item.question).joinedload(Question.fact),
            joinedload(item.question_version),
            joinedload(item.regraded_version),
        )
    )


# The models `read_shown_item` reads, in the order of their columns in its row.
READ_MODELS = (AttemptItem, Attempt, Bank, Question, Fact, QuestionVersion, QuestionVersion)


@functools.cache
def _read_layout() -> tuple[tuple[type, int, int], ...]:
    """Say where each model's columns start and end in the row `_read_statement` selects."""
    layout, start = [], 0
    for model in READ_MODELS:
        end = start + len(_column_keys(model))
        layout.append((model, start, end))
        start = end
    return tuple(layout)


@functools.cache
def _read_statement():
    item, attempt, bank, question, fact, version, regraded = tables = tuple(
        model.__table__.alias() for model in READ_MODELS
    )
    columns = [
        column
        for model, table in zip(READ_MODELS, tables, strict=True)
        for column in _columns(model, table)
    ]
    return (
        select(*columns, _packed_statuses(item.c.attempt_id))
        .select_from(
            item.join(attempt, attempt.c.id == item.c.attempt_id)
            .join(bank, bank.c.id == attempt.c.bank_id)
            .join(question, question.c.id == item.c.question_id)
            .outerjoin(fact, fact.c.id == question.c.fact_id)
            .outerjoin(version, version.c.id == item.c.question_version_id)
            .outerjoin(regraded, regraded.c.id == item.c.regraded_version_id)
        )
        .where(
            attempt.c.id == bindparam("attempt_id"),
            attempt.c.user_id == bindparam("user_id"),
            item.c.position == bindparam("position"),
        )
    )
