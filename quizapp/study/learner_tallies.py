"""Count the learner tallies and study quarters again from every answer.

Database triggers keep both tables right as answers change; this recount is for
data loaded with the triggers switched off (PostgreSQL's replica mode, which
`make bench-scale` loads a million answers in). It changes rows and never commits.
"""

from sqlalchemy import DateTime, case, delete, func, insert, literal, select, update
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from quizapp.extensions import db
from quizapp.models import Attempt, AttemptItem, LearnerTally, StudyQuarter, StudyVersion


class quarter_hour(GenericFunction):
    """The UTC quarter hour a stored timestamp falls in, as the triggers work it out."""

    type = DateTime(timezone=True)
    inherit_cache = True


@compiles(quarter_hour, "postgresql")
def _quarter_hour_postgresql(element, compiler, **kw):
    moment = compiler.process(element.clauses, **kw)
    return f"date_bin('15 minutes', {moment}, TIMESTAMPTZ '2000-01-01 00:00:00+00')"


@compiles(quarter_hour, "sqlite")
def _quarter_hour_sqlite(element, compiler, **kw):
    moment = compiler.process(element.clauses, **kw)
    return (f"substr({moment}, 1, 14) || printf('%02d', CAST(substr({moment}, 15, 2) AS INTEGER)"
            f" / 15 * 15) || ':00.000000'")


def recount_learner_tallies() -> None:
    """Replace every learner's tallies and study quarters with a count of their answers.

    As the triggers do, it leaves out the answers of tests not handed in yet.
    """
    answers = (
        select()
        .select_from(AttemptItem)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(AttemptItem.answered_at.is_not(None), Attempt.marks_shown)
    )
    db.session.execute(delete(LearnerTally))
    db.session.execute(delete(StudyQuarter))
    db.session.execute(insert(LearnerTally).from_select(
        ["user_id", "question_id", "answers", "misses", "points_earned", "points_possible"],
        answers.add_columns(
            Attempt.user_id,
            AttemptItem.question_id,
            func.count(),
            func.count(case((AttemptItem.is_correct.is_(False), 1))),
            func.sum(func.coalesce(AttemptItem.points_earned, 0.0)),
            func.sum(AttemptItem.points_possible),
        ).group_by(Attempt.user_id, AttemptItem.question_id),
    ))
    quarter = quarter_hour(AttemptItem.answered_at)
    db.session.execute(insert(StudyQuarter).from_select(
        ["user_id", "starts_at", "answers"],
        answers.add_columns(Attempt.user_id, quarter, func.count())
        .group_by(Attempt.user_id, quarter),
    ))
    # Every learner's quarters may have changed: no streak worked out before may be reused.
    db.session.execute(update(StudyVersion).values(version=StudyVersion.version + 1))
    versioned = select(StudyVersion.user_id)
    db.session.execute(insert(StudyVersion).from_select(
        ["user_id", "version"],
        select(StudyQuarter.user_id, literal(1))
        .where(StudyQuarter.user_id.not_in(versioned))
        .distinct(),
    ))
