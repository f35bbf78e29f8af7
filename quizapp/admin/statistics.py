"""One bank's item statistics table: gather every learner's answers, then sort the rows."""

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.grading import format_response
from quizapp.models import Attempt, AttemptItem, Question
from quizapp.points import share_earned
from quizapp.study.item_stats import ItemStatistics, Response, compute_item_statistics

COLUMN_LABELS = {
    "question_key": "Question",
    "times_answered": "Times answered",
    "facility": "Facility",
    "discrimination": "Discrimination",
    "average_seconds": "Average time",
    "flags": "Flags",
}
ORDERS = {"asc": False, "desc": True}


@dataclass(frozen=True)
class TableOrder:
    """The column the table is sorted by, and which way."""

    column: str = "question_key"
    descending: bool = False

    @classmethod
    def from_query(cls, sort: str | None, order: str | None) -> "TableOrder":
        """Read ?sort=&order=, falling back to question order for anything unknown."""
        if sort not in COLUMN_LABELS:
            return cls()
        return cls(sort, ORDERS.get(order or "asc", False))


@dataclass(frozen=True)
class SortHeader:
    """A sortable column header: its aria-sort state and the order a click asks for."""

    column: str
    label: str
    aria_sort: str | None
    next_order: str


def sort_headers(current: TableOrder) -> dict[str, SortHeader]:
    """Describe every sortable header; clicking the sorted column reverses it."""
    headers = {}
    for column, label in COLUMN_LABELS.items():
        if column != current.column:
            headers[column] = SortHeader(column, label, None, "asc")
        elif current.descending:
            headers[column] = SortHeader(column, label, "descending", "asc")
        else:
            headers[column] = SortHeader(column, label, "ascending", "desc")
    return headers


def answered_items(bank_id: int):
    """Select what the statistics need from every answer given in the bank's finished attempts."""
    return (
        select(
            AttemptItem.attempt_id,
            AttemptItem.question_id,
            AttemptItem.response,
            AttemptItem.points_earned,
            AttemptItem.points_possible,
            AttemptItem.is_correct,
            AttemptItem.seconds_taken,
        )
        .join(Question, AttemptItem.question_id == Question.id)
        .join(Attempt, AttemptItem.attempt_id == Attempt.id)
        .where(
            Question.bank_id == bank_id,
            Attempt.finished_at.is_not(None),
            AttemptItem.answered_at.is_not(None),
        )
    )


def bank_statistics(
    session: Session, bank_id: int, questions: Mapping[int, Question]
) -> list[ItemStatistics]:
    """Compute each answered question's statistics; questions maps the bank's questions by id."""
    responses = []
    for row in session.execute(answered_items(bank_id)):
        question = questions[row.question_id]
        responses.append(Response(
            attempt_id=row.attempt_id,
            question_key=question.key,
            fraction=share_earned(row.points_earned, row.points_possible, row.is_correct),
            seconds_taken=row.seconds_taken,
            # Only wrong answers are listed, so only they are worth formatting.
            answer_text=None if row.response is None or row.is_correct
            else format_response(question.type, question.data, row.response),
            is_correct=bool(row.is_correct),
        ))
    return compute_item_statistics(responses)

