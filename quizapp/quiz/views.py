"""Taking a quiz: one question at a time, feedback, finishing and the result."""

from collections import defaultdict

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.orm import joinedload, selectinload

from quizapp.extensions import db
from quizapp.grading import format_answer, format_response
from quizapp.models import Attempt, AttemptItem, Question
from quizapp.models.types import utcnow
from quizapp.quiz.forms import answer_form_for
from quizapp.ratelimits import answer_limit
from quizapp.study.attempts import finish_attempt, is_overdue, next_unanswered, record_answer

bp = Blueprint("quiz", __name__, url_prefix="/quiz")


def owned_attempt(attempt_id: int) -> Attempt:
    """Load the learner's own attempt with its questions; anyone else gets a 404."""
    if not current_user.is_authenticated:
        abort(404)
    return db.first_or_404(
        Attempt.owned_by(current_user)
        .where(Attempt.id == attempt_id)
        .options(
            joinedload(Attempt.bank),
            selectinload(Attempt.items).joinedload(AttemptItem.question)
            .joinedload(Question.fact),
        )
    )


def item_at(attempt: Attempt, position: int) -> AttemptItem:
    if not 1 <= position <= len(attempt.items):
        abort(404)
    return attempt.items[position - 1]


def close_if_overdue(attempt: Attempt) -> None:
    """Finish a timed attempt whose time is up; later answers are never counted."""
    if not attempt.is_finished and is_overdue(attempt, utcnow()):
        finish_attempt(attempt, attempt.deadline_at)
        db.session.commit()
        flash("Time is up. Answers given after the deadline were not counted.", "info")


def open_attempt(attempt_id: int) -> Attempt:
    """Load the learner's attempt that still takes answers; a finished one shows its result."""
    attempt = owned_attempt(attempt_id)
    close_if_overdue(attempt)
    if attempt.is_finished:
        abort(redirect(url_for("quiz.result", attempt_id=attempt.id)))
    return attempt


def next_step(attempt: Attempt) -> str:
    """Go to the next open question or, with none left, finish and go to the result."""
    waiting = next_unanswered(attempt)
    if waiting is None:
        finish_attempt(attempt, utcnow())
        db.session.commit()
        return url_for("quiz.result", attempt_id=attempt.id)
    return url_for("quiz.question", attempt_id=attempt.id, position=waiting.position)


@bp.get("/<int:attempt_id>/<int:position>")
def question(attempt_id, position):
    """Show one question, or its feedback once answered in a mode that gives feedback."""
    attempt = open_attempt(attempt_id)
    item = item_at(attempt, position)
    if item.is_answered and not attempt.gives_feedback:
        return redirect(next_step(attempt))
    form = answer_form_for(item.question.type, item.question.data, item.presentation)
    return render_question(attempt, item, form)


@bp.post("/<int:attempt_id>/<int:position>")
@answer_limit
def answer(attempt_id, position):
    """Grade and record an answer; a repeated submission leaves the first one standing."""
    attempt = open_attempt(attempt_id)
    item = item_at(attempt, position)
    form = answer_form_for(item.question.type, item.question.data, item.presentation)
    # CSRFProtect has already checked the token of every POST, skips included.
    skipping = form.is_skipping()
    if not skipping and not form.validate_on_submit():
        return render_question(attempt, item, form), 422
    if record_answer(item, None if skipping else form.response(), utcnow()):
        db.session.commit()
    else:
        flash("You had already answered this question, so your first answer stands.", "info")
    return redirect(after_answer(attempt, item))


def after_answer(attempt: Attempt, item: AttemptItem) -> str:
    """Where to go next: feedback where the mode gives it, else the next open question."""
    if attempt.gives_feedback:
        return url_for("quiz.question", attempt_id=attempt.id, position=item.position)
    return next_step(attempt)


def render_question(attempt: Attempt, item: AttemptItem, form):
    answered = item.is_answered
    return render_template(
        "quiz/question.html",
        attempt=attempt,
        item=item,
        form=form,
        finish_form=FlaskForm(),
        feedback=answered,
        correct_answer=format_answer(item.question.type, item.question.data) if answered else None,
        given_answer=format_response(item.question.type, item.question.data, item.response)
        if answered else None,
        answered_count=sum(1 for i in attempt.items if i.is_answered),
    )


@bp.post("/<int:attempt_id>/finish")
def finish(attempt_id):
    """End the attempt now; questions left unanswered earn no points."""
    attempt = owned_attempt(attempt_id)
    close_if_overdue(attempt)
    if not attempt.is_finished:
        finish_attempt(attempt, utcnow())
        db.session.commit()
    return redirect(url_for("quiz.result", attempt_id=attempt.id))


@bp.get("/<int:attempt_id>/result")
def result(attempt_id):
    """Show the score, the breakdown per category and every answer with its explanation."""
    attempt = owned_attempt(attempt_id)
    close_if_overdue(attempt)
    if not attempt.is_finished:
        waiting = next_unanswered(attempt)
        position = waiting.position if waiting else 1
        flash("Finish the quiz to see your result.", "info")
        return redirect(url_for("quiz.question", attempt_id=attempt.id, position=position))
    breakdown = defaultdict(lambda: [0.0, 0.0])
    for item in attempt.items:
        breakdown[item.question.category][0] += item.points_earned or 0
        breakdown[item.question.category][1] += item.points_possible
    reviews = [
        (item, format_response(item.question.type, item.question.data, item.response),
         format_answer(item.question.type, item.question.data))
        for item in attempt.items
    ]
    return render_template("quiz/result.html", attempt=attempt, reviews=reviews,
                           breakdown=dict(sorted(breakdown.items())))
