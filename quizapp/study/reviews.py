"""Keep each learner's review schedule in step with their answers, and read it back.

These functions change rows in the session and never commit.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, case, func, select
from sqlalchemy.dialects import postgresql, sqlite

from quizapp.extensions import db, read_rows
from quizapp.grading import Grade
from quizapp.models import Question, ReviewState, User
from quizapp.study.mastery import FactMasteries, fact_mastery
from quizapp.study.scheduling import Rating, mastery_of, rating_for, schedule_review
from quizapp.vocabulary import Mastery


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


def is_due(now):
    """Whether a card is due for review at `now` (a value or a bound parameter)."""
    return ReviewState.due_at <= now


# A mistake: a question the learner got wrong the last time they answered it.
IS_MISTAKE = ReviewState.last_is_correct.is_(False)
# Per group of a learner's cards: how many are due at the bound `now`, and when the next
# of the others falls due.
DUE_NOW_COUNT = func.count(case((is_due(bindparam("now")), 1)))
NEXT_DUE_AT = func.min(case((ReviewState.due_at > bindparam("now"), ReviewState.due_at)))


def due_question_ids(user: User, bank_id: int, categories: list[str], now: datetime) -> list[int]:
    """Return the ids of the questions due for review, most overdue first."""
    query = _in_bank(user.id, bank_id, categories).where(is_due(now))
    return list(db.session.scalars(query.order_by(ReviewState.due_at, ReviewState.question_id)))


def mistake_question_ids(user: User, bank_id: int, categories: list[str]) -> list[int]:
    """Return the ids of the questions the learner got wrong the last time they answered."""
    query = _in_bank(user.id, bank_id, categories).where(IS_MISTAKE)
    return list(db.session.scalars(query.order_by(ReviewState.question_id)))


def due_count(user_id, bank_id, now):
    """Select how many of the bank's questions are due for the learner's review now."""
    due = _in_bank(user_id, bank_id, []).where(is_due(now))
    return select(func.count()).select_from(due.subquery())


# Built once: the home and progress pages ask on every visit.
DUE_SUMMARIES = (
    select(Question.bank_id, DUE_NOW_COUNT, NEXT_DUE_AT)
    .join(ReviewState.question)
    .where(ReviewState.user_id == bindparam("user_id"), Question.is_retired.is_(False))
    .group_by(Question.bank_id)
)


def due_summaries(user: User, now: datetime) -> dict[int, DueSummary]:
    """Count due reviews and find the next due time for every bank, in one query."""
    rows = db.session.execute(DUE_SUMMARIES, {"user_id": user.id, "now": now})
    return {bank_id: DueSummary(due, next_at) for bank_id, due, next_at in rows}



@dataclass(frozen=True)
class BankCards:
    """What a learner's review cards in one bank tell the bank page."""

    due: DueSummary | None  # None when the learner has no card in the bank
    mistakes: int
    mastery: FactMasteries


# Built once: the bank page reads the learner's cards in the bank on every visit, in one
# pass grouped by fact (questions without a fact form one more group).
BANK_CARDS_PER_FACT = (
    _in_bank(bindparam("user_id"), bindparam("bank_id"), [])
    .with_only_columns(
        Question.fact_id,
        func.count().label("cards"),
        func.count(case((
            and_(ReviewState.mastery == Mastery.KNOWN.value, ReviewState.last_is_correct), 1
        ))).label("known"),
        DUE_NOW_COUNT.label("due_now"),
        NEXT_DUE_AT.label("next_due_at"),
        func.count(case((IS_MISTAKE, 1))).label("mistakes"),
    )
    .group_by(Question.fact_id)
)


def bank_cards(user: User, bank_id: int, now: datetime) -> BankCards:
    """Count due reviews and mistakes and derive each fact's mastery, in one query."""
    rows = read_rows(
        BANK_CARDS_PER_FACT, {"user_id": user.id, "bank_id": bank_id, "now": now}
    ).all()
    if not rows:
        return BankCards(None, 0, FactMasteries())
    next_due = [row.next_due_at for row in rows if row.next_due_at is not None]
    return BankCards(
        due=DueSummary(sum(row.due_now for row in rows), min(next_due, default=None)),
        mistakes=sum(row.mistakes for row in rows),
        mastery=FactMasteries({
            row.fact_id: fact_mastery(row.cards, row.known)
            for row in rows if row.fact_id is not None
        }),
    )
