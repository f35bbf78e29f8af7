"""Running tallies of each question's answers in finished attempts, for item statistics."""

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.extensions import db


class ItemTally(db.Model):
    """One question's sums over its answers, enough to give facility and discrimination.

    x is the share earned on the question, y the mean share on the rest of the
    same attempt; the pairs count only attempts with another answer.
    """

    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), primary_key=True
    )
    times_answered: Mapped[int]
    share_sum: Mapped[float]
    timed_count: Mapped[int]
    seconds_sum: Mapped[float]
    pair_count: Mapped[int]
    sum_x: Mapped[float]
    sum_y: Mapped[float]
    sum_xx: Mapped[float]
    sum_yy: Mapped[float]
    sum_xy: Mapped[float]


class WrongAnswerTally(db.Model):
    """How often one stored wrong response to a question was given, and its first answer.

    Keyed by a digest of the stored response, since a response can be longer than
    an index entry may be; the first answer's id orders spellings as first given.
    """

    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), primary_key=True
    )
    response_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    response: Mapped[str] = mapped_column(Text)
    times: Mapped[int]
    first_item_id: Mapped[int]
