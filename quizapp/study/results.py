"""A finished attempt's result as plain values: its score, every answer beside the key.

The result page shows every item with its question, version and source; reading
them as plain columns in one query, rather than as a tree of ORM objects, is most
of what makes the page cheap.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, bindparam, func, literal, select, type_coerce
from sqlalchemy.orm import aliased

from quizapp.extensions import read_rows
from quizapp.grading import Placement, feedback_for, format_answer, format_response, placements
from quizapp.models import Attempt, AttemptItem, Bank, Fact, Question, QuestionVersion
from quizapp.models.bank import cite
from quizapp.points import percent_of
from quizapp.study.resume import is_mistake
from quizapp.vocabulary import Outcome


@dataclass(frozen=True)
class ItemReview:
    """One answer as the result page reviews it, with the key it was graded against."""

    prompt: str
    text_format: str  # of the question as it is now, as every page renders it
    question_type: str  # as asked
    outcome: Outcome
    points_earned: float | None
    points_possible: float
    is_skipped: bool
    given: str
    right: str
    placements: list[Placement]  # rows of a matching or ordering answer, else empty
    feedback: tuple[str, ...]  # what the bank says to this response
    explanation: str
    citation: str


@dataclass(frozen=True)
class ResultBank:
    """The bank of a result: where it lives, and the web address of its source, if it has one."""

    id: int
    slug: str
    title: str
    source_link: str | None


@dataclass(frozen=True)
class FinishedAttempt:
    """A finished attempt with its bank, per-category points and every answer reviewed."""

    attempt_id: int
    user_id: int
    bank: ResultBank
    mode: str
    started_at: datetime
    finished_at: datetime
    points_earned: float | None
    points_possible: float | None
    breakdown: dict[str, tuple[float, float]]
    mistakes: int
    reviews: list[ItemReview]

    @property
    def percent(self) -> float:
        return percent_of(self.points_earned, self.points_possible)


def _finished_statement():
    """Build the query once: the attempt and bank on every row, one row per item in order.

    Outer joins keep an attempt without items; `asked` is the version shown (none
    for items from before versions) and `graded` the one a re-grade graded against.
    """
    asked, regraded = aliased(QuestionVersion), aliased(QuestionVersion)
    return (
        select(
            Attempt.user_id, Attempt.bank_id, Attempt.mode, Attempt.started_at,
            Attempt.finished_at, Attempt.points_earned.label("attempt_earned"),
            Attempt.points_possible.label("attempt_possible"),
            Bank.slug, Bank.title, Bank.source_publisher, Bank.source_title,
            Bank.source_published, Bank.source_url,
            AttemptItem.id.label("item_id"), AttemptItem.response, AttemptItem.points_earned,
            AttemptItem.points_possible, AttemptItem.is_correct,
            AttemptItem.answered_at.is_not(None).label("is_answered"),
            Question.category, Question.is_retired,
            func.coalesce(Question.paragraph, Fact.paragraph).label("paragraph"),
            func.coalesce(Question.data["format"].as_string(), literal("plain"))
            .label("text_format"),
            func.coalesce(asked.type, Question.type).label("asked_type"),
            func.coalesce(asked.prompt, Question.prompt).label("prompt"),
            func.coalesce(asked.explanation, Question.explanation).label("explanation"),
            func.coalesce(regraded.type, asked.type, Question.type).label("graded_type"),
            type_coerce(func.coalesce(regraded.data, asked.data, Question.data), JSON)
            .label("graded_data"),
        )
        .join(Bank, Bank.id == Attempt.bank_id)
        .outerjoin(AttemptItem, AttemptItem.attempt_id == Attempt.id)
        .outerjoin(Question, Question.id == AttemptItem.question_id)
        .outerjoin(Fact, Fact.id == Question.fact_id)
        .outerjoin(asked, asked.id == AttemptItem.question_version_id)
        .outerjoin(regraded, regraded.id == AttemptItem.regraded_version_id)
        .where(
            Attempt.id == bindparam("attempt_id"),
            Attempt.user_id == bindparam("user_id"),
            Attempt.finished_at.is_not(None),
        )
        .order_by(AttemptItem.position)
    )


# Built once: composing it costs more than the database takes to run it.
FINISHED = _finished_statement()


def finished_attempt(user_id: int, attempt_id: int) -> FinishedAttempt | None:
    """Read the user's finished attempt with every answer reviewed; None if not finished."""
    rows = read_rows(FINISHED, {"user_id": user_id, "attempt_id": attempt_id}).all()
    if not rows:
        return None
    first = rows[0]
    items = [row for row in rows if row.item_id is not None]
    breakdown: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in items:
        breakdown[row.category][0] += row.points_earned or 0
        breakdown[row.category][1] += row.points_possible
    source = first.source_url
    return FinishedAttempt(
        attempt_id=attempt_id, user_id=user_id,
        # Only web addresses become links: a bank file cannot smuggle in a javascript: URL.
        bank=ResultBank(
            first.bank_id, first.slug, first.title,
            source if source and source.startswith(("https://", "http://")) else None,
        ),
        mode=first.mode, started_at=first.started_at, finished_at=first.finished_at,
        points_earned=first.attempt_earned, points_possible=first.attempt_possible,
        breakdown={category: tuple(points) for category, points in sorted(breakdown.items())},
        mistakes=sum(is_mistake(row.is_correct, row.is_retired) for row in items),
        reviews=[_review(row) for row in items],
    )


def _review(row: Any) -> ItemReview:
    """Review one item's row: what was given, the key, the bank's feedback and the source."""
    graded_type, graded_data, response = row.graded_type, row.graded_data, row.response
    answered = response is not None
    return ItemReview(
        prompt=row.prompt,
        text_format=row.text_format,
        question_type=row.asked_type,
        outcome=Outcome.of(row.is_answered, response, row.is_correct, row.points_earned),
        points_earned=row.points_earned,
        points_possible=row.points_possible,
        is_skipped=bool(row.is_answered) and not answered,
        given=format_response(graded_type, graded_data, response),
        right=format_answer(graded_type, graded_data),
        placements=placements(graded_type, graded_data, response) if answered else [],
        feedback=(
            feedback_for(graded_type, graded_data, response)
            if row.is_answered and answered else ()
        ),
        explanation=row.explanation,
        citation=cite(row.source_publisher, row.source_title, row.source_published,
                      row.paragraph),
    )
