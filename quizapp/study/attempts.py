"""Start, answer and finish attempts: quiz rules that need the database but no request.

These functions change rows in the session and never commit; the view that
owns the transaction commits.
"""

import random
import secrets
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import func, select, update

from quizapp.extensions import db, read_rows
from quizapp.grading import Grade, GradingContext, grade
from quizapp.grading.text import names_in
from quizapp.models import Attempt, AttemptItem, Bank, Question, QuestionVersion, User
from quizapp.study import answer_statements
from quizapp.study.assembly import Candidate, choose_questions, present, spread_out
from quizapp.study.giveaways import ShownQuestion, giveaways
from quizapp.study.item_tallies import count_finished_attempts
from quizapp.study.reviews import due_question_ids, mistake_question_ids, record_review
from quizapp.vocabulary import QuestionType, QuizMode


def start_attempt(
    user: User,
    bank: Bank,
    mode: QuizMode,
    categories: list[str],
    count: int,
    now: datetime,
    time_limit_minutes: int | None = None,
    rng: random.Random | None = None,
) -> Attempt | None:
    """Create an attempt with its questions chosen for the mode, or None if none match.

    Review mode asks the most overdue questions first; the other modes shuffle. No two
    questions of which one gives away the other's answer are asked together.
    """
    rng = rng or random.Random(secrets.randbits(64))
    candidates = candidates_in(bank)
    if mode == QuizMode.REVIEW:
        chosen = in_order(candidates, due_question_ids(user, bank.id, categories, now), count)
    elif mode == QuizMode.MISTAKES:
        mistakes = mistake_question_ids(user, bank.id, categories)
        chosen = in_order(candidates, rng.sample(mistakes, len(mistakes)), count)
    else:
        chosen = choose_questions(candidates, categories, count, rng)
    return attempt_with_questions(
        user, bank, mode, chosen, now, categories, time_limit_minutes, rng
    )


def candidates_in(bank: Bank) -> list[Candidate]:
    """List the bank's active questions with the questions each one gives away."""
    rows = db.session.execute(
        select(Question.id, Question.category, Question.type, Question.prompt, Question.data)
        .where(Question.bank_id == bank.id, Question.is_retired.is_(False))
    ).all()
    revealed = giveaways(ShownQuestion(row.id, row.type, row.prompt, row.data) for row in rows)
    return [Candidate(row.id, row.category, revealed[row.id]) for row in rows]


def in_order(candidates: list[Candidate], question_ids: list[int], count: int) -> list[int]:
    """Keep the given order, leaving out any question that another one before it gives away."""
    by_id = {candidate.question_id: candidate for candidate in candidates}
    return spread_out([by_id[qid] for qid in question_ids if qid in by_id], count)


def attempt_with_questions(
    user: User,
    bank: Bank,
    mode: QuizMode,
    question_ids: list[int],
    now: datetime,
    categories: list[str] = (),
    time_limit_minutes: int | None = None,
    rng: random.Random | None = None,
) -> Attempt | None:
    """Create an attempt asking exactly these questions, in this order, or None if empty."""
    rng = rng or random.Random(secrets.randbits(64))
    if not question_ids:
        return None
    questions = db.session.scalars(select(Question).where(Question.id.in_(question_ids)))
    by_id = {question.id: question for question in questions}
    versions = current_versions(question_ids)
    attempt = Attempt(
        user=user, bank=bank, mode=mode, categories=sorted(categories), started_at=now,
        deadline_at=now + timedelta(minutes=time_limit_minutes)
        if time_limit_minutes and mode == QuizMode.TEST else None,
    )
    for position, question_id in enumerate(question_ids, start=1):
        question = by_id[question_id]
        attempt.items.append(AttemptItem(
            question=question, question_version=versions.get(question_id),
            position=position, points_possible=question.points,
            presentation=present(question.type, question.data, rng),
        ))
    db.session.add(attempt)
    return attempt


