"""Question versions, and the record of each re-grade an admin runs after fixing a key."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.bank import Question
from quizapp.models.types import UTCDateTime, utcnow

# The question fields an attempt shows and grades by; changing any makes a new version.
VERSIONED_FIELDS = ("type", "prompt", "explanation", "points", "data")


class QuestionVersion(db.Model):
    """A question as it stood between two edits: what a learner saw and was graded against."""

    __table_args__ = (UniqueConstraint("question_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    type: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text)
    points: Mapped[int]
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    question: Mapped[Question] = relationship()

    @classmethod
    def of(cls, question: Question) -> "QuestionVersion":
        """Snapshot a question's current fields as its next version."""
        return cls(
            question=question,
            number=question.version,
            **{name: getattr(question, name) for name in VERSIONED_FIELDS},
        )


class Regrade(db.Model):
    """One re-grade of a question's past answers against its current version, and what changed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), index=True
    )
    version_number: Mapped[int]
    requested_by: Mapped[str] = mapped_column(String(200))
    items_checked: Mapped[int]
    # One entry per answer whose grade changed: item and attempt ids, the version it was
    # graded against before, and its points and correctness before and after.
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    question: Mapped[Question] = relationship()
