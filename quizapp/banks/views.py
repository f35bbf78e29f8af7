"""A bank's page: its study sheet and the form that starts a quiz on it."""

from functools import lru_cache

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from wtforms import SelectChoice

from quizapp.banks.forms import StartQuizForm
from quizapp.extensions import db, read_rows
from quizapp.learners import current_learner, start_once
from quizapp.models.bank import SHEET_FACTS, Bank, BankDetails
from quizapp.models.types import utcnow
from quizapp.study.attempts import start_attempt
from quizapp.study.mastery import FactMasteries
from quizapp.study.resume import open_attempts
from quizapp.study.reviews import bank_cards
from quizapp.study.study_sheet import SheetFact, study_sheet
from quizapp.vocabulary import Mastery, QuizMode

# The query string value that hides the facts a learner already knows.
ONLY_UNKNOWN = "to-learn"

bp = Blueprint("banks", __name__, url_prefix="/banks")

# Review and mistakes draw on past answers: with none yet, say what to do instead.
NOTHING_TO_ASK = {
    QuizMode.PRACTICE: ("No questions match those categories. Choose others.", "error"),
    QuizMode.TEST: ("No questions match those categories. Choose others.", "error"),
    QuizMode.REVIEW: ("Nothing is due for review in those categories right now. Questions "
                      "come due once you have answered them. Try a practice quiz.", "info"),
    QuizMode.MISTAKES: ("No mistakes to go over: you got each of those questions right "
                        "the last time you answered it, or have not answered any yet. "
                        "Try a practice quiz.", "info"),
}


@bp.route("/<bank_slug>", methods=["GET", "POST"])
def show(bank_slug):
    """Show the study sheet and start a quiz when the form is submitted."""
    bank, counts = Bank.with_category_counts(bank_slug)
    if bank is None:
        abort(404)
    now = utcnow()
    form = None  # built only when sent: a GET shows the blank form's fields, kept per bank
    if request.method == "POST":
        form = start_form(counts)
        if form.validate_on_submit():
            mode = QuizMode(form.mode.data)
            learner = current_learner()
            attempt = start_once(learner, form.start_key.data, lambda: start_attempt(
                learner, db.session.get(Bank, bank.id), mode, form.categories.data,
                form.question_count.data, now, form.time_limit_minutes.data,
            ))
            if attempt is not None:
                return redirect(url_for("quiz.question", attempt_id=attempt.id, position=1))
            flash(*NOTHING_TO_ASK[mode])
    cards, unfinished = None, []
    if current_user.is_authenticated:
        cards = bank_cards(current_user, bank.id, now)
        unfinished = open_attempts(current_user, now, bank.id)
    facts = tuple(SheetFact(*row) for row in read_rows(SHEET_FACTS, {"bank_id": bank.id}))
    only_unknown = cards is not None and request.args.get("facts") == ONLY_UNKNOWN
    levels = None if cards is None else tuple(sorted(cards.mastery.levels.items()))
    if form is None:
        options = blank_start_options(tuple(sorted(counts.items())))
    else:
        options = start_options(form)
    return render_template(
        "banks/show.html", bank=bank, form=form, start_options=options,
        due=cards and cards.due, mistakes=cards.mistakes if cards else 0, unfinished=unfinished,
        sheet=rendered_sheet(request.script_root, bank, facts, levels, only_unknown),
    )


def start_form(counts: dict[str, int]) -> StartQuizForm:
    """Build the start form with a choice for each category, labelled with its question count."""
    form = StartQuizForm()
    form.categories.choices = [
        SelectChoice(
            category, f"{category.capitalize()} ({count} question{'s' if count != 1 else ''})"
        )
        for category, count in sorted(counts.items())
    ]
    return form


def start_options(form: StartQuizForm) -> Markup:
    """Render the start form's fields (not its CSRF token or start key) with their values."""
    return Markup(render_template("banks/_start_options.html", form=form))


# The blank form's fields are the same for everyone who opens the bank until its question
# counts change, and writing them out cost more than the rest of the start area.
@lru_cache(maxsize=64)
def blank_start_options(counts: tuple[tuple[str, int], ...]) -> Markup:
    """Render the fields of a start form not yet sent, for a bank with these counts."""
    return start_options(start_form(dict(counts)))


# Drawing some eighty facts cost more than the rest of the page, yet a learner's sheet only
# changes when the bank is imported again or the mastery of a fact moves. Every input is
# in the key, so a changed fact or mark renders afresh; the script root is there for the
# links.
@lru_cache(maxsize=64)
def rendered_sheet(
    script_root: str, bank: BankDetails, facts: tuple[SheetFact, ...],
    levels: tuple[tuple[int, Mastery], ...] | None, only_unknown: bool,
) -> Markup:
    """Render the study sheet of a bank for one set of mastery marks (None for visitors)."""
    mastery = None if levels is None else FactMasteries(dict(levels))
    return Markup(render_template(
        "banks/_study_sheet.html", bank=bank, mastery=mastery,
        sections=study_sheet(facts, mastery, only_unknown), fact_count=len(facts),
        only_unknown=only_unknown, only_unknown_value=ONLY_UNKNOWN,
    ))