def current_versions(question_ids: list[int]) -> dict[int, QuestionVersion]:
    """Return the current version of each question that has one, in one query."""
    rows = db.session.scalars(
        select(QuestionVersion)
        .join(Question, Question.id == QuestionVersion.question_id)
        .where(Question.id.in_(question_ids), QuestionVersion.number == Question.version)
    )
    return {version.question_id: version for version in rows}


class AnswerOutcome(Enum):
    """What became of a submitted answer."""

    STORED = "stored"
    ALREADY_ANSWERED = "already answered"
    TOO_LATE = "too late"


def _lock_attempt_if(*conditions) -> bool:
    """Lock the attempt row when it meets the conditions; tell whether it does.

    On PostgreSQL this `SELECT ... FOR UPDATE` queues an answer and a finish on
    one attempt behind each other. SQLite ignores FOR UPDATE; there the guarded
    single-statement writes below do the same, since SQLite runs one writer at a time.
    """
    return db.session.scalar(select(Attempt.id).where(*conditions).with_for_update()) is not None


def record_answer(item: AttemptItem, response, now: datetime) -> AnswerOutcome:
    """Grade and store an answer while the attempt is open and the question unanswered.

    The guarded UPDATE makes a double submit or a replayed POST a no-op even when
    two requests race, so the first answer always stands; an answer that loses a
    race with the attempt's finish (or deadline) is refused, never stored uncounted.
    """
    attempt = item.attempt
    is_open, previous = _lock_if_open(item, now, previous_only=True)
    if not is_open:
        return AnswerOutcome.TOO_LATE
    if item.is_answered:  # as loaded; for a race, the guarded UPDATE below decides
        return AnswerOutcome.ALREADY_ANSWERED
    result = grade_item(item, response)
    seconds = max((now - (previous or attempt.started_at)).total_seconds(), 0.0)
    if not _store_graded(item, response, result, now, seconds, first_answer_only=True):
        return AnswerOutcome.ALREADY_ANSWERED if item.is_answered else AnswerOutcome.TOO_LATE
    record_review(attempt.user_id, item.question_id, result, seconds, now)
    return AnswerOutcome.STORED


def _lock_if_open(item: AttemptItem, now: datetime, previous_only: bool):
    """Lock the item's attempt if it takes answers; tell whether it does, and when the
    answer before came (see `answer_statements.lock_if_open`)."""
    row = read_rows(answer_statements.lock_if_open(previous_only), {
        "b_attempt_id": item.attempt_id, "b_now": now, "b_position": item.position,
    }).first()
    return (True, row[1]) if row else (False, None)


def grade_item(item: AttemptItem, response) -> Grade:
    """Grade a response to an attempt's question as the attempt asked it, in its bank.

    Feedback that wants to say how an answer was read (`Grade.note`) can call this
    again with the stored response: it gives the grade the answer was given.
    """
    asked = item.graded_against
    return grade(asked.type, asked.data, asked.points, response, grading_context(item.question))


def grading_context(question: Question) -> GradingContext:
    """Gather what grading a question needs beyond it: for typed answers, the bank's other names."""
    if question.type != QuestionType.TEXT:
        return GradingContext()

    def read_bank_names():
        # Read only for a typed slip: a right or plainly wrong answer never needs them.
        others = db.session.execute(
            select(Question.type, Question.data).where(
                Question.bank_id == question.bank_id, Question.id != question.id
            )
        )
        return [name for other in others for name in names_in(other.type, other.data)]

    return GradingContext(read_bank_names=read_bank_names)


