"""Learning statistics from plain values: accuracy, weak facts, study streaks and mastery.

Nothing here touches the database or the clock; `quizapp.study.progress`
feeds these functions the aggregates it reads.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from quizapp.points import percent_of
from quizapp.vocabulary import Category, Mastery


@dataclass(frozen=True)
class CategoryAccuracy:
    """Points a learner earned out of the points they could have earned in one category."""

    category: str
    points_earned: float
    points_possible: float

    @property
    def percent(self) -> int:
        """Round the share of points earned to a whole percentage."""
        return round(percent_of(self.points_earned, self.points_possible))


@dataclass(frozen=True)
class WeakFact:
    """A fact the learner keeps missing: how many answers on it were wrong, out of how many."""

    fact_id: int
    statement: str
    misses: int
    answers: int


@dataclass(frozen=True)
class FactMasteries:
    """How well a learner knows each fact of a bank; facts never reviewed are not seen."""

    levels: Mapping[int, Mastery] = field(default_factory=dict)

    def of(self, fact_id: int) -> Mastery:
        """Return the fact's mastery, not seen when none of its questions has a card."""
        return self.levels.get(fact_id, Mastery.NOT_SEEN)


def category_accuracies(totals: Mapping[str, tuple[float, float]]) -> list[CategoryAccuracy]:
    """Turn (earned, possible) per category into accuracies, in the study sheet's order."""
    order = {category.value: index for index, category in enumerate(Category)}
    return [
        CategoryAccuracy(category, float(earned), float(possible))
        for category, (earned, possible) in sorted(
            totals.items(), key=lambda pair: (order.get(pair[0], len(order)), pair[0])
        )
        if possible
    ]


def streak(newest_day: date, run_length: int, today: date) -> int:
    """Count the latest run of consecutive study days if it ends today or yesterday, else 0.

    `newest_day` is the last day of the run, and no later than today.
    """
    if newest_day < today - timedelta(days=1):
        return 0
    return run_length


def fact_mastery(reviewed: int, mastered: int) -> Mastery:
    """Derive a fact's mastery from its questions' review cards.

    `reviewed` counts the fact's questions that have a card; `mastered` counts
    those whose card is known and whose last answer was right.
    """
    if not 0 <= mastered <= reviewed:
        raise ValueError(f"mastered ({mastered}) must be between 0 and reviewed ({reviewed})")
    if reviewed == 0:
        return Mastery.NOT_SEEN
    if mastered == reviewed:
        return Mastery.KNOWN
    return Mastery.LEARNING
