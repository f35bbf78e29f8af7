"""Quiz attempts and the questions each one asks."""

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    bindparam,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from quizapp.extensions import db, read_rows
from quizapp.models.bank import Bank, Question
from quizapp.models.types import UTCDateTime, utcnow
from quizapp.models.user import User
from quizapp.models.version import QuestionVersion
from quizapp.points import percent_expression, percent_of
from quizapp.vocabulary import Outcome, QuizMode


@dataclass(frozen=True)
class ScoreSummary:
    """A learner's best and most recent score on one bank, as percentages."""

    best_percent: float
    last_percent: float
    finished_count: int


class Attempt(db.Model):
    __table_args__ = (
        # History and score summaries read one learner's finished attempts newest first.
        Index("ix_attempt_user_id_finished_at", "user_id", "finished_at"),
        # The history's bank filter: which banks they finished in, and one bank's attempts.
        Index("ix_attempt_user_id_bank_id_finished_at", "user_id", "bank_id", "finished_at"),
        # A double-clicked or retried start form finds the attempt it already started.
        UniqueConstraint("user_id", "start_key", name="uq_attempt_user_id_start_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"), index=True)
    mode: Mapped[str] = mapped_column(String(20))
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Totals are stored when the attempt finishes so history pages aggregate in SQL.
    points_earned: Mapped[float | None]
    points_possible: Mapped[float | None]
    # The random key of the start form that created it; None for attempts started otherwise.
    start_key: Mapped[str | None] = mapped_column(String(64))

    user: Mapped[User] = relationship()
    bank: Mapped[Bank] = relationship()
    items: Mapped[list["AttemptItem"]] = relationship(
        back_populates="attempt", order_by="AttemptItem.position", cascade="all, delete-orphan"
    )

    @classmethod
    def owned_by(cls, user: User):
        """Select the attempts that belong to this user."""
        return select(cls).where(cls.user_id == user.id)

    @classmethod
    def started_with(cls, user: User, start_key: str):
        """Select the user's attempt that the start form with this key created."""
        return select(cls).where(cls.user_id == user.id, cls.start_key == start_key)

    @classmethod
    def with_questions(cls, user_id: int, attempt_id: int) -> "Attempt | None":
        """Load a user's attempt with its bank and every item's question and versions."""
        return db.session.execute(
            _with_questions_statement(), {"user_id": user_id, "attempt_id": attempt_id}
        ).unique().scalar_one_or_none()

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def gives_feedback(self) -> bool:
        return QuizMode(self.mode).gives_feedback

    @hybrid_property
    def marks_shown(self) -> bool:
        """Whether its answers' marks may show and count: at once, but a test's at hand-in.

        The learner tally triggers (migration c7527405393d) hold the same rule in SQL.
        """
        return self.gives_feedback or self.is_finished

    @marks_shown.inplace.expression
    @classmethod
    def _marks_shown_expression(cls):
        return or_(cls.mode != QuizMode.TEST, cls.finished_at.is_not(None))

    @property
    def percent(self) -> float:
        return percent_of(self.points_earned, self.points_possible)

    @classmethod
    def score_summaries(cls, user: User) -> dict[int, ScoreSummary]:
        """Summarise the user's finished attempts per bank in one query."""
        rows = read_rows(SCORE_SUMMARIES, {"user_id": user.id})
        return {
            bank_id: ScoreSummary(float(best), float(last), count)
            for bank_id, best, last, count in rows
        }


def _score_summaries_statement():
    """Build the score summaries' query: the best, the latest and a count per bank."""
    percent = percent_expression(Attempt.points_earned, Attempt.points_possible)
    ranked = (
        select(
            Attempt.bank_id,
            percent.label("percent"),
            func.row_number()
            .over(partition_by=Attempt.bank_id,
                  order_by=(Attempt.finished_at.desc(), Attempt.id.desc()))
            .label("recency"),
        )
        .where(Attempt.user_id == bindparam("user_id"), Attempt.finished_at.is_not(None))
        .subquery()
    )
    return select(
        ranked.c.bank_id,
        func.max(ranked.c.percent),
        func.max(ranked.c.percent).filter(ranked.c.recency == 1),
        func.count(),
    ).group_by(ranked.c.bank_id)


# Built once: the home page asks on every visit, and building it costs more than running it.
SCORE_SUMMARIES = _score_summaries_statement()


class AttemptItem(db.Model):
    """One question as asked in one attempt, with the learner's answer once given."""

    __table_args__ = (
        UniqueConstraint("attempt_id", "position"),
        # Item statistics read every answer of a bank attempt by attempt; with the
        # scores in the index, PostgreSQL never visits the table (an index-only scan).
        Index(
            "ix_attempt_item_attempt_id_scores", "attempt_id", "question_id", "points_earned",
            "points_possible", "is_correct", "seconds_taken", "answered_at",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    # The version asked, and the one a re-grade last graded the answer against; items
    # from before versions existed have neither and show the question as it is now.
    question_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_version.id"), index=True
    )
    regraded_version_id: Mapped[int | None] = mapped_column(ForeignKey("question_version.id"))
    position: Mapped[int]
    # The shuffled order of choices (or items) shown for this attempt, kept stable on reload.
    presentation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    response: Mapped[Any | None] = mapped_column(JSON)
    points_earned: Mapped[float | None]
    points_possible: Mapped[float]
    is_correct: Mapped[bool | None]
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seconds_taken: Mapped[float | None]
    # A test-mode learner's note to self: come back to this one before handing in.
    is_flagged: Mapped[bool] = mapped_column(default=False, server_default=false())

    attempt: Mapped[Attempt] = relationship(back_populates="items")
    question: Mapped[Question] = relationship()
    question_version: Mapped[QuestionVersion | None] = relationship(
        foreign_keys=[question_version_id]
    )
    regraded_version: Mapped[QuestionVersion | None] = relationship(
        foreign_keys=[regraded_version_id]
    )

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def asked(self) -> QuestionVersion | Question:
        """The question as this attempt showed it."""
        return self.question_version or self.question

    @property
    def graded_against(self) -> QuestionVersion | Question:
        """The question whose key this answer's grade comes from."""
        return self.regraded_version or self.asked

    @property
    def outcome(self) -> Outcome:
        """Say how the question went: skipped and unanswered are not the same as wrong."""
        return Outcome.of(self.is_answered, self.response, self.is_correct, self.points_earned)


# Built once: composing this select costs more than running it, and the bound
# parameters let every request share one statement (and its compiled SQL).
@functools.cache
def _with_questions_statement():
    items = joinedload(Attempt.items)
    return (
        select(Attempt)
        .where(Attempt.id == bindparam("attempt_id"), Attempt.user_id == bindparam("user_id"))
        .options(
            joinedload(Attempt.bank),
            items.joinedload(AttemptItem.question).joinedload(Question.fact),
            items.joinedload(AttemptItem.question_version),
            items.joinedload(AttemptItem.regraded_version),
        )
    )
