"""Flashcards from a bank's facts, scheduled with the same FSRS cards as the quizzes.

A fact's card is the set of review cards of its active questions: rating the
flashcard rates each of them, so a fact learnt here stops falling due in review
quizzes, and the study sheet's mastery marks move with it. Facts without an
active question have no card to schedule and are left out of the deck.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select

from quizapp.extensions import db
from quizapp.models import Fact, Question, ReviewState
from quizapp.study.fact_dates import stated_date
from quizapp.study.reviews import record_self_rating
from quizapp.study.scheduling import Rating
from quizapp.vocabulary import Category

__all__ = ["Deck", "Front", "Rating", "card_version", "deck_of", "front_of", "rate_fact"]

BLANK = "…"
# A name at the start of a sentence: capitalised words, allowing "al-" and "de".
_NAME = r"(?P<subject>[A-Z][\w.'-]*(?: (?:al-|de |van |von )?[A-Z][\w.'-]*){0,4})"
# What a sentence is about: up to six words before "is", an aside in commas allowed.
_IS = re.compile(
    r"^(?P<subject>[A-Z][\w.'-]*(?: [\w.'-]+){0,5}?)(?:, [^,]+,)? is (?P<rest>.+)$", re.DOTALL
)
_SAID = re.compile(rf"^{_NAME} said\b")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class Front:
    """The side a learner answers from memory: a question, and the fact with a gap if any."""

    question: str
    gapped: str | None = None


@dataclass(frozen=True)
class Deck:
    """A learner's flashcards in one bank: the next fact to study and how many are left."""

    next_fact_id: int | None
    due: int
    new: int
    next_due_at: datetime | None

    @property
    def remaining(self) -> int:
        return self.due + self.new


def front_of(category: str, statement: str, prompts: list[str]) -> Front:
    """Turn a fact into the question on its card's front, from its category and its text.

    Dates are blanked out of the statement, figures are asked about ("What does 9,000
    count?"), officials and places by name; otherwise the fact's first question asks.
    """
    statement = " ".join(statement.split())
    if category == Category.DATE and (date := stated_date(statement)):
        start, end = date.span
        return Front("When did this happen?", f"{statement[:start]}{BLANK}{statement[end:]}")
    if category == Category.FIGURE and (number := _NUMBER.search(statement)):
        return Front(f"What does the figure {number.group()} count?")
    if category in (Category.OFFICIAL, Category.PLACE) and (match := _IS.match(statement)):
        subject = re.sub(r"^The ", "the ", match["subject"])
        if category == Category.OFFICIAL:
            return Front(f"Who is {subject}?")
        where = match["rest"].startswith(("in ", "based in "))
        return Front(f"Where is {subject}?" if where else f"What is {subject}?")
    if category == Category.OFFICIAL and (match := _SAID.match(statement)):
        return Front(f"What did {match['subject']} say?")
    return Front(prompts[0] if prompts else "What does the source say here?")


def deck_of(user_id: int | None, bank_id: int, now: datetime) -> Deck:
    """Find the learner's next card (most overdue first, then new facts in sheet order).

    One query, whatever the size of the bank or the learner's history.
    """
    reviewed = func.count(ReviewState.id)
    rows = db.session.execute(
        select(Fact.id, func.count(Question.id), reviewed, func.min(ReviewState.due_at))
        .join(Question, and_(Question.fact_id == Fact.id, Question.is_retired.is_(False)))
        .outerjoin(ReviewState, and_(
            ReviewState.question_id == Question.id, ReviewState.user_id == user_id
        ))
        .where(Fact.bank_id == bank_id, Fact.is_retired.is_(False))
        .group_by(Fact.id, Fact.position)
        .order_by(Fact.position, Fact.id)
    ).all()
    # A fact with some questions never reviewed is new; one with a card due is due.
    due = [fact_id for _, fact_id in sorted(
        (due_at, fact_id) for fact_id, _, cards, due_at in rows if cards and due_at <= now
    )]
    new = [
        fact_id for fact_id, questions, cards, _ in rows if cards < questions and fact_id not in due
    ]
    later = [due_at for _, _, cards, due_at in rows if cards and due_at > now]
    queue = due + new
    return Deck(
        next_fact_id=queue[0] if queue else None,
        due=len(due),
        new=len(new),
        next_due_at=min(later, default=None),
    )


def rate_fact(user_id: int, fact: Fact, rating: Rating, now: datetime) -> int:
    """Rate the fact's card: each of its active questions moves on in the learner's schedule.

    Returns how many question cards moved (0 when the fact has no active question).
    """
    question_ids = [question.id for question in fact.questions if not question.is_retired]
    return len(record_self_rating(user_id, question_ids, rating, now))


def card_version(user_id: int | None, fact: Fact) -> int:
    """Count the reviews of the fact's cards, so a rating sent twice is applied once."""
    if user_id is None:
        return 0
    return db.session.scalar(
        select(func.coalesce(func.sum(ReviewState.review_count), 0))
        .join(ReviewState.question)
        .where(ReviewState.user_id == user_id, Question.fact_id == fact.id)
    )
