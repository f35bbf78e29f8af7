"""Everything stored about one learner, as plain data for the "download my data" file."""

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from quizapp.accounts.sessions import sessions_of
from quizapp.extensions import db
from quizapp.models import Attempt, AttemptItem, Question, ReviewState, User


def account_data(user: User) -> dict[str, Any]:
    """Collect the account, its attempts with every answer, its review cards and sessions."""
    attempts = db.session.scalars(
        Attempt.owned_by(user).order_by(Attempt.started_at, Attempt.id).options(
            joinedload(Attempt.bank),
            selectinload(Attempt.items).joinedload(AttemptItem.question),
        )
    ).all()
    cards = db.session.scalars(
        select(ReviewState).where(ReviewState.user_id == user.id).order_by(ReviewState.id)
        .options(joinedload(ReviewState.question).joinedload(Question.bank))
    ).all()
    # A test still running keeps its marks to itself until it is handed in.
    still_secret = {
        item.question_id
        for attempt in attempts if not attempt.marks_shown
        for item in attempt.items
    }
    return {
        "account": {
            "username": user.username,
            "is_admin": user.is_admin,
            "created_at": stamp(user.created_at),
        },
        "attempts": [attempt_data(attempt) for attempt in attempts],
        "review_cards": [card_data(card, card.question_id in still_secret) for card in cards],
        "sessions": [
            {
                "created_at": stamp(session.created_at),
                "last_seen_at": stamp(session.last_seen_at),
                "user_agent": session.user_agent,
            }
            for session in sessions_of(user)
        ],
    }


def attempt_data(attempt: Attempt) -> dict[str, Any]:
    shown = attempt.marks_shown
    return {
        "bank": attempt.bank.slug,
        "mode": attempt.mode,
        "categories": attempt.categories,
        "started_at": stamp(attempt.started_at),
        "deadline_at": stamp(attempt.deadline_at),
        "finished_at": stamp(attempt.finished_at),
        "points_earned": attempt.points_earned,
        "points_possible": attempt.points_possible,
        "answers": [
            {
                "position": item.position,
                "question": item.question.key,
                "response": item.response,
                "answered_at": stamp(item.answered_at),
                "seconds_taken": item.seconds_taken,
                "points_possible": item.points_possible,
                "points_earned": item.points_earned if shown else None,
                "is_correct": item.is_correct if shown else None,
            }
            for item in attempt.items
        ],
    }


def card_data(card: ReviewState, held_back: bool) -> dict[str, Any]:
    """Describe a review card; one a running test asks about comes without its verdict."""
    return {
        "bank": card.question.bank.slug,
        "question": card.question.key,
        "review_count": card.review_count,
        "last_reviewed_at": stamp(card.last_reviewed_at),
        "due_at": None if held_back else stamp(card.due_at),
        "mastery": None if held_back else card.mastery,
        "last_is_correct": None if held_back else card.last_is_correct,
        "card_state": None if held_back else card.card_state,
    }


def stamp(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
