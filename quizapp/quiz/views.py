"""Taking a quiz: one question at a time, feedback or deferred grading, hand-in and result."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from quizapp.extensions import db
from quizapp.grading import format_answer, format_response, placements
from quizapp.learners import start_once
from quizapp.models import Attempt, ShownItem, read_shown_item, shown_item
from quizapp.models.types import utcnow
from quizapp.quiz.forms import (
    MAX_TYPED_ANSWER,
    AbandonForm,
    FlagForm,
    PractiseMistakesForm,
    answer_form_for,
    input_options,
    shown_values,
    submitted_values,
)
from quizapp.quiz.navigator import navigator_links
from quizapp.ratelimits import answer_limit
from quizapp.study.attempts import (
    AnswerOutcome,
    attempt_with_questions,
    finish_attempt,
    grade_item,
    is_overdue,
    next_unanswered,
    record_answer,
    save_answer,
    set_flag,
)
from quizapp.study.results import finished_attempt
from quizapp.study.resume import abandon_attempt, mistaken_question_ids, standing_after
from quizapp.vocabulary import QuizMode

bp = Blueprint("quiz", __name__, url_prefix="/quiz")
bp.add_app_template_global(navigator_links)


def owned_attempt(attempt_id: int) -> Attempt:
    """Load the learner's own attempt with its questions; anyone else gets a 404."""
    if not current_user.is_authenticated:
        abort(404)
    attempt = Attempt.with_questions(current_user.id, attempt_id)
    if attempt is None:
        abort(404)
    return attempt


def owned_item(attempt_id: int, position: int, load=shown_item) -> ShownItem:
    """Load one question of the learner's own attempt, and how far the attempt has got.

    One query, whatever the attempt's length: the other items are only counted.
    Anyone else, and any position the attempt does not have, gets a 404. `load` is
    `shown_item` to answer it, or `read_shown_item` only to show it.
    """
    if not current_user.is_authenticated:
        abort(404)
    shown = load(current_user.id, attempt_id, position)
    if shown is None:
        abort(404)
    return shown


def close_if_overdue(attempt: Attempt) -> None:
    """Finish a timed attempt whose time is up; later answers are never counted."""
    if not attempt.is_finished and is_overdue(attempt, utcnow()):
        finish_attempt(attempt, attempt.deadline_at)
        db.session.commit()
        flash("Time is up. Answers given after the deadline were not counted.", "info")


def open_item(attempt_id: int, position: int, load=shown_item) -> ShownItem:
    """Load a question of an attempt that still takes answers; a finished one shows its result.

    An overdue attempt is closed through `open_attempt`, which reads it in the session:
    the item `read_shown_item` gives is not, so nothing written to it would be saved.
    """
    shown = owned_item(attempt_id, position, load)
    attempt = shown.item.attempt
    if not attempt.is_finished and is_overdue(attempt, utcnow()):
        open_attempt(attempt_id)  # closes it, then shows the result
    if attempt.is_finished:
        abort(redirect(url_for("quiz.result", attempt_id=attempt.id)))
    return shown


def open_attempt(attempt_id: int) -> Attempt:
    """Load the learner's attempt that still takes answers; a finished one shows its result."""
    attempt = owned_attempt(attempt_id)
    close_if_overdue(attempt)
    if attempt.is_finished:
        abort(redirect(url_for("quiz.result", attempt_id=attempt.id)))
    return attempt


@bp.get("/<int:attempt_id>/<int:position>")
def question(attempt_id, position):
    """Show one question: its feedback once answered in practice, its saved answer in a test."""
    shown = open_item(attempt_id, position, read_shown_item)
    item = shown.item
    response = None if item.attempt.gives_feedback else item.response
    return render_question(shown, shown_values(
        item.asked.type, item.asked.data, item.presentation, response
    ))


@bp.post("/<int:attempt_id>/<int:position>")
@answer_limit
def answer(attempt_id, position):
    """Grade an answer: practice shows feedback, a test stores it (changeable) and moves on."""
    shown = open_item(attempt_id, position)
    item, attempt = shown.item, shown.item.attempt
    form = answer_form_for(item.asked.type, item.asked.data, item.presentation)
    # CSRFProtect has already checked the token of every POST, skips included.
    skipping = form.is_skipping()
    if not skipping and not form.validate_on_submit():
        return render_question(shown, *submitted_values(form)), 422
    now = utcnow()
    if not attempt.gives_feedback:
        # A skip in a test leaves the question open (and any saved answer as it was).
        if not skipping:
            if not save_answer(item, form.response(), now):
                return refused_as_late(attempt, now)
            db.session.commit()
        return redirect(after_test_answer(attempt_id, position, shown.total))
    outcome = record_answer(item, None if skipping else form.response(), now)
    if outcome is AnswerOutcome.TOO_LATE:
        return refused_as_late(attempt, now)
    if outcome is AnswerOutcome.STORED:
        db.session.commit()
    else:
        flash("You had already answered this question, so your first answer stands.", "info")
    return redirect(url_for("quiz.question", attempt_id=attempt_id, position=position))


