"""A learner's progress on one bank, and a practice quiz on the facts they miss most."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from quizapp.extensions import db
from quizapp.learners import current_learner, start_once
from quizapp.models import Bank
from quizapp.models.types import utcnow
from quizapp.progress.forms import WeakFactsQuizForm
from quizapp.study.attempts import attempt_with_questions
from quizapp.study.progress import active_question_ids_of, progress_report, weakest_facts
from quizapp.vocabulary import QuizMode

bp = Blueprint("progress", __name__, url_prefix="/progress")


@bp.get("/<bank_slug>")
def show(bank_slug):
    """Show accuracy per category, the weakest facts, the study streak and reviews due."""
    bank = db.first_or_404(Bank.by_slug(bank_slug))
    if not current_user.is_authenticated:
        # Only answers make progress, so a visitor is pointed at a quiz; no guest is made on GET.
        return render_template("progress/show.html", bank=bank, report=None, form=None)
    report = progress_report(current_user, bank.id, utcnow())
    return render_template(
        "progress/show.html", bank=bank, report=report, form=WeakFactsQuizForm()
    )


@bp.post("/<bank_slug>/weak-facts-quiz")
def weak_quiz(bank_slug):
    """Start a practice quiz on the active questions of the learner's weakest facts."""
    bank = db.first_or_404(Bank.by_slug(bank_slug))
    form = WeakFactsQuizForm()
    if current_user.is_authenticated and form.validate_on_submit():
        learner = current_learner()
        weak = weakest_facts(learner.id, bank.id)
        question_ids = active_question_ids_of([fact.fact_id for fact in weak])
        attempt = start_once(learner, form.start_key.data, lambda: attempt_with_questions(
            learner, bank, QuizMode.PRACTICE, question_ids, utcnow()
        ))
        if attempt is not None:
            return redirect(url_for("quiz.question", attempt_id=attempt.id, position=1))
    flash("There are no missed facts to quiz you on yet.", "info")
    return redirect(url_for("progress.show", bank_slug=bank.slug))
