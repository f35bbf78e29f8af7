"""Keep each learner's review schedule in step with their answers, and read it back.

These functions change rows in the session and never commit.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.dialects import postgresql, sqlite

from quizapp.extensions import db, read_rows
from quizapp.grading import Grade
from quizapp.models import Question, ReviewState, User
from quizapp.study.scheduling import Rating, mastery_of, rating_for, schedule_review


@dataclass(frozen=True)
class DueSummary:
    """How many of a bank's questions are due for review now, and when the next falls due."""

    due_now: int
    next_due_at: datetime | None


def record_review(
    user_id: int, question_id: int, result: Grade, seconds_taken: float | None, now: datetime
) -> ReviewState:
    """Rate one answer and move the question's card to its next due date.

    The card is created with INSERT ... ON CONFLICT DO NOTHING and otherwise read
    under a row lock, so the same learner answering the same question in two
    attempts at once neither trips the unique constraint nor loses an update.
    """
    rating = rating_for(result.fraction, result.is_correct, seconds_taken)
    first = schedule_review(None, rating, now)
    created = db.session.scalar(
        dialect_insert(db.session)(ReviewState)
        .values(
            user_id=user_id, question_id=question_id, card_state=first.card_state,
            due_at=first.due_at, mastery=mastery_of(first.card_state),
            last_reviewed_at=now, last_is_correct=result.is_correct, review_count=1,
        )
        .on_conflict_do_nothing(index_elements=["user_id", "question_id"])
        .returning(ReviewState.id)
    )
    state = db.session.scalars(
        select(ReviewState)
        .where(ReviewState.user_id == user_id, ReviewState.question_id == question_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if created is not None:
        return state
    return _apply_rating(state, user_id, question_id, rating, result.is_correct, now)


def record_self_rating(
    user_id: int, question_ids: list[int], rating: Rating, now: datetime
) -> list[ReviewState]:
    """Apply a flashcard rating to each of these questions' cards, in the quizzes' schedule.

    A learner who rates a card Again did not know it, so it counts as a mistake.
    """
    states = {
        state.question_id: state
        for state in db.session.scalars(
            select(ReviewState).where(
                ReviewState.user_id == user_id, ReviewState.question_id.in_(question_ids)
            )
        )
    }
    knew_it = rating != Rating.Again
    return [
        _apply_rating(states.get(question_id), user_id, question_id, rating, knew_it, now)
        for question_id in question_ids
    ]


def _apply_rating(
    state: ReviewState | None,
    user_id: int,
    question_id: int,
    rating: Rating,
    is_correct: bool,
    now: datetime,
) -> ReviewState:
    """Move one card (a new one when state is None) on by a rating."""
    review = schedule_review(state.card_state if state else None, rating, now)
    if state is None:
        state = ReviewState(user_id=user_id, question_id=question_id, review_count=0)
        db.session.add(state)
    state.card_state = review.card_state
    state.due_at = review.due_at
    state.mastery = mastery_of(review.card_state)
    state.last_reviewed_at = now
    state.last_is_correct = is_correct
    state.review_count += 1
    return state


def dialect_insert(session):
    """The INSERT construct of the session's database, which knows ON CONFLICT."""
    inserts = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
    return inserts[session.get_bind().dialect.name]


def _in_bank(user_id, bank_id, categories: list[str]):
    """Select the learner's cards on the bank's active questions (values or bound parameters)."""
    query = (
        select(ReviewState.question_id)
        .join(ReviewState.question)
        .where(
            ReviewState.user_id == user_id,
            Question.bank_id == bank_id,
            Question.is_retired.is_(False),
        )
    )
    if categories:
        query = query.where(Question.category.in_(categories))
    return query


def due_question_ids(user: User, bank_id: int, categories: list[str], now: datetime) -> list[int]:
    """Return the ids of the questions due for review, most overdue first."""
    query = _in_bank(user.id, bank_id, categories).where(ReviewState.due_at <= now)
    return list(db.session.scalars(query.order_by(ReviewState.due_at, ReviewState.question_id)))


def mistake_question_ids(user: User, bank_id: int, categories: list[str]) -> list[int]:
    """Return the ids of the questions the learner got wrong the last time they answered."""
    query = _in_bank(user.id, bank_id, categories).where(ReviewState.last_is_correct.is_(False))
    return list(db.session.scalars(query.order_by(ReviewState.question_id)))


def due_count(user_id, bank_id, now):
    """Select how many of the bank's questions are due for the learner's review now."""
    due = _in_bank(user_id, bank_id, []).where(ReviewState.due_at <= now)
    return select(func.count()).select_from(due.subquery())


# Built once: the bank page counts the learner's mistakes on every visit.
MISTAKE_COUNT = select(func.count()).select_from(
    _in_bank(bindparam("user_id"), bindparam("bank_id"), [])
    .where(ReviewState.last_is_correct.is_(False))
    .subquery()
)


def mistake_count(user: User, bank_id: int) -> int:
    """Count the bank's questions the learner got wrong the last time they answered them."""
    return read_rows(MISTAKE_COUNT, {"user_id": user.id, "bank_id": bank_id}).scalar_one()


# Built once: the home, bank, progress and result pages ask on every visit.
DUE_SUMMARIES = (
    select(
        Question.bank_id,
        func.count(case((ReviewState.due_at <= bindparam("now"), 1))),
        func.min(case((ReviewState.due_at > bindparam("now"), ReviewState.due_at))),
    )
    .join(ReviewState.question)
    .where(ReviewState.user_id == bindparam("user_id"), Question.is_retired.is_(False))
    .group_by(Question.bank_id)
)


def due_summaries(user: User, now: datetime) -> dict[int, DueSummary]:
    """Count due reviews and find the next due time for every bank, in one query."""
    rows = db.session.execute(DUE_SUMMARIES, {"user_id": user.id, "now": now})
    return {bank_id: DueSummary(due, next_at) for bank_id, due, next_at in rows}