def finish_attempt(attempt: Attempt, now: datetime) -> None:
    """Close the attempt and store its totals; unanswered questions earn nothing.

    The totals are summed in SQL by the statement that closes the attempt, under
    the attempt's lock, so they include every answer stored before the close and
    no answer can be stored after it.
    """
    if attempt.is_finished or not _lock_attempt_if(
        Attempt.id == attempt.id, Attempt.finished_at.is_(None)
    ):
        return

    def items_total(column):
        return (
            select(func.coalesce(func.sum(column), 0.0))
            .where(AttemptItem.attempt_id == attempt.id)
            .scalar_subquery()
        )

    db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.finished_at.is_(None))
        .values(
            finished_at=now,
            points_earned=items_total(AttemptItem.points_earned),
            points_possible=items_total(AttemptItem.points_possible),
        )
        .execution_options(synchronize_session=False)
    )
    count_finished_attempts([attempt.id])
    db.session.refresh(attempt, ["finished_at", "points_earned", "points_possible"])
    if not attempt.gives_feedback:
        record_deferred_reviews(attempt, now)


def is_overdue(attempt: Attempt, now: datetime) -> bool:
    """Tell whether a timed attempt has run past its deadline."""
    return attempt.deadline_at is not None and now > attempt.deadline_at


def next_unanswered(attempt: Attempt) -> AttemptItem | None:
    """Return the first question of the attempt still waiting for an answer."""
    return next((item for item in attempt.items if not item.is_answered), None)


# Test mode: answers stay open to change until hand-in, like a paper exam.


def save_answer(item: AttemptItem, response, now: datetime) -> bool:
    """Store or replace a test answer while the attempt is open; tell whether it was stored.

    The grade is kept but never shown before hand-in, and the review schedule waits
    for hand-in too, so changing an answer never counts as a second review.
    """
    is_open, latest = _lock_if_open(item, now, previous_only=False)
    if not is_open:
        return False
    result = grade_item(item, response)
    # Time on a question runs from the last answer saved anywhere in the test, and a
    # changed answer keeps the time of the first.
    seconds = max((now - (latest or item.attempt.started_at)).total_seconds(), 0.0)
    return _store_graded(item, response, result, now, seconds, first_answer_only=False)


# The columns `_store_graded` writes, to be read back from the row when next asked for.
STORED_ANSWER_COLUMNS = ["response", "points_earned", "is_correct", "answered_at", "seconds_taken"]


def _store_graded(item: AttemptItem, response, result: Grade, now: datetime, seconds: float,
                  first_answer_only: bool) -> bool:
    """Store a graded answer only while the attempt still takes answers; tell whether it was.

    The condition sits in the UPDATE itself, so an answer racing the finish is either
    in before the close (and counted by it) or not stored at all.
    """
    # On the session's connection, past the ORM's execute path: nothing is pending
    # before an answer is stored, and the item's columns are expired just below.
    stored = db.session.connection().execute(answer_statements.store_graded(first_answer_only), {
        "b_item_id": item.id, "b_attempt_id": item.attempt_id, "b_now": now,
        "b_response": response, "b_points_earned": result.points_earned,
        "b_is_correct": result.is_correct, "b_answered_at": now, "b_seconds": seconds,
    }).rowcount
    # Read back only if someone asks: the view that redirects next never does.
    db.session.expire(item, STORED_ANSWER_COLUMNS)
    return stored == 1


def set_flag(item: AttemptItem, is_flagged: bool) -> None:
    """Mark a question to come back to before handing in, or clear the mark."""
    item.is_flagged = is_flagged


def record_deferred_reviews(attempt: Attempt, now: datetime) -> None:
    """Schedule the answers of a test once, at hand-in, graded as they were counted.

    The items are read afresh, since an answer saved by a request that raced this
    hand-in may have landed after this request first loaded them.
    """
    answered = db.session.scalars(
        select(AttemptItem)
        .where(AttemptItem.attempt_id == attempt.id, AttemptItem.answered_at.is_not(None))
        .execution_options(populate_existing=True)
    ).all()
    for item in answered:
        result = Grade(item.points_earned or 0.0, item.points_possible, bool(item.is_correct))
        record_review(attempt.user_id, item.question_id, result, item.seconds_taken, now)
