"""The banks as the admin area lists them: each with its active and retired question counts."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.models import Bank, Question


@dataclass(frozen=True)
class BankSummary:
    slug: str
    title: str
    active_questions: int
    retired_questions: int


def bank_summaries(session: Session) -> list[BankSummary]:
    """Count every bank's active and retired questions in one query, banks by title."""
    rows = session.execute(
        select(
            Bank.slug,
            Bank.title,
            func.count(Question.id).filter(Question.is_retired.is_(False)),
            func.count(Question.id).filter(Question.is_retired.is_(True)),
        )
        .outerjoin(Question, Question.bank_id == Bank.id)
        .group_by(Bank.id, Bank.slug, Bank.title)
        .order_by(Bank.title, Bank.slug)
    )
    return [BankSummary(*row) for row in rows]
