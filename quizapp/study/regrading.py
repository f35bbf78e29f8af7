"""Re-grade a question's past answers against its current version, after an author fixes a key.

Only ever run on an admin's explicit request: the answers were graded fairly
against what the learner saw, so changing them is a decision, and each change is
recorded in a `Regrade` row. Nothing here commits: the caller owns the transaction.
"""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from quizapp.extensions import db
from quizapp.grading import grade
from quizapp.models import Attempt, AttemptItem, Question, QuestionVersion, Regrade
from quizapp.study.attempts import grading_context
from quizapp.study.item_tallies import recounting


def regrade_question(question: Question, requested_by: str) -> Regrade:
    """Grade every answer to the question given under an older version against the current one."""
    current = db.session.scalar(
        select(QuestionVersion).where(
            QuestionVersion.question_id == question.id,
            QuestionVersion.number == question.version,
        )
    )
    if current is None:
        raise ValueError(f"question {question.key!r} has no stored version to grade against")
    items = db.session.scalars(
        select(AttemptItem)
        .where(AttemptItem.question_id == question.id, AttemptItem.answered_at.is_not(None))
        .options(joinedload(AttemptItem.question_version), joinedload(AttemptItem.regraded_version))
    ).all()
    stale = [item for item in items if graded_version(item) is not current]
    context = grading_context(question)
    results = [
        (item, grade(current.type, current.data, item.points_possible, item.response, context))
        for item in stale
    ]
    changed = [(item, result) for item, result in results
               if (result.points_earned, result.is_correct) != (item.points_earned,
                                                                 item.is_correct)]
    changes = [{
        "attempt_item_id": item.id, "attempt_id": item.attempt_id,
        "version_before": graded.number if (graded := graded_version(item)) else None,
        "points_before": item.points_earned, "points_after": result.points_earned,
        "correct_before": item.is_correct, "correct_after": result.is_correct,
    } for item, result in changed]
    changed_attempts = {change["attempt_id"] for change in changes}
    with recounting(select(Attempt.id).where(Attempt.id.in_(changed_attempts))):
        for item in stale:
            item.regraded_version = current
        for item, result in changed:
            item.points_earned, item.is_correct = result.points_earned, result.is_correct
    refresh_totals(changed_attempts)
    record = Regrade(
        question=question, version_number=current.number, requested_by=requested_by,
        items_checked=len(stale), changes=changes,
    )
    db.session.add(record)
    return record


def graded_version(item: AttemptItem) -> QuestionVersion | None:
    """The version an answer was graded against, or None for answers from before versions."""
    return item.regraded_version or item.question_version


def refresh_totals(attempt_ids: set[int]) -> None:
    """Store the new totals of finished attempts whose answers were re-graded."""
    if not attempt_ids:
        return
    totals = db.session.execute(
        select(AttemptItem.attempt_id, func.coalesce(func.sum(AttemptItem.points_earned), 0))
        .where(AttemptItem.attempt_id.in_(attempt_ids))
        .group_by(AttemptItem.attempt_id)
    )
    earned = dict(totals.all())
    for attempt in db.session.scalars(select(Attempt).where(Attempt.id.in_(attempt_ids))):
        if attempt.is_finished:
            attempt.points_earned = float(earned[attempt.id])
