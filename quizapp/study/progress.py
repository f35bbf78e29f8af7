"""Aggregate queries behind the progress page.

Each function runs one query whose cost does not depend on how many answers
the learner has given: answers are read through the sums the database keeps per
learner (`quizapp.models.learner_tally`). Plain values go on to `quizapp.study.mastery`.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select

from quizapp.extensions import db
from quizapp.models import (
    Attempt,
    Bank,
    Fact,
    LearnerTally,
    Question,
    ReviewState,
    User,
)
from quizapp.study.mastery import (
    CategoryAccuracy,
    WeakFact,
    category_accuracies,
)
from quizapp.study.reviews import DueSummary, due_summaries
from quizapp.study.streaks import study_streak

WEAK_FACT_LIMIT = 5


@dataclass(frozen=True)
class ProgressReport:
    """Everything the progress page shows about one learner on one bank."""

    accuracies: list[CategoryAccuracy]
    weak_facts: list[WeakFact]
    streak_days: int
    due: DueSummary | None


# Both progress statements are built once, with the learner and bank bound per call:
# building them afresh cost about as much as running them.
_BY_CATEGORY = (
    select(
        Question.category,
        func.sum(LearnerTally.points_earned),
        func.sum(LearnerTally.points_possible),
    )
    .join(Question, Question.id == LearnerTally.question_id)
    .where(LearnerTally.user_id == bindparam("user_id"), Question.bank_id == bindparam("bank_id"))
    .group_by(Question.category)
)


def _weakest_facts():
    misses = func.sum(LearnerTally.misses)
    answers = func.sum(LearnerTally.answers)
    return (
        select(Fact.id, Fact.statement, misses, answers)
        .select_from(LearnerTally)
        .join(Question, Question.id == LearnerTally.question_id)
        .join(Fact, Fact.id == Question.fact_id)
        .where(
            LearnerTally.user_id == bindparam("user_id"),
            Question.bank_id == bindparam("bank_id"),
            Fact.is_retired.is_(False),
        )
        .group_by(Fact.id, Fact.statement, Fact.position)
        .having(misses > 0)
        .order_by(misses.desc(), answers, Fact.position, Fact.id)
        .limit(bindparam("limit"))
    )


_WEAKEST_FACTS = _weakest_facts()


def accuracy_by_category(user_id: int, bank_id: int) -> list[CategoryAccuracy]:
    """Sum the points the user earned and could have earned per category of the bank."""
    rows = db.session.execute(_BY_CATEGORY, {"user_id": user_id, "bank_id": bank_id})
    totals = {category: (earned, possible) for category, earned, possible in rows}
    return category_accuracies(totals)


def weakest_facts(user_id: int, bank_id: int, limit: int = WEAK_FACT_LIMIT) -> list[WeakFact]:
    """Find the facts the user missed most often, worst first, only those missed at least once.

    Ties go to the fact missed on a larger share of its answers, then to the
    fact that comes first on the study sheet.
    """
    rows = db.session.execute(
        _WEAKEST_FACTS, {"user_id": user_id, "bank_id": bank_id, "limit": limit}
    )
    return [WeakFact(*row) for row in rows]


def active_question_ids_of(fact_ids: list[int]) -> list[int]:
    """Return the ids of these facts' active questions, fact by fact in the order given."""
    rows = db.session.execute(
        select(Question.fact_id, Question.id)
        .where(Question.fact_id.in_(fact_ids), Question.is_retired.is_(False))
        .order_by(Question.position, Question.id)
    ).all()
    rank = {fact_id: index for index, fact_id in enumerate(fact_ids)}
    return [question_id for _, question_id in sorted(rows, key=lambda row: rank[row[0]])]


def progress_report(user: User, bank_id: int, now: datetime) -> ProgressReport:
    """Gather the progress page's figures for one learner and bank in a fixed number of queries."""
    return ProgressReport(
        accuracies=accuracy_by_category(user.id, bank_id),
        weak_facts=weakest_facts(user.id, bank_id),
        streak_days=study_streak(user.id, now, user.time_zone),
        due=due_summaries(user, now).get(bank_id),
    )


def studied_banks(user_id: int) -> list[Bank]:
    """List the banks the user has started a quiz on or has review cards in, by title."""
    quizzed = select(Attempt.bank_id).where(Attempt.user_id == user_id)
    reviewed = (
        select(Question.bank_id)
        .join(ReviewState, ReviewState.question_id == Question.id)
        .where(ReviewState.user_id == user_id)
    )
    return list(db.session.scalars(
        select(Bank).where(Bank.id.in_(quizzed.union(reviewed))).order_by(Bank.title, Bank.id)
    ))
