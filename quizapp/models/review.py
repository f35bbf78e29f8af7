"""Each learner's spaced-repetition schedule, one card per question answered."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.bank import Question
from quizapp.models.types import UTCDateTime
from quizapp.models.user import User


class ReviewState(db.Model):
    __table_args__ = (
        UniqueConstraint("user_id", "question_id"),
        Index("ix_review_state_user_id_due_at", "user_id", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), index=True
    )
    # The FSRS card as the scheduler returned it; due_at and mastery are copied out for queries.
    card_state: Mapped[dict[str, Any]] = mapped_column(JSON)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mastery: Mapped[str] = mapped_column(String(20))
    last_reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_is_correct: Mapped[bool]
    review_count: Mapped[int] = mapped_column(default=0)

    user: Mapped[User] = relationship()
    question: Mapped[Question] = relationship()

