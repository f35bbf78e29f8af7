"""Quiz attempts and the questions each one asks."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.bank import Bank, Question
from quizapp.models.types import UTCDateTime, utcnow
from quizapp.models.user import User


class QuizMode(StrEnum):
    PRACTICE = "practice"
    TEST = "test"
    REVIEW = "review"
    MISTAKES = "mistakes"


class Attempt(db.Model):
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

    user: Mapped[User] = relationship()
    bank: Mapped[Bank] = relationship()
    items: Mapped[list["AttemptItem"]] = relationship(
        back_populates="attempt", order_by="AttemptItem.position", cascade="all, delete-orphan"
    )

    @classmethod
    def owned_by(cls, user: User):
        """Select the attempts that belong to this user."""
        return select(cls).where(cls.user_id == user.id)

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class AttemptItem(db.Model):
    """One question as asked in one attempt, with the learner's answer once given."""

    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    position: Mapped[int]
    # The shuffled order of choices (or items) shown for this attempt, kept stable on reload.
    presentation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    response: Mapped[Any | None] = mapped_column(JSON)
    points_earned: Mapped[float | None]
    points_possible: Mapped[float]
    is_correct: Mapped[bool | None]
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seconds_taken: Mapped[float | None]

    attempt: Mapped[Attempt] = relationship(back_populates="items")
    question: Mapped[Question] = relationship()

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
