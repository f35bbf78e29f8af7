"""A learner's progress: every bank studied, one bank in detail, and their time zone."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from quizapp.extensions import db
from quizapp.learners import current_learner, start_once
from quizapp.models import Attempt, Bank
from quizapp.models.types import utcnow
from quizapp.progress.forms import DetectedTimeZoneForm, TimeZoneForm, WeakFactsQuizForm
from quizapp.study.attempts import attempt_with_questions
from quizapp.study.progress import (
    active_question_ids_of,
    progress_report,
    studied_banks,
    study_streak,
    weakest_facts,
)
from quizapp.study.reviews import due_summaries
from quizapp.vocabulary import QuizMode
from quizapp.zones import DEFAULT_ZONE

bp = Blueprint("progress", __name__, url_prefix="/progress")


@bp.get("/")
def index():
    """List every bank the learner has studied with scores and reviews due, and the streak."""
    if not current_user.is_authenticated:
        return render_template("progress/index.html", banks=[])
    now = utcnow()
    return render_template(
        "progress/index.html",
        banks=studied_banks(current_user.id),
        scores=Attempt.score_summaries(current_user),
        due=due_summaries(current_user, now),
        streak_days=study_streak(current_user.id, now, current_user.time_zone),
    )


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


@bp.route("/time-zone", methods=["GET", "POST"])
@login_required
def time_zone():
    """Let the learner choose the time zone their dates, times and streak days use."""
    form = TimeZoneForm(time_zone=current_user.time_zone or DEFAULT_ZONE)
    if form.validate_on_submit():
        current_user.time_zone = form.time_zone.data
        db.session.commit()
        flash(f"Times are now shown in {form.time_zone.data}.", "success")
        return redirect(url_for("progress.time_zone"))
    return render_template("progress/time_zone.html", form=form)


@bp.post("/time-zone/detected")
@login_required
def detect_time_zone():
    """Store the zone the browser reports, once: a zone the learner chose is never replaced."""
    form = DetectedTimeZoneForm()
    if not form.validate_on_submit():
        return {"stored": False, "errors": form.errors}, 400
    stored = current_user.time_zone is None
    if stored:
        current_user.time_zone = form.time_zone.data
        db.session.commit()
    return {"stored": stored}
