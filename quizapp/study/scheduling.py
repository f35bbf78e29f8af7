"""Schedule reviews with FSRS, the spaced-repetition scheduler modern Anki uses.

Plain values in and out: the caller stores `ReviewResult.card_state` in a JSON
column and `ReviewResult.due_at` in an indexed column, and passes the stored
state back in on the next answer. Nothing here reads the clock, so callers and
tests choose the time.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from quizapp.vocabulary import Mastery

__all__ = [
    "Mastery",
    "Rating",
    "ReviewResult",
    "mastery_of",
    "rating_for",
    "schedule_review",
]

QUICK_SECONDS = 10

# Fuzzing spreads due dates at random; without it the same answers give the same schedule.
_SCHEDULER = Scheduler(enable_fuzzing=False)
# The database row identifies the card; fsrs would otherwise derive an id from the wall clock.
_CARD_ID = 0

@dataclass(frozen=True)
class ReviewResult:
    """The card's new FSRS state, when it falls due next, and the rating that led there."""

    card_state: dict[str, Any]
    due_at: datetime
    rating: Rating


def rating_for(
    fraction: float,
    is_correct: bool,
    seconds_taken: float | None,
    quick_seconds: float = QUICK_SECONDS,
) -> Rating:
    """Rate an answer the way a learner would rate a flashcard: Again, Hard, Good or Easy."""
    if is_correct:
        is_quick = seconds_taken is not None and seconds_taken < quick_seconds
        return Rating.Easy if is_quick else Rating.Good
    if fraction > 0:
        return Rating.Hard
    return Rating.Again


def schedule_review(
    card_state: dict[str, Any] | None, rating: Rating, reviewed_at: datetime
) -> ReviewResult:
    """Apply one rated answer to a card (a new one when card_state is None)."""
    reviewed_at = _as_utc(reviewed_at)
    if card_state is None:
        card = Card(card_id=_CARD_ID, due=reviewed_at)
    else:
        card = Card.from_dict(card_state)
    card, _log = _SCHEDULER.review_card(card, rating, review_datetime=reviewed_at)
    return ReviewResult(card_state=dict(card.to_dict()), due_at=card.due, rating=rating)


def mastery_of(card_state: dict[str, Any] | None) -> Mastery:
    """Tell whether a question is unseen, still being learned, or known (graduated to review)."""
    if card_state is None:
        return Mastery.NOT_SEEN
    if Card.from_dict(card_state).state == State.Review:
        return Mastery.KNOWN
    return Mastery.LEARNING


def _as_utc(moment: datetime) -> datetime:
    """Convert an aware datetime to UTC, which fsrs insists on; refuse naive ones."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given; use an aware UTC datetime")
    return moment.astimezone(UTC)
