"""Flashcards on a bank's facts: the front, the back (a link, so it works without
JavaScript) and a rating that moves the fact's review cards."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from quizapp.extensions import db
from quizapp.flashcards.forms import RATINGS, RateCardForm
from quizapp.learners import current_learner
from quizapp.models import Bank, Fact
from quizapp.models.types import utcnow
from quizapp.study.flashcards import card_version, deck_of, front_of, rate_fact

bp = Blueprint("flashcards", __name__, url_prefix="/flashcards")


def _fact_in(bank: Bank, fact_key: str | None, fact_id: int | None = None) -> Fact | None:
    """Load one active fact of the bank with its questions, by key or id."""
    query = select(Fact).options(selectinload(Fact.questions)).where(
        Fact.bank_id == bank.id, Fact.is_retired.is_(False)
    )
    if fact_key is not None:
        query = query.where(Fact.key == fact_key)
    else:
        query = query.where(Fact.id == fact_id)
    return db.session.scalar(query)


@bp.get("/<bank_slug>", defaults={"fact_key": None})
@bp.get("/<bank_slug>/cards/<fact_key>")
def card(bank_slug, fact_key):
    """Show the next card's front, or a given card; `?side=back` turns it over."""
    bank = db.first_or_404(Bank.by_slug(bank_slug))
    user_id = current_user.id if current_user.is_authenticated else None
    deck = deck_of(user_id, bank.id, utcnow())
    if fact_key is None and deck.next_fact_id is None:
        return render_template("flashcards/card.html", bank=bank, deck=deck, fact=None)
    fact = _fact_in(bank, fact_key, deck.next_fact_id)
    active = [question for question in fact.questions if not question.is_retired] if fact else []
    if not active:
        abort(404)
    form = RateCardForm(version=card_version(user_id, fact))
    return render_template(
        "flashcards/card.html", bank=bank, deck=deck, fact=fact, form=form, ratings=RATINGS,
        front=front_of(fact.category, fact.statement, [question.prompt for question in active]),
        flipped=request.args.get("side") == "back",
    )


@bp.post("/<bank_slug>/cards/<fact_key>/rating")
def rate(bank_slug, fact_key):
    """Rate the card Again, Hard, Good or Easy and move on to the next one."""
    bank = db.first_or_404(Bank.by_slug(bank_slug))
    fact = _fact_in(bank, fact_key)
    if fact is None:
        abort(404)
    form = RateCardForm()
    if not form.validate_on_submit():
        flash("Choose Again, Hard, Good or Easy to rate the card.", "error")
        return redirect(url_for("flashcards.card", bank_slug=bank.slug, fact_key=fact.key,
                                side="back"))
    learner = current_learner()
    if form.version.data != card_version(learner.id, fact):
        flash("That card was already rated; here is the next one.", "info")
    else:
        rate_fact(learner.id, fact, form.chosen_rating, utcnow())
        db.session.commit()
    return redirect(url_for("flashcards.card", bank_slug=bank.slug))