def refused_as_late(attempt: Attempt, now):
    """Send an answer that lost the race with hand-in (or the deadline) to the result."""
    if not is_overdue(attempt, now):  # past the deadline, the result page says so itself
        flash("This quiz had already been handed in, so that answer was not counted.", "info")
    result_url = url_for("quiz.result", attempt_id=attempt.id)
    db.session.rollback()
    return redirect(result_url)


def after_test_answer(attempt_id: int, position: int, total: int) -> str:
    """Go on to the next question of a test, or to the hand-in page after the last."""
    if position < total:
        return url_for("quiz.question", attempt_id=attempt_id, position=position + 1)
    return url_for("quiz.hand_in", attempt_id=attempt_id)


def render_question(shown: ShownItem, values: dict, errors: dict | None = None):
    """Render a question; feedback only where the mode gives it and the answer is in."""
    item = shown.item
    attempt = item.attempt
    feedback = attempt.gives_feedback and item.is_answered
    context = {}
    if feedback:
        key = item.graded_against
        context = {
            "correct_answer": format_answer(key.type, key.data),
            "given_answer": format_response(key.type, key.data, item.response),
            "placements": placements(key.type, key.data, item.response),
            "grade_note": grade_item(item, item.response).note,
        }
    return render_template(
        "quiz/question.html",
        attempt=attempt,
        item=item,
        values=values,
        errors=errors or {},
        options=input_options(item.asked.type, item.presentation),
        max_typed_answer=MAX_TYPED_ANSWER,
        feedback=feedback,
        total=shown.total,
        answered_count=shown.answered,
        statuses=shown.statuses,
        **context,
    )


@bp.post("/<int:attempt_id>/<int:position>/flag")
def flag(attempt_id, position):
    """Flag a test question for later, or clear the flag; then come back to it."""
    item = open_item(attempt_id, position).item
    form = FlagForm()
    if form.validate_on_submit() and not item.attempt.gives_feedback:
        set_flag(item, form.is_flagged.data == "1")
        db.session.commit()
    return redirect(url_for("quiz.question", attempt_id=attempt_id, position=position))


@bp.get("/<int:attempt_id>/hand-in")
def hand_in(attempt_id):
    """List what is unanswered and flagged before the learner hands a test in."""
    attempt = open_attempt(attempt_id)
    if attempt.gives_feedback:
        waiting = next_unanswered(attempt) or attempt.items[-1]
        return redirect(url_for("quiz.question", attempt_id=attempt.id, position=waiting.position))
    return render_template(
        "quiz/hand_in.html", attempt=attempt, finish_form=FlaskForm(), statuses=attempt.items,
        unanswered=[item for item in attempt.items if not item.is_answered],
        flagged=[item for item in attempt.items if item.is_flagged],
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


@bp.post("/<int:attempt_id>/abandon")
def abandon(attempt_id):
    """Drop an unfinished quiz and go back to the page that offered to continue it."""
    attempt = owned_attempt(attempt_id)
    form = AbandonForm()
    bank_url = url_for("banks.show", bank_slug=attempt.bank.slug)
    back = url_for("main.index") if form.back_to.data == "home" else bank_url
    if attempt.is_finished:
        return redirect(url_for("quiz.result", attempt_id=attempt.id))
    title = attempt.bank.title
    abandon_attempt(attempt)
    db.session.commit()
    flash(f"Quiz on {title} abandoned.", "info")
    return redirect(back)


@bp.post("/<int:attempt_id>/mistakes")
def practise_mistakes(attempt_id):
    """Start a practice quiz on the questions this attempt did not get fully right."""
    attempt = owned_attempt(attempt_id)
    if not attempt.is_finished:
        abort(404)
    form = PractiseMistakesForm()
    if not form.validate_on_submit():
        abort(400)
    learner = current_user._get_current_object()
    retry = start_once(learner, form.start_key.data, lambda: attempt_with_questions(
        learner, attempt.bank, QuizMode.PRACTICE, mistaken_question_ids(attempt), utcnow(),
    ))
    if retry is None:
        flash("No mistakes to practise: you got every question of that quiz right.", "info")
        return redirect(url_for("quiz.result", attempt_id=attempt.id))
    return redirect(url_for("quiz.question", attempt_id=retry.id, position=1))


@bp.get("/<int:attempt_id>/result")
def result(attempt_id):
    """Show the score, its change since last time, what to do next, and every answer."""
    if not current_user.is_authenticated:
        abort(404)
    finished = finished_attempt(current_user.id, attempt_id)
    if finished is None:
        attempt = owned_attempt(attempt_id)
        close_if_overdue(attempt)
        if not attempt.is_finished:
            return redirect(to_finish(attempt))
        finished = finished_attempt(current_user.id, attempt_id)
    standing = standing_after(finished.user_id, finished.bank.id, finished.finished_at, utcnow())
    return render_template(
        "quiz/result.html", result=finished,
        previous_percent=standing.previous_percent, due_now=standing.due_now,
    )


def to_finish(attempt: Attempt) -> str:
    """Say what is left before an unfinished attempt has a result, and where to do it."""
    if not attempt.gives_feedback:
        flash("Hand the test in to see your result.", "info")
        return url_for("quiz.hand_in", attempt_id=attempt.id)
    flash("Finish the quiz to see your result.", "info")
    waiting = next_unanswered(attempt)
    position = waiting.position if waiting else 1
    return url_for("quiz.question", attempt_id=attempt.id, position=position)
