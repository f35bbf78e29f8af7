"""Running sums of each learner's answers, so progress pages read a few rows, not every answer.

Database triggers keep these tables (migrations 3c1e2f0a9b7d and c7527405393d):
every insert, change or delete of an answer, and every attempt that changes hands,
is handed in or is deleted, adjusts them in the same statement, whatever wrote the
row (an answer, a re-grade, an account merge, a bulk load). A test's answers count
only once it is handed in (`Attempt.marks_shown`), so no page reflects them before;
answers in the other modes count at once. The app only reads them (and
`quizapp.study.learner_tallies` counts them again after a load that bypassed the
triggers). SQLite drops a table's triggers when a migration rebuilds it in batch
mode, so such a migration must create them again, as c7527405393d writes them;
tests/test_learner_tally.py fails without them.
"""

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.extensions import db
from quizapp.models.types import UTCDateTime


class LearnerTally(db.Model):
    """One learner's answers to one question: how many, how many wrong, and their points."""

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    answers: Mapped[int]
    misses: Mapped[int]
    points_earned: Mapped[float]
    points_possible: Mapped[float]


class StudyQuarter(db.Model):
    """A quarter of an hour (UTC) in which a learner answered, with how many answers.

    Every time zone's offset is a whole number of quarter hours, so all moments in
    one quarter fall on the same day in the learner's zone: streaks read these
    rows, one or two a study session, instead of every answer.
    """

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    answers: Mapped[int]


class StudyVersion(db.Model):
    """A number that changes whenever a learner's study quarters do, to check cached streaks."""

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int]
