"""Aggregate queries behind the progress page and the study sheet's mastery marks.

Each function runs one query whose cost does not depend on how many answers
the learner has given, and hands plain values to `quizapp.study.mastery`.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Date, and_, bindparam, case, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from quizapp.extensions import db, read_rows
from quizapp.models import Attempt, AttemptItem, Bank, Fact, Question, ReviewState, User
from quizapp.study.mastery import (
    CategoryAccuracy,
    FactMasteries,
    WeakFact,
    category_accuracies,
    fact_mastery,
    streak,
)
from quizapp.study.reviews import DueSummary, due_summaries
from quizapp.vocabulary import Mastery
from quizapp.zones import local_date, zone_named

WEAK_FACT_LIMIT = 5
# Rows fetched per round trip while walking back through study days.
STUDY_DAY_BATCH = 64


@dataclass(frozen=True)
class ProgressReport:
    """Everything the progress page shows about one learner on one bank."""

    accuracies: list[CategoryAccuracy]
    weak_facts: list[WeakFact]
    streak_days: int
    due: DueSummary | None


class day_in_zone(GenericFunction):
    """The calendar day of a stored UTC timestamp in a learner's zone: day_in_zone(moment, zone)."""

    type = Date()
    inherit_cache = True


@compiles(day_in_zone, "postgresql")
def _day_in_zone_postgresql(element, compiler, **kw):
    moment, zone = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"CAST(timezone({zone}, {moment}) AS DATE)"


@compiles(day_in_zone, "sqlite")
def _day_in_zone_sqlite(element, compiler, **kw):
    # Registered on every SQLite connection by quizapp.extensions.
    return f"quizapp_local_date({compiler.process(element.clauses, **kw)})"


def _answers_of(user_id: int):
    """Select from the user's answered items joined to their attempts."""
    return (
        select()
        .select_from(AttemptItem)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(Attempt.user_id == user_id, AttemptItem.answered_at.is_not(None))
    )


def accuracy_by_category(user_id: int, bank_id: int) -> list[CategoryAccuracy]:
    """Sum the points the user earned and could have earned per category of the bank."""
    rows = db.session.execute(
        _answers_of(user_id)
        .join(Question, Question.id == AttemptItem.question_id)
        .add_columns(
            Question.category,
            func.coalesce(func.sum(AttemptItem.points_earned), 0),
            func.sum(AttemptItem.points_possible),
        )
        .where(Attempt.bank_id == bank_id)
        .group_by(Question.category)
    )
    totals = {category: (earned, possible) for category, earned, possible in rows}
    return category_accuracies(totals)


def weakest_facts(user_id: int, bank_id: int, limit: int = WEAK_FACT_LIMIT) -> list[WeakFact]:
    """Find the facts the user missed most often, worst first, only those missed at least once.

    Ties go to the fact missed on a larger share of its answers, then to the
    fact that comes first on the study sheet.
    """
    misses = func.count(case((AttemptItem.is_correct.is_(False), 1)))
    answers = func.count()
    rows = db.session.execute(
        _answers_of(user_id)
        .join(Question, Question.id == AttemptItem.question_id)
        .join(Fact, Fact.id == Question.fact_id)
        .add_columns(Fact.id, Fact.statement, misses, answers)
        .where(Attempt.bank_id == bank_id, Fact.is_retired.is_(False))
        .group_by(Fact.id, Fact.statement, Fact.position)
        .having(misses > 0)
        .order_by(misses.desc(), answers, Fact.position, Fact.id)
        .limit(limit)
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


def study_streak(user_id: int, now: datetime, zone_name: str | None = None) -> int:
    """Count the user's consecutive days of study, in any bank, up to today or yesterday.

    Days are the learner's own, in their time zone (UTC when they have none). Distinct
    days stream in newest first, in batches, and reading stops at the first gap.
    """
    zone_name = zone_named(zone_name).key
    day = day_in_zone(AttemptItem.answered_at, zone_name)
    result = db.session.scalars(
        _answers_of(user_id)
        .add_columns(day)
        .distinct()
        .order_by(day.desc())
        .execution_options(yield_per=STUDY_DAY_BATCH)
    )
    try:
        return streak(result, local_date(now, zone_name))
    finally:
        result.close()


# Built once: the bank page marks every fact's mastery on every visit.
FACT_MASTERY_COUNTS = (
    select(
        Question.fact_id,
        func.count(),
        func.count(case((
            and_(ReviewState.mastery == Mastery.KNOWN.value, ReviewState.last_is_correct), 1
        ))),
    )
    .join(ReviewState.question)
    .where(
        ReviewState.user_id == bindparam("user_id"),
        Question.bank_id == bindparam("bank_id"),
        Question.is_retired.is_(False),
        Question.fact_id.is_not(None),
    )
    .group_by(Question.fact_id)
)


def fact_masteries(user_id: int, bank_id: int) -> FactMasteries:
    """Derive the mastery of every fact of the bank from the user's review cards, in one query."""
    rows = read_rows(FACT_MASTERY_COUNTS, {"user_id": user_id, "bank_id": bank_id})
    return FactMasteries(
        {fact_id: fact_mastery(reviewed, known) for fact_id, reviewed, known in rows}
    )


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
